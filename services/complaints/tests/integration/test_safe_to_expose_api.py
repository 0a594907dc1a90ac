"""Issue 17 over real requests: who writes what by department (403 otherwise, admin approves nothing), every date,
time, amount and search of the complaints API bounded (422 naming the field, never 500), CSV cells neutralised."""
from __future__ import annotations

import csv
import io

import pytest
from complaints_api import STEPS, create, problem, step
from supplier_quality_api import CONFIRMATION, LOT, call, register_supplier

FORMULA = '=HYPERLINK("http://x","y")'


def forbidden(response, *departments: str) -> dict:
    """A 403 the domain gave: its type, and the departments that may take the step."""
    body = problem(response, 403)
    assert body["type"] == "urn:qms:problem:Forbidden"
    assert body["required_departments"] == sorted(departments)
    return body


def analysed(api, auth, responsible: str, **overrides) -> dict:
    """A quality complaint contained and analysed by quality, `responsible` named responsible."""
    complaint = create(api, auth, **overrides)
    assert step(api, auth, complaint["id"], "containment").status_code == 200
    body = {**STEPS["analysis"], "responsible_department": responsible}
    assert step(api, auth, complaint["id"], "analysis", body).status_code == 200
    return complaint


def test_the_responsible_production_department_writes_the_plan_and_its_implementation(api, auth):
    complaint = analysed(api, auth, "production")
    forbidden(step(api, auth, complaint["id"], "action-plan", roles=("engineering",)), "production", "quality")
    # the department claim is who the caller is: a production role sitting in engineering is engineering
    forbidden(step(api, auth, complaint["id"], "action-plan", roles=("production",),
                   headers=auth("production", department="engineering")), "production", "quality")
    planned = step(api, auth, complaint["id"], "action-plan", roles=("production",))
    assert planned.status_code == 200 and planned.get_json()["status"] == "action_planned"
    assert planned.get_json()["history"][-1]["action"] == "action-plan"
    assert step(api, auth, complaint["id"], "implementation", roles=("production",)).status_code == 200
    problem(step(api, auth, complaint["id"], "verification", roles=("production",)), 403)  # the owner verifies
    assert step(api, auth, complaint["id"], "verification").get_json()["status"] == "closed"


def test_a_department_may_analyse_naming_itself_responsible_but_not_another(api, auth):
    complaint = create(api, auth)
    step(api, auth, complaint["id"], "containment")
    naming = lambda department: {**STEPS["analysis"], "responsible_department": department}  # noqa: E731
    forbidden(step(api, auth, complaint["id"], "analysis", naming("purchasing"), roles=("engineering",)),
              "purchasing", "quality")
    done = step(api, auth, complaint["id"], "analysis", naming("engineering"), roles=("engineering",))
    assert done.status_code == 200 and done.get_json()["responsible_department"] == "engineering"


def test_the_owner_department_contains_and_verifies_other_departments_get_403(api, auth):
    late = create(api, auth, category="delivery", description="Late by a week.")
    assert late["owner_department"] == "sales"
    forbidden(step(api, auth, late["id"], "containment"), "sales")  # quality does not answer for sales
    problem(step(api, auth, late["id"], "containment", roles=("general_manager",)), 403)
    problem(step(api, auth, late["id"], "containment", roles=("admin",)), 403)
    assert step(api, auth, late["id"], "containment", roles=("sales",)).get_json()["status"] == "contained"
    forbidden(api.patch(f"/api/v1/complaints/{late['id']}", json={"returned_quantity": 3},
                        headers=auth("sales", department="production")), "quality", "sales")
    problem(api.post("/api/v1/complaints", json={"customer": {"id": "C-1", "name": "A"}, "category": "quality",
                                                 "description": "x"}, headers=auth("sales", department="finance")), 403)


def test_a_sales_user_cannot_record_the_reply_of_a_correction_request_purchasing_owns(api, auth):
    register_supplier(api, auth)
    lot = call(api, auth, "post", "/incoming-nonconformances", LOT, status=201)
    call(api, auth, "post", f"/incoming-nonconformances/{lot['id']}/confirmation", CONFIRMATION)
    request = call(api, auth, "post", f"/incoming-nonconformances/{lot['id']}/correction-request", {}, status=201)
    reply = {"cause": "Worn die.", "action": "Die replaced.", "action_due_date": "2026-03-12"}
    url = f"/correction-requests/{request['id']}/reply"
    call(api, auth, "post", url, reply, roles=("sales",), status=403)
    body = call(api, auth, "post", url, reply, roles=("purchasing",), department="sales", status=403)
    assert body["type"] == "urn:qms:problem:Forbidden" and body["required_departments"] == ["purchasing", "quality"]
    assert call(api, auth, "post", url, reply, roles=("purchasing",))["status"] == "replied"
    call(api, auth, "post", f"/correction-requests/{request['id']}/verification", {"effective": True},
         roles=("purchasing",), status=403)  # quality verifies


