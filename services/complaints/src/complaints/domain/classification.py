"""The figures of a record (complaint or internal problem) and its incident class (质量事故, 004 §3)."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from . import events
from .batch import BatchFigures
from .incident import IncidentAssessment, IncidentFigures, IncidentThresholds, classify_incident
from .vocabulary import IncidentClass


class IncidentTracking:
    """Figures and incident class of an aggregate of the CAPA cycle (kept apart so each file reads on its own).

    The aggregate provides `batch_member`, `_check_figures` and the figure attributes it has.
    """

    def update_figures(self, *, by: str, at: datetime, batch: BatchFigures, thresholds: IncidentThresholds,
                       **changes) -> dict:
        """Change quantities, loss or flags, then recompute the incident class; returns what changed."""
        self._check_figures(changes)
        changed = {name: [getattr(self, name), value] for name, value in changes.items()
                   if getattr(self, name) != value}
        if not changed:
            return {}
        for name, (_, value) in changed.items():
            setattr(self, name, value)
        printable = {name: [_plain(old), _plain(new)] for name, (old, new) in changed.items()}
        self._note("figures", by, at, printable)
        self.record(events.FiguresChanged(**self._facts(by, at), changes=printable))
        self.classify(batch=batch, thresholds=thresholds, by=by, at=at)
        return changed

    def incident_figures(self) -> IncidentFigures:
        """What the classification reads from this record besides its batch."""
        return IncidentFigures(loss_amount=self.loss_amount, claims_loss=self.claims_loss or Decimal(0),
                               claims=tuple(self.claims_counted or ()), injury=bool(self.injury),
                               reputation_damage=bool(self.reputation_damage), batch_scale=bool(self.batch_scale))

    def classify(self, *, batch: BatchFigures, thresholds: IncidentThresholds, by: str,
                 at: datetime) -> IncidentAssessment:
        """Recompute the incident class over `batch` (this record's own figures replace what it held for it)."""
        assessment = classify_incident(self.incident_figures(), batch=batch.with_member(self.batch_member),
                                       thresholds=thresholds)
        previous, reasons_before = self.incident_class, self.incident_reasons
        if previous == assessment.incident_class and reasons_before == assessment.reasons:
            return assessment
        self.incident_class, self.incident_reasons = assessment.incident_class.value, list(assessment.reasons)
        self.version += 1
        if previous == assessment.incident_class:
            return assessment  # same class, only the reasons (the batch's totals, who counts) moved
        if previous is None and assessment.incident_class == IncidentClass.GENERAL:
            return assessment  # the receipt event already says so; only a notable class is announced
        self.record(events.IncidentClassified(**self._facts(by, at), incident_class=self.incident_class,
                                              previous_class=previous, reasons=list(assessment.reasons),
                                              product_code=self.product_code))
        if assessment.incident_class == IncidentClass.MAJOR:
            self.record(events.MajorIncidentRaised(**self._facts(by, at), reasons=list(assessment.reasons),
                                                   product_code=self.product_code))
        return assessment


def _plain(value):
    return str(value) if isinstance(value, Decimal) else value
