"""Major quality problem emergencies (重大质量问题应急预案管理规定).

§三 names what makes a problem major at a customer: a customer penalty (抱怨、通报、减少份额、停装), a batch of
one product failing at the customer's assembly (≥ 5 pieces: applied from the figures, never ticked by hand),
a low-level defect at assembly, a reliability hazard in use, or another grave effect on the company. A complaint
whose figures show the assembly batch (`assembly_failures` ≥ 5, on receipt or when corrected) opens its emergency
itself, once, with the rule recorded as its trigger. The responsible unit reports to management at once (the
general manager and the management representative are told when it is opened); §四: an emergency meeting is
held and minuted, a rectification notice goes to the responsible unit, management approves the measures, the
outcome is verified (not effective: a new notice), and it closes only when the four don'ts (四不放过, 质量问题处理
管理规定 §1.3) all hold; a disciplinary notice (质量违纪处理, §4.2.2) may be named. The rectification notice's due
day, missed before the outcome is verified, is reported to the head of the unit it went to and, some working
days later, to the general manager too.
"""
from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum

from qms_shared.domain import FieldErrors

from .deadlines import day_escalation, escalation_at
from .history import HistoryEntry
from .quality_base import check_count, check_date, check_texts
from .quality_base import SteppedRecord
from .validation import MAX_SHORT_TEXT
from .vocabulary import Department

ASSEMBLY_BATCH = 5  # §三.2: 单一品种批量 ≥ 5 件
ASSEMBLY_RULE = "重大质量问题应急预案 §三.2"


class Condition(StrEnum):
    """The conditions of §三 (any one makes the problem major)."""

    CUSTOMER_PENALTY = "customer_penalty"  # 三.1
    ASSEMBLY_BATCH_FAILURE = "assembly_batch_failure"  # 三.2, from the figures
    LOW_LEVEL_DEFECT = "low_level_defect"  # 三.3
    RELIABILITY_HAZARD = "reliability_hazard"  # 三.4
    MAJOR_IMPACT = "major_impact"  # 三.5


class Source(StrEnum):
    """Where the emergency was opened from."""

    COMPLAINT = "complaint"
    INTERNAL_PROBLEM = "internal_problem"
    MANUAL = "manual"


class EmergencyStatus(StrEnum):
    """§四's steps, in order."""

    REPORTED = "reported"
    MEETING_HELD = "meeting_held"
    RECTIFICATION_ISSUED = "rectification_issued"
    MEASURES_APPROVED = "measures_approved"
    VERIFIED = "verified"
    CLOSED = "closed"


FOUR_DONTS = ("cause_clear", "people_educated", "measures_taken", "responsibility_dealt")
# the rectification notice is owed until its outcome is verified (not effective: a new notice, a new due day)
RECTIFYING = (EmergencyStatus.RECTIFICATION_ISSUED, EmergencyStatus.MEASURES_APPROVED)


class EmergencyHistoryEntry(HistoryEntry):
    """A step in an emergency's life."""


def conditions_met(claimed, assembly_failures: int | None, *, threshold: int = ASSEMBLY_BATCH) -> list[str]:
    """§三's conditions that hold: those claimed, and the assembly batch rule wherever the figures show it."""
    met = {Condition(c).value for c in claimed if c != Condition.ASSEMBLY_BATCH_FAILURE}
    if (assembly_failures or 0) >= threshold:
        met.add(Condition.ASSEMBLY_BATCH_FAILURE.value)
    return [c.value for c in Condition if c.value in met]


def figures_trigger(assembly_failures, *, threshold: int = ASSEMBLY_BATCH) -> dict | None:
    """§三.2 applied to a complaint's figures: the trigger the emergency it opens records, None below the batch."""
    if isinstance(assembly_failures, bool) or not isinstance(assembly_failures, int) or assembly_failures < threshold:
        return None
    return {"reason": "assembly_failures", "rule": ASSEMBLY_RULE, "assembly_failures": assembly_failures,
            "threshold": threshold}


def source_facts(record) -> dict:
    """What the complaint or internal problem an emergency is opened from tells it: its number, customer, product,
    figures, description and the unit responsible (the analysis' department, else the owner department)."""
    return {"source_id": record.id, "source_number": record.number, "product_code": record.product_code,
            "customer_id": getattr(record, "customer_id", None),
            "customer_name": getattr(record, "customer_name", None),
            "assembly_failures": getattr(record, "assembly_failures", None), "description": record.description,
            "responsible_department": record.responsible_department or record.owner_department}


