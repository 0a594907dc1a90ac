"""Issue 17 in compliance over HTTP: who may do what (admin configures, decides nothing), a nonconformance's
action by its department and quality, bounded numbers and dates, `as_of` not in the future, literal filters,
and If-Match on every versioned write."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from compliance_api import EU_ROHS, LEAD, NICKEL_GROUP, XML, clear_reference_data, create, product_body


@pytest.fixture(autouse=True)
def register(ctx, client, auth):
    clear_reference_data(ctx)
    create(client, auth, "regulations", EU_ROHS)


def _nc(client, auth, owner="purchasing"):
    """The nonconformance a lead-heavy product opens, handed to `owner`."""
    product = create(client, auth, "products", product_body(lead=5000))
    [nc] = client.get(f"/api/v1/nonconformances?product_id={product['id']}", headers=auth()).get_json()["items"]
    path = f"/api/v1/nonconformances/{nc['id']}"
    moved = client.post(f"{path}/reassignment", json={"owner_department": owner}, headers=auth())
    assert moved.status_code == 200, moved.get_data(as_text=True)
    return path, moved


def test_admin_configures_the_register_the_catalogue_and_runs_admin_jobs(client, auth):
    admin = auth("admin")
    regulation = client.post("/api/v1/regulations", headers=admin, json={**EU_ROHS, "code": "EU-ADMIN"})
    assert regulation.status_code == 201, regulation.get_data(as_text=True)
    path = f"/api/v1/regulations/{regulation.get_json()['id']}"
    assert client.patch(path, json={"title": "Renamed"}, headers=admin).status_code == 200
    assert client.post(f"{path}/review", json={"note": "checked"}, headers=admin).status_code == 200
    group = client.post("/api/v1/substance-groups", json=NICKEL_GROUP, headers=admin)
    assert group.status_code == 201, group.get_data(as_text=True)
    assert client.patch(f"/api/v1/substance-groups/{group.get_json()['id']}", json={"name_zh": "镍"},
                        headers=admin).status_code == 200
    assert client.post("/api/v1/admin/reevaluation", json={}, headers=admin).status_code == 200


def test_admin_takes_no_business_decision(client, auth):
    path, _ = _nc(client, auth)
    product = create(client, auth, "products", product_body(code="P-200", lead=10))
    admin = auth("admin")
    for method, url, body in [
            ("post", "/api/v1/products", product_body(code="P-300")),
            ("patch", f"/api/v1/products/{product['id']}", {"name": "x"}),
            ("post", "/api/v1/customer-requirements", {"customer": {"id": "C", "name": "C"}, "category": "other",
                                                      "text": "x"}),
            ("post", "/api/v1/interested-party-records", {"party_name": "x", "party_type": "other",
                                                         "kind": "requirement", "description": "x",
                                                         "received_on": "2026-01-01"}),
            ("post", "/api/v1/nonconformances", {"product_id": product["id"], "description": "x",
                                                "owner_department": "quality"}),
            ("post", f"{path}/action-plan", {"corrective_action": "x"}),
            ("post", f"{path}/reassignment", {"owner_department": "quality"}),
            ("post", f"{path}/closure", {"note": "x"})]:
        response = getattr(client, method)(url, json=body, headers=admin)
        assert response.status_code == 403, (method, url, response.get_data(as_text=True))
        assert "admin" not in response.get_json()["required_roles"]


@pytest.mark.parametrize("roles, department, status", [
    (("purchasing",), None, 200),  # no department claim: the role names the department
    (("engineering",), "purchasing", 200),  # the claim names the department
    (("quality",), None, 200),  # quality writes any department's action
    (("sales",), None, 403),
    (("purchasing",), "sales", 403),  # the claim wins over the role
    (("management_rep",), None, 403),
])
def test_a_nonconformances_action_is_recorded_by_its_department_and_quality(client, auth, roles, department, status):
    path, _ = _nc(client, auth, owner="purchasing")
    response = client.post(f"{path}/action-plan", json={"corrective_action": "Change solder supplier"},
                           headers=auth(*roles, department=department))
    assert response.status_code == status, response.get_data(as_text=True)
    case = client.get(path, headers=auth()).get_json()
    if status == 403:
        problem = response.get_json()
        assert problem["type"] == "urn:qms:problem:Forbidden" and problem["owner_department"] == "purchasing"
        assert (case["status"], case["corrective_action"]) == ("open", "")
    else:
        assert (case["status"], case["corrective_action"]) == ("action_planned", "Change solder supplier")


@pytest.mark.parametrize("body, field", [
    ({"limits": [{"cas": LEAD, "substance": "Lead", "max_ppm": "1e999999999"}]}, "limits.0.max_ppm"),
    ({"limits": [{"cas": LEAD, "substance": "Lead", "max_ppm": 0}]}, "limits.0.max_ppm"),
    ({"exemptions": [{"code": "6(c)", "cas": LEAD, "max_ppm": 1e308}]}, "exemptions.0.max_ppm"),
    ({"effective_date": "9999-12-31"}, "effective_date"),
    ({"effective_date": "0218-01-01"}, "effective_date"),
    ({"last_reviewed_on": "0001-01-01"}, "last_reviewed_on"),
    ({"exemptions": [{"code": "6(c)", "cas": LEAD, "expires_on": "3000-01-01"}]}, "exemptions.0.expires_on"),
])
def test_out_of_range_numbers_and_dates_in_a_regulation_are_422_naming_the_field(client, auth, body, field):
    response = client.post("/api/v1/regulations", json={**EU_ROHS, "code": "EU-X", **body}, headers=auth())
    assert response.status_code == 422 and response.mimetype == "application/problem+json"
    assert field in response.get_json()["errors"], response.get_json()
    assert client.get("/api/v1/regulations?per_page=200", headers=auth()).get_json()["total"] == 1


@pytest.mark.parametrize("path, body, field", [
    ("products", product_body(test_report_date="1899-12-31"), "test_report_date"),
    ("interested-party-records", {"party_name": "EPB", "party_type": "authority", "kind": "complaint",
                                  "description": "x", "received_on": "9999-12-31"}, "received_on"),
    ("admin/reevaluation", {"as_of": "9999-12-31"}, "as_of"),
    ("admin/reevaluation", {"as_of": (date.today() + timedelta(days=2)).isoformat()}, "as_of"),
])
def test_out_of_range_dates_and_a_future_as_of_are_422_naming_the_field(client, auth, path, body, field):
    response = client.post(f"/api/v1/{path}", json=body, headers=auth())
    assert response.status_code == 422 and field in response.get_json()["errors"], response.get_data(as_text=True)


def test_the_action_due_date_is_bounded(client, auth):
    path, _ = _nc(client, auth)
    response = client.post(f"{path}/action-plan", json={"corrective_action": "x", "due_on": "9999-12-31"},
                           headers=auth())
    assert response.status_code == 422 and "due_on" in response.get_json()["errors"]


def test_the_china_rohs_table_as_of_is_today_at_the_latest(client, auth, shipped):
    product = create(client, auth, "products", product_body(markets=["CN"]))
    url = f"/api/v1/products/{product['id']}/china-rohs-table"
    assert client.get(f"{url}?as_of={date.today().isoformat()}", headers=auth()).status_code == 200
    future = client.get(f"{url}?as_of=9999-12-31", headers=auth())
    assert future.status_code == 422 and "as_of" in future.get_json()["errors"]


def test_an_ipc1752a_concentration_out_of_range_is_422_naming_the_element_and_line(client, auth):
    product = create(client, auth, "products", product_body(lead=10))
    response = client.post(f"/api/v1/products/{product['id']}/declarations", content_type="application/xml",
                           data=XML.format(code="P-100", cadmium="1e999999999"), headers=auth())
    assert response.status_code == 422 and response.mimetype == "application/problem+json"
    [message] = response.get_json()["errors"]["file"]
    assert message.startswith("line 8, <Amount value='1e999999999'>") and "7440-43-9" in message
    after = client.get(f"/api/v1/products/{product['id']}", headers=auth()).get_json()
    assert after["lock_version"] == product["lock_version"]


@pytest.mark.parametrize("query", ["code=%25", "code=P-_00", "code=P%25", "customer_id=%25"])
def test_filters_take_wildcards_literally(client, auth, query):
    create(client, auth, "products", product_body(code="P-100"))
    assert client.get("/api/v1/products?code=P-100", headers=auth()).get_json()["total"] == 1
    assert client.get(f"/api/v1/products?{query}", headers=auth()).get_json()["total"] == 0


def test_every_versioned_write_checks_if_match_and_answers_the_new_etag(client, auth):
    path, moved = _nc(client, auth, owner="quality")
    stale = {**auth(), "If-Match": '"1"'}
    assert client.post(f"{path}/action-plan", json={"corrective_action": "x"}, headers=stale).status_code == 412
    fresh = client.post(f"{path}/action-plan", json={"corrective_action": "x"},
                        headers={**auth(), "If-Match": moved.headers["ETag"]})
    assert fresh.status_code == 200 and fresh.headers["ETag"] == f'"{fresh.get_json()["lock_version"]}"'
    assert client.post(f"{path}/closure", json={"note": "ok"}, headers=stale).status_code == 412
    assert client.get(path, headers=auth()).get_json()["status"] == "action_planned"

    record = client.post("/api/v1/interested-party-records", headers=auth(), json={
        "party_name": "EPB", "party_type": "authority", "kind": "complaint", "description": "x",
        "received_on": "2026-01-01"})
    closure = f"/api/v1/interested-party-records/{record.get_json()['id']}/closure"
    assert client.post(closure, json={"response": "ok"}, headers={**auth(), "If-Match": '"2"'}).status_code == 412
    assert client.post(closure, json={"response": "ok"}, headers={**auth(), "If-Match": 'W/"1"'}).status_code == 412
    assert client.post(closure, json={"response": "ok"},
                       headers={**auth(), "If-Match": record.headers["ETag"]}).status_code == 200

    product = client.post("/api/v1/products", json=product_body(code="P-9"), headers=auth())
    declarations = f"/api/v1/products/{product.get_json()['id']}/declarations"
    body = {"materials": [{"name": "m", "substances": []}]}
    assert client.post(declarations, json=body, headers={**auth(), "If-Match": '"99"'}).status_code == 412
    declared = client.post(declarations, json=body, headers={**auth(), "If-Match": product.headers["ETag"]})
    assert declared.status_code == 200 and declared.headers["ETag"] == f'"{declared.get_json()["lock_version"]}"'

    group = client.post("/api/v1/substance-groups", json=NICKEL_GROUP, headers=auth())
    read = client.get(f"/api/v1/substance-groups/{group.get_json()['id']}", headers=auth())
    assert group.headers["ETag"] == read.headers["ETag"] == '"1"'
