"""Quality rewards and penalties (质量问题处理管理规定 §5-7): the clauses and the notices issued under them.

Quality decides by notice (奖惩通知, 《质量奖罚通知单》, §6.2) naming the person, the clause(s) and an amount
within the clause's range (per occurrence, or per piece where the clause says 每件); where two clauses apply,
the harsher one governs (§6.1). Quality's head approves; administration sums the approved notices each month
for finance (§4.9, §6.3). The clauses are reference data shipped from §5, kept editable (§6.7: new cases
are added every two months).
"""
from __future__ import annotations

import json
import re
import uuid
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from importlib import resources

from qms_shared.domain import Aggregate, FieldErrors, Forbidden

from .history import HistoryEntry
from .quality_base import SteppedRecord, check_amount, check_date, money
from .validation import MAX_SHORT_TEXT
from .vocabulary import Department

CLAUSE_CODE = re.compile(r"^[0-9]{1,3}(\.[0-9]{1,3}){0,5}[a-z]?$")
CLAUSE_FIELDS = ("section", "text", "kind", "amount_min", "amount_max", "unit", "department", "note", "active")
LINK_KINDS = ("complaint", "internal_problem", "incoming_nonconformance", "emergency", "incident")
APPROVING_DEPARTMENT = Department.QUALITY.value  # §6.2: 公司授权品质管理部处罚与奖励


class Kind(StrEnum):
    """Reward (奖励) or penalty (处罚)."""

    REWARD = "reward"
    PENALTY = "penalty"


class Unit(StrEnum):
    """What the clause's amount is counted per."""

    OCCURRENCE = "occurrence"  # 每次
    EACH = "each"  # 每件 / 每处: times the quantity on the notice


class NoticeStatus(StrEnum):
    """A notice's states."""

    ISSUED = "issued"
    APPROVED = "approved"
    REJECTED = "rejected"


class Clause(Aggregate):
    """One clause of §5: reward or penalty, a fixed amount (min = max) or a range, for whose people."""

    def __init__(self, *, id: uuid.UUID, code: str, section: str, text: str, kind: str, amount_min: Decimal,
                 amount_max: Decimal, unit: str = Unit.OCCURRENCE.value, department: str | None = None,
                 note: str | None = None, active: bool = True, updated_at: datetime | None = None,
                 updated_by: str | None = None):
        self.id, self.code, self.section, self.text, self.kind = id, code, section, text, kind
        self.amount_min, self.amount_max, self.unit = amount_min, amount_max, unit
        self.department, self.note, self.active = department, note, active
        self.updated_at, self.updated_by = updated_at, updated_by
        self.version, self.events = 1, []

    @classmethod
    def define(cls, *, id: uuid.UUID, by: str, at: datetime, code: str, **fields) -> "Clause":
        """A new clause (shipped from §5 or added later by quality)."""
        errors = FieldErrors()
        errors.text("code", code, max_length=20)
        if isinstance(code, str) and not CLAUSE_CODE.match(code):
            errors.add("code", "Must look like 5.2.1.12 (a letter may follow: 5.2.1.11b).")
        _check_clause(errors, fields, creating=True)
        errors.raise_if_any("The clause cannot be recorded.")
        return cls(id=id, code=code, **fields, updated_at=at, updated_by=by)

    def change(self, *, changes: dict, by: str, at: datetime) -> None:
        """Change any field but the code; the range must stay a range."""
        errors = FieldErrors()
        for name in changes:
            if name not in CLAUSE_FIELDS:
                errors.add(name, "Cannot be changed.")
        _check_clause(errors, {**self._fields(), **changes}, creating=False)
        errors.raise_if_any("The clause cannot be changed.")
        for name, value in changes.items():
            setattr(self, name, value)
        self.updated_at, self.updated_by = at, by
        self.version += 1

    def range_for(self, quantity: int) -> tuple[Decimal, Decimal]:
        """The amounts allowed on a notice for `quantity` pieces (a per-occurrence clause counts occurrences)."""
        return money(self.amount_min * quantity), money(self.amount_max * quantity)

    def _fields(self) -> dict:
        return {name: getattr(self, name) for name in CLAUSE_FIELDS}


