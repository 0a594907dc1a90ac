"""The customer archive over the API on PostgreSQL: who sees contacts, customers named by complaints, the
import (all or nothing), survey proposals by the seeds' rule, the history per year, late visits."""
from __future__ import annotations

from complaints_api import create, events, problem

ACME = {"id": "C-001", "name": "Acme Paper", "address": "1 Harbour Rd, Fuzhou", "phone": "0591-8800",
        "contacts": [{"name": "Li Na", "position": "buyer", "phone": "139-0000", "email": "li@acme.cn"}],
        "account_manager": "wang", "deputy": "zhao", "grade": "B", "first_delivered_on": "2026-01-05"}
CSV_HEADER = "id,name,address,phone,contact_name,contact_phone,contact_email,grade,account_manager,deputy\n"


def register(api, auth, **overrides) -> dict:
    response = api.post("/api/v1/customers", json={**ACME, **overrides}, headers=auth("sales"))
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_a_viewer_sees_the_name_but_not_the_contacts_sales_quality_and_management_see_them(api, auth):
    register(api, auth)
    for role in ("viewer", "production", "admin"):
        body = api.get("/api/v1/customers/C-001", headers=auth(role)).get_json()
        assert (body["name"], body["contacts_visible"]) == ("Acme Paper", False)
        assert not {"address", "phone", "contacts"} & set(body), role
        [listed] = api.get("/api/v1/customers", headers=auth(role)).get_json()["items"]
        assert listed["name"] == "Acme Paper" and "contacts" not in listed
    for role in ("sales", "quality", "general_manager", "management_rep", "system"):
        body = api.get("/api/v1/customers/C-001", headers=auth(role)).get_json()
        assert (body["contacts"][0]["email"], body["phone"], body["contacts_visible"]) == ("li@acme.cn", "0591-8800",
                                                                                          True)
    problem(api.post("/api/v1/customers", json={**ACME, "id": "C-002"}, headers=auth("viewer")), 403)
    problem(api.post("/api/v1/customers", json=ACME, headers=auth("sales")), 409)


def test_a_complaint_naming_an_unknown_customer_adds_it_to_be_completed_and_announces_it(api, auth, ctx):
    created = create(api, auth, customer={"id": "C-404", "name": "Newcomer Ltd"})
    assert created["customer"] == {"id": "C-404", "name": "Newcomer Ltd"}  # the complaint as integrators know it
    body = api.get("/api/v1/customers/C-404", headers=auth("sales")).get_json()
    assert (body["name"], body["to_complete"], body["source"]) == ("Newcomer Ltd", True, "complaint")
    assert "address" in body["missing"] and body["history"][0]["complaints"] == 1
    [announced] = events(ctx, "complaints.customer.created")
    assert announced["data"]["id"] == "C-404" and announced["data"]["name"] == "Newcomer Ltd"
    assert announced["data"]["to_complete"] is True and "contacts" not in announced["data"]
    create(api, auth, customer={"id": "C-404", "name": "Another spelling"})
    assert len(events(ctx, "complaints.customer.created")) == 1
    listed = api.get("/api/v1/customers?to_complete=true", headers=auth("sales")).get_json()
    assert [c["id"] for c in listed["items"]] == ["C-404"]
    completed = api.patch("/api/v1/customers/C-404", json={"address": "9 Mill St", "grade": "C",
                                                           "grade_reason": "small, steady"},
                          headers={**auth("sales", department="sales"), "If-Match": '"1"'})
    assert completed.status_code == 200, completed.get_json()
    assert (completed.get_json()["to_complete"], completed.get_json()["grade"]) == (False, "C")
    assert [e["data"]["grade"] for e in events(ctx, "complaints.customer.grade_changed")] == ["C"]
    stale = api.patch("/api/v1/customers/C-404", json={"phone": "1"}, headers={**auth("sales"), "If-Match": '"1"'})
    problem(stale, 412)


def test_a_praise_and_a_survey_name_their_customers_too(api, auth):
    api.post("/api/v1/praises", json={"customer": {"id": "C-P", "name": "Praiser"}}, headers=auth("sales"))
    api.post("/api/v1/surveys", json={"year": 2025, "customer_ids": ["C-P", "C-S"]}, headers=auth("sales"))
    found = api.get("/api/v1/customers?to_complete=true", headers=auth("sales")).get_json()["items"]
    assert sorted((c["id"], c["name"], c["source"]) for c in found) == [("C-P", "Praiser", "praise"),
                                                                   ("C-S", "C-S", "survey")]


