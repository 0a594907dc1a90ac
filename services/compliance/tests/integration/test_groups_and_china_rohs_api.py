"""Group-basis evaluation, China RoHS versions, the hazardous-substance table and the yearly report, end to end."""
from __future__ import annotations

import json
from datetime import date, datetime, timezone

from compliance.bootstrap import bootstrap
from sqlalchemy import select, text

from compliance.adapters import orm
from compliance.domain.commands import LoadReferenceData, RegisterProduct
from compliance.domain.report import status_at
from compliance_api import DEHP, LEAD, create, material, product, three_parts
from qms_shared.domain import Actor

PBO = "1317-36-8"


def test_reference_data_completes_an_existing_install_once(ctx, client, auth):
    from qms_shared.migrations import upgrade
    with ctx.db.engine.begin() as conn:  # an installation as the first release left it: the migration's two entries
        conn.execute(text("UPDATE alembic_version SET version_num = '3c22cb618095'"))
    upgrade(ctx.db, "compliance", "7d1e0a5b9c42")
    with ctx.db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '6e648287cf20'"))
    create(client, auth, "products", product("OLD-1", material("solder", {LEAD: 30000}, exemptions=["6(c)"])))
    shipped = ctx.bus.handle(LoadReferenceData(actor=Actor(id="test"), at=datetime.now(timezone.utc)))
    assert len(shipped.groups) == 10 and set(shipped.regulations) == {"GB/T-26572-AMD1", "GB-26572-2025"}
    assert set(shipped.updated) == {"EU-ROHS", "GB/T-26572"}  # family and exemptions added by review
    assert [(c["product_code"], c["status"]) for c in shipped.impact.changes] == [("OLD-1", "compliant")]
    again = ctx.bus.handle(LoadReferenceData(actor=Actor(id="test"), at=datetime.now(timezone.utc)))
    assert (again.groups, again.regulations, again.updated, again.impact) == ([], [], [], None)
    eu = next(r for r in client.get("/api/v1/regulations?jurisdiction=EU", headers=auth()).get_json()["items"])
    six_c = next(e for e in eu["exemptions"] if e["code"] == "6(c)")
    assert six_c["max_ppm"] == 40000 and "2025/2364" in six_c["legal_source"]
    assert eu["review_history"][-1]["note"].startswith("reference data: shipped exemptions added")


def test_lead_oxide_through_the_api_counts_as_lead(client, auth, shipped):
    over = create(client, auth, "products", product("PBO-1", material("glass", {PBO: 1100})))
    within = create(client, auth, "products", product("PBO-2", material("glass", {PBO: 1050})))
    assert (over["status"], within["status"]) == ("non_compliant", "compliant")
    reasons = client.get(f"/api/v1/products/{over['id']}/evaluation", headers=auth()).get_json()["reasons"]
    [lead] = [r for r in reasons if r["group"] == "Pb"]
    assert lead["declared"] == [PBO] and round(lead["value_ppm"]) == 1021 and lead["verdict"] == "limit_exceeded"


def test_a_catalogue_group_is_editable_and_unknown_formulas_refused(client, auth, shipped):
    groups = client.get(f"/api/v1/substance-groups?cas={PBO}", headers=auth()).get_json()["items"]
    assert [g["code"] for g in groups] == ["Pb"] and groups[0]["sources"]
    bad = client.post("/api/v1/substance-groups", headers=auth(), json={
        "code": "Sn", "name": "Tin", "cas": "7440-31-5", "element": "Sn",
        "members": [{"cas": "7440-31-5", "name": "Tin", "formula": "Xq2"}]})
    assert bad.status_code == 422 and "members[0].formula" in bad.get_json()["errors"]


def test_dehp_moves_on_the_day_the_amendment_takes_effect(ctx, overrides, client, auth, shipped):
    made = create(client, auth, "products", product("DEHP-1", material("cable", {DEHP: 2000}), markets=("CN",)))
    before = client.post("/api/v1/admin/reevaluation", json={"as_of": "2025-12-31"}, headers=auth("admin")).get_json()
    assert [c["status"] for c in before["changes"]] == ["compliant"]  # not restricted by GB/T 26572-2011
    new_year = datetime(2026, 1, 1, 0, 5, tzinfo=timezone.utc)
    worker = bootstrap(overrides, clock=lambda: new_year)  # the worker's daily job, on 1 January 2026
    try:
        [job] = [job for job in worker.periodic_jobs if job.name == "reevaluation"]
        job.run()
    finally:
        worker.db.dispose()
    assert client.get(f"/api/v1/products/{made['id']}", headers=auth()).get_json()["status"] == "non_compliant"
    [report] = [r for r in client.get("/api/v1/impact-reports", headers=auth()).get_json()["items"]
                if r["trigger"].startswith("scheduled")]
    assert "GB/T-26572-AMD1" in report["trigger"] and report["changes"][0]["status"] == "non_compliant"
    history = client.get(f"/api/v1/products/{made['id']}/evaluations", headers=auth()).get_json()["items"]
    [daily] = [e for e in history if e["trigger"].startswith("scheduled")]
    assert [(r["group"], r["source"]) for r in daily["reasons"] if r["verdict"] == "limit_exceeded"] == [
        ("DEHP", "GB/T-26572-AMD1")]


