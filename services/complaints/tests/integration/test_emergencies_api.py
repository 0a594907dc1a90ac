"""重大质量问题应急预案 over the API and through the broker: an emergency opened from a complaint with 5 pieces
failing at the customer's assembly, the meeting, rectification notice, approval, verification and the
four-don'ts closure."""
from __future__ import annotations

from complaints_api import create
from supplier_quality_api import call, rectifying_emergency, through_broker, types

DONE = {name: {"done": True, "note": note} for name, note in (
    ("cause_clear", "Press die worn, confirmed by CMM."), ("people_educated", "Line trained on 12 March."),
    ("measures_taken", "Die replaced, SPC on the flange."), ("responsibility_dealt", "Notice RP-2026-000003."))}


def _open(api, auth, complaint, **body) -> dict:
    return call(api, auth, "post", "/emergencies", {"source": "complaint", "source_id": complaint["id"], **body},
                status=201)


def test_five_pieces_failing_at_assembly_open_an_emergency_that_closes_on_the_four_donts(api, auth, ctx):
    complaint = create(api, auth, quantity_affected=5, returned_quantity=5)
    call(api, auth, "post", "/emergencies", {"source": "complaint", "source_id": complaint["id"],
                                              "assembly_failures": 4}, status=422)  # 4 pieces: not §三.2
    emergency = _open(api, auth, complaint, assembly_failures=5)
    assert (emergency["conditions"], emergency["status"], emergency["source"]["number"]) == (
        ["assembly_batch_failure"], "reported", complaint["number"])
    assert (emergency["customer"], emergency["responsible_department"]) == (
        {"id": "C-001", "name": "Acme Paper"}, "quality")
    call(api, auth, "post", "/emergencies", {"source": "complaint", "source_id": complaint["id"],
                                              "assembly_failures": 6}, status=409)  # one emergency per complaint
    path = f"/emergencies/{emergency['id']}"
    call(api, auth, "post", f"{path}/closure", {"four_donts": DONE}, status=409)
    call(api, auth, "post", f"{path}/meeting", {"held_at": "2026-03-02T14:00:00+08:00", "minutes": "Stop line 3.",
                                                "attendees": ["GM Zhao", "Quality", "Technical centre"]})
    call(api, auth, "post", f"{path}/rectification-notice", {"requirements": "Replace die; 100 % check.",
                                                             "due_date": "2026-03-09"}, roles=("engineering",))
    call(api, auth, "post", f"{path}/approval", {"measures": "Die replaced."}, roles=("quality",), status=403)
    call(api, auth, "post", f"{path}/approval", {"measures": "Die replaced."}, roles=("general_manager",))
    call(api, auth, "post", f"{path}/verification", {"effective": True, "note": "No failure in 3 lots."})
    missing = call(api, auth, "post", f"{path}/closure", {"four_donts": {
        **DONE, "people_educated": {"done": False, "note": "Night shift pending."}}}, status=422)
    assert list(missing["errors"]) == ["four_donts.people_educated"]
    closed = call(api, auth, "post", f"{path}/closure", {"four_donts": DONE, "disciplinary_notice": "RP-2026-000003"})
    assert closed["status"] == "closed" and closed["four_donts"]["cause_clear"]["done"] is True

    published = [m for m in through_broker(ctx) if m["type"].startswith("complaints.emergency.")]
    assert types(published) == ["complaints.emergency." + verb for verb in (
        "opened", "meeting_held", "rectification_issued", "measures_approved", "verified", "closed")]
    opened = published[0]["data"]
    assert (opened["assembly_failures"], opened["source_number"], opened["conditions"]) == (
        5, complaint["number"], ["assembly_batch_failure"])


def test_by_hand_an_emergency_needs_a_condition_of_section_3(api, auth):
    body = {"description": "Customer stopped our parts on its line.", "responsible_department": "production"}
    refused = call(api, auth, "post", "/emergencies", body, status=422)
    assert "conditions" in refused["errors"]
    claimed = call(api, auth, "post", "/emergencies", {**body, "conditions": ["assembly_batch_failure"]}, status=422)
    assert "assembly_failures" in claimed["errors"]  # the assembly rule follows the figures, not a tick
    opened = call(api, auth, "post", "/emergencies", {**body, "conditions": ["customer_penalty"]}, status=201)
    assert opened["conditions"] == ["customer_penalty"] and opened["source"]["kind"] == "manual"
    call(api, auth, "post", "/emergencies", {**body, "source": "complaint"}, status=422)


def test_a_verification_not_effective_asks_for_a_new_rectification_notice(api, auth):
    _, path = rectifying_emergency(api, auth, due_date="2026-03-09")
    call(api, auth, "post", f"{path}/approval", {"measures": "m"}, roles=("management_rep",))
    again = call(api, auth, "post", f"{path}/verification", {"effective": False, "note": "Still failing."})
    assert (again["status"], again["allowed_steps"]) == ("meeting_held", ["rectification-notice"])
    second = call(api, auth, "post", f"{path}/rectification-notice", {"requirements": "r2", "due_date": "2026-03-20"})
    assert second["rectification"]["round"] == 2