class Emergency(SteppedRecord):
    """An emergency over a major quality problem, from the report to the four-don'ts closure."""

    entity, what = "emergency", "emergency"
    history_entry = EmergencyHistoryEntry
    STEPS = {"meeting": (EmergencyStatus.REPORTED,), "rectification-notice": (EmergencyStatus.MEETING_HELD,),
             "approval": (EmergencyStatus.RECTIFICATION_ISSUED,), "verification": (EmergencyStatus.MEASURES_APPROVED,),
             "closure": (EmergencyStatus.VERIFIED,)}

    def __init__(self, *, id: uuid.UUID, number: str, source: str, description: str, responsible_department: str,
                 conditions: list, reported_at: datetime, reported_by: str, source_id: uuid.UUID | None = None,
                 source_number: str | None = None, customer_id: str | None = None, customer_name: str | None = None,
                 product_code: str | None = None, assembly_failures: int | None = None):
        self.id, self.number, self.source = id, number, source
        self.source_id, self.source_number = source_id, source_number
        self.customer_id, self.customer_name, self.product_code = customer_id, customer_name, product_code
        self.description, self.responsible_department = description, responsible_department
        self.conditions, self.assembly_failures = list(conditions), assembly_failures
        self.reported_at, self.reported_by = reported_at, reported_by
        self.status = EmergencyStatus.REPORTED.value
        self.meeting = self.rectification = self.measures = self.verification = self.four_donts = None
        self.approved_by = self.approved_at = self.disciplinary_notice = self.closed_at = None
        self.rectification_rounds = 0
        self.history, self.version, self.events = [], 1, []

    @classmethod
    def open(cls, *, id: uuid.UUID, number: str, by: str, at: datetime, source: str, description: str,
             responsible_department: str, conditions: list | None = None, assembly_failures: int | None = None,
             threshold: int = ASSEMBLY_BATCH, trigger: dict | None = None, **facts) -> "Emergency":
        """Open it when §三's conditions hold; the assembly batch rule follows the figures.

        `trigger` (figures_trigger's) marks one the rule opened rather than a person: kept in the trail and
        announced with the `opened` event.
        """
        claimed = list(conditions or [])
        errors = FieldErrors()
        errors.choice("source", source, Source)
        errors.text("description", description)
        errors.choice("responsible_department", responsible_department, Department)
        check_count(errors, "assembly_failures", assembly_failures, required=False)
        if not isinstance(claimed, list):
            errors.add("conditions", "Must be a list.")
            claimed = []
        errors.check_subset(claimed, [c.value for c in Condition], "conditions")
        errors.raise_if_any("The emergency cannot be opened.")
        if Condition.ASSEMBLY_BATCH_FAILURE in claimed and (assembly_failures or 0) < threshold:
            errors.add("assembly_failures", f"The assembly batch rule needs at least {threshold} pieces "
                                            "failing at the customer's assembly.")
        met = conditions_met(claimed, assembly_failures, threshold=threshold)
        if not met:
            errors.add("conditions", "None of the conditions of a major quality problem (§三) holds.")
        errors.raise_if_any("The emergency cannot be opened.")
        emergency = cls(id=id, number=number, source=source, description=description,
                        responsible_department=responsible_department, conditions=met, reported_at=at,
                        reported_by=by, assembly_failures=assembly_failures, **facts)
        opened_by = {"trigger": trigger} if trigger else {}
        emergency.history.append(EmergencyHistoryEntry(at=at, by=by, action="report", from_status=None,
                                                       to_status=emergency.status,
                                                       details={"conditions": met, **opened_by}))
        emergency._announce("opened", by, at, **opened_by)
        return emergency

    @classmethod
    def open_from_figures(cls, complaint, *, id: uuid.UUID, number: str, by: str, at: datetime,
                          trigger: dict) -> "Emergency":
        """The emergency a complaint's figures open (§三.2), with the complaint's facts and the rule as trigger."""
        return cls.open(id=id, number=number, by=by, at=at, source=Source.COMPLAINT.value,
                        threshold=trigger["threshold"], trigger=trigger, **source_facts(complaint))

    def hold_meeting(self, *, held_at: datetime, attendees: list, minutes: str, by: str, at: datetime,
                     chaired_by: str | None = None) -> None:
        """The emergency meeting, with its attendees and minutes (§4.1.4, §4.3.1)."""
        self._require("meeting")
        errors = FieldErrors()
        errors.aware("held_at", held_at)
        check_texts(errors, attendees, "attendees", required=True)
        errors.text("minutes", minutes, max_length=20_000)
        errors.text("chaired_by", chaired_by, required=False, max_length=MAX_SHORT_TEXT)
        errors.raise_if_any("The meeting cannot be recorded.")
        self.meeting = {"held_at": held_at.isoformat(), "attendees": list(attendees), "minutes": minutes,
                        "chaired_by": chaired_by}
        self._move("meeting", EmergencyStatus.MEETING_HELD, by, at, dict(self.meeting))
        self._announce("meeting_held", by, at)

    def issue_rectification(self, *, requirements: str, due_date: date, by: str, at: datetime,
                            department: str | None = None) -> None:
        """The rectification notice to the responsible unit (§4.3.2), with its due date."""
        self._require("rectification-notice")
        department = department or self.responsible_department
        errors = FieldErrors()
        errors.text("requirements", requirements)
        check_date(errors, "due_date", due_date)
        errors.choice("department", department, Department)
        if isinstance(due_date, date) and not isinstance(due_date, datetime) and due_date < at.date():
            errors.add("due_date", "Must not be in the past.")
        errors.raise_if_any("The rectification notice cannot be issued.")
        self.rectification_rounds += 1
        self.rectification = {"department": department, "requirements": requirements,
                              "due_date": due_date.isoformat(), "issued_at": at.isoformat(),
                              "round": self.rectification_rounds}
        self._move("rectification-notice", EmergencyStatus.RECTIFICATION_ISSUED, by, at, dict(self.rectification))
        self._announce("rectification_issued", by, at)

    def approve_measures(self, *, measures: str, by: str, at: datetime) -> None:
        """Management approves the rectification measures (§4.3.3)."""
        self._require("approval")
        errors = FieldErrors()
        errors.text("measures", measures)
        errors.raise_if_any("The measures cannot be approved.")
        self.measures, self.approved_by, self.approved_at = measures, by, at
        self._move("approval", EmergencyStatus.MEASURES_APPROVED, by, at, {"measures": measures})
        self._announce("measures_approved", by, at)

    def verify(self, *, effective: bool, by: str, at: datetime, note: str | None = None) -> None:
        """The outcome is verified (§4.2.1); not effective asks for a new rectification notice."""
        self._require("verification")
        errors = FieldErrors()
        if not isinstance(effective, bool):
            errors.add("effective", "Not a valid boolean.")
        errors.text("note", note, required=effective is False)
        errors.raise_if_any("The verification is incomplete.")
        self.verification = {"effective": effective, "note": note, "at": at.isoformat()}
        to = EmergencyStatus.VERIFIED if effective else EmergencyStatus.MEETING_HELD
        self._move("verification", to, by, at, {"effective": effective, "note": note})
        self._announce("verified", by, at, effective=effective)

    def close(self, *, four_donts: dict, by: str, at: datetime, disciplinary_notice: str | None = None) -> None:
        """Close when the four don'ts hold: cause clear, people educated, measures taken, responsibility dealt with."""
        self._require("closure")
        errors = FieldErrors()
        if not isinstance(four_donts, dict):
            errors.add("four_donts", "Must be an object.")
            four_donts = {}
        for name in FOUR_DONTS:
            check = four_donts.get(name)
            if not isinstance(check, dict) or check.get("done") is not True:
                errors.add(f"four_donts.{name}", "Must be done before the emergency closes (四不放过).")
            else:
                errors.text(f"four_donts.{name}.note", check.get("note"))
        errors.text("disciplinary_notice", disciplinary_notice, required=False, max_length=MAX_SHORT_TEXT)
        errors.raise_if_any("The four don'ts do not all hold yet.")
        self.four_donts = {name: {"done": True, "note": four_donts[name]["note"]} for name in FOUR_DONTS}
        self.disciplinary_notice, self.closed_at = disciplinary_notice, at
        self._move("closure", EmergencyStatus.CLOSED, by, at, {"four_donts": self.four_donts,
                                                              "disciplinary_notice": disciplinary_notice})
        self._announce("closed", by, at)

    def rectification_due_on(self) -> date | None:
        """The due day of the rectification notice still owed (None once its outcome is verified, or before one)."""
        if self.status not in RECTIFYING or not self.rectification:
            return None
        return date.fromisoformat(self.rectification["due_date"])

    def detect_rectification_overdue(self, as_of: datetime, *, calendar, general_manager_after: int) -> int:
        """Report the rectification notice's due day missed: once to the head of the unit it went to (level 1),
        once more to the general manager when still owed `general_manager_after` working days later (level 2).
        Returns the level newly reached, 0 when nothing new."""
        level = day_escalation(self.rectification_due_on(), as_of, calendar=calendar,
                               general_manager_after=general_manager_after)
        if level <= (self.rectification or {}).get("escalation_level", 0):
            return 0
        due_on, department = self.rectification["due_date"], self.rectification["department"]
        self.rectification = {**self.rectification, "escalation_level": level}
        escalation = escalation_at(level).value
        self._move("rectification_overdue", None, "system", as_of, {
            "due_date": due_on, "escalation": escalation, "escalation_level": level,
            "escalation_department": department})
        self._announce("rectification_overdue", "system", as_of, due_on=due_on, escalation=escalation,
                       escalation_level=level, escalation_department=department)
        return level
