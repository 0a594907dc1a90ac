"""Products, declarations (JSON and IPC-1752A) and evaluations over HTTP on PostgreSQL."""
from __future__ import annotations

import pytest

from compliance_api import (CADMIUM, EU_ROHS, LEAD, XML, clear_reference_data, create, outbox_types,
                            product_body)


@pytest.fixture(autouse=True)
def register(ctx, client, auth):
    clear_reference_data(ctx)
    create(client, auth, "regulations", EU_ROHS)


@pytest.mark.parametrize("lead, unit, status", [
    (1000, "ppm", "compliant"), ("0.1", "percent", "compliant"), ("1000.01", "mg/kg", "non_compliant"),
    ("0.10001", "percent", "non_compliant")])
def test_units_are_converted_before_the_limit_is_applied(client, auth, lead, unit, status):
    product = create(client, auth, "products", product_body(lead=lead, unit=unit))
    assert product["status"] == status
    substance = product["materials"][0]["substances"][0]
    assert substance["unit"] == unit and substance["concentration"] == str(lead)


SCHEMA_PATH, DOMAIN_PATH = "materials.0.substances.0.concentration", "materials[0].substances[0].concentration"


@pytest.mark.parametrize("concentration, unit, where", [
    (-1, "ppm", SCHEMA_PATH), ("NaN", "ppm", SCHEMA_PATH), ("Infinity", "ppm", SCHEMA_PATH),
    (1_000_001, "ppm", SCHEMA_PATH), ("1e999999999", "ppm", SCHEMA_PATH), ("1e999999999", "percent", SCHEMA_PATH),
    ("-1e999999999", "mg/kg", SCHEMA_PATH), ({"value": 5}, "ppm", SCHEMA_PATH), (True, "ppm", SCHEMA_PATH),
    ("100.5", "percent", DOMAIN_PATH), (5, "ppb", DOMAIN_PATH)])
def test_bad_concentrations_and_units_are_422_and_nothing_is_written(client, auth, concentration, unit, where):
    response = client.post("/api/v1/products", json=product_body(lead=concentration, unit=unit), headers=auth())
    assert response.status_code == 422, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json" and where in response.get_json()["errors"]
    assert client.get("/api/v1/products", headers=auth()).get_json()["total"] == 0


def test_a_non_json_body_and_unknown_fields_are_problems_not_500s(client, auth):
    bad = client.post("/api/v1/products", data="{", content_type="application/json", headers=auth())
    assert bad.status_code in (400, 422) and bad.mimetype == "application/problem+json"
    unknown = client.post("/api/v1/products", json={**product_body(), "colour": "red"}, headers=auth())
    assert unknown.status_code == 422 and "colour" in unknown.get_json()["errors"]


def test_the_evaluation_lists_reasons_and_keeps_a_history(client, auth):
    product = create(client, auth, "products", product_body(lead=800))
    again = client.post(f"/api/v1/products/{product['id']}/evaluation", headers=auth())
    assert again.status_code == 200
    latest = client.get(f"/api/v1/products/{product['id']}/evaluation", headers=auth()).get_json()
    assert latest["reasons"] == [{"verdict": "within_limit", "cas": LEAD, "substance": "Lead", "material": "solder",
                                  "value_ppm": 800.0, "limit_ppm": 1000.0, "source": "EU-TEST", "exemption": None,
                                  "exemption_expires_on": None, "group": f"CAS {LEAD}", "declared": [LEAD],
                                  "note": None}]
    history = client.get(f"/api/v1/products/{product['id']}/evaluations", headers=auth()).get_json()
    assert history["total"] == 2 and [e["trigger"] for e in history["items"]] == ["request", "product registered"]


def test_a_json_declaration_replaces_the_materials_and_re_evaluates(ctx, client, auth):
    product = create(client, auth, "products", product_body(lead=800))
    body = {"materials": [{"name": "contact", "substances": [{"cas": CADMIUM, "concentration": 150, "unit": "ppm"}]}],
            "test_report_date": "2026-02-01"}
    response = client.post(f"/api/v1/products/{product['id']}/declarations", json=body, headers=auth("purchasing"))
    assert response.status_code == 200, response.get_data(as_text=True)
    updated = response.get_json()
    assert updated["status"] == "non_compliant" and [m["name"] for m in updated["materials"]] == ["contact"]
    assert "compliance.product.declared" in outbox_types(ctx)


