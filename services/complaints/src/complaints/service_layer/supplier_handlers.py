"""Supplier quality handlers (004 供应商来料异常管理流程): suppliers, incoming lots, correction requests and
the claims recovered from suppliers."""
from __future__ import annotations

import uuid
from datetime import datetime

from qms_shared.domain import Conflict, NotFound, ValidationFailed

from ..domain.correction_request import CorrectionRequest, RequestSource
from ..domain.incoming import IncomingNonconformance
from ..domain.quality_commands import (
    ChangeCorrectionRequest, ChangeIncomingNonconformance, ChangeSupplier, ChangeSupplierRecovery,
    RecordIncomingNonconformance, RecordSupplierReceipts, RegisterSupplier, RequestSupplierRecovery,
)
from ..domain.statistics import local_day
from ..domain.supplier import Supplier
from ..domain.supplier_recovery import SupplierRecovery, refuse_second
from ..domain.vocabulary import Responsibility
from . import quality_events
from .loading import load


def reply_due_at(deps, at: datetime) -> datetime:
    """When the supplier's reply to a request issued at `at` is due, in working days."""
    return deps.policy.calendar.due_at(at.astimezone(deps.policy.tz), deps.quality.supplier_reply_days)


def supplier_by_code(uow, code: str, field: str = "supplier_code") -> Supplier:
    """The supplier with `code`, or a 422 naming the field."""
    supplier = uow.suppliers.by_code(code) if isinstance(code, str) else None
    if supplier is None:
        raise ValidationFailed("No such supplier.", errors={field: [f"No supplier with code {code!r}."]})
    return supplier


def register_supplier(cmd: RegisterSupplier, *, uow, deps) -> Supplier:
    """Register a supplier; its code is unique."""
    with uow:
        if uow.suppliers.by_code(cmd.fields.get("code")) is not None:
            raise Conflict(f"A supplier with code {cmd.fields.get('code')!r} exists already.")
        supplier = Supplier.register(id=uuid.uuid4(), by=cmd.actor.label, at=deps.clock(), **cmd.fields)
        uow.suppliers.add(supplier)
        quality_events.publish(uow, supplier)
        uow.commit()
        return supplier


def change_supplier(cmd: ChangeSupplier, *, uow, deps) -> Supplier:
    """Change a supplier's name, contacts, language or status."""
    with uow:
        supplier = load(uow.suppliers, cmd.supplier_id, "supplier", cmd.expected_version)
        supplier.change(changes=cmd.changes, by=cmd.actor.label, at=deps.clock())
        quality_events.publish(uow, supplier)
        uow.commit()
        return supplier


def record_supplier_receipts(cmd: RecordSupplierReceipts, *, uow, deps) -> Supplier:
    """Set a month's lots and pieces received from the supplier (what PPM is counted against)."""
    with uow:
        supplier = load(uow.suppliers, cmd.supplier_id, "supplier")
        supplier.record_receipts(month=cmd.month, lots=cmd.lots, quantity=cmd.quantity)
        uow.commit()
        return supplier


def record_incoming(cmd: RecordIncomingNonconformance, *, uow, deps) -> IncomingNonconformance:
    """IQC records a nonconforming lot of a registered supplier."""
    now = deps.clock()
    fields = {k: v for k, v in cmd.fields.items() if v is not None}
    with uow:
        supplier = supplier_by_code(uow, cmd.supplier_code)
        number = uow.next_number("IN", local_day(fields.get("inspected_at") or now).year)
        nc = IncomingNonconformance.report(id=uuid.uuid4(), number=number, supplier=supplier, by=cmd.actor.label,
                                           at=now, **fields)
        uow.incoming_nonconformances.add(nc)
        quality_events.publish(uow, nc)
        uow.commit()
        return nc


def change_incoming(cmd: ChangeIncomingNonconformance, *, uow, deps):
    """Confirm, issue the correction request (returned), or dispose of the lot."""
    now, by = deps.clock(), cmd.actor.label
    with uow:
        nc = load(uow.incoming_nonconformances, cmd.nonconformance_id, "incoming nonconformance",
                  cmd.expected_version)
        nc.authorize(cmd.step, cmd.actor)
        result = nc
        if cmd.step == "confirmation":
            nc.confirm(**cmd.arguments, by=by, at=now)
        elif cmd.step == "disposition":
            nc.dispose(**cmd.arguments, by=by, at=now, rate=deps.quality.deduction_per_hour)
        else:
            nc.require_step("correction-request")
            supplier = load(uow.suppliers, nc.supplier_id, "supplier")
            description = cmd.arguments.get("description") or nc.description
            result = _issue(uow, deps, supplier, RequestSource.INCOMING_NONCONFORMANCE, nc.id, nc.number,
                            description, by, now, defect_class=nc.defect_class)
            nc.request_correction(request_id=result.id, request_number=result.number, by=by, at=now)
        quality_events.publish(uow, nc)
        uow.commit()
        return result


