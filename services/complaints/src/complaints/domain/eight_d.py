"""The 8D report of a complaint (000 客户投诉处理控制程序 §4.5.3: the customer's format or 8D), from its own record.

D0 preparation (receipt, incident class), D1 the team (the people who acted), D2 the problem, D3 containment,
D4 root cause (5M1E), D5 corrective action, D6 implementation, D7 prevention (the preventive action, kept as
the new standard), D8 verification and closure; each with who did it and when, the deadlines met or missed
and the whole trail. Pure: the template only translates and lays it out.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from .statistics import deadline_verdict
from .vocabulary import Deadline, Step

SYSTEM_ACTORS = frozenset({"system"})
# discipline -> the trail's step that completes it (D1 is done once anyone acted)
DISCIPLINES = (("D0", "preparation", "receipt"), ("D1", "team", None), ("D2", "problem", "receipt"),
               ("D3", "containment", Step.CONTAINMENT.value), ("D4", "root_cause", Step.ANALYSIS.value),
               ("D5", "corrective_action", Step.ACTION_PLAN.value),
               ("D6", "implementation", Step.IMPLEMENTATION.value),
               ("D7", "prevention", Step.ACTION_PLAN.value), ("D8", "closure", None))


@dataclass(frozen=True)
class TeamMember:
    """Someone who acted on the complaint, with the steps they took (in order) and when they first acted."""

    name: str
    steps: tuple[str, ...]
    first_at: datetime


@dataclass(frozen=True)
class DeadlineOutcome:
    """A reply owed to the customer: due, given, and whether on time, late, overdue or still pending."""

    deadline: str
    due_at: datetime
    met_at: datetime | None
    state: str  # on_time | late | overdue | pending
    extensions: tuple = ()


@dataclass(frozen=True)
class Discipline:
    """One of D0-D8: done or not, by whom and when."""

    code: str
    name: str
    done: bool
    by: str | None = None
    at: datetime | None = None


@dataclass(frozen=True)
class EightDReport:
    """What the 8D report says; `complaint` and `claims` are the records themselves."""

    complaint: object
    as_of: datetime
    disciplines: dict[str, Discipline]
    team: list[TeamMember]
    deadlines: list[DeadlineOutcome]
    reopenings: list = field(default_factory=list)
    claims: list = field(default_factory=list)

    @property
    def history(self) -> list:
        """The complaint's trail, oldest first."""
        return list(self.complaint.history)


def deadline_state(due_at: datetime, met_at: datetime | None, as_of: datetime) -> str:
    """on_time, late (given after its due date), overdue (still owed past it) or pending."""
    verdict = deadline_verdict(due_at, met_at, as_of)
    if verdict is None:
        return "pending"
    if verdict:
        return "on_time"
    return "late" if met_at is not None and met_at <= as_of else "overdue"


def team_of(history, approved_by: str | None = None) -> list[TeamMember]:
    """The people who acted (the service's own scans left out), in the order they joined."""
    steps: dict[str, list[str]] = {}
    first: dict[str, datetime] = {}
    for entry in history:
        if entry.by in SYSTEM_ACTORS:
            continue
        first.setdefault(entry.by, entry.at)
        taken = steps.setdefault(entry.by, [])
        if entry.action not in taken:
            taken.append(entry.action)
    if approved_by and approved_by not in steps:
        plan = _last(history, Step.ACTION_PLAN.value)
        steps[approved_by], first[approved_by] = ["approval"], plan.at if plan else None
    return [TeamMember(name, tuple(taken), first[name]) for name, taken in steps.items()]


def eight_d_report(complaint, *, claims=(), as_of: datetime) -> EightDReport:
    """The 8D report of `complaint` as its record stands at `as_of`."""
    history = list(complaint.history)
    disciplines = {}
    for code, name, step in DISCIPLINES:
        entry = _closing(history) if name == "closure" else _last(history, step) if step else None
        done = bool(history) if name == "team" else entry is not None
        disciplines[name] = Discipline(code, name, done, entry.by if entry else None, entry.at if entry else None)
    deadlines = [DeadlineOutcome(
        d.value, complaint.due_at_of(d), complaint.met_at_of(d),
        deadline_state(complaint.due_at_of(d), complaint.met_at_of(d), as_of),
        tuple(e for e in complaint.extensions if e.deadline == d.value)) for d in Deadline]
    reopenings = [e for e in history if e.action == Step.VERIFICATION.value and e.details.get("effective") is False]
    return EightDReport(complaint=complaint, as_of=as_of, disciplines=disciplines,
                        team=team_of(history, complaint.approved_by), deadlines=deadlines, reopenings=reopenings,
                        claims=sorted(claims, key=lambda c: c.submitted_at))


def _last(history, action: str):
    found = [entry for entry in history if entry.action == action]
    return found[-1] if found else None


def _closing(history):
    """The step that closed the complaint: an effective verification, or the customer's explanation."""
    for entry in reversed(history):
        if entry.to_status == "closed" and entry.from_status != "closed":
            return entry
    return None
