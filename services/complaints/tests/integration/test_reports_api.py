"""The 8D report and the management-review pack over HTTP: languages, headers, escaping, figures, events."""
from __future__ import annotations

import re
from datetime import datetime

from complaints_api import create, problem
from reports_scenario import CST, closed_complaint, compliance_news, more_complaints, survey


def _figures(html: str) -> dict[str, str]:
    """The cells the pack marks with data-figure (name -> shown text)."""
    return dict(re.findall(r'data-figure="([^"]+)">([^<]*)<', html))


def test_the_8d_report_of_a_closed_complaint_in_chinese_and_english(api, auth, clock, ctx):
    complaint = closed_complaint(api, auth, clock, ctx)
    url = f"/api/v1/complaints/{complaint['id']}/report"
    zh = api.get(url, headers=auth("viewer"))
    assert zh.status_code == 200 and zh.mimetype == "text/html" and zh.headers["Content-Language"] == "zh-CN"
    policy = zh.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "http" not in policy and "'self'" not in policy
    assert zh.headers["X-Content-Type-Options"] == "nosniff"
    html = zh.get_data(as_text=True)
    for code in ("D0", "D1", "D2", "D3", "D4", "D5", "D6", "D7", "D8"):
        assert f"<h2>{code} " in html
    for text in ("8D 报告", "华南纸业有限公司", "纸板含水率过低。", "料", "纸板调湿 24 小时。", "来料检验增加含水率检测。",
                 "后续三批无开裂。", "王工", "李经理", "B2602", "逾期回复", "按期", "验证有效", "CL-2026-000001"):
        assert text in html, text
    english = api.get(url, headers={**auth("viewer"), "Accept-Language": "en-GB,en;q=0.8"})
    assert english.headers["Content-Language"] == "en"
    assert "8D report" in english.get_data(as_text=True) and "material" in english.get_data(as_text=True)
    forced = api.get(url + "?lang=zh-CN", headers={**auth("viewer"), "Accept-Language": "en"})
    assert "8D 报告" in forced.get_data(as_text=True)


def test_the_8d_report_escapes_what_people_typed_and_loads_nothing(api, auth):
    complaint = create(api, auth, description='<script>alert("x")</script><img src="http://evil.example/x.png">')
    html = api.get(f"/api/v1/complaints/{complaint['id']}/report?lang=en", headers=auth()).get_data(as_text=True)
    assert "<script>" not in html and "&lt;script&gt;" in html and '<img src="http' not in html
    assert not re.search(r'(src|href)="(https?:)?//', html)
    assert "not yet done" in html  # D3-D8 are still to come


def test_the_8d_report_as_pdf(api, auth, clock, ctx):
    complaint = closed_complaint(api, auth, clock, ctx)
    response = api.get(f"/api/v1/complaints/{complaint['id']}/report?format=pdf", headers=auth())
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF") and "attachment" in response.headers["Content-Disposition"]
    assert f"8D-{complaint['number']}.pdf" in response.headers["Content-Disposition"]


def test_reports_refuse_what_they_cannot_answer(api, auth):
    problem(api.get("/api/v1/complaints/00000000-0000-0000-0000-000000000001/report", headers=auth()), 404)
    complaint = create(api, auth)
    for query in ("format=docx", "lang=fr"):
        problem(api.get(f"/api/v1/complaints/{complaint['id']}/report?{query}", headers=auth()), 422)
    problem(api.get("/api/v1/reports/management-review?from=2026-03-01", headers=auth()), 422)
    problem(api.get("/api/v1/reports/management-review?from=2026-03-01&to=2026-01-01", headers=auth()), 422)
    problem(api.get("/api/v1/reports/management-review?year=2026"), 401)


