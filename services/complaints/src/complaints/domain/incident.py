"""Quality incident classification (质量事故, seed 004 §3): general, batch or major, over the shipped batch."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from .batch import BatchFigures
from .vocabulary import IncidentClass


@dataclass(frozen=True)
class IncidentThresholds:
    """Where an incident becomes batch or major; configurable, defaults from DOMAIN.md §1.2 and §5.

    `batch_returned_quantity` is the batch rule's threshold on pieces reported or returned over the
    batch (the name is the configuration's, QMS_BATCH_RETURNED_QUANTITY).
    """

    major_returned_quantity: int = 500
    major_loss_amount: Decimal = Decimal("20000")
    batch_returned_quantity: int = 50


@dataclass(frozen=True)
class IncidentFigures:
    """The figures of one record that the classification looks at besides its batch."""

    loss_amount: Decimal | None = None
    claims_loss: Decimal = Decimal(0)
    claims: tuple[str, ...] = ()
    injury: bool = False
    reputation_damage: bool = False
    batch_scale: bool = False

    @property
    def total_loss(self) -> Decimal | None:
        """The record's own loss plus its claims' approved or settled amounts (None when neither is known)."""
        if self.loss_amount is None and not self.claims:
            return None
        return (self.loss_amount or Decimal(0)) + self.claims_loss


@dataclass(frozen=True)
class IncidentAssessment:
    """The class and the reasons that led to it, in words a quality engineer recognises."""

    incident_class: IncidentClass
    reasons: list[str] = field(default_factory=list)


def classify_incident(figures: IncidentFigures, *, batch: BatchFigures,
                      thresholds: IncidentThresholds = IncidentThresholds()) -> IncidentAssessment:
    """Classify one record; `batch` holds every member of its shipped batch, the record itself included."""
    major = _major_reasons(figures, batch, thresholds)
    if major:
        return IncidentAssessment(IncidentClass.MAJOR, major)
    minor = _batch_reasons(figures, batch, thresholds)
    if minor:
        return IncidentAssessment(IncidentClass.BATCH, minor)
    return IncidentAssessment(IncidentClass.GENERAL, [])


def _major_reasons(figures: IncidentFigures, batch: BatchFigures, limits: IncidentThresholds) -> list[str]:
    reasons = []
    if batch.returned >= limits.major_returned_quantity:
        reasons.append(_batch_reason("returned quantity", "returned", batch, limits.major_returned_quantity))
    loss = figures.total_loss
    if loss is not None and loss >= limits.major_loss_amount:
        claims = f" (with claims {', '.join(figures.claims)})" if figures.claims else ""
        reasons.append(f"loss {loss} CNY >= {limits.major_loss_amount} CNY{claims}")
    if figures.injury:
        reasons.append("personal injury")
    if figures.reputation_damage:
        reasons.append("serious damage to the company's reputation")
    return reasons


def _batch_reasons(figures: IncidentFigures, batch: BatchFigures, limits: IncidentThresholds) -> list[str]:
    reasons = []
    if batch.reported >= limits.batch_returned_quantity:
        reasons.append(_batch_reason("reported or returned quantity", "reported", batch,
                                     limits.batch_returned_quantity))
    if figures.batch_scale:
        reasons.append("scrap or rework at batch scale")
    return reasons


def _batch_reason(what: str, figure: str, batch: BatchFigures, limit: int) -> str:
    total = getattr(batch, figure)
    if batch.key is None:  # a record without a batch counts alone
        return f"{what} {total} >= {limit}"
    return f"{what} of {batch.key.label()} {total} >= {limit} over {', '.join(batch.counted(figure))}"