def harsher(clauses: list[Clause]) -> Clause:
    """The clause that governs when several apply (§6.1): the highest ceiling, then the highest floor."""
    return max(clauses, key=lambda c: (c.amount_max, c.amount_min, c.code))


def shipped_clauses() -> list[dict]:
    """The clauses of §5 as shipped (amounts as Decimal)."""
    text = resources.files(__package__).joinpath("reward_penalty_clauses.json").read_text("utf-8")
    entries = json.loads(text)
    for entry in entries:
        entry["amount_min"], entry["amount_max"] = Decimal(entry["amount_min"]), Decimal(entry["amount_max"])
    return entries


class NoticeHistoryEntry(HistoryEntry):
    """A step in a reward/penalty notice's life."""


class RewardPenaltyNotice(SteppedRecord):
    """《质量奖罚通知单》: who, under which clause(s), how much, why, approved by quality's head."""

    entity, what = "reward_penalty_notice", "reward/penalty notice"
    history_entry = NoticeHistoryEntry
    STEPS = {"approval": (NoticeStatus.ISSUED,), "rejection": (NoticeStatus.ISSUED,)}

    def __init__(self, *, id: uuid.UUID, number: str, person_name: str, department: str, clause_codes: list,
                 governing_clause: str, kind: str, quantity: int, amount: Decimal, reason: str, month: date,
                 issued_at: datetime, issued_by: str, issued_by_id: str, person_id: str | None = None,
                 links: dict | None = None, currency: str = "CNY"):
        self.id, self.number = id, number
        self.person_name, self.person_id, self.department = person_name, person_id, department
        self.clause_codes, self.governing_clause, self.kind = list(clause_codes), governing_clause, kind
        self.quantity, self.amount, self.currency, self.reason = quantity, amount, currency, reason
        self.links, self.month = dict(links or {}), month
        self.issued_at, self.issued_by, self.issued_by_id = issued_at, issued_by, issued_by_id
        self.status = NoticeStatus.ISSUED.value
        self.approved_by = self.approved_at = self.rejection_reason = None
        self.history, self.version, self.events = [], 1, []

    @classmethod
    def issue(cls, *, id: uuid.UUID, number: str, clauses: list[Clause], by: str, by_id: str, at: datetime,
              month: date, person_name: str, department: str, amount: Decimal, reason: str, quantity: int = 1,
              person_id: str | None = None, links: dict | None = None) -> "RewardPenaltyNotice":
        """Issue a notice; the amount must lie within the governing clause's range for the quantity."""
        governing = _check_notice(clauses, person_name, person_id, department, amount, reason, quantity, links,
                                  month)
        notice = cls(id=id, number=number, person_name=person_name, person_id=person_id, department=department,
                     clause_codes=[c.code for c in clauses], governing_clause=governing.code, kind=governing.kind,
                     quantity=quantity, amount=money(amount), reason=reason, month=month.replace(day=1),
                     issued_at=at, issued_by=by, issued_by_id=by_id, links=links)
        notice.history.append(NoticeHistoryEntry(at=at, by=by, action="issue", from_status=None,
                                                 to_status=notice.status,
                                                 details={"amount": str(notice.amount), "clauses": notice.clause_codes}))
        notice._announce("issued", by, at)
        return notice

    def approve(self, *, by: str, by_id: str, department: str | None, at: datetime, note: str | None = None) -> None:
        """Quality's head approves; not the person who issued it (four eyes)."""
        self._require("approval")
        self._check_approver(by_id, department)
        errors = FieldErrors()
        errors.text("note", note, required=False)
        errors.raise_if_any("The approval cannot be recorded.")
        self.approved_by, self.approved_at = by, at
        self._move("approval", NoticeStatus.APPROVED, by, at, {"note": note})
        self._announce("approved", by, at)

    def reject(self, *, reason: str, by: str, by_id: str, department: str | None, at: datetime) -> None:
        """Quality's head sends it back for a reason; a corrected notice is issued anew."""
        self._require("rejection")
        self._check_approver(by_id, department)
        errors = FieldErrors()
        errors.text("reason", reason)
        errors.raise_if_any("A rejection needs its reason.")
        self.rejection_reason = reason
        self._move("rejection", NoticeStatus.REJECTED, by, at, {"reason": reason})
        self._announce("rejected", by, at, rejection_reason=reason)

    def _check_approver(self, by_id: str, department: str | None) -> None:
        if department != APPROVING_DEPARTMENT:
            raise Forbidden("Only the quality department's head decides on reward/penalty notices (§6.2).")
        if by_id == self.issued_by_id:
            raise Forbidden("The person who issued the notice cannot approve or reject it.")


