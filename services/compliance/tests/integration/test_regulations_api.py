"""Regulations over HTTP on PostgreSQL: register, validation, change and impact."""
from __future__ import annotations

import pytest

from compliance_api import CADMIUM, EU_ROHS, LEAD, clear_reference_data, create, outbox_types, product_body


@pytest.fixture(autouse=True)
def empty_register(ctx):
    clear_reference_data(ctx)


def test_a_new_install_holds_eu_and_china_rohs(ctx, client, auth):
    from qms_shared.migrations import upgrade
    from sqlalchemy import text
    with ctx.db.engine.begin() as conn:  # replay the reference-data migration on an empty register
        conn.execute(text("UPDATE alembic_version SET version_num = '3c22cb618095'"))
    upgrade(ctx.db, "compliance", "7d1e0a5b9c42")
    with ctx.db.engine.begin() as conn:  # the later revisions' schema is in place already
        conn.execute(text("UPDATE alembic_version SET version_num = '6e648287cf20'"))
    upgrade(ctx.db, "compliance")
    body = client.get("/api/v1/regulations", headers=auth("viewer")).get_json()
    by_code = {r["code"]: r for r in body["items"]}
    assert set(by_code) == {"EU-ROHS", "GB/T-26572"}
    assert {x["cas"]: x["max_ppm"] for x in by_code["EU-ROHS"]["limits"]}[CADMIUM] == 100
    assert len(by_code["EU-ROHS"]["limits"]) == 10 and len(by_code["GB/T-26572"]["limits"]) == 6


def test_publishing_a_regulation_evaluates_existing_products(ctx, client, auth):
    product = create(client, auth, "products", product_body(lead=1500))
    assert product["status"] == "compliant"  # nothing limits it yet
    regulation = create(client, auth, "regulations", EU_ROHS)
    assert regulation["version"] == "" and regulation["review_overdue"] is False
    assert regulation["impact"]["evaluated"] == 1
    assert regulation["impact"]["changes"] == [{"product_id": product["id"], "product_code": "P-100",
                                                 "previous": "compliant", "status": "non_compliant"}]
    assert client.get(f"/api/v1/products/{product['id']}", headers=auth()).get_json()["status"] == "non_compliant"
    assert "compliance.regulation.published" in outbox_types(ctx)


def test_tightening_a_limit_turns_a_product_non_compliant_and_opens_an_nc(ctx, client, auth):
    regulation = create(client, auth, "regulations", EU_ROHS)
    product = create(client, auth, "products", product_body(lead=800))
    assert product["status"] == "compliant"
    limits = [{"cas": LEAD, "substance": "Lead", "max_ppm": 500}, {"cas": CADMIUM, "substance": "Cadmium", "max_ppm": 100}]
    response = client.patch(f"/api/v1/regulations/{regulation['id']}", json={"limits": limits},
                            headers={**auth(), "If-Match": str(regulation["lock_version"])})
    assert response.status_code == 200, response.get_data(as_text=True)
    changed = response.get_json()
    assert [c["status"] for c in changed["impact"]["changes"]] == ["non_compliant"]
    evaluation = client.get(f"/api/v1/products/{product['id']}/evaluation", headers=auth()).get_json()
    assert evaluation["status"] == "non_compliant" and evaluation["trigger"] == "regulation:EU-TEST"
    [reason] = [r for r in evaluation["reasons"] if r["cas"] == LEAD]
    assert (reason["value_ppm"], reason["limit_ppm"], reason["verdict"]) == (800.0, 500.0, "limit_exceeded")
    ncs = client.get("/api/v1/nonconformances", headers=auth()).get_json()
    assert ncs["total"] == 1 and ncs["items"][0]["product_code"] == "P-100"
    assert ncs["items"][0]["number"].startswith("NC-")
    types = outbox_types(ctx)
    # a re-evaluation announces each move once, as status_changed (no separate product.evaluated)
    assert types[-3:] == ["compliance.regulation.changed", "compliance.product.status_changed",
                          "compliance.nonconformance.opened"]
    report = client.get(f"/api/v1/impact-reports/{changed['impact']['report_id']}", headers=auth()).get_json()
    assert report["evaluated"] == 1 and report["changes"][0]["previous"] == "compliant"


def test_a_stale_if_match_is_refused_and_changes_nothing(client, auth):
    regulation = create(client, auth, "regulations", EU_ROHS)
    response = client.patch(f"/api/v1/regulations/{regulation['id']}", json={"title": "x"},
                            headers={**auth(), "If-Match": "99"})
    assert response.status_code == 412 and response.mimetype == "application/problem+json"
    assert client.get(f"/api/v1/regulations/{regulation['id']}", headers=auth()).get_json()["title"] == "Test RoHS"


def test_a_title_change_does_not_re_evaluate(client, auth):
    regulation = create(client, auth, "regulations", EU_ROHS)
    body = client.patch(f"/api/v1/regulations/{regulation['id']}", json={"title": "Renamed"}, headers=auth()).get_json()
    assert body["title"] == "Renamed" and body.get("impact") is None and body["lock_version"] == 2