def test_an_internal_problem_is_contained_by_quality_and_planned_by_its_responsible_department(api, auth):
    found = call(api, auth, "post", "/internal-problems", {
        "product": {"code": "CASE-3"}, "level": "general", "description": "Burrs.", "found_in": "production"},
        roles=("production",), status=201)
    url = f"/internal-problems/{found['id']}"
    call(api, auth, "post", f"{url}/containment", STEPS["containment"], roles=("production",), status=403)
    call(api, auth, "post", f"{url}/containment", STEPS["containment"])
    call(api, auth, "post", f"{url}/analysis", {**STEPS["analysis"], "responsible_department": "production"})
    call(api, auth, "post", f"{url}/action-plan", STEPS["action-plan"], roles=("purchasing",), status=403)
    assert call(api, auth, "post", f"{url}/action-plan", STEPS["action-plan"], roles=("production",))[
        "status"] == "action_planned"
    assert call(api, auth, "patch", url, {"quantity_reworked": 4}, roles=("production",))["quantity_reworked"] == 4
    call(api, auth, "patch", url, {"quantity_reworked": 5}, roles=("engineering",), status=403)


def test_admin_runs_operations_but_approves_and_settles_no_claim(api, auth):
    complaint = create(api, auth)
    claim = call(api, auth, "post", "/claims", {"complaint_id": complaint["id"], "amount": "5000",
                                                "description": "Line stop."}, roles=("sales",), status=201)
    url = f"/claims/{claim['id']}"
    call(api, auth, "post", f"{url}/analysis", {"proposal": "Pay half.", "proposed_amount": "2500",
                                                "responsibility": "company"})
    denied = call(api, auth, "post", f"{url}/approval", {}, roles=("admin",), status=403)
    assert denied["required_roles"] == ["general_manager"]
    call(api, auth, "post", f"{url}/approval", {}, roles=("general_manager",))
    call(api, auth, "post", f"{url}/customer-response", {"accepted": True}, roles=("sales",))
    call(api, auth, "post", f"{url}/settlement", {"reference": "PAY-1"}, roles=("admin",), status=403)
    call(api, auth, "post", f"{url}/settlement", {"reference": "PAY-1"}, roles=("general_manager",), status=403)
    assert call(api, auth, "post", f"{url}/settlement", {"reference": "PAY-1"}, roles=("finance",))[
        "status"] == "settled"
    # what admin is for: the deadline scan and loading the customer archive
    call(api, auth, "post", "/admin/deadline-scan", {"as_of": "2026-03-20T09:00:00+08:00"}, roles=("admin",))
    loaded = call(api, auth, "post", "/imports/customers", {"rows": [{"id": "C-900", "name": "Initech"}]},
                  roles=("admin",), status=201)
    assert loaded["written"] is True


@pytest.mark.parametrize("received_at", ["0218-03-02T09:00:00+08:00", "0001-01-01T00:00:00+00:00",
                                         "9999-12-31T23:59:59+00:00", "1899-12-31T23:59:59+00:00"])
def test_a_receipt_time_outside_1900_to_2999_is_422_naming_it(api, auth, received_at):
    body = problem(api.post("/api/v1/complaints", json={**_complaint(), "received_at": received_at},
                            headers=auth()), 422)
    assert set(body["errors"]) == {"received_at"}


@pytest.mark.parametrize("path, field", [
    ("/complaints?received_to=9999-12-31", "received_to"), ("/complaints?received_from=0001-01-01", "received_from"),
    ("/complaints/stats?from=2026-01-01&to=9999-12-31", "to"), ("/complaints/stats?from=0001-01-01&to=2026-01-01",
                                                                 "from"),
    ("/reports/management-review?from=2026-01-01&to=9999-12-31&format=json", "to"),
    ("/reward-penalty-notices/summary?month=9999-12", "month"), ("/reward-penalty-notices?month=0001-01", "month"),
])
def test_date_filters_outside_1900_to_2999_are_422_naming_them(api, auth, path, field):
    body = problem(api.get(f"/api/v1{path}", headers=auth("quality", "finance")), 422)
    assert field in body["errors"], body


@pytest.mark.parametrize("number", ["1e30", "1e400", "1e999999999", "12345678901234567.5"])
def test_amounts_beyond_their_documented_digits_are_422_naming_them(api, auth, number):
    complaint = create(api, auth)
    cases = [("post", "/complaints", _complaint(loss_amount=number), ("quality",), "loss_amount"),
             ("patch", f"/complaints/{complaint['id']}", {"loss_amount": number}, ("quality",), "loss_amount"),
             ("post", "/claims", {"complaint_id": complaint["id"], "amount": number, "description": "x"}, ("sales",),
              "amount"),
             ("post", "/internal-problems", {"product": {"code": "P"}, "level": "general", "description": "x",
                                             "loss_amount": number}, ("quality",), "loss_amount"),
             ("post", "/surveys", {"year": 2026, "customer_ids": ["C-1"], "objective": {"first_pass_yield": number}},
              ("sales",), "objective.first_pass_yield"),
             ("post", "/surveys/proposals", {"year": 2026, "minimum_tonnes": number}, ("sales",), "minimum_tonnes"),
             ("post", "/customers/C-001/purchases", {"year": 2026, "quantity": "1", "unit": "t", "revenue": number},
              ("sales",), "revenue"),
             ("post", "/reward-penalty-clauses", {"code": "X1", "section": "5", "text": "x", "kind": "penalty",
                                                  "amount_min": "0", "amount_max": number}, ("quality",), "amount_max")]
    for method, path, body, roles, field in cases:
        refused = problem(getattr(api, method)(f"/api/v1{path}", json=body, headers=auth(*roles)), 422)
        assert field in refused["errors"], (path, refused)


