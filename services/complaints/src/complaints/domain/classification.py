"""The figures of a complaint and its incident class (质量事故, 004 §3), with the batch the class looks across."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Iterable

from . import events
from .figures import check_figures
from .incident import IncidentAssessment, IncidentFigures, IncidentThresholds, classify_incident
from .vocabulary import IncidentClass


def batch_key(product_code: str | None, production_date: date | None) -> tuple[str, date] | None:
    """The batch a complaint belongs to: its model and production date, None unless both are known."""
    if product_code and production_date:
        return (product_code, production_date)
    return None


def batch_returns(complaints: Iterable, key: tuple[str, date] | None, *, excluding=None) -> int:
    """The returns of batch `key` across `complaints`, except the one with id `excluding` (0 without a batch)."""
    if key is None:
        return 0
    return sum(c.returned_quantity for c in complaints if c.batch_key == key and c.id != excluding)


class IncidentTracking:
    """Figures and incident class of the complaint aggregate (kept apart so each file reads on its own)."""

    def update_figures(self, *, by: str, at: datetime, batch_returns_elsewhere: int,
                       thresholds: IncidentThresholds, **changes) -> dict:
        """Change quantities, loss or flags, then recompute the incident class; returns what changed."""
        check_figures(changes, channel=self.channel)
        changed = {name: [getattr(self, name), value] for name, value in changes.items()
                   if getattr(self, name) != value}
        if not changed:
            return {}
        for name, (_, value) in changed.items():
            setattr(self, name, value)
        printable = {name: [_plain(old), _plain(new)] for name, (old, new) in changed.items()}
        self._note("figures", by, at, printable)
        self.record(events.FiguresChanged(**self._facts(by, at), changes=printable))
        self.classify(batch_returns_elsewhere=batch_returns_elsewhere, thresholds=thresholds, by=by, at=at)
        return changed

    @property
    def batch_key(self) -> tuple[str, date] | None:
        """Model and production date that the batch rule sums returns over (None when unknown)."""
        return batch_key(self.product_code, self.production_date)

    def classify(self, *, batch_returns_elsewhere: int, thresholds: IncidentThresholds, by: str,
                 at: datetime) -> IncidentAssessment:
        """Recompute the incident class; `batch_returns_elsewhere` are the other complaints' returns."""
        figures = IncidentFigures(returned_quantity=self.returned_quantity, loss_amount=self.loss_amount,
                                  injury=self.injury, reputation_damage=self.reputation_damage,
                                  batch_scale=self.batch_scale)
        assessment = classify_incident(figures, batch_returns=batch_returns_elsewhere + self.returned_quantity,
                                       thresholds=thresholds)
        previous, reasons_before = self.incident_class, self.incident_reasons
        if previous == assessment.incident_class and reasons_before == assessment.reasons:
            return assessment
        self.incident_class, self.incident_reasons = assessment.incident_class.value, list(assessment.reasons)
        self.version += 1
        if previous == assessment.incident_class:
            return assessment  # same class, only the wording of the reasons moved
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