@pytest.mark.parametrize("body, field", [
    ({**EU_ROHS, "limits": [{"cas": "7439-92-2", "substance": "Lead", "max_ppm": 1000}]}, "limits[0].cas"),
    ({**EU_ROHS, "limits": [{"cas": LEAD, "substance": "Lead", "max_ppm": -1}]}, "limits.0.max_ppm"),
    ({**EU_ROHS, "limits": [{"cas": LEAD, "substance": "Lead", "max_ppm": 2_000_000}]}, "limits.0.max_ppm"),
    ({**EU_ROHS, "effective_date": "yesterday"}, "effective_date"),
    ({**EU_ROHS, "colour": "red"}, "colour"),
    ({**EU_ROHS, "exemptions": [{"code": "6(c)", "cas": MERCURY_CAS, "expires_on": None}]} if (MERCURY_CAS := "7439-97-6") else {}, "exemptions[0].cas"),
])
def test_malformed_regulations_are_422_problems_and_nothing_is_written(client, auth, body, field):
    response = client.post("/api/v1/regulations", json=body, headers=auth())
    assert response.status_code == 422 and response.mimetype == "application/problem+json"
    assert field in response.get_json()["errors"]
    assert client.get("/api/v1/regulations", headers=auth()).get_json()["total"] == 0


def test_a_duplicate_code_is_a_conflict(client, auth):
    create(client, auth, "regulations", EU_ROHS)
    assert client.post("/api/v1/regulations", json=EU_ROHS, headers=auth()).status_code == 409


def test_roles_and_tokens_are_checked(client, auth):
    assert client.get("/api/v1/regulations").status_code == 401
    assert client.post("/api/v1/regulations", json=EU_ROHS, headers=auth("sales")).status_code == 403
    assert client.get("/api/v1/regulations", headers=auth("viewer")).status_code == 200


def test_the_review_clears_the_overdue_flag(client, auth):
    regulation = create(client, auth, "regulations", {**EU_ROHS, "last_reviewed_on": "2024-01-01"})
    assert regulation["review_overdue"] is True
    overdue = client.get("/api/v1/regulations?review_overdue=true", headers=auth()).get_json()
    assert [r["code"] for r in overdue["items"]] == ["EU-TEST"]
    reviewed = client.post(f"/api/v1/regulations/{regulation['id']}/review", json={}, headers=auth()).get_json()
    assert reviewed["review_overdue"] is False
    assert client.get("/api/v1/regulations?review_overdue=true", headers=auth()).get_json()["total"] == 0


def test_a_re_evaluation_stores_every_reason_and_announces_what_is_not_plainly_within_limits(ctx, client, auth):
    import json

    from sqlalchemy import text
    regulation = create(client, auth, "regulations", EU_ROHS)
    body = product_body(lead=800)
    body["materials"].append({"name": "plating", "declared_compliant": True,
                              "substances": [{"cas": LEAD, "concentration": 100, "unit": "ppm"},
                                             {"cas": CADMIUM, "concentration": 20, "unit": "ppm"}]})
    product = create(client, auth, "products", body)
    requested = client.get(f"/api/v1/products/{product['id']}/evaluation", headers=auth()).get_json()
    assert {r["verdict"] for r in requested["reasons"]} == {"within_limit"}  # an evaluation on request: all
    limits = [{"cas": LEAD, "substance": "Lead", "max_ppm": 500}, {"cas": CADMIUM, "substance": "Cadmium", "max_ppm": 100}]
    response = client.patch(f"/api/v1/regulations/{regulation['id']}", json={"limits": limits},
                            headers={**auth(), "If-Match": str(regulation["lock_version"])})
    assert response.status_code == 200, response.get_data(as_text=True)
    stored = client.get(f"/api/v1/products/{product['id']}/evaluation", headers=auth()).get_json()
    assert stored["status"] == "non_compliant" and stored["trigger"] == "regulation:EU-TEST"
    # The re-evaluation stores every reason, as an evaluation on request does (the within-limit ones too) ...
    assert {r["verdict"] for r in stored["reasons"]} == {"limit_exceeded", "within_limit"}
    plain = [r for r in stored["reasons"] if r["verdict"] != "within_limit"]
    assert [(r["verdict"], r["material"], r["cas"], r["value_ppm"], r["limit_ppm"]) for r in plain] == [
        ("limit_exceeded", "solder", LEAD, 800.0, 500.0)]
    with ctx.db.engine.connect() as conn:
        [event] = [json.loads(p) for p in conn.execute(text(
            "SELECT payload FROM outbox WHERE event_type = 'compliance.product.status_changed'")).scalars()
            if json.loads(p)["data"]["evaluation_id"] == stored["id"]]
    # ... and what is not plainly within limits is exactly what its event reports, field by field ...
    assert [{k: r[k] for k in ("finding", "cas", "substance", "group", "declared", "material", "value_ppm",
                                "limit_ppm", "source", "exemption", "exemption_expires_on", "note")}
            for r in event["data"]["reasons"]] == [
        {**{k: r[k] for k in r if k != "verdict"}, "finding": r["verdict"]} for r in plain]
    # ... and the nonconformance it opened describes.
    [nc] = client.get("/api/v1/nonconformances", headers=auth()).get_json()["items"]
    assert nc["description"] == f"solder: Lead [{LEAD}] 800 ppm > 500 ppm (EU-TEST)"
    assert nc["status"] == "open" and nc["product_code"] == "P-100"
