"""A customer's history per year (客户档案: complaints, praises, claims, satisfaction): a read model, assembled
from what the service's own records say about the customer."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from .satisfaction import RATING_POINTS, Rating


@dataclass
class YearHistory:
    """One year of a customer's history."""

    year: int
    complaints: int = 0
    complaints_by_category: dict = field(default_factory=dict)
    returned_quantity: int = 0
    praises: int = 0
    claims: int = 0
    claimed: dict = field(default_factory=dict)  # currency -> amount claimed
    surveyed: bool = False
    responded: bool = False
    survey_score: Decimal | None = None  # the customer's own answers: mean item score / 20 × 100
    purchases: dict | None = None


def item_score(ratings: list[str]) -> Decimal | None:
    """Mean of the ratings' points / 20 × 100, two places; None without answers."""
    if not ratings:
        return None
    points = sum(RATING_POINTS[Rating(r)] for r in ratings)
    return (Decimal(points) * 100 / (20 * len(ratings))).quantize(Decimal("0.01"))


def assemble_history(*, complaints, praises, claims, surveys, purchases) -> list[YearHistory]:
    """Years, latest first, from rows: complaints (year, category, count, returned), praises (year, count),
    claims (year, currency, count, amount), surveys (year, responded, [ratings]), purchases (YearlyPurchase)."""
    years: dict[int, YearHistory] = {}

    def year(y) -> YearHistory:
        return years.setdefault(int(y), YearHistory(year=int(y)))

    for y, category, count, returned in complaints:
        entry = year(y)
        entry.complaints += count
        entry.complaints_by_category[category] = entry.complaints_by_category.get(category, 0) + count
        entry.returned_quantity += int(returned or 0)
    for y, count in praises:
        year(y).praises += count
    for y, currency, count, amount in claims:
        entry = year(y)
        entry.claims += count
        entry.claimed[currency] = entry.claimed.get(currency, Decimal(0)) + Decimal(amount or 0)
    for y, responded, ratings in surveys:
        entry = year(y)
        entry.surveyed, entry.responded, entry.survey_score = True, responded, item_score(ratings)
    for p in purchases:
        year(p.year).purchases = {"quantity": p.quantity, "unit": p.unit, "revenue": p.revenue}
    return sorted(years.values(), key=lambda e: -e.year)
