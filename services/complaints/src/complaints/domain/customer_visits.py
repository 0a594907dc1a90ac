"""Follow-up visits (回访, 004 客户服务管理 五、客户回访制度): monthly in the first year after the first delivery,
quarterly after; a planned visit not made escalates to sales' head, then to the general manager.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime

from qms_shared.domain import FieldErrors
from qms_shared.workdays import WorkCalendar

from . import customer_events as events
from .deadlines import day_escalation, escalation_at
from .validation import MAX_SHORT_TEXT, MAX_TEXT
from .vocabulary import COMPANY_TZ, Department

VISIT_CHANNELS = ("phone", "visit", "email", "video", "other")


@dataclass(frozen=True)
class VisitRules:
    """How often to visit (months), and how many working days past its due date a visit reaches the GM."""

    first_year_months: int = 1
    later_months: int = 3
    general_manager_after_days: int = 5
    calendar: WorkCalendar = field(default_factory=WorkCalendar)


def add_months(day: date, months: int) -> date:
    """`day` moved by whole months, on the month's last day where it has no such day (31 Jan + 1 = 28/29 Feb)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def next_visit(first_delivered_on: date | None, last: date | None, rules: VisitRules) -> date | None:
    """When the next visit is due after `last` (or the first delivery): monthly within the delivery's first
    year, quarterly after it. No delivery, no plan."""
    if first_delivered_on is None:
        return None
    base = max(last or first_delivered_on, first_delivered_on)
    first_year = base < add_months(first_delivered_on, 12)
    return add_months(base, rules.first_year_months if first_year else rules.later_months)


class Visit:
    """A follow-up visit made: when, how, by whom, and what the customer said."""

    def __init__(self, *, visited_on: date, channel: str, visited_by: str, note: str | None, due_on: date | None,
                 recorded_by: str, recorded_at: datetime):
        self.visited_on, self.channel, self.visited_by, self.note = visited_on, channel, visited_by, note
        self.due_on, self.recorded_by, self.recorded_at = due_on, recorded_by, recorded_at


class FollowUpVisits:
    """The visit plan of a customer (mixed into Customer): the next due date, the visits made, escalation."""

    def plan_visits(self, rules: VisitRules) -> None:
        """Plan the next visit from the first delivery and the last visit made (unless one is planned by hand)."""
        last = max((v.visited_on for v in self.visits), default=None)
        self.next_visit_due_on = next_visit(self.first_delivered_on, last, rules)
        self.visit_escalation_level = 0

    def record_visit(self, *, visited_on: date, channel: str, visited_by: str | None, by: str, at: datetime,
                     rules: VisitRules, note: str | None = None) -> Visit:
        """Record a visit made; the next one is planned by the rule."""
        errors = FieldErrors()
        if not isinstance(visited_on, date) or visited_on > at.astimezone(COMPANY_TZ).date():
            errors.add("visited_on", "Must be a date, not in the future.")
        errors.choice("channel", channel, VISIT_CHANNELS)
        errors.text("visited_by", visited_by, required=False, max_length=MAX_SHORT_TEXT)
        errors.text("note", note, required=False, max_length=MAX_TEXT)
        errors.raise_if_any("The visit cannot be recorded.")
        visit = Visit(visited_on=visited_on, channel=channel, visited_by=visited_by or by, note=note,
                      due_on=self.next_visit_due_on, recorded_by=by, recorded_at=at)
        self.visits.append(visit)
        self.plan_visits(rules)
        self.version += 1
        self.record(events.VisitRecorded(**self._facts(by, at), visited_on=visited_on, channel=channel,
                                         next_visit_due_on=self.next_visit_due_on))
        return visit

    def visit_escalation(self, as_of: datetime, rules: VisitRules) -> int:
        """How far the planned visit has escalated at `as_of`: 0 not late, 1 sales' head, 2 the general manager."""
        return day_escalation(self.next_visit_due_on, as_of, calendar=rules.calendar,
                              general_manager_after=rules.general_manager_after_days)

    def detect_visit_overdue(self, as_of: datetime, rules: VisitRules) -> int:
        """Report the planned visit newly late (each level once); returns the level reached, 0 if nothing new."""
        level = self.visit_escalation(as_of, rules)
        if level <= (self.visit_escalation_level or 0):
            return 0
        self.visit_escalation_level = level
        self.version += 1
        self.record(events.VisitOverdue(**self._facts("system", as_of), due_on=self.next_visit_due_on,
                                        escalation=escalation_at(level).value, escalation_level=level,
                                        escalation_department=Department.SALES.value,
                                        account_manager=self.account_manager, deputy=self.deputy))
        return level
