"""Seed 004 供应商来料异常管理流程 over the API and through the broker: a class B lot returned to the supplier,
a concession of kind sorting charged 6 h x 20 CNY, a supplier-caused complaint opening a correction request and
recovering its claim, the supplier's statistics, the overdue reply escalating."""
from __future__ import annotations

from complaints_api import STEPS, create, step
from supplier_quality_api import CONFIRMATION, LOT, call, register_supplier, through_broker, types


def _lot(api, auth, **overrides) -> dict:
    nc = call(api, auth, "post", "/incoming-nonconformances", {**LOT, **overrides}, status=201)
    return call(api, auth, "post", f"/incoming-nonconformances/{nc['id']}/confirmation", CONFIRMATION)


def test_a_class_b_lot_is_returned_to_the_supplier_and_closes_with_its_verified_correction(api, auth, ctx):
    register_supplier(api, auth)
    nc = _lot(api, auth)
    assert (nc["status"], nc["defect_class"], nc["rejection_rate"]) == ("confirmed", "B", "7.00")
    request = call(api, auth, "post", f"/incoming-nonconformances/{nc['id']}/correction-request", {}, status=201)
    assert request["supplier"]["contact_email"] == "lily@fasteners.example" and request["source"]["number"] == nc["number"]
    assert request["reply_due_at"] == "2026-03-09T09:00:00+08:00"  # 5 working days from Monday 2 March
    returned = call(api, auth, "post", f"/incoming-nonconformances/{nc['id']}/disposition",
                    {"disposition": "return", "kind": "rework"})
    assert (returned["status"], returned["disposition"]["kind"], returned["disposition"]["deduction"]) == (
        "disposed", "rework", None)
    call(api, auth, "post", f"/correction-requests/{request['id']}/reply", {
        "cause": "Worn thread rolling die.", "action": "Die replaced; 100 % gauge check for 3 lots.",
        "action_due_date": "2026-03-12"}, roles=("purchasing",))
    call(api, auth, "post", f"/correction-requests/{request['id']}/verification", {"effective": True})
    closed = call(api, auth, "get", f"/incoming-nonconformances/{nc['id']}")
    assert closed["status"] == "closed" and closed["correction_request"]["closed"] is True

    published = through_broker(ctx)
    assert types(published) == [
        "complaints.supplier.registered", "complaints.incoming_nonconformance.recorded",
        "complaints.incoming_nonconformance.confirmed", "complaints.correction_request.issued",
        "complaints.incoming_nonconformance.disposed", "complaints.correction_request.replied",
        "complaints.incoming_nonconformance.closed", "complaints.correction_request.verified"]
    issued = published[3]["data"]
    assert issued["supplier"] == {"id": request["supplier"]["id"], "code": "SUP-018", "name": "Dongguan Fasteners",
                                  "contact_email": "lily@fasteners.example", "locale": "en"}
    assert published[4]["data"]["disposition"] == "return" and published[4]["data"]["defect_class"] == "B"


def test_a_sorting_concession_of_6_hours_deducts_120_cny(api, auth, ctx):
    register_supplier(api, auth)
    nc = _lot(api, auth, defect_class="C", defect_kind="appearance")
    conceded = call(api, auth, "post", f"/incoming-nonconformances/{nc['id']}/disposition", {
        "disposition": "concession", "kind": "sorting", "approver": "Wang Plant Manager", "work_hours": "6"})
    assert conceded["disposition"]["deduction"] == {"amount": "120.00", "currency": "CNY"}
    assert conceded["disposition"]["work_hours"] == "6" and conceded["disposition"]["reviewed_with"] == [
        "purchasing", "engineering", "production"]
    (disposed,) = [m for m in through_broker(ctx) if m["type"] == "complaints.incoming_nonconformance.disposed"]
    assert (disposed["data"]["disposition_kind"], disposed["data"]["deduction_amount"]) == ("sorting", "120.00")
    # without an approver or hours a concession is refused, and a return charges no hours
    other = _lot(api, auth, lot="L-2603-08")
    bad = call(api, auth, "post", f"/incoming-nonconformances/{other['id']}/disposition",
               {"disposition": "concession", "kind": "sorting"}, status=422)
    assert set(bad["errors"]) == {"approver", "work_hours"}
    bad = call(api, auth, "post", f"/incoming-nonconformances/{other['id']}/disposition",
               {"disposition": "return", "kind": "sorting", "work_hours": "2"}, status=422)
    assert set(bad["errors"]) == {"kind", "work_hours"}
    call(api, auth, "post", f"/incoming-nonconformances/{other['id']}/disposition",
         {"disposition": "return", "kind": "scrap"}, roles=("sales",), status=403)


