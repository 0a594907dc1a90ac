"""Who may do what over HTTP (README "Who may do what"): each department records its own part, taken from
the token's `department` claim (else its roles); the general manager's approval and the decision are the
roles DOMAIN names; admin runs operations and approves nothing."""
from __future__ import annotations

import uuid

from reviews_api import LINE, approve_all, event_sender, outbox, problem, review, submit


def _post(client, headers, contract_id, path, body):
    return client.post(f"/api/v1/contracts/{contract_id}/{path}", json=body, headers=headers)


def _read(client, auth, contract_id) -> dict:
    return client.get(f"/api/v1/contracts/{contract_id}", headers=auth("viewer")).get_json()


def test_a_department_cannot_record_another_departments_opinion(client, auth, ctx):
    contract = submit(client, auth)
    before = len(outbox(ctx))
    opinion = {"opinion": "approve"}
    for department, headers in (
            ("quality", auth("production", department="production")),
            ("quality", auth("quality", department="production")),  # the claim names production
            ("sales", auth("sales", "production", department="production")),  # the claim narrows two roles
            ("engineering", auth("viewer", department="engineering")),
            ("finance", auth("admin", department="finance"))):
        refused = problem(_post(client, headers, contract["id"], f"reviews/{department}", opinion), 403)
        assert refused["type"] == "urn:qms:problem:Forbidden", refused
    assert len(outbox(ctx)) == before
    assert _read(client, auth, contract["id"])["pending_departments"] == contract["pending_departments"]
    planner = auth("sales", "production", department="production", sub="u-planner", name="Planner")
    done = _post(client, planner, contract["id"], "reviews/production", {**opinion, "delivery_date": "2026-12-18"})
    assert done.status_code == 200, done.get_data(as_text=True)
    assert done.get_json()["reviews"]["production"]["reviewer"] == {"id": "u-planner", "name": "Planner"}
    assert _post(client, auth("quality"), contract["id"], "reviews/quality", opinion).status_code == 200  # no claim


def test_admin_cannot_approve_decide_or_waive(client, auth, ctx):
    contract = submit(client, auth)
    admin = auth("admin", sub="u-admin")
    assert "general_manager" in contract["pending_departments"]
    for department in contract["pending_departments"]:
        problem(_post(client, admin, contract["id"], f"reviews/{department}", {"opinion": "approve"}), 403)
    approve_all(client, auth, {**contract, "pending_departments": [
        d for d in contract["pending_departments"] if d != "general_manager"]})
    problem(_post(client, admin, contract["id"], "reviews/general_manager", {"opinion": "approve"}), 403)
    problem(_post(client, auth("admin", department="general_manager"), contract["id"], "reviews/general_manager",
                  {"opinion": "approve"}), 403)
    for outcome in ("accepted", "rejected"):
        problem(_post(client, admin, contract["id"], "decision", {"outcome": outcome, "reason": "x"}), 403)
    problem(_post(client, admin, contract["id"], "waiver", {"reason": "x"}), 403)
    problem(_post(client, admin, contract["id"], "amendments", {"region": "North", "reason": "x"}), 403)
    read = _read(client, auth, contract["id"])
    assert (read["status"], read["pending_departments"], read["decision"]) == \
        ("under_review", ["general_manager"], None)
    # admin holding the general manager's role approves as the general manager
    both = auth("admin", "general_manager", sub="u-gm")
    assert _post(client, both, contract["id"], "reviews/general_manager", {"opinion": "approve"}).status_code == 200
    decided = _post(client, both, contract["id"], "decision", {"outcome": "accepted"})
    assert decided.status_code == 200 and decided.get_json()["status"] == "accepted"


def test_the_decision_is_the_sales_departments_or_the_general_managers(client, auth):
    contract = submit(client, auth)
    approve_all(client, auth, contract)
    for headers in (auth("sales", department="finance"), auth("production"), auth("system")):
        problem(_post(client, headers, contract["id"], "decision", {"outcome": "rejected", "reason": "x"}), 403)
    decided = _post(client, auth("sales", department="sales"), contract["id"], "decision",
                    {"outcome": "rejected", "reason": "price below cost"})
    assert decided.status_code == 200 and decided.get_json()["status"] == "rejected"


def test_sales_and_quality_parts_follow_the_department_claim(client, auth, ctx):
    deliver = event_sender(ctx, "compliance")
    deliver("compliance.product.evaluated", {"code": "P-100", "status": "non_compliant",
                                             "evaluated_at": "2026-11-01T08:00:00+00:00",
                                             "product_id": str(uuid.uuid4())})
    contract = submit(client, auth, source="oral")
    assert contract["compliance"]["status"] == "hold"
    problem(_post(client, auth("quality", department="production"), contract["id"], "waiver", {"reason": "ok"}), 403)
    problem(_post(client, auth("sales", department="quality"), contract["id"], "confirmation",
                  {"confirmed_by": "Ms Li"}), 403)
    problem(_post(client, auth("sales", department="quality"), contract["id"], "amendments",
                  {"region": "North", "reason": "moved"}), 403)
    problem(client.post("/api/v1/contracts", json={"customer": {"id": "C-1", "name": "Acme Ltd"},
                                                   "salesperson": "Zhang San", "source": "written", "lines": [LINE]},
                        headers=auth("sales", department="production")), 403)
    assert _read(client, auth, contract["id"])["version"] == contract["version"]
    waived = _post(client, auth("quality", department="quality"), contract["id"], "waiver", {"reason": "exemption"})
    assert waived.status_code == 200 and waived.get_json()["compliance"]["status"] == "clear"
    confirmed = _post(client, auth("sales", department="sales"), contract["id"], "confirmation",
                      {"confirmed_by": "Ms Li"})
    assert confirmed.status_code == 200


def test_operations_name_admin(client, auth):
    scan = client.post("/api/v1/admin/deadline-scan", json={}, headers=auth("admin"))
    assert scan.status_code == 200 and scan.get_json() == {"overdue": []}
    row = {"customer_id": "C-9", "customer_name": "Gamma", "product_code": "P-9", "delivered_on": "2026-01-05",
           "quantity": "10", "source_document": "DN-1", "line": 1}
    imported = client.post("/api/v1/imports/deliveries", json={"rows": [row]}, headers=auth("admin"))
    assert imported.status_code == 201, imported.get_data(as_text=True)
    for role in ("viewer", "quality", "general_manager"):
        problem(client.post("/api/v1/imports/deliveries", json={"rows": [row]}, headers=auth(role)), 403)
        problem(client.post("/api/v1/admin/deadline-scan", json={}, headers=auth(role)), 403)


def test_a_review_by_the_departments_own_people_still_works_without_a_claim(client, auth):
    contract = submit(client, auth)
    assert review(client, auth, contract["id"], "sales").status_code == 200
    assert review(client, auth, contract["id"], "production").status_code == 200
