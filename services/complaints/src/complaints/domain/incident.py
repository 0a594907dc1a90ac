"""Quality incident classification (质量事故, seed 004 §3): general, batch or major."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from .vocabulary import IncidentClass


@dataclass(frozen=True)
class IncidentThresholds:
    """Where an incident becomes batch or major; configurable, defaults from DOMAIN.md §1.2."""

    major_returned_quantity: int = 500
    major_loss_amount: Decimal = Decimal("20000")
    batch_returned_quantity: int = 50


@dataclass(frozen=True)
class IncidentFigures:
    """The figures of one complaint that the classification looks at."""

    returned_quantity: int = 0
    loss_amount: Decimal | None = None
    injury: bool = False
    reputation_damage: bool = False
    batch_scale: bool = False


@dataclass(frozen=True)
class IncidentAssessment:
    """The class and the reasons that led to it, in words a quality engineer recognises."""

    incident_class: IncidentClass
    reasons: list[str] = field(default_factory=list)


def classify_incident(
    figures: IncidentFigures, *, batch_returns: int, thresholds: IncidentThresholds = IncidentThresholds()
) -> IncidentAssessment:
    """Classify one complaint; `batch_returns` is every return of its model and production date.

    The major returned-quantity rule looks at this complaint's own returns (one shipped batch); the
    batch rule looks across complaints, which is why the caller sums them.
    """
    major = _major_reasons(figures, thresholds)
    if major:
        return IncidentAssessment(IncidentClass.MAJOR, major)
    batch = _batch_reasons(figures, batch_returns, thresholds)
    if batch:
        return IncidentAssessment(IncidentClass.BATCH, batch)
    return IncidentAssessment(IncidentClass.GENERAL, [])


def _major_reasons(figures: IncidentFigures, limits: IncidentThresholds) -> list[str]:
    reasons = []
    if figures.returned_quantity >= limits.major_returned_quantity:
        reasons.append(f"returned quantity {figures.returned_quantity} >= {limits.major_returned_quantity}")
    if figures.loss_amount is not None and figures.loss_amount >= limits.major_loss_amount:
        reasons.append(f"loss {figures.loss_amount} CNY >= {limits.major_loss_amount} CNY")
    if figures.injury:
        reasons.append("personal injury")
    if figures.reputation_damage:
        reasons.append("serious damage to the company's reputation")
    return reasons


def _batch_reasons(figures: IncidentFigures, batch_returns: int, limits: IncidentThresholds) -> list[str]:
    reasons = []
    if batch_returns >= limits.batch_returned_quantity:
        # no running total in the wording: it would go stale on the other complaints of the batch
        reasons.append(f"returns of the same model and production date reach {limits.batch_returned_quantity}")
    if figures.batch_scale:
        reasons.append("scrap or rework at batch scale")
    return reasons