def test_the_pack_holds_the_statistics_endpoints_figures(api, auth, clock, ctx):
    closed_complaint(api, auth, clock, ctx)
    more_complaints(api, auth)
    opened = survey(api, auth, 2026)
    query = "from=2026-01-01&to=2026-06-30"
    pack = api.get(f"/api/v1/reports/management-review?{query}&format=json", headers=auth("viewer")).get_json()
    stats = api.get(f"/api/v1/complaints/stats?{query}", headers=auth("viewer")).get_json()
    assert pack["statistics"] == stats and stats["total"] == 5
    score = api.get(f"/api/v1/surveys/{opened['id']}/score", headers=auth("viewer")).get_json()
    assert [(s["survey_score"], s["objective_score"], s["total_score"]) for s in pack["satisfaction"]] == [
        (score["survey_score"], score["objective_score"], score["total_score"])]
    assert pack["dissatisfied_items"][0] == {"item": "delivery", "answers": 1, "dissatisfied": 1, "share": 100.0,
                                             "average": 10.0}
    assert pack["claims"] == [{"status": "submitted", "currency": "CNY", "count": 1, "claimed": "3600.00",
                               "proposed": "0.00", "settled": "0.00"}]
    assert sum(pack["incidents"].values()) == stats["total"]
    assert [r["count"] for r in pack["pareto"]["category"]] == sorted(stats["by_category"].values(), reverse=True)
    html = api.get(f"/api/v1/reports/management-review?{query}", headers=auth("viewer")).get_data(as_text=True)
    shown = _figures(html)
    assert shown["total"] == str(stats["total"])
    assert {k: int(shown[f"month:{k}"]) for k in stats["by_month"]} == stats["by_month"]
    assert {k: int(shown[f"category:{k}"]) for k in stats["by_category"]} == stats["by_category"]
    assert {k: int(shown[f"cause:{k}"]) for k in stats["by_cause_category"]} == stats["by_cause_category"]
    for deadline, rate in stats["on_time_rate"].items():
        assert shown[f"on_time:{deadline}"] == ("—" if rate is None else f"{rate:.1f}")
    assert shown["total:2026"] == ("—" if score["total_score"] is None else f"{score['total_score']:.1f}")


def test_the_pack_is_html_with_a_chart_and_a_table_per_figure(api, auth, clock, ctx):
    closed_complaint(api, auth, clock, ctx)
    response = api.get("/api/v1/reports/management-review?year=2026", headers=auth("viewer"))
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    html = response.get_data(as_text=True)
    charts = re.findall(r'<div class="chart" data-chart="([a-z_]+)"><svg', html)
    assert len(charts) == 10 and len(set(charts)) == 10
    for name in charts:  # each chart has its table right below it
        after = html.split(f'data-chart="{name}">', 1)[1]
        assert after.index("<table") < after.index("</section>")
    assert "管理评审输入" in html and "每月投诉及趋势" in html
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) > 100 and len(ids) == len(set(ids))  # ten matplotlib charts, one id each in the page
    pdf = api.get("/api/v1/reports/management-review?year=2026&format=pdf&lang=en", headers=auth("viewer"))
    assert pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")


def test_compliance_news_comes_by_events_into_the_pack(api, auth, ctx):
    compliance_news(ctx, datetime(2026, 3, 1, 10, tzinfo=CST))
    pack = api.get("/api/v1/reports/management-review?year=2026&format=json", headers=auth()).get_json()
    status = pack["compliance"]
    assert status["products"] == {"compliant": 1, "partially_compliant": 0, "non_compliant": 1}
    assert status["nonconformances"] == {"open": 1, "action_planned": 0, "closed": 1}
    assert [(n["number"], n["overdue"]) for n in status["open_nonconformances"]] == [("NC-2026-000001", False)]
    html = api.get("/api/v1/reports/management-review?year=2026", headers=auth()).get_data(as_text=True)
    assert "NC-2026-000001" in html and "NC-2026-000002" not in html and "产品 BOX-7" in html


def test_the_openapi_document_names_each_reports_media_types(api):
    spec = api.get("/api/v1/openapi.json").get_json()
    eight_d = spec["paths"]["/api/v1/complaints/{complaint_id}/report"]["get"]["responses"]["200"]["content"]
    review = spec["paths"]["/api/v1/reports/management-review"]["get"]["responses"]["200"]["content"]
    assert {"text/html", "application/pdf"} <= set(eight_d)
    assert {"text/html", "application/pdf", "application/json"} <= set(review)
    assert eight_d["application/pdf"]["schema"] == {"type": "string", "format": "binary"}