def test_a_file_with_two_bad_rows_imports_nothing_and_names_both(api, auth):
    text = CSV_HEADER + ("C-1,Acme,,,Li,,li@acme.cn,A,wang,zhao\n"
                         "C-2,,,,,,,B,,\n"  # line 3: no name
                         "C-3,Gamma,,,,,,E,,\n"  # line 4: no such grade
                         "C-4,Delta,,,,,,,,\n")
    refused = api.post("/api/v1/imports/customers", data=text.encode(), content_type="text/csv",
                       headers=auth("sales"))
    body = problem(refused, 422)
    assert set(body["errors"]) == {"rows.3.name", "rows.4.grade"}
    assert [r["row"] for r in body["report"]["refused_rows"]] == [3, 4] and "rows 3, 4" in body["detail"]
    assert api.get("/api/v1/customers", headers=auth("sales")).get_json()["total"] == 0


def test_an_import_is_idempotent_by_id_and_a_dry_run_changes_nothing(api, auth, ctx):
    rows = [{"id": "C-1", "name": "Acme", "contact_name": "Li", "contact_email": "li@acme.cn", "grade": "A"},
            {"id": "C-2", "name": "Beta", "account_manager": "wang"}]
    dry = api.post("/api/v1/imports/customers?dry_run=true", json={"rows": rows}, headers=auth("sales"))
    assert dry.status_code == 200 and (dry.get_json()["added"], dry.get_json()["written"]) == (2, False)
    assert api.get("/api/v1/customers", headers=auth("sales")).get_json()["total"] == 0
    done = api.post("/api/v1/imports/customers", json={"rows": rows}, headers=auth("system"))
    assert done.status_code == 201 and done.get_json()["added"] == 2
    again = api.post("/api/v1/imports/customers", json={"rows": rows}, headers=auth("system")).get_json()
    assert (again["unchanged"], again["written"]) == (2, False)
    changed = api.post("/api/v1/imports/customers", json={"rows": [{**rows[0], "grade": "B"}]},
                       headers=auth("sales")).get_json()
    assert changed["changes"] == [{"row": 1, "id": "C-1", "fields": {"grade": {"from": "A", "to": "B"}}}]
    acme = api.get("/api/v1/customers/C-1", headers=auth("sales")).get_json()
    assert (acme["grade"], acme["contacts"], acme["source"]) == ("B", [{"name": "Li", "email": "li@acme.cn"}],
                                                                 "import")
    assert len(events(ctx, "complaints.customer.created")) == 2
    problem(api.post("/api/v1/imports/customers", json={"rows": rows}, headers=auth("viewer")), 403)


def _purchases(api, auth, customer_id, quantity, unit, revenue, year=2025):
    response = api.post(f"/api/v1/customers/{customer_id}/purchases",
                        json={"year": year, "quantity": quantity, "unit": unit, "revenue": revenue},
                        headers=auth("sales"))
    assert response.status_code == 200, response.get_json()


def test_a_survey_proposed_for_a_year_selects_the_customers_the_rule_picks(api, auth):
    figures = {"T-BIG": ("260", "t", "100000"), "R-1": ("20", "t", "500000"), "R-2": ("30000", "kg", "250000"),
               "SMALL": ("5", "t", "100000"), "PCS": ("9000", "pcs", "50000")}
    for customer_id, (quantity, unit, revenue) in figures.items():
        register(api, auth, id=customer_id, name=customer_id)
        _purchases(api, auth, customer_id, quantity, unit, revenue)
    _purchases(api, auth, "SMALL", "500", "t", "1", year=2024)  # another year counts for nothing
    # revenue 1,000,000: R-1 50 %, R-2 75 % (>= 70 %: the last one in); T-BIG by its 260 t
    response = api.post("/api/v1/surveys/proposals", json={"year": 2025}, headers=auth("quality"))
    assert response.status_code == 201, response.get_json()
    proposal = response.get_json()
    assert proposal["customer_ids"] == ["R-1", "R-2", "T-BIG"]
    assert (proposal["minimum_tonnes"], proposal["revenue_share"], proposal["status"]) == ("200.000", "70.00", "draft")
    stricter = api.post("/api/v1/surveys/proposals", json={"year": 2025, "revenue_share": "40"},
                        headers=auth("quality")).get_json()
    assert stricter["customer_ids"] == ["R-1", "T-BIG"]
    edited = api.patch(f"/api/v1/surveys/proposals/{proposal['id']}", json={"customer_ids": ["R-1", "R-2", "SMALL"]},
                       headers={**auth("sales"), "If-Match": '"1"'})
    assert edited.status_code == 200 and edited.get_json()["version"] == 2
    started = api.post(f"/api/v1/surveys/proposals/{proposal['id']}/start", json={}, headers=auth("sales"))
    assert started.status_code == 201, started.get_json()
    assert started.get_json()["customer_ids"] == ["R-1", "R-2", "SMALL"] and started.get_json()["year"] == 2025
    again = api.patch(f"/api/v1/surveys/proposals/{proposal['id']}", json={"customer_ids": ["R-1"]},
                      headers=auth("sales"))
    problem(again, 409)
    problem(api.post(f"/api/v1/surveys/proposals/{stricter['id']}/start", json={}, headers=auth("sales")), 409)


