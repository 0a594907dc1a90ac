"""Statistics of internal quality problems, apart from customer complaints (000 §4.1.7, 004)."""
from __future__ import annotations

from datetime import date, datetime
from typing import Iterable

from .statistics import UNASSIGNED, local_day, months_between, on_time_counts, percent
from .vocabulary import CauseCategory, Deadline, IncidentClass, ProblemLevel


def problem_statistics(problems: Iterable, *, start: date, end: date, as_of: datetime) -> dict:
    """Counts of the problems found from `start` to `end`: by level, cause, department, class and month,
    the pieces scrapped and reworked, and the on-time rate of each deadline (percent, None when nothing was due)."""
    found = [p for p in problems if start <= local_day(p.found_at) <= end]
    return {
        "total": len(found),
        "by_level": _tally((p.level for p in found), ProblemLevel),
        "by_cause_category": _tally((p.cause_category or UNASSIGNED for p in found), CauseCategory),
        "by_department": _tally(p.responsible_department or UNASSIGNED for p in found),
        "by_incident_class": _tally((p.incident_class for p in found), IncidentClass),
        "by_month": _tally((local_day(p.found_at).strftime("%Y-%m") for p in found), months_between(start, end)),
        "quantity_scrapped": sum(p.quantity_scrapped or 0 for p in found),
        "quantity_reworked": sum(p.quantity_reworked or 0 for p in found),
        "on_time_rate": {d.value: percent(*on_time_counts(found, d, as_of)) for d in Deadline},
    }


def _tally(values: Iterable[str], keys: Iterable = ()) -> dict[str, int]:
    counts = {getattr(key, "value", key): 0 for key in keys}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return counts
