"""Customer satisfaction score (001 §5.8, 003 §5.3-5.4): survey 40 % + objective 60 %, with its breakdown."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Iterable

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


class Rating(StrEnum):
    """Answers on the survey form (R-QP-005-01)."""

    VERY_SATISFIED = "very_satisfied"
    SATISFIED = "satisfied"
    DISSATISFIED = "dissatisfied"
    VERY_DISSATISFIED = "very_dissatisfied"


RATING_POINTS = {Rating.VERY_SATISFIED: 20, Rating.SATISFIED: 18, Rating.DISSATISFIED: 10,
                 Rating.VERY_DISSATISFIED: 0}
DISSATISFIED = frozenset({Rating.DISSATISFIED, Rating.VERY_DISSATISFIED})
FULL_MARKS = Decimal(20)


@dataclass(frozen=True)
class SatisfactionRules:
    """Every weight of the formula; defaults are DOMAIN.md §1.4."""

    minimum_response_rate: Decimal = Decimal(70)
    per_complaint: Decimal = Decimal("0.1")
    per_praise: Decimal = Decimal("0.1")
    per_first_pass_yield_point: Decimal = Decimal("0.5")
    per_quality_complaint: Decimal = Decimal(1)
    per_return_or_claim: Decimal = Decimal("0.5")
    per_on_time_delivery_point: Decimal = Decimal("0.5")
    per_late_response: Decimal = Decimal("0.2")
    per_service_complaint: Decimal = Decimal(1)
    survey_weight: Decimal = Decimal("0.4")
    objective_weight: Decimal = Decimal("0.6")


@dataclass(frozen=True)
class ObjectiveFigures:
    """Self-assessed performance figures (003 §5.3.3), percentages as Decimal; None when not measured."""

    first_pass_yield: Decimal | None = None
    first_pass_yield_target: Decimal | None = None
    on_time_delivery: Decimal | None = None
    on_time_delivery_target: Decimal | None = None
    late_responses: int | None = None  # typed in: overrides the counted late responses


@dataclass(frozen=True)
class YearCounts:
    """What the service's own records say about the survey year."""

    complaints: int = 0
    praises: int = 0
    quality_complaints: int = 0
    service_complaints: int = 0
    returns: int = 0
    claims: int = 0
    late_responses: int = 0


@dataclass(frozen=True)
class ItemResult:
    """One survey item: how many answers of each rating and the item's average (单项平均分)."""

    item: str
    counts: dict[str, int]
    average: Decimal | None


@dataclass(frozen=True)
class Deduction:
    """One line of the objective score: what was counted and what it cost."""

    reason: str
    quantity: Decimal
    points_each: Decimal
    points: Decimal


@dataclass(frozen=True)
class SatisfactionScore:
    """The scores and how they were reached; survey and total are None until someone answered."""

    response_rate: Decimal
    response_rate_met: bool
    items: list[ItemResult]
    mean_item_score: Decimal | None
    base_survey_score: Decimal | None
    complaint_adjustment: Decimal
    praise_adjustment: Decimal
    survey_score: Decimal | None
    deductions: list[Deduction] = field(default_factory=list)
    objective_score: Decimal = HUNDRED
    total_score: Decimal | None = None


def response_rate(responded: int, surveyed: int) -> Decimal:
    """Share of surveyed customers who answered, in percent (2 decimals)."""
    if surveyed <= 0:
        return Decimal(0)
    return _round(Decimal(responded) * HUNDRED / surveyed)


def item_results(items: Iterable[str], answers: Iterable[tuple[str, str]]) -> list[ItemResult]:
    """Count ratings per item and average their points; answers are (item, rating) pairs."""
    tallies = {item: {rating.value: 0 for rating in Rating} for item in items}
    for item, rating in answers:
        tallies[item][Rating(rating).value] += 1
    return [ItemResult(item, counts, _average(counts)) for item, counts in tallies.items()]


def late_responses_used(figures: ObjectiveFigures, counts: YearCounts) -> int:
    """The late responses the score deducts for: the typed value when there is one, else the counted ones."""
    return counts.late_responses if figures.late_responses is None else figures.late_responses


def objective_deductions(figures: ObjectiveFigures, counts: YearCounts, rules: SatisfactionRules) -> list[Deduction]:
    """The objective score's deductions (003 §5.3.3), one line per rule, zero lines included."""
    return [
        _line("first-pass yield below target (points)", _shortfall(figures.first_pass_yield,
              figures.first_pass_yield_target), rules.per_first_pass_yield_point),
        _line("quality complaints", counts.quality_complaints, rules.per_quality_complaint),
        _line("returns and claims", counts.returns + counts.claims, rules.per_return_or_claim),
        _line("on-time delivery below target (points)", _shortfall(figures.on_time_delivery,
              figures.on_time_delivery_target), rules.per_on_time_delivery_point),
        _line("late responses to customer nonconformities", late_responses_used(figures, counts),
              rules.per_late_response),
        _line("service complaints", counts.service_complaints, rules.per_service_complaint),
    ]


def score_satisfaction(*, surveyed: int, responded: int, items: Iterable[str], answers: Iterable[tuple[str, str]],
                       counts: YearCounts, objective: ObjectiveFigures,
                       rules: SatisfactionRules = SatisfactionRules()) -> SatisfactionScore:
    """Survey score x 40 % + objective score x 60 % (003 §5.4.3), each clamped to 0..100."""
    results = item_results(items, answers)
    averages = [r.average for r in results if r.average is not None]
    exact_mean = sum(averages) / len(averages) if averages else None
    complaint_adj = -rules.per_complaint * counts.complaints
    praise_adj = rules.per_praise * counts.praises
    base = survey = total = None
    if exact_mean is not None:
        base = _round(exact_mean / FULL_MARKS * HUNDRED)
        survey = _clamp(base + complaint_adj + praise_adj)
    deductions = objective_deductions(objective, counts, rules)
    objective_score = _clamp(HUNDRED - sum(d.points for d in deductions))
    if survey is not None:
        total = _round(survey * rules.survey_weight + objective_score * rules.objective_weight)
    rate = response_rate(responded, surveyed)
    return SatisfactionScore(
        response_rate=rate, response_rate_met=rate >= rules.minimum_response_rate, items=results,
        mean_item_score=None if exact_mean is None else _round(exact_mean), base_survey_score=base,
        complaint_adjustment=complaint_adj, praise_adjustment=praise_adj, survey_score=survey,
        deductions=deductions, objective_score=objective_score, total_score=total)


def _average(counts: dict[str, int]) -> Decimal | None:
    answered = sum(counts.values())
    if not answered:
        return None
    points = sum(RATING_POINTS[Rating(rating)] * n for rating, n in counts.items())
    return Decimal(points) / answered


def _shortfall(actual: Decimal | None, target: Decimal | None) -> Decimal:
    if actual is None or target is None:
        return Decimal(0)
    return max(Decimal(0), target - actual)


def _line(reason: str, quantity, points_each: Decimal) -> Deduction:
    quantity = Decimal(quantity)
    return Deduction(reason, quantity, points_each, quantity * points_each)


def _clamp(value: Decimal) -> Decimal:
    return _round(min(HUNDRED, max(Decimal(0), value)))


def _round(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)