def test_a_supplier_caused_complaint_opens_a_correction_request_and_its_claim_is_recovered(api, auth, ctx):
    register_supplier(api, auth)
    complaint = create(api, auth)
    step(api, auth, complaint["id"], "containment")
    analysis = {**STEPS["analysis"], "responsibility": "supplier", "supplier_code": "SUP-018"}
    assert step(api, auth, complaint["id"], "analysis", analysis).status_code == 200
    (request,) = call(api, auth, "get", f"/correction-requests?source=complaint&source_id={complaint['id']}")["items"]
    assert (request["source"]["number"], request["supplier"]["code"], request["description"]) == (
        complaint["number"], "SUP-018", STEPS["analysis"]["root_cause"])

    claim = call(api, auth, "post", "/claims", {"complaint_id": complaint["id"], "amount": "3000.00",
                                                 "currency": "CNY", "description": "Line stop."}, status=201)
    call(api, auth, "post", f"/claims/{claim['id']}/analysis", {
        "proposal": "Pay the line stop.", "proposed_amount": "2500.00", "responsibility": "supplier"})
    # not approved yet: nothing to recover
    call(api, auth, "post", f"/claims/{claim['id']}/supplier-recovery", {}, roles=("purchasing",), status=409)
    call(api, auth, "post", f"/claims/{claim['id']}/approval", {}, roles=("general_manager",))
    recovery = call(api, auth, "post", f"/claims/{claim['id']}/supplier-recovery", {}, roles=("purchasing",),
                    status=201)
    assert (recovery["amount"], recovery["supplier"]["code"], recovery["status"]) == ("2500.00", "SUP-018", "requested")
    call(api, auth, "post", f"/claims/{claim['id']}/supplier-recovery", {}, roles=("purchasing",), status=409)
    call(api, auth, "post", f"/claims/{claim['id']}/supplier-recovery/recovery", {"reference": "CN-SUP018-0042"},
         roles=("finance",))
    shown = call(api, auth, "get", f"/claims/{claim['id']}")
    assert shown["supplier_recovery"]["status"] == "recovered"
    assert (shown["supplier_recovery"]["recovered_amount"], shown["supplier_recovery"]["reference"]) == (
        "2500.00", "CN-SUP018-0042")

    stats = call(api, auth, "get", "/suppliers/stats?year=2026&month=3")
    figures = stats["suppliers"]["SUP-018"]
    assert figures["recoveries"] == {"count": 1, "requested": "2500.00", "recovered": "2500.00", "open": 0}
    assert figures["correction_requests"] == {"issued": 1, "open": 1, "overdue": 0}

    published = [t for t in types(through_broker(ctx)) if t.split(".")[1] in ("correction_request",
                                                                              "supplier_recovery")]
    assert published == ["complaints.correction_request.issued", "complaints.supplier_recovery.requested",
                         "complaints.supplier_recovery.recovered"]