def test_an_ipc1752a_declaration_is_imported(client, auth):
    product = create(client, auth, "products", product_body(code="RLY-1", lead=10))
    response = client.post(f"/api/v1/products/{product['id']}/declarations", data=XML.format(code="RLY-1", cadmium="0.005"),
                           content_type="application/xml", headers=auth())
    assert response.status_code == 200, response.get_data(as_text=True)
    updated = response.get_json()
    assert updated["supplier_declaration_date"] == "2026-01-20"
    assert updated["materials"][0]["substances"][0]["value_ppm"] == 50.0 and updated["status"] == "compliant"


HOSTILE = """<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]>
<MainDeclaration><Product><HomogeneousMaterial name="m">&b;</HomogeneousMaterial></Product></MainDeclaration>"""
XXE = """<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><MainDeclaration>&e;</MainDeclaration>"""


@pytest.mark.parametrize("payload, content_type", [
    (HOSTILE, "application/xml"), (XXE, "text/xml"), ("<MainDeclaration><Product>", "application/xml"),
    (XML.format(code="OTHER", cadmium="0.005"), "application/xml"),
    (XML.format(code="RLY-1", cadmium="-1"), "application/xml"),
    (XML.format(code="RLY-1", cadmium="NaN"), "application/xml"),
    ("materials=1", "application/x-www-form-urlencoded"),
    ('{"materials": [{"name": "m", "substances": [{"cas": "1-1-1"}]}]}', "application/json"),
])
def test_malformed_or_hostile_declarations_are_refused_and_nothing_is_half_imported(client, auth, payload, content_type):
    product = create(client, auth, "products", product_body(code="RLY-1", lead=10))
    response = client.post(f"/api/v1/products/{product['id']}/declarations", data=payload, content_type=content_type,
                           headers=auth())
    assert 400 <= response.status_code < 500 and response.mimetype == "application/problem+json"
    after = client.get(f"/api/v1/products/{product['id']}", headers=auth()).get_json()
    assert after["materials"] == product["materials"] and after["lock_version"] == product["lock_version"]


def test_a_second_product_with_the_same_code_is_a_conflict(client, auth):
    create(client, auth, "products", product_body())
    assert client.post("/api/v1/products", json=product_body(), headers=auth()).status_code == 409


def test_the_idempotency_key_replays_the_first_response(client, auth):
    headers = {**auth(), "Idempotency-Key": "k-1"}
    first = client.post("/api/v1/products", json=product_body(), headers=headers)
    second = client.post("/api/v1/products", json=product_body(), headers=headers)
    assert first.status_code == second.status_code == 201 and first.get_json()["id"] == second.get_json()["id"]
    assert client.get("/api/v1/products", headers=auth()).get_json()["total"] == 1


def test_patching_a_product_re_evaluates_it(client, auth):
    product = create(client, auth, "products", product_body(lead=10, test_report_date="2024-01-01"))
    assert product["status"] == "partially_compliant"  # the test report is stale
    response = client.patch(f"/api/v1/products/{product['id']}", json={"test_report_date": "2026-02-01"},
                            headers={**auth(), "If-Match": str(product["lock_version"])})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["status"] == "compliant"
    assert client.patch(f"/api/v1/products/{product['id']}", json={"code": "X"}, headers=auth()).status_code == 422


def test_products_filter_by_customer_and_status(client, auth):
    create(client, auth, "products", product_body(code="A", lead=10))
    create(client, auth, "products", product_body(code="B", lead=5000, customer_ids=["C-2"]))
    assert [p["code"] for p in client.get("/api/v1/products?customer_id=C-2", headers=auth()).get_json()["items"]] == ["B"]
    assert [p["code"] for p in client.get("/api/v1/products?status=compliant", headers=auth()).get_json()["items"]] == ["A"]
    assert client.get("/api/v1/products?status=bogus", headers=auth()).status_code == 422
