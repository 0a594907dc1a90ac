"""Supplier quality rules (004 供应商来料异常管理流程), pure: dispositions, deductions, correction requests, statistics."""
from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from qms_shared.domain import InvalidTransition, ValidationFailed

from complaints.domain.correction_request import CorrectionRequest
from complaints.domain.incoming import IncomingNonconformance
from complaints.domain.supplier import Supplier
from complaints.domain.supplier_statistics import LotRow, ReceiptRow, supplier_statistics

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone(timedelta(hours=8)))
LOT = dict(material_code="M-1", lot="L1", quantity_received=1000, quantity_inspected=100, quantity_nonconforming=5,
           defect_class="B", defect_kind="appearance", description="Scratches.")


def supplier() -> Supplier:
    return Supplier.register(id=uuid.uuid4(), by="p", at=T0, code="S1", name="Acme Parts",
                             contacts=[{"name": "Lily", "email": "lily@acme.example"}], locale="en")


def confirmed_lot() -> IncomingNonconformance:
    nc = IncomingNonconformance.report(id=uuid.uuid4(), number="IN-2026-000001", supplier=supplier(), by="iqc",
                                       at=T0, **LOT)
    nc.confirm(engineer="e", department_head="h", by="q", at=T0)
    return nc


def test_a_concession_charges_20_cny_per_hour_of_our_work():
    nc = confirmed_lot()
    nc.dispose(disposition="concession", kind="sorting", approver="m", work_hours=Decimal("6"), by="q", at=T0)
    assert (nc.status, nc.deduction_amount) == ("disposed", Decimal("120.00"))
    assert [e.verb for e in nc.pull_events()] == ["recorded", "confirmed", "disposed"]


def test_a_return_names_rework_repair_or_scrap_and_charges_nothing():
    nc = confirmed_lot()
    with pytest.raises(ValidationFailed) as refused:
        nc.dispose(disposition="return", kind="machining", by="q", at=T0)
    assert set(refused.value.extra["errors"]) == {"kind"}
    nc.dispose(disposition="return", kind="scrap", by="q", at=T0)
    assert nc.deduction_amount is None and nc.work_hours is None


def test_a_lot_is_disposed_of_only_once_confirmed_and_closes_with_its_verified_correction():
    nc = IncomingNonconformance.report(id=uuid.uuid4(), number="IN-2026-000002", supplier=supplier(), by="iqc",
                                       at=T0, **LOT)
    with pytest.raises(InvalidTransition):
        nc.dispose(disposition="return", kind="scrap", by="q", at=T0)
    nc.confirm(engineer="e", department_head="h", by="q", at=T0)
    nc.correction_verified(by="q", at=T0)
    nc.dispose(disposition="return", kind="rework", by="q", at=T0)
    assert nc.status == "closed"


def test_more_nonconforming_than_inspected_is_refused():
    with pytest.raises(ValidationFailed) as refused:
        IncomingNonconformance.report(id=uuid.uuid4(), number="IN-2026-000003", supplier=supplier(), by="iqc",
                                      at=T0, **{**LOT, "quantity_nonconforming": 101})
    assert "quantity_nonconforming" in refused.value.extra["errors"]


def test_an_unanswered_request_is_reported_once_per_due_date_then_to_the_general_manager():
    request = CorrectionRequest.issue(id=uuid.uuid4(), number="SC-2026-000001", supplier=supplier().snapshot(),
                                      source="incoming_nonconformance", source_id=uuid.uuid4(),
                                      source_number="IN-2026-000001", description="d", reply_due_at=T0, by="q", at=T0)
    late = T0 + timedelta(days=1)
    assert request.detect_overdue(late) is True and request.detect_overdue(late) is False
    request.reply(cause="c", action="a", action_due_date=date(2026, 3, 20), by="p", at=late)
    request.verify(effective=False, note="no", by="q", at=late, next_reply_due_at=late + timedelta(days=7))
    assert request.detect_overdue(late + timedelta(days=8)) is True
    overdue = [e.details for e in request.pull_events() if e.verb == "overdue"]
    assert [(o["escalation"], o["escalation_department"]) for o in overdue] == [
        ("department_head", "purchasing"), ("general_manager", "purchasing")]


def test_statistics_count_ppm_against_the_receipts_or_else_the_rejected_lots():
    lots = [LotRow("S1", "Acme", date(2026, 3, 1), "B", 1000, 10, "concession", Decimal("40.00")),
            LotRow("S2", "Beta", date(2026, 3, 1), "A", 500, 5, "return", None)]
    stats = supplier_statistics(lots=lots, receipts=[ReceiptRow("S1", "Acme", date(2026, 3, 1), 20, 100_000)],
                                requests=[], recoveries=[])
    assert (stats["suppliers"]["S1"]["ppm"], stats["suppliers"]["S1"]["lot_rejection_rate"]) == (100, 5.0)
    assert (stats["suppliers"]["S2"]["ppm"], stats["suppliers"]["S2"]["receipts_recorded"]) == (10_000, False)
    assert (stats["total"]["lots_received"], stats["total"]["deductions"]) == (21, "40.00")
