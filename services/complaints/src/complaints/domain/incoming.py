"""Incoming nonconformance (来料异常, 004 供应商来料异常管理流程): IQC finds a lot that fails, classes it A/B/C,
has it confirmed by the engineer and the department head (§5.2), asks the supplier for correction (§5.3,
《供应商异常矫正单》), and disposes of it after the review (§5.4): back to the supplier (§7.1: rework,
repair, scrap) or concession use (特采, §7.2 and §8) with 20 CNY per hour of our work deducted (§9.1).
It is closed once disposed of and its correction request verified effective.
"""
from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from qms_shared.domain import Conflict, FieldErrors

from .history import HistoryEntry
from .quality_base import MAX_CODE, SteppedRecord, check_amount, check_count, check_texts, money
from .validation import MAX_SHORT_TEXT, MAX_TEXT
from .vocabulary import Department


class DefectClass(StrEnum):
    """How important the failed characteristic is (§4.2-4.4)."""

    A = "A"  # 极重要质量特性
    B = "B"  # 重要质量特性
    C = "C"  # 一般质量特性


class DefectKind(StrEnum):
    """外观不良 / 性能不良 (§6)."""

    APPEARANCE = "appearance"
    PERFORMANCE = "performance"


class Disposition(StrEnum):
    """What is done with the lot (§7)."""

    RETURN = "return"
    CONCESSION = "concession"


class ReturnKind(StrEnum):
    """What the supplier does with a returned lot (§7.1)."""

    REWORK = "rework"
    REPAIR = "repair"
    SCRAP = "scrap"


class ConcessionKind(StrEnum):
    """The five kinds of concession use (特采, §8)."""

    SORTING = "sorting"  # 挑选使用
    ADDED_PARTS = "added_parts"  # 增加零部件
    ADDED_PROCESS = "added_process"  # 增加工艺
    LOWERED_REQUIREMENT = "lowered_requirement"  # 降低质量要求
    MACHINING = "machining"  # 机加工


class NcStatus(StrEnum):
    """An incoming nonconformance's states."""

    REPORTED = "reported"
    CONFIRMED = "confirmed"
    DISPOSED = "disposed"
    CLOSED = "closed"


DEDUCTION_PER_HOUR = Decimal("20")  # §9.1: 特采使用需扣除工时费用 20 元/H
REVIEWERS = (Department.PURCHASING.value, Department.ENGINEERING.value, Department.PRODUCTION.value)


class IncomingHistoryEntry(HistoryEntry):
    """A step in an incoming nonconformance's life."""


class IncomingNonconformance(SteppedRecord):
    """A nonconforming lot found by incoming inspection."""

    entity, what = "incoming_nonconformance", "incoming nonconformance"
    history_entry = IncomingHistoryEntry
    STEPS = {"confirmation": (NcStatus.REPORTED,), "correction-request": (NcStatus.CONFIRMED, NcStatus.DISPOSED),
             "disposition": (NcStatus.CONFIRMED,)}
    # IQC (the quality centre, §3.2) owns the lot: the engineer and quality's head confirm it (§5.2), quality
    # asks the supplier for correction and disposes of it after the review (§5.4)
    WRITERS = {"confirmation": (Department.QUALITY.value, Department.ENGINEERING.value),
               "correction-request": (Department.QUALITY.value,), "disposition": (Department.QUALITY.value,)}

    def __init__(self, *, id: uuid.UUID, number: str, supplier_id: uuid.UUID, supplier_code: str,
                 supplier_name: str, material_code: str, lot: str, quantity_received: int, quantity_inspected: int,
                 quantity_nonconforming: int, defect_class: str, defect_kind: str, description: str,
                 inspected_at: datetime, inspector: str, material_name: str | None = None,
                 evidence: list | None = None):
        self.id, self.number = id, number
        self.supplier_id, self.supplier_code, self.supplier_name = supplier_id, supplier_code, supplier_name
        self.material_code, self.material_name, self.lot = material_code, material_name, lot
        self.quantity_received, self.quantity_inspected = quantity_received, quantity_inspected
        self.quantity_nonconforming = quantity_nonconforming
        self.defect_class, self.defect_kind, self.description = defect_class, defect_kind, description
        self.evidence, self.inspected_at, self.inspector = list(evidence or []), inspected_at, inspector
        self.status = NcStatus.REPORTED.value
        self.engineer = self.department_head = self.confirmed_at = None
        self.correction_request_id = self.correction_request_number = None
        self.correction_closed = False
        self.disposition = self.disposition_kind = self.approver = self.disposition_note = None
        self.work_hours = self.deduction_amount = self.disposed_at = None
        self.reviewed_with, self.closed_at = [], None
        self.history, self.version, self.events = [], 1, []

    @classmethod
    def report(cls, *, id: uuid.UUID, number: str, supplier, by: str, at: datetime, **fields):
        """IQC records the failed lot (§5.1); `inspected_at` defaults to now."""
        fields.setdefault("inspected_at", at)
        fields.setdefault("inspector", by)
        _check_report(fields, at)
        nc = cls(id=id, number=number, supplier_id=supplier.id, supplier_code=supplier.code,
                 supplier_name=supplier.name, **fields)
        nc.history.append(IncomingHistoryEntry(at=at, by=by, action="report", from_status=None, to_status=nc.status,
                                               details={"defect_class": nc.defect_class, "lot": nc.lot}))
        nc._announce("recorded", by, at)
        return nc

    @property
    def rejection_rate(self) -> Decimal | None:
        """Nonconforming share of the inspected pieces, in percent."""
        if not self.quantity_inspected:
            return None
        return money(Decimal(self.quantity_nonconforming) * 100 / Decimal(self.quantity_inspected))

    def confirm(self, *, engineer: str, department_head: str, by: str, at: datetime, note: str | None = None) -> None:
        """The engineer and the department head confirm the lot is nonconforming (§5.2)."""
        self._require("confirmation")
        errors = FieldErrors()
        errors.text("engineer", engineer, max_length=MAX_SHORT_TEXT)
        errors.text("department_head", department_head, max_length=MAX_SHORT_TEXT)
        errors.text("note", note, required=False)
        errors.raise_if_any("The confirmation is incomplete.")
        self.engineer, self.department_head, self.confirmed_at = engineer, department_head, at
        self._move("confirmation", NcStatus.CONFIRMED, by, at, {"engineer": engineer,
                                                                "department_head": department_head, "note": note})
        self._announce("confirmed", by, at, engineer=engineer, department_head=department_head)

    def request_correction(self, *, request_id: uuid.UUID, request_number: str, by: str, at: datetime) -> None:
        """Note the correction request (《供应商异常矫正单》) issued for this lot; one per lot."""
        self._require("correction-request")
        if self.correction_request_id is not None:
            raise Conflict(f"Correction request {self.correction_request_number} was already issued for this lot.")
        self.correction_request_id, self.correction_request_number = request_id, request_number
        self._move("correction-request", None, by, at, {"correction_request": request_number})

    def dispose(self, *, disposition: str, kind: str, by: str, at: datetime, approver: str | None = None,
                work_hours: Decimal | None = None, reviewed_with: list | None = None, note: str | None = None,
                rate: Decimal = DEDUCTION_PER_HOUR) -> None:
        """Return the lot to the supplier or use it under concession; a concession's hours are charged (§9.1)."""
        self._require("disposition")
        reviewed_with = list(reviewed_with or REVIEWERS)
        _check_disposition(disposition, kind, approver, work_hours, reviewed_with, note)
        concession = disposition == Disposition.CONCESSION
        self.disposition, self.disposition_kind, self.disposition_note = disposition, kind, note
        self.approver = approver if concession else None
        self.work_hours = work_hours if concession else None
        self.deduction_amount = money(work_hours * rate) if concession else None
        self.reviewed_with, self.disposed_at = reviewed_with, at
        self._move("disposition", NcStatus.DISPOSED, by, at, {
            "disposition": disposition, "kind": kind, "approver": self.approver,
            "work_hours": None if self.work_hours is None else str(self.work_hours),
            "deduction_amount": None if self.deduction_amount is None else str(self.deduction_amount),
            "reviewed_with": reviewed_with, "note": note})
        self._announce("disposed", by, at)
        self._close_when_done(by, at)

    def correction_verified(self, *, by: str, at: datetime) -> None:
        """Its correction request was verified effective: the lot closes once it is disposed of too."""
        self.correction_closed = True
        self.version += 1
        self._close_when_done(by, at)

    def _close_when_done(self, by: str, at: datetime) -> None:
        if self.status == NcStatus.DISPOSED and self.correction_closed:
            self.closed_at = at
            self._move("closure", NcStatus.CLOSED, by, at, {})
            self._announce("closed", by, at)


