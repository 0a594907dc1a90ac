"""Reply deadlines in working days (000 §4.5.2): containment 2, corrective action 10, from receipt."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo

from qms_shared.domain import FieldErrors, InvalidTransition, ValidationFailed
from qms_shared.workdays import WorkCalendar

from . import events
from .vocabulary import COMPANY_TZ, Deadline, Escalation, IncidentClass


@dataclass(frozen=True)
class DeadlinePolicy:
    """How many working days each reply may take, on which calendar (all configurable)."""

    calendar: WorkCalendar = field(default_factory=WorkCalendar)
    containment_days: int = 2
    corrective_action_days: int = 10
    tz: tzinfo = COMPANY_TZ

    def due_at(self, deadline: Deadline, start: datetime) -> datetime:
        """When `deadline` falls for a clock started at `start`, counted in working days on the company's clock."""
        days = self.containment_days if deadline == Deadline.CONTAINMENT else self.corrective_action_days
        # 07:00 Monday in Beijing is still Sunday in UTC: count days where the company works
        return self.calendar.due_at(start.astimezone(self.tz), days)


def day_escalation(due_on: date | None, as_of: datetime, *, calendar: WorkCalendar,
                   general_manager_after: int) -> int:
    """How far a due *day* missed has escalated at `as_of` (seed 000's ladder, in working days).

    0: not missed (no due day, or it is not over yet in Beijing); 1: the head of the department that must act;
    2: the general manager too, once `general_manager_after` working days have passed since the due day.
    """
    today = as_of.astimezone(COMPANY_TZ).date()
    if due_on is None or today <= due_on:
        return 0
    return 2 if calendar.workdays_between(due_on, today) >= general_manager_after else 1


def escalation_at(level: int) -> Escalation:
    """Who a missed due date at `level` (1 or 2) reaches."""
    return Escalation.GENERAL_MANAGER if level == 2 else Escalation.DEPARTMENT_HEAD


class Extension:
    """A later due date the customer agreed to (the consent is recorded with it)."""

    def __init__(self, *, deadline: str, previous_due_at: datetime, new_due_at: datetime,
                 customer_consent: bool, note: str | None, by: str, at: datetime):
        self.deadline = deadline
        self.previous_due_at = previous_due_at
        self.new_due_at = new_due_at
        self.customer_consent = customer_consent
        self.note = note
        self.by = by
        self.at = at


class MissedDeadlineEntry:
    """A due date that passed unmet, remembered so it is reported exactly once."""

    def __init__(self, *, deadline: str, due_at: datetime, detected_at: datetime, escalation: str,
                 escalation_department: str | None = None):
        self.deadline = deadline
        self.due_at = due_at
        self.detected_at = detected_at
        self.escalation = escalation
        self.escalation_department = escalation_department

    @property
    def escalation_level(self) -> int:
        """1: the department head is told; 2: the general manager too."""
        return 2 if self.escalation == Escalation.GENERAL_MANAGER else 1


class MissedDeadline(MissedDeadlineEntry):
    """A missed due date of a complaint (its own class so the ORM maps it to its own table)."""


class ProblemMissedDeadline(MissedDeadlineEntry):
    """A missed due date of an internal problem (its own class so the ORM maps it to its own table)."""