def test_a_supplier_code_needs_supplier_responsibility_and_a_known_supplier(api, auth):
    register_supplier(api, auth)
    complaint = create(api, auth)
    step(api, auth, complaint["id"], "containment")
    wrong = step(api, auth, complaint["id"], "analysis", {**STEPS["analysis"], "supplier_code": "SUP-018"})
    assert wrong.status_code == 422 and "supplier_code" in wrong.get_json()["errors"]
    unknown = step(api, auth, complaint["id"], "analysis", {**STEPS["analysis"], "responsibility": "supplier",
                                                             "supplier_code": "NOPE"})
    assert unknown.status_code == 422 and "supplier_code" in unknown.get_json()["errors"]
    assert call(api, auth, "get", f"/complaints/{complaint['id']}")["status"] == "contained"  # nothing kept


def test_supplier_statistics_count_lots_ppm_classes_and_deductions_as_json_and_csv(api, auth):
    supplier = register_supplier(api, auth)
    call(api, auth, "put", f"/suppliers/{supplier['id']}/receipts/2026-03", {"lots": 40, "quantity": 200_000})
    nc = _lot(api, auth)
    call(api, auth, "post", f"/incoming-nonconformances/{nc['id']}/disposition", {
        "disposition": "concession", "kind": "machining", "approver": "Wang", "work_hours": "2.5"})
    _lot(api, auth, lot="L-2603-09", defect_class="A", quantity_nonconforming=6)
    stats = call(api, auth, "get", "/suppliers/stats?year=2026")
    figures = stats["suppliers"]["SUP-018"]
    assert (figures["lots_received"], figures["lots_rejected"], figures["quantity_nonconforming"]) == (40, 2, 20)
    assert (figures["ppm"], figures["lot_rejection_rate"], figures["by_class"]) == (100, 5.0, {"A": 1, "B": 1, "C": 0})
    assert (figures["conceded"], figures["deductions"]) == (1, "50.00")
    assert list(figures["by_month"]) == ["2026-03"] and stats["total"]["ppm"] == 100
    csv = call(api, auth, "get", "/suppliers/stats?year=2026&format=csv")
    lines = csv.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert lines[0].startswith("supplier,name,month,lots_received") and lines[1].startswith("SUP-018,Dongguan")


def test_a_formula_in_a_suppliers_name_is_neutralised_in_the_csv(api, auth):
    register_supplier(api, auth, code="SUP-666", name="=HYPERLINK(\"http://x\")")
    _lot(api, auth, supplier_code="SUP-666")
    text = call(api, auth, "get", "/suppliers/stats?year=2026&format=csv").get_data(as_text=True)
    assert "SUP-666,'=HYPERLINK" in text.replace('"', "")


def test_an_unanswered_correction_request_escalates_to_purchasing_then_the_general_manager(api, auth, ctx, clock):
    register_supplier(api, auth)
    nc = _lot(api, auth)
    request = call(api, auth, "post", f"/incoming-nonconformances/{nc['id']}/correction-request", {}, status=201)
    for as_of in ("2026-03-10T09:00:00+08:00", "2026-03-11T09:00:00+08:00"):
        call(api, auth, "post", "/admin/deadline-scan", {"as_of": as_of}, roles=("admin",))
    clock.advance(days=9)  # Wednesday 11 March: the reply comes late
    late = call(api, auth, "post", f"/correction-requests/{request['id']}/reply", {
        "cause": "c", "action": "a", "action_due_date": "2026-03-20"}, roles=("purchasing",))
    again = call(api, auth, "post", f"/correction-requests/{request['id']}/verification", {
        "effective": False, "note": "Still failing."})
    assert (late["overdue_count"], again["status"], again["round"], again["reply_due_at"]) == (
        1, "issued", 2, "2026-03-18T09:00:00+08:00")
    call(api, auth, "post", "/admin/deadline-scan", {"as_of": "2026-04-01T09:00:00+08:00"}, roles=("admin",))
    overdue = [m["data"] for m in through_broker(ctx) if m["type"] == "complaints.correction_request.overdue"]
    assert [(o["escalation"], o["escalation_department"], o["round"]) for o in overdue] == [
        ("department_head", "purchasing", 1), ("general_manager", "purchasing", 2)]
