"""The CAPA cycle a customer complaint and an internal quality problem share (000 §4, 004 生产质量问题处理流程):
containment -> analysis (5M1E, responsibility) -> corrective and preventive action -> implementation ->
verification, which closes or reopens for a new analysis (重提对策). Each step is kept in the trail.
"""
from __future__ import annotations

from datetime import datetime

from qms_shared.domain import Actor, FieldErrors, InvalidTransition

from . import events
from .authority import capa_writers, require_department
from .classification import IncidentTracking
from .deadlines import DeadlinePolicy, DeadlineTracking
from .validation import require_texts
from .vocabulary import CauseCategory, ClosureReason, Deadline, Department, Responsibility, Status, Step

# Which step each state allows; `analysed` may depend on the responsibility, see allowed_steps().
NEXT_STEPS = {
    Status.RECEIVED: [Step.CONTAINMENT],
    Status.CONTAINED: [Step.ANALYSIS],
    Status.ANALYSED: [Step.ACTION_PLAN],
    Status.ACTION_PLANNED: [Step.IMPLEMENTATION],
    Status.VERIFYING: [Step.VERIFICATION],
    Status.CLOSED: [],
}


class CapaCycle(DeadlineTracking, IncidentTracking):
    """The lifecycle steps; the aggregate provides `history_entry`, `_facts` and its own first step."""

    kind = "record"  # how errors name the aggregate ("complaint", "internal problem")
    responsibilities = tuple(Responsibility)
    history_entry: type

    def allowed_steps(self) -> list[str]:
        """The lifecycle steps possible from the current state (what a 409 tells the client)."""
        return [step.value for step in NEXT_STEPS[Status(self.status)]]

    def authorize(self, step: str, actor: Actor, arguments: dict | None = None) -> None:
        """Refuse (403) a caller whose department may not take `step` (DOMAIN.md §5, see domain/authority.py)."""
        require_department(actor, capa_writers(self, step, arguments),
                           f"record the {step} of {self.kind} {self.number}")

    def contain(self, *, action: str, by: str, at: datetime) -> None:
        """Record the containment action (围堵措施 / 临时处理措施)."""
        self._require(Step.CONTAINMENT)
        require_texts(action=action)
        self.containment_action = action
        self.containment_met_at = at
        self._move(Status.CONTAINED, Step.CONTAINMENT, by, at, {"action": action})
        self.record(events.Contained(**self._facts(by, at), action=action, on_time=at <= self.containment_due_at))

    def analyse(self, *, root_cause: str, cause_category: str, responsibility: str, by: str, at: datetime,
                responsible_department: str | None = None) -> None:
        """Record root cause, 5M1E category and responsibility; the customer's own doing needs no department."""
        self._require(Step.ANALYSIS)
        if responsibility == Responsibility.CUSTOMER and responsible_department is None:
            responsible_department = self.owner_department
        self._check_analysis(root_cause, cause_category, responsibility, responsible_department)
        self.root_cause, self.cause_category = root_cause, cause_category
        self.responsibility, self.responsible_department = responsibility, responsible_department
        self._move(Status.ANALYSED, Step.ANALYSIS, by, at, {
            "root_cause": root_cause, "cause_category": cause_category,
            "responsibility": responsibility, "responsible_department": responsible_department})
        self.record(events.Analysed(**self._facts(by, at), cause_category=cause_category,
                                    responsibility=responsibility, responsible_department=responsible_department))

    def plan_action(self, *, corrective_action: str, preventive_action: str, by: str, at: datetime,
                    approved_by: str | None = None) -> None:
        """Record the corrective and preventive actions approved by the department head."""
        self._require(Step.ACTION_PLAN)
        approved_by = approved_by or by
        require_texts(corrective_action=corrective_action, preventive_action=preventive_action,
                      approved_by=approved_by)
        self.corrective_action, self.preventive_action = corrective_action, preventive_action
        self.approved_by = approved_by
        self.corrective_action_met_at = at
        self._move(Status.ACTION_PLANNED, Step.ACTION_PLAN, by, at, {
            "corrective_action": corrective_action, "preventive_action": preventive_action,
            "approved_by": approved_by})
        self.record(events.ActionPlanned(**self._facts(by, at), approved_by=approved_by,
                                         responsible_department=self.responsible_department,
                                         on_time=at <= self.corrective_action_due_at))

    def implement(self, *, note: str, by: str, at: datetime) -> None:
        """Record that the actions were carried out; verification is next."""
        self._require(Step.IMPLEMENTATION)
        require_texts(note=note)
        self.implementation_note = note
        self._move(Status.VERIFYING, Step.IMPLEMENTATION, by, at, {"note": note})
        self.record(events.ActionImplemented(**self._facts(by, at)))

    def verify(self, *, effective: bool, by: str, at: datetime, policy: DeadlinePolicy,
               note: str | None = None) -> None:
        """Close when effective; otherwise reopen to `contained` with a new corrective-action deadline."""
        self._require(Step.VERIFICATION)
        _check_verification(effective, note)
        self.verification_note = note
        if effective:
            self._move(Status.CLOSED, Step.VERIFICATION, by, at, {"effective": True, "note": note})
            self.record(events.Verified(**self._facts(by, at), effective=True))
            self._close(ClosureReason.VERIFIED_EFFECTIVE, by, at)
            return
        self.reopen_count += 1
        self.corrective_action_due_at = policy.due_at(Deadline.CORRECTIVE_ACTION, at)
        self.corrective_action_met_at = None
        self._move(Status.CONTAINED, Step.VERIFICATION, by, at, {"effective": False, "note": note})
        self.record(events.Verified(**self._facts(by, at), effective=False))
        self.record(events.Reopened(**self._facts(by, at), reopen_count=self.reopen_count,
                                    corrective_action_due_at=self.corrective_action_due_at))

    # -- internals -------------------------------------------------------------------------------

    def _close(self, reason: ClosureReason, by: str, at: datetime) -> None:
        self.closure_reason, self.closed_at = reason.value, at
        self.record(events.Closed(**self._facts(by, at), reason=self.closure_reason, reopen_count=self.reopen_count))

    def _require(self, step: Step) -> None:
        if step.value not in self.allowed_steps():
            raise InvalidTransition(f"'{step.value}' is not allowed while the {self.kind} is {self.status}.",
                                    current=self.status, allowed=self.allowed_steps())

    def _refuse_when_closed(self, action: str) -> None:
        if self.status == Status.CLOSED:
            raise InvalidTransition(f"'{action}' is not allowed on a closed {self.kind}.",
                                    current=self.status, allowed=[])

    def _move(self, to: Status, step: Step, by: str, at: datetime, details: dict) -> None:
        self.history.append(self.history_entry(at=at, by=by, action=step.value, from_status=self.status,
                                               to_status=to.value, details=details))
        self.status = to.value
        self.version += 1

    def _note(self, action: str, by: str, at: datetime, details: dict) -> None:
        self.history.append(self.history_entry(at=at, by=by, action=action, from_status=self.status,
                                               to_status=self.status, details=details))
        self.version += 1

    def _check_analysis(self, root_cause, cause_category, responsibility, responsible_department) -> None:
        errors = FieldErrors()
        errors.text("root_cause", root_cause)
        errors.choice("cause_category", cause_category, CauseCategory)
        errors.choice("responsibility", responsibility, self.responsibilities)
        errors.choice("responsible_department", responsible_department, Department)
        errors.raise_if_any("The analysis is incomplete.")


def _check_verification(effective, note) -> None:
    errors = FieldErrors()
    if not isinstance(effective, bool):
        errors.add("effective", "Missing data for required field." if effective is None else "Not a valid boolean.")
    errors.text("note", note, required=effective is False)
    errors.raise_if_any("The verification is incomplete.")
