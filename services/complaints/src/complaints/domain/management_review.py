"""The management-review pack (000 顾客管理程序 §4.1.8; 001 §5.6, §5.8.6; 003 §5.6, §7.7): the period's figures.

The complaint figures are the statistics endpoint's own (domain.statistics); this module adds what a
review reads from them (the monthly trend, Pareto orders) and gathers the other inputs: incidents,
claims, the satisfaction score per year with the most dissatisfied items, and the compliance status.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from .satisfaction import DISSATISFIED, RATING_POINTS, ItemResult, Rating
from .statistics import ComplaintStatistics

FLAT_SHARE = Decimal("0.02")  # a slope under 2 % of the monthly mean per month is no trend
TOP_ITEMS = 10


@dataclass(frozen=True)
class ParetoRow:
    """One cause of a Pareto order: its count, its share and the running share, in percent."""

    key: str
    count: int
    share: Decimal | None
    cumulative: Decimal | None


@dataclass(frozen=True)
class Trend:
    """Least-squares line through the monthly counts, a 3-month moving average, and what it says."""

    slope: Decimal  # complaints per month, per month
    fitted: list[Decimal]
    moving_average: list[Decimal | None]
    direction: str  # rising | falling | flat


@dataclass(frozen=True)
class ItemDissatisfaction:
    """A survey item over the period's surveys: answers, how many were (very) dissatisfied, the average."""

    item: str
    answers: int
    dissatisfied: int
    share: Decimal | None
    average: Decimal | None


@dataclass(frozen=True)
class YearScore:
    """A year's satisfaction score as the survey endpoint gives it (final once the campaign is closed)."""

    year: int
    survey_id: object
    final: bool
    response_rate: Decimal
    survey_score: Decimal | None
    objective_score: Decimal
    total_score: Decimal | None


@dataclass
class ManagementReview:
    """Everything the pack shows, for the period `start`..`end` (Beijing days) at `as_of`."""

    start: date
    end: date
    as_of: datetime
    statistics: ComplaintStatistics
    on_time_counts: dict[str, tuple[int, int]]
    trend: Trend
    pareto_category: list[ParetoRow]
    pareto_cause: list[ParetoRow]
    incidents: dict[str, int]
    major_incidents: list[dict]
    claims: list[dict]
    satisfaction: list[YearScore]
    dissatisfied_items: list[ItemDissatisfaction]
    compliance: object = None  # domain.compliance_status.ComplianceStatus


def _pct(part, whole) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def pareto(counts: dict[str, int]) -> list[ParetoRow]:
    """Largest first (ties by name), each with its share and the running share of the total."""
    total, running, rows = sum(counts.values()), 0, []
    for key, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        running += count
        rows.append(ParetoRow(key, count, _pct(count, total), _pct(running, total)))
    return rows


def trend(counts: list[int]) -> Trend:
    """The line that fits the monthly counts best, the 3-month moving average, rising/falling/flat."""
    n = len(counts)
    mean_y = Decimal(sum(counts)) / n if n else Decimal(0)
    mean_x = Decimal(n - 1) / 2
    spread = sum((Decimal(x) - mean_x) ** 2 for x in range(n))
    slope = (sum((Decimal(x) - mean_x) * (Decimal(y) - mean_y) for x, y in enumerate(counts)) / spread
             if spread else Decimal(0))
    fitted = [_round(mean_y + slope * (Decimal(x) - mean_x)) for x in range(n)]
    moving = [None if x < 2 else _round(Decimal(sum(counts[x - 2:x + 1])) / 3) for x in range(n)]
    direction = "flat"
    if n >= 2 and abs(slope) > FLAT_SHARE * max(mean_y, Decimal(1)):
        direction = "rising" if slope > 0 else "falling"
    return Trend(_round(slope), fitted, moving, direction)


def dissatisfied_items(results: list[ItemResult], limit: int = TOP_ITEMS) -> list[ItemDissatisfaction]:
    """The items most often answered (very) dissatisfied over the given surveys' results, worst first."""
    tallies: dict[str, dict[str, int]] = {}
    for result in results:
        tally = tallies.setdefault(result.item, {rating.value: 0 for rating in Rating})
        for rating, n in result.counts.items():
            tally[rating] += n
    rows = []
    for item, tally in tallies.items():
        answers = sum(tally.values())
        unhappy = sum(tally[r.value] for r in DISSATISFIED)
        points = sum(RATING_POINTS[Rating(r)] * n for r, n in tally.items())
        rows.append(ItemDissatisfaction(item, answers, unhappy, _pct(unhappy, answers),
                                        _round(Decimal(points) / answers) if answers else None))
    rows.sort(key=lambda r: (-r.dissatisfied, r.average if r.average is not None else Decimal(99), r.item))
    return [row for row in rows if row.answers][:limit]


def _round(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