def _check_clause(errors: FieldErrors, fields: dict, *, creating: bool) -> None:
    errors.text("section", fields.get("section"), max_length=MAX_SHORT_TEXT)
    errors.text("text", fields.get("text"))
    errors.text("note", fields.get("note"), required=False)
    errors.choice("kind", fields.get("kind"), Kind)
    errors.choice("unit", fields.get("unit", Unit.OCCURRENCE.value), Unit)
    errors.choice("department", fields.get("department"), Department, required=False)
    low, high = fields.get("amount_min"), fields.get("amount_max")
    check_amount(errors, "amount_min", low)
    check_amount(errors, "amount_max", high, positive=True)
    if isinstance(low, Decimal) and isinstance(high, Decimal) and low.is_finite() and high.is_finite() and low > high:
        errors.add("amount_max", "Must not be below amount_min.")
    if "active" in fields and not isinstance(fields["active"], bool):
        errors.add("active", "Not a valid boolean.")


def _check_notice(clauses, person_name, person_id, department, amount, reason, quantity, links, month) -> Clause:
    errors = FieldErrors()
    errors.text("person.name", person_name, max_length=MAX_SHORT_TEXT)
    errors.text("person.id", person_id, required=False, max_length=MAX_SHORT_TEXT)
    errors.choice("department", department, Department)
    errors.text("reason", reason)
    check_date(errors, "month", month)
    if isinstance(quantity, bool) or not isinstance(quantity, int) or not 1 <= quantity <= 100_000:
        errors.add("quantity", "Must be a whole number from 1 to 100000.")
    check_amount(errors, "amount", amount, positive=True)
    for kind, reference in (links or {}).items():
        if kind not in LINK_KINDS:
            errors.add(f"links.{kind}", f"Must be one of: {', '.join(LINK_KINDS)}.")
        else:
            errors.text(f"links.{kind}", reference, max_length=MAX_SHORT_TEXT)
    if not clauses:
        errors.add("clauses", "Name at least one clause.")
    errors.raise_if_any("The notice cannot be issued.")
    for clause in clauses:
        if not clause.active:
            errors.add("clauses", f"Clause {clause.code} is no longer in force.")
        if clause.department not in (None, department):
            errors.add("clauses", f"Clause {clause.code} applies to {clause.department}, not {department}.")
    if len({c.kind for c in clauses}) > 1:
        errors.add("clauses", "A notice is a reward or a penalty, not both: issue one of each.")
    errors.raise_if_any("The notice cannot be issued.")
    governing = harsher(clauses)
    low, high = governing.range_for(quantity)
    if not low <= amount <= high:
        errors.add("amount", f"Clause {governing.code} allows {low} to {high} CNY for {quantity}.")
    errors.raise_if_any("The amount is outside the clause's range.")
    return governing
