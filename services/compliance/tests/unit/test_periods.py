"""The 12-month rules' calendar arithmetic."""
from datetime import date

import pytest

from compliance.domain.periods import add_months, older_than_months


@pytest.mark.parametrize("day, months, expected", [
    (date(2025, 3, 10), 12, date(2026, 3, 10)),
    (date(2024, 2, 29), 12, date(2025, 2, 28)),   # leap day clamps to the month's end
    (date(2025, 1, 31), 1, date(2025, 2, 28)),
    (date(2025, 11, 15), 3, date(2026, 2, 15)),
    (date(2026, 3, 10), -12, date(2025, 3, 10)),
])
def test_add_months(day, months, expected):
    assert add_months(day, months) == expected


@pytest.mark.parametrize("today, older", [
    (date(2026, 3, 9), False),   # a day short of 12 months
    (date(2026, 3, 10), False),  # exactly 12 months: not yet older
    (date(2026, 3, 11), True),   # a day past
])
def test_older_than_twelve_months_edges(today, older):
    assert older_than_months(date(2025, 3, 10), 12, today) is older