def test_the_evaluated_event_carries_not_declared_as_a_v1_verdict(ctx, client, auth, shipped):
    create(client, auth, "products", product("ONLY-PB", material("paint", {LEAD: 10}, declared=False)))
    with ctx.db.engine.connect() as conn:
        payloads = [json.loads(p) for p in conn.execute(text(
            "SELECT payload FROM outbox WHERE event_type = 'compliance.product.evaluated'")).scalars()]
    reasons = payloads[-1]["data"]["reasons"]
    assert payloads[-1]["data"]["status"] == "partially_compliant" and payloads[-1]["version"] == 1
    assert {(r["verdict"], r["finding"]) for r in reasons} == {("data_missing", "not_declared")}


def test_the_table_json_and_csv(client, auth, shipped):
    made = create(client, auth, "products", three_parts())
    table = client.get(f"/api/v1/products/{made['id']}/china-rohs-table?as_of=2026-03-01", headers=auth()).get_json()
    codes = [c["group"] for c in table["columns"]]
    marks = {row["part"]: dict(zip(codes, [c["mark"] for c in row["cells"]])) for row in table["rows"]}
    assert (marks["外壳"]["DEHP"], marks["外壳"]["Pb"], marks["电路板"]["Pb"]) == ("×", "○", "×")
    assert set(marks["=cmd|' /C calc'!A0"].values()) == {"○"} and table["efup_years"] == 10
    old = client.get(f"/api/v1/products/{made['id']}/china-rohs-table?as_of=2025-06-01", headers=auth()).get_json()
    assert len(old["columns"]) == 6 and old["standard"] == "GB/T 26572-2011"
    csv = client.get(f"/api/v1/products/{made['id']}/china-rohs-table?format=csv&as_of=2026-03-01", headers=auth())
    text = csv.get_data(as_text=True)
    assert csv.mimetype == "text/csv" and "部件名称" in text
    assert "\n'=cmd|' /C calc'!A0," in text.replace("\r\n", "\n") and "\n=cmd" not in text


def test_the_yearly_report_uses_the_state_at_year_end(ctx, client, auth):
    spring = datetime(2025, 3, 1, tzinfo=timezone.utc)
    body = product("YR-1", material("solder", {LEAD: 500}), supplier_declaration_date=date(2025, 1, 1))
    made = ctx.bus.handle(RegisterProduct(fields={k: v for k, v in body.items() if k != "materials"},
                                          materials=body["materials"], actor=Actor(id="t"), at=spring))
    create(client, auth, "regulations", {"code": "EU-T", "title": "T", "jurisdiction": "EU",
                                         "effective_date": "2020-01-01",
                                         "limits": [{"cas": LEAD, "substance": "Lead", "max_ppm": 100}]})
    client.post("/api/v1/interested-party-records", headers=auth(), json={
        "party_name": "EPB", "party_type": "authority", "kind": "administrative_penalty",
        "description": "fine", "received_on": "2025-06-01"})
    assert client.get(f"/api/v1/products/{made.id}", headers=auth()).get_json()["status"] == "non_compliant"
    report = client.get("/api/v1/reports/annual?year=2025", headers=auth()).get_json()
    [row] = report["products"]["items"]
    assert (row["status"], row["evaluated_at"][:10]) == ("compliant", "2025-03-01")  # as 2025 ended
    assert report["interested_parties"]["administrative_penalties"] == 1
    assert report["regulations"]["reviewed_in_year"] == []  # EU-T was entered and reviewed in 2026
    moment = datetime(2025, 12, 31, 23, 59, 59, 999999, tzinfo=timezone.utc)
    with ctx.uow_factory() as uow:
        every = uow.session.execute(select(orm.evaluations)).all()
        assert uow.evaluations.statuses_at(moment) == status_at(every, moment)  # the query is the definition
        assert len(status_at(every, datetime.now(timezone.utc))) == 1