def _issue(uow, deps, supplier: Supplier, source: str, source_id, source_number: str, description: str, by: str,
           at: datetime, defect_class: str | None = None) -> CorrectionRequest:
    if uow.correction_requests.for_source(source, source_id) is not None:
        raise Conflict(f"A correction request was already issued for {source_number}.")
    request = CorrectionRequest.issue(id=uuid.uuid4(), number=uow.next_number("SC", local_day(at).year),
                                      supplier=supplier.snapshot(), source=source, source_id=source_id,
                                      source_number=source_number, description=description,
                                      reply_due_at=reply_due_at(deps, at), by=by, at=at, defect_class=defect_class)
    uow.correction_requests.add(request)
    quality_events.publish(uow, request)
    return request


def open_correction_for(uow, deps, record, supplier_code: str | None, by: str) -> CorrectionRequest | None:
    """After an analysis: a complaint or internal problem the supplier caused opens its correction request.

    Runs inside the analysis' transaction (the caller commits); a supplier code with another responsibility,
    or a code no supplier has, is refused with the analysis.
    """
    if supplier_code is None:
        return None
    if record.responsibility != Responsibility.SUPPLIER:
        raise ValidationFailed("A supplier is named only when the supplier is responsible.",
                               errors={"supplier_code": ["Only with responsibility 'supplier'."]})
    supplier = supplier_by_code(uow, supplier_code)
    source = RequestSource.COMPLAINT if record.kind == "complaint" else RequestSource.INTERNAL_PROBLEM
    if uow.correction_requests.for_source(source, record.id) is not None:
        return None  # a new analysis of a reopened record keeps the request it already has
    return _issue(uow, deps, supplier, source.value, record.id, record.number, record.root_cause, by, deps.clock())


def change_correction_request(cmd: ChangeCorrectionRequest, *, uow, deps) -> CorrectionRequest:
    """Record the supplier's reply, or verify it (effective closes it and, once disposed of, its lot)."""
    now, by = deps.clock(), cmd.actor.label
    with uow:
        request = load(uow.correction_requests, cmd.request_id, "correction request", cmd.expected_version)
        request.authorize(cmd.step, cmd.actor)
        if cmd.step == "reply":
            request.reply(**cmd.arguments, by=by, at=now)
        else:
            request.verify(**cmd.arguments, by=by, at=now, next_reply_due_at=reply_due_at(deps, now))
            if request.status == "closed" and request.source == RequestSource.INCOMING_NONCONFORMANCE:
                nc = load(uow.incoming_nonconformances, request.source_id, "incoming nonconformance")
                nc.correction_verified(by=by, at=now)
                quality_events.publish(uow, nc)
        quality_events.publish(uow, request)
        uow.commit()
        return request


def request_recovery(cmd: RequestSupplierRecovery, *, uow, deps) -> SupplierRecovery:
    """Charge a claim to the supplier; the supplier defaults to the one its complaint's correction request names."""
    arguments = dict(cmd.arguments)
    code = arguments.pop("supplier_code", None)
    with uow:
        claim = load(uow.claims, cmd.claim_id, "claim")
        refuse_second(uow.supplier_recoveries.for_claim(claim.id))
        complaint = load(uow.complaints, claim.complaint_id, "complaint")
        if code is None:
            request = uow.correction_requests.for_source(RequestSource.COMPLAINT.value, complaint.id)
            if request is None:
                raise ValidationFailed("Name the supplier.", errors={
                    "supplier_code": ["The complaint has no correction request naming its supplier."]})
            supplier = load(uow.suppliers, request.supplier_id, "supplier")
        else:
            supplier = supplier_by_code(uow, code)
        recovery = SupplierRecovery.request(id=uuid.uuid4(), claim=claim, complaint=complaint,
                                            supplier=supplier.snapshot(), by=cmd.actor.label, at=deps.clock(),
                                            **arguments)
        uow.supplier_recoveries.add(recovery)
        quality_events.publish(uow, recovery)
        uow.commit()
        return recovery


def change_recovery(cmd: ChangeSupplierRecovery, *, uow, deps) -> SupplierRecovery:
    """Record the recovery as recovered (with its reference) or waived (with the reason)."""
    with uow:
        recovery = uow.supplier_recoveries.for_claim(cmd.claim_id)
        if recovery is None:
            raise NotFound(f"Claim {cmd.claim_id} is not charged to a supplier.")
        load(uow.supplier_recoveries, recovery.id, "supplier recovery", cmd.expected_version)
        step = recovery.recover if cmd.step == "recovery" else recovery.waive
        step(**cmd.arguments, by=cmd.actor.label, at=deps.clock())
        quality_events.publish(uow, recovery)
        uow.commit()
        return recovery
