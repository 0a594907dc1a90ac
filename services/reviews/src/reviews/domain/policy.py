"""Configuration the review rules depend on, passed in so tests stay deterministic."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from qms_shared.domain import FieldErrors, ValidationFailed
from qms_shared.workdays import WorkCalendar


@dataclass(frozen=True)
class ReviewPolicy:
    """Review due period in working days, the calendar, and whether legal reviews special contracts."""

    calendar: WorkCalendar = field(default_factory=WorkCalendar)
    due_days: int = 2
    legal_review: bool = False

    def due_at(self, requested_at: datetime) -> datetime:
        """When a review requested at `requested_at` is due."""
        return self.calendar.due_at(requested_at, self.due_days)


def require_aware(at: datetime, name: str = "at") -> datetime:
    """Refuse naive times: every timestamp the suite stores carries its offset."""
    if not isinstance(at, datetime) or at.tzinfo is None or at.utcoffset() is None:
        raise ValidationFailed("time without offset", {name: ["must be a date-time with a UTC offset"]})
    return at


def require_text(errors: FieldErrors, name: str, value, message: str = "required") -> None:
    """Add `message` for `name` to `errors` when `value` is blank (the service's wording, kept in its 422s)."""
    errors.check(bool(str(value or "").strip()), name, message)