def test_bounded_dates_in_bodies_and_an_as_of_in_the_future_are_422(api, auth):
    complaint = create(api, auth)
    extension = {"deadline": "containment", "new_due_at": "9999-12-31T00:00:00+08:00", "customer_consent": True}
    assert "new_due_at" in problem(step(api, auth, complaint["id"], "extension", extension), 422)["errors"]
    body = _complaint(product={"code": "P", "production_date": "0001-01-01"})
    assert "product.production_date" in problem(api.post("/api/v1/complaints", json=body, headers=auth()),
                                                422)["errors"]
    for as_of in ("9999-12-31T00:00:00+00:00", "2999-12-31T00:00:00+00:00", "0001-01-01T00:00:00+00:00"):
        refused = problem(api.post("/api/v1/admin/deadline-scan", json={"as_of": as_of}, headers=auth("admin")), 422)
        assert set(refused["errors"]) == {"as_of"}
    api.post("/api/v1/customers", json={"id": "C-7", "name": "Seven"}, headers=auth("sales"))
    visit = {"visited_on": "0001-01-01", "channel": "phone"}
    assert "visited_on" in problem(api.post("/api/v1/customers/C-7/visits", json=visit, headers=auth("sales")),
                                   422)["errors"]
    praise = {"customer": {"id": "C-7", "name": "Seven"}, "received_at": "0218-01-01T00:00:00+08:00"}
    assert "received_at" in problem(api.post("/api/v1/praises", json=praise, headers=auth("sales")), 422)["errors"]


def test_text_searches_take_percent_and_underscore_literally(api, auth):
    create(api, auth, customer={"id": "C-11", "name": "A_B Trading"}, description="Wet cartons.")
    create(api, auth, customer={"id": "C-12", "name": "AxB Trading"}, description="Dry cartons.")

    def complaints(q: str) -> list[str]:
        found = api.get("/api/v1/complaints", query_string={"q": q}, headers=auth("viewer")).get_json()
        return sorted(item["customer"]["id"] for item in found["items"])

    def customers(q: str) -> list[str]:
        found = api.get("/api/v1/customers", query_string={"q": q}, headers=auth("viewer")).get_json()
        return sorted(item["id"] for item in found["items"])

    assert complaints("a_b") == ["C-11"] and complaints("%") == [] and complaints("trading") == ["C-11", "C-12"]
    assert customers("A_B") == ["C-11"] and customers("%") == [] and customers("b trad") == ["C-11", "C-12"]


def test_a_customer_named_like_a_formula_is_neutralised_in_every_csv_export(api, auth):
    create(api, auth, customer={"id": "C-66", "name": FORMULA})
    for name in ("+1+1", "-2", "@SUM(A1)"):
        create(api, auth, customer={"id": f"C-{name}", "name": name})
    response = api.get("/api/v1/complaints/stats?year=2026&format=csv", headers=auth("viewer"))
    assert response.mimetype == "text/csv" and "attachment" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")  # UTF-8 with a BOM, as every CSV of the suite
    customers = {row[1]: row[2] for row in csv.reader(io.StringIO(text.removeprefix("\ufeff"))) if row[0] == "customer"}
    assert customers["C-66"] == "'" + FORMULA
    assert {customers["C-+1+1"], customers["C--2"], customers["C-@SUM(A1)"]} == {"'+1+1", "'-2", "'@SUM(A1)"}
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in csv.reader(io.StringIO(text)) for cell in row)
    # the suppliers' statistics too (the reward/penalty summary: test_reward_penalty_api)
    register_supplier(api, auth, code="SUP-66", name=FORMULA)
    call(api, auth, "post", "/incoming-nonconformances", {**LOT, "supplier_code": "SUP-66"}, status=201)
    suppliers = call(api, auth, "get", "/suppliers/stats?year=2026&format=csv").get_data(as_text=True)
    assert any(cell == "'" + FORMULA for row in csv.reader(io.StringIO(suppliers)) for cell in row)
    assert FORMULA not in [cell for row in csv.reader(io.StringIO(suppliers)) for cell in row]


def _complaint(**overrides) -> dict:
    return {"customer": {"id": "C-1", "name": "Acme"}, "category": "quality", "description": "Cracks.", **overrides}