def _check_report(fields: dict, at: datetime) -> None:
    errors = FieldErrors()
    errors.text("material_code", fields.get("material_code"), max_length=MAX_CODE)
    errors.text("material_name", fields.get("material_name"), required=False, max_length=MAX_SHORT_TEXT)
    errors.text("lot", fields.get("lot"), max_length=MAX_SHORT_TEXT)
    errors.text("description", fields.get("description"), max_length=MAX_TEXT)
    errors.text("inspector", fields.get("inspector"), max_length=MAX_SHORT_TEXT)
    errors.choice("defect_class", fields.get("defect_class"), DefectClass)
    errors.choice("defect_kind", fields.get("defect_kind"), DefectKind)
    names = ("quantity_received", "quantity_inspected", "quantity_nonconforming")
    for name in names:
        check_count(errors, name, fields.get(name))
    received, inspected, bad = (fields.get(name) for name in names)
    if all(isinstance(v, int) and not isinstance(v, bool) for v in (received, inspected, bad)):
        if inspected > received:
            errors.add("quantity_inspected", "Must not exceed the quantity received.")
        if bad > inspected:
            errors.add("quantity_nonconforming", "Must not exceed the quantity inspected.")
        if bad == 0:
            errors.add("quantity_nonconforming", "A nonconforming lot has at least one nonconforming piece.")
    check_texts(errors, fields.get("evidence"), "evidence", max_length=500)
    inspected_at = fields.get("inspected_at")
    errors.aware("inspected_at", inspected_at)
    if isinstance(inspected_at, datetime) and inspected_at.tzinfo is not None and inspected_at > at:
        errors.add("inspected_at", "Must not be in the future.")
    errors.raise_if_any("The incoming nonconformance cannot be recorded.")


def _check_disposition(disposition, kind, approver, work_hours, reviewed_with, note) -> None:
    errors = FieldErrors()
    errors.choice("disposition", disposition, Disposition)
    errors.text("note", note, required=False)
    check_texts(errors, reviewed_with, "reviewed_with", required=True)
    if disposition == Disposition.RETURN:
        errors.choice("kind", kind, ReturnKind)
        if work_hours is not None:
            errors.add("work_hours", "Only a concession charges our hours.")
    elif disposition == Disposition.CONCESSION:
        errors.choice("kind", kind, ConcessionKind)
        errors.text("approver", approver, max_length=MAX_SHORT_TEXT)
        check_amount(errors, "work_hours", work_hours)
        if isinstance(work_hours, Decimal) and work_hours.is_finite() and work_hours > 10_000:
            errors.add("work_hours", "At most 10000 hours.")
    errors.raise_if_any("The disposition is incomplete.")
