"""Who is surveyed (000 满意度管理控制程序 5.1: customers buying ≥ 200 t a year; 003 §5.3: the customers that
make ≥ 70 % of the revenue), and the survey proposal people edit before the survey starts.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from qms_shared.domain import Aggregate, FieldErrors, InvalidTransition

from .survey import MAX_CUSTOMERS, _check_names

# what a quantity is in tonnes, by unit; other units (pieces, rolls) do not count toward the tonnage rule
TONNES = {"t": Decimal(1), "吨": Decimal(1), "tonne": Decimal(1), "tonnes": Decimal(1), "kg": Decimal("0.001"),
          "公斤": Decimal("0.001"), "千克": Decimal("0.001")}
DRAFT, STARTED = "draft", "started"


@dataclass(frozen=True)
class SelectionRules:
    """The thresholds (configurable): a yearly tonnage, and the share of the year's revenue to cover."""

    minimum_tonnes: Decimal = Decimal(200)
    revenue_share: Decimal = Decimal(70)  # percent


@dataclass(frozen=True)
class YearFigures:
    """One customer's purchases of the year, as the archive has them."""

    customer_id: str
    name: str
    quantity: Decimal
    unit: str
    revenue: Decimal


def tonnes(quantity: Decimal, unit: str) -> Decimal | None:
    """The quantity in tonnes, or None when the unit is not a weight."""
    factor = TONNES.get((unit or "").strip().lower())
    return None if factor is None else quantity * factor


def select_customers(figures: list[YearFigures], rules: SelectionRules) -> list[dict]:
    """The customers the rules pick, with why: ≥ the tonnage, or among the largest by revenue until the
    share is covered (a customer that takes the cumulative share to or past it is the last one in)."""
    reasons: dict[str, list[str]] = {}
    for f in figures:
        weight = tonnes(f.quantity, f.unit)
        if weight is not None and weight >= rules.minimum_tonnes:
            reasons.setdefault(f.customer_id, []).append(f"{_plain(weight)} t bought (≥ {_plain(rules.minimum_tonnes)} t)")
    total = sum((f.revenue for f in figures), Decimal(0))
    covered = Decimal(0)
    for rank, f in enumerate(sorted(figures, key=lambda f: (-f.revenue, f.customer_id)), start=1):
        if total <= 0 or covered * 100 >= rules.revenue_share * total or f.revenue <= 0:
            break
        covered += f.revenue
        share = (covered * 100 / total).quantize(Decimal("0.1"))
        reasons.setdefault(f.customer_id, []).append(
            f"rank {rank} by revenue, {share} % of the year's revenue with the larger ones "
            f"(the largest up to {_plain(rules.revenue_share)} %)")
    names = {f.customer_id: f.name for f in figures}
    return [{"customer_id": cid, "name": names[cid], "reasons": why}
            for cid, why in sorted(reasons.items(), key=lambda item: item[0])]


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f")


class SurveyProposal(Aggregate):
    """The customers proposed for a year's survey, edited by people until the survey starts from it."""

    def __init__(self, *, id: uuid.UUID, year: int, purchases_year: int, customer_ids: list[str], selection: list,
                 minimum_tonnes: Decimal, revenue_share: Decimal, proposed_by: str, proposed_at: datetime):
        self.id, self.year, self.purchases_year = id, year, purchases_year
        self.customer_ids, self.selection = list(customer_ids), list(selection)
        self.minimum_tonnes, self.revenue_share = minimum_tonnes, revenue_share
        self.proposed_by, self.proposed_at = proposed_by, proposed_at
        self.status, self.survey_id, self.started_at = DRAFT, None, None
        self.version, self.events = 1, []

    @classmethod
    def propose(cls, *, id: uuid.UUID, year: int, figures: list[YearFigures], rules: SelectionRules, by: str,
                at: datetime, purchases_year: int | None = None) -> "SurveyProposal":
        """Propose the customers the rules pick from the archive's purchases of `purchases_year` (default `year`)."""
        errors = FieldErrors()
        for name, value in (("year", year), ("purchases_year", purchases_year or year)):
            if not isinstance(value, int) or isinstance(value, bool) or not 2000 <= value <= 2100:
                errors.add(name, "Must be a year between 2000 and 2100.")
        errors.raise_if_any("The survey cannot be proposed.")
        selection = select_customers(figures, rules)
        return cls(id=id, year=year, purchases_year=purchases_year or year,
                   customer_ids=[s["customer_id"] for s in selection], selection=selection,
                   minimum_tonnes=rules.minimum_tonnes, revenue_share=rules.revenue_share, proposed_by=by,
                   proposed_at=at)

    def edit(self, *, customer_ids: list[str], by: str, at: datetime) -> None:
        """Replace the list of customers (add or drop some) while the survey has not started."""
        self._require_draft("edit")
        errors = FieldErrors()
        _check_names(errors, "customer_ids", customer_ids, MAX_CUSTOMERS)
        errors.raise_if_any("The proposal cannot be changed.")
        self.customer_ids = list(customer_ids)
        self.version += 1

    def start(self, *, survey_id: uuid.UUID, by: str, at: datetime) -> None:
        """Mark the proposal as the survey it started."""
        self._require_draft("start")
        self.status, self.survey_id, self.started_at = STARTED, survey_id, at
        self.version += 1

    def _require_draft(self, step: str) -> None:
        if self.status != DRAFT:
            raise InvalidTransition(f"'{step}' is not allowed: the survey has started from this proposal.",
                                    current=self.status, allowed=[])

