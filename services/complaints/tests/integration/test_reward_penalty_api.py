"""质量问题处理管理规定 §5-7 over the API and through the broker: the clauses of §5 loaded once and editable, two
penalty notices under one clause approved by quality's head, and the month's summary as JSON, CSV and a page."""
from __future__ import annotations

from supplier_quality_api import call, through_broker, types

HEAD = {"roles": ("quality",), "sub": "head-q", "department": "quality"}
NOTICE = {"person": {"name": "李巡检", "id": "E1024"}, "department": "quality", "clauses": ["5.2.1.11"],
          "quantity": 3, "amount": "30.00", "reason": "3 pieces with burrs passed to final inspection.",
          "links": {"complaint": "CP-2026-000001"}}


def _load(api, auth) -> dict:
    return call(api, auth, "post", "/reward-penalty-clauses/defaults", roles=("admin",))


def _issue(api, auth, **overrides) -> dict:
    return call(api, auth, "post", "/reward-penalty-notices", {**NOTICE, **overrides}, status=201,
                sub="issuer-q", department="quality")


def _approve(api, auth, notice) -> dict:
    return call(api, auth, "post", f"/reward-penalty-notices/{notice['id']}/approval", {}, roles=HEAD["roles"],
                sub=HEAD["sub"], department=HEAD["department"])


def test_the_clauses_of_section_5_load_once_and_an_edit_survives_a_second_load(api, auth):
    first = _load(api, auth)
    assert len(first["added"]) == 43 and first["kept"] == []
    clauses = call(api, auth, "get", "/reward-penalty-clauses?per_page=200")["items"]
    by_code = {c["code"]: c for c in clauses}
    assert (by_code["5.2.1.12"]["amount_min"], by_code["5.2.1.12"]["amount_max"], by_code["5.2.1.12"]["unit"]) == (
        "50.00", "200.00", "each")
    assert (by_code["5.1.3.1"]["kind"], by_code["5.1.3.1"]["department"], by_code["5.1.3.1"]["fixed"]) == (
        "penalty", "purchasing", True)
    response = api.patch(f"/api/v1/reward-penalty-clauses/{by_code['5.1.3.1']['id']}", json={"amount_max": "400"},
                         headers={**auth("quality"), "If-Match": '"1"'})
    assert response.status_code == 422 and "amount_max" in response.get_json()["errors"]  # below the 500 floor
    response = api.patch(f"/api/v1/reward-penalty-clauses/{by_code['5.1.3.1']['id']}", json={"amount_max": "800"},
                         headers={**auth("quality"), "If-Match": '"7"'})
    assert response.status_code == 412
    edited = call(api, auth, "patch", f"/reward-penalty-clauses/{by_code['5.1.1.1']['id']}", {"amount_max": "150"})
    assert edited["version"] == 2
    second = _load(api, auth)
    assert second["added"] == [] and len(second["kept"]) == 43
    assert call(api, auth, "get", f"/reward-penalty-clauses/{edited['id']}")["amount_max"] == "150.00"


def test_two_penalty_notices_under_one_clause_and_the_months_summary(api, auth, ctx):
    _load(api, auth)
    first = _issue(api, auth)
    second = _issue(api, auth, person={"name": "王终检", "id": "E2048"}, quantity=2, amount="20.00")
    assert (first["governing_clause"], first["kind"], first["status"]) == ("5.2.1.11", "penalty", "issued")
    # the issuer does not approve their own notice; another department's head cannot either
    call(api, auth, "post", f"/reward-penalty-notices/{first['id']}/approval", {}, sub="issuer-q",
         department="quality", status=403)
    call(api, auth, "post", f"/reward-penalty-notices/{first['id']}/approval", {}, sub="head-p",
         department="production", status=403)
    assert _approve(api, auth, first)["status"] == "approved"
    _approve(api, auth, second)
    _issue(api, auth, amount="10.00", quantity=1)  # still awaiting approval: counted apart

    summary = call(api, auth, "get", "/reward-penalty-notices/summary?month=2026-03", roles=("finance",))
    assert summary["departments"] == [{"department": "quality", "rewards": "0.00", "penalties": "50.00",
                                       "net": "-50.00", "notices": [first["number"], second["number"]]}]
    assert [(p["person_name"], p["penalties"]) for p in summary["people"]] == [("李巡检", "30.00"), ("王终检", "20.00")]
    assert (summary["pending_approval"], summary["total"]["penalties"]) == (1, "50.00")

    csv = call(api, auth, "get", "/reward-penalty-notices/summary?month=2026-03&format=csv", roles=("finance",))
    assert csv.mimetype == "text/csv"
    lines = csv.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert lines[0] == "month,department,person_name,person_id,rewards,penalties,net,notices"
    assert lines[1] == f"2026-03,quality,李巡检,E1024,0.00,30.00,-30.00,{first['number']}"
    page = call(api, auth, "get", "/reward-penalty-notices/summary?month=2026-03&format=html", roles=("finance",))
    assert page.mimetype == "text/html" and "质量奖惩月度汇总" in page.get_data(as_text=True)

    published = [m for m in through_broker(ctx) if m["type"].startswith("complaints.reward_penalty_notice.")]
    assert types(published) == ["complaints.reward_penalty_notice.issued"] * 2 + [
        "complaints.reward_penalty_notice.approved"] * 2 + ["complaints.reward_penalty_notice.issued"]
    assert published[2]["data"]["person"] == {"name": "李巡检", "id": "E1024"} and published[2]["data"]["amount"] == "30.00"


def test_amounts_stay_in_the_clause_range_and_the_harsher_clause_governs(api, auth):
    _load(api, auth)
    over = call(api, auth, "post", "/reward-penalty-notices", {**NOTICE, "amount": "31.00"}, status=422)
    assert "amount" in over["errors"]
    harsher = _issue(api, auth, clauses=["5.2.1.11", "5.2.1.12"], quantity=1, amount="150.00")
    assert harsher["governing_clause"] == "5.2.1.12"  # 50..200 per piece beats 10 per piece (§6.1)
    mixed = call(api, auth, "post", "/reward-penalty-notices", {**NOTICE, "clauses": ["5.2.1.11", "5.2.2.1"]},
                 status=422)
    assert "clauses" in mixed["errors"]
    other = call(api, auth, "post", "/reward-penalty-notices", {**NOTICE, "clauses": ["5.1.3.1"], "amount": "500"},
                 status=422)
    assert "applies to purchasing" in other["errors"]["clauses"][0]
    unknown = call(api, auth, "post", "/reward-penalty-notices", {**NOTICE, "clauses": ["9.9"]}, status=422)
    assert unknown["errors"]["clauses"] == ["No clause 9.9."]


def test_the_summary_page_escapes_and_the_csv_neutralises_what_people_typed(api, auth):
    _load(api, auth)
    notice = _issue(api, auth, person={"name": "=cmd|' /C calc'!A0", "id": "<b>x</b>"})
    _approve(api, auth, notice)
    csv = call(api, auth, "get", "/reward-penalty-notices/summary?month=2026-03&format=csv").get_data(as_text=True)
    assert ",'=cmd|" in csv
    page = call(api, auth, "get", "/reward-penalty-notices/summary?month=2026-03&format=html").get_data(as_text=True)
    assert "<b>x</b>" not in page and "&lt;b&gt;x&lt;/b&gt;" in page
    call(api, auth, "get", "/reward-penalty-notices/summary?month=2026-13", status=422)
    call(api, auth, "get", "/reward-penalty-notices/summary?month=2026-03", roles=("sales",), status=403)