class DeadlineTracking:
    """Deadline behaviour of the CAPA cycle's aggregates (kept apart so each file reads on its own)."""

    missed_deadline_entry = MissedDeadline

    def due_at_of(self, deadline: Deadline) -> datetime:
        """The current due date of `deadline` (after any extension)."""
        return getattr(self, f"{Deadline(deadline).value}_due_at")

    def met_at_of(self, deadline: Deadline) -> datetime | None:
        """When the reply owed for `deadline` was given, or None."""
        return getattr(self, f"{Deadline(deadline).value}_met_at")

    def is_open(self, deadline: Deadline, as_of: datetime) -> bool:
        """True while the reply for `deadline` is still owed at `as_of`."""
        met = self.met_at_of(deadline)
        return met is None or met > as_of

    def missed_deadlines(self, as_of: datetime) -> list[Deadline]:
        """The deadlines that are past due and still unmet at `as_of` (reported or not)."""
        return [d for d in Deadline if self.is_open(d, as_of) and self.due_at_of(d) < as_of]

    def extend(self, *, deadline: str, new_due_at: datetime, customer_consent: bool, by: str,
               at: datetime, note: str | None = None) -> Extension:
        """Move a due date later, which needs the customer's recorded consent."""
        self._refuse_when_closed("extension")
        errors = FieldErrors()
        errors.choice("deadline", deadline, Deadline)
        errors.aware("new_due_at", new_due_at)
        errors.text("note", note, required=False)
        if customer_consent is not True:
            errors.add("customer_consent", "An extension needs the customer's consent.")
        errors.raise_if_any("The extension cannot be recorded.")
        deadline = Deadline(deadline)
        if not self.is_open(deadline, at):
            raise InvalidTransition(f"The {deadline.value} reply was already given.",
                                    current=self.status, allowed=self.allowed_steps())
        previous = self.due_at_of(deadline)
        if new_due_at <= previous:
            raise ValidationFailed("The new due date must be later than the current one.",
                                   errors={"new_due_at": [f"Must be after {previous.isoformat()}."]})
        extension = Extension(deadline=deadline.value, previous_due_at=previous, new_due_at=new_due_at,
                              customer_consent=True, note=note, by=by, at=at)
        self.extensions.append(extension)
        setattr(self, f"{deadline.value}_due_at", new_due_at)
        self._note(action="extension", by=by, at=at, details={
            "deadline": deadline.value, "previous_due_at": previous.isoformat(),
            "new_due_at": new_due_at.isoformat(), "customer_consent": True, "note": note})
        self.record(events.DeadlineExtended(**self._facts(by, at), deadline=deadline.value,
                                            previous_due_at=previous, new_due_at=new_due_at))
        return extension

    def detect_overdue(self, as_of: datetime) -> list[MissedDeadline]:
        """Report the deadlines newly missed at `as_of`; each due date is reported only once.

        Escalation as seed 000 has it: the first miss goes to the head of the department that must act
        (the responsible department once analysed, the owner department before); any later miss (the
        other deadline, or an extended due date missed again) goes to the general manager too, and so
        does the first miss of a major incident.
        """
        reported = {(m.deadline, m.due_at) for m in self.overdue}
        new = []
        for deadline in self.missed_deadlines(as_of):
            due = self.due_at_of(deadline)
            if (deadline.value, due) in reported:
                continue
            missed = self.missed_deadline_entry(deadline=deadline.value, due_at=due, detected_at=as_of,
                                                escalation=self.escalation().value,
                                                escalation_department=self.department_to_act())
            self.overdue.append(missed)
            new.append(missed)
            self.record(events.DeadlineMissed(
                **self._facts("system", as_of), deadline=deadline.value, due_at=due, escalation=missed.escalation,
                escalation_level=missed.escalation_level, escalation_department=missed.escalation_department,
                responsible_department=self.responsible_department))
        if new:
            self.version += 1
        return new

    def department_to_act(self) -> str:
        """Whose head hears of a missed deadline: the responsible department after analysis, else the owner."""
        return self.responsible_department or self.owner_department

    def escalation(self) -> Escalation:
        """How far the next missed deadline escalates: the general manager after a miss, or for a major incident."""
        if self.overdue or self.incident_class == IncidentClass.MAJOR:
            return Escalation.GENERAL_MANAGER
        return Escalation.DEPARTMENT_HEAD

    def is_overdue(self, as_of: datetime) -> bool:
        """True when a reply is owed and past its due date at `as_of`."""
        return bool(self.missed_deadlines(as_of))