def test_the_history_shows_complaints_praises_claims_and_the_customers_survey_answers_per_year(api, auth):
    register(api, auth)
    complaint = create(api, auth, customer={"id": "C-001", "name": "Acme Paper"})
    api.post("/api/v1/claims", json={"complaint_id": complaint["id"], "amount": "800.00", "currency": "CNY",
                                     "description": "Freight"}, headers=auth("sales"))
    api.post("/api/v1/praises", json={"customer": {"id": "C-001", "name": "Acme Paper"}}, headers=auth("sales"))
    survey = api.post("/api/v1/surveys", json={"year": 2026, "customer_ids": ["C-001"], "items": ["delivery", "quality"]},
                      headers=auth("sales")).get_json()
    api.post(f"/api/v1/surveys/{survey['id']}/responses", json={"customer_id": "C-001", "answers": [
        {"item": "delivery", "rating": "very_satisfied"}, {"item": "quality", "rating": "satisfied"}]},
        headers=auth("sales"))
    _purchases(api, auth, "C-001", "120.5", "t", "300000.00", year=2026)
    [year] = api.get("/api/v1/customers/C-001", headers=auth("viewer")).get_json()["history"]
    assert year == {"year": 2026, "complaints": 1, "complaints_by_category": {"quality": 1}, "returned_quantity": 10,
                    "praises": 1, "claims": 1, "claimed": {"CNY": "800.00"}, "surveyed": True, "responded": True,
                    "survey_score": 95.0, "purchases": {"quantity": "120.500", "unit": "t", "revenue": "300000.00"}}


def test_a_late_visit_is_escalated_by_the_deadline_scan_and_a_visit_replans(api, auth, ctx):
    register(api, auth)  # first delivered 2026-01-05: the first visit was due 2026-02-05
    scan = api.post("/api/v1/admin/deadline-scan", json={"as_of": "2026-03-02T09:00:00+08:00"},
                    headers=auth("admin")).get_json()
    assert [(v["customer_id"], v["due_on"], v["escalation_level"]) for v in scan["customer_visits_overdue"]] == [
        ("C-001", "2026-02-05", 2)]
    [late] = events(ctx, "complaints.customer.visit_overdue")
    assert (late["data"]["escalation"], late["data"]["account_manager"]) == ("general_manager", "wang")
    again = api.post("/api/v1/admin/deadline-scan", json={"as_of": "2026-03-02T10:00:00+08:00"},
                     headers=auth("admin")).get_json()
    assert again["customer_visits_overdue"] == []
    visited = api.post("/api/v1/customers/C-001/visits", json={"visited_on": "2026-03-02", "channel": "phone",
                                                              "note": "Happy with the new cartons."},
                       headers=auth("sales"))
    assert visited.status_code == 201, visited.get_json()
    body = visited.get_json()
    assert (body["next_visit_due_on"], body["visit_escalation_level"], body["visits"][0]["due_on"]) == (
        "2026-04-02", 0, "2026-02-05")


def test_bad_bodies_are_422(api, auth):
    assert "contacts.0.email" in problem(api.post("/api/v1/customers", json={**ACME, "contacts": [{"email": "x"}]},
                                          headers=auth("sales")), 422)["errors"]
    assert "grade" in problem(api.post("/api/v1/customers", json={**ACME, "grade": "E"}, headers=auth("sales")),
                              422)["errors"]
    register(api, auth)
    problem(api.patch("/api/v1/customers/C-001", json={"grade": "A"}, headers=auth("sales", department="sales")), 422)
    problem(api.patch("/api/v1/customers/C-001", json={"grade": "A", "grade_reason": "x"},
                      headers=auth("sales", department="quality")), 403)
    problem(api.get("/api/v1/customers/NOPE", headers=auth("viewer")), 404)
