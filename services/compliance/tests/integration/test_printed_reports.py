"""What people see: the yearly compliance report and the China RoHS table, printed in the suite's print style.

Each page is rendered by headless Chromium to PNG and its PDF (WeasyPrint) by pdftoppm, with the shared helpers
of qms_shared.testing_print: the page count, ink on the page (and the print style's blue), and Chinese drawn
with a CJK font that holds every character of the page and is embedded in the PDF, not as tofu boxes.
"""
from __future__ import annotations

import base64
from datetime import date

import pytest

from compliance_api import EU_ROHS, clear_reference_data, create, product_body, three_parts
from qms_shared.testing_print import (PRIMARY, assert_cjk_font_covers, assert_cjk_font_embedded, chinese, ink,
                                      needs_print_tools, pdf_pages, screenshot)

COMPANY = "华东精密电子有限公司"
# a 1x1 blue PNG: the logo configured for the letterhead, carried by the page itself
LOGO = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR42mNQ1HEEAAE9AKZ8GqSvAAAAAElFTkSuQmCC")


@pytest.fixture
def letterhead(app, tmp_path, monkeypatch):
    """The company's name and logo, as QMS_COMPANY_NAME and QMS_COMPANY_LOGO configure them."""
    logo = tmp_path / "logo.png"
    logo.write_bytes(LOGO)
    config = app.extensions["qms"].config
    monkeypatch.setattr(config, "company_name", COMPANY)
    monkeypatch.setattr(config, "company_logo", str(logo))


def _a_year_of_compliance(ctx, client, auth):
    clear_reference_data(ctx)
    create(client, auth, "regulations", EU_ROHS)
    create(client, auth, "products", product_body(code="GOOD-1", lead=10))
    create(client, auth, "products", product_body(code="BAD-1", lead=5000))  # opens a nonconformance
    create(client, auth, "interested-party-records", {
        "party_name": "区生态环境局", "party_type": "authority", "kind": "administrative_penalty",
        "description": "废水排放超标罚款", "received_on": date.today().isoformat()})


def _is_print_style(page, kind: str) -> str:
    assert page.status_code == 200 and page.mimetype == kind, page.get_data(as_text=True)[:500]
    assert "default-src 'none'" in page.headers["Content-Security-Policy"]
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    return page.headers["Content-Disposition"]


def test_the_yearly_report_as_html_and_json_say_the_same(ctx, client, auth, letterhead):
    _a_year_of_compliance(ctx, client, auth)
    year = date.today().year
    report = client.get(f"/api/v1/reports/annual?year={year}", headers=auth("viewer")).get_json()
    page = client.get(f"/api/v1/reports/annual?year={year}&format=html", headers=auth("viewer"))
    assert _is_print_style(page, "text/html") == f'inline; filename="compliance-report-{year}.html"'
    html = page.get_data(as_text=True)
    assert html.startswith("<!DOCTYPE html>") and '<html lang="zh-CN">' in html
    assert 'class="letterhead"' in html and COMPANY in html and 'src="data:image/png;base64,' in html
    assert "RoHS法律法规及其它要求遵循情况评价报告表" in html and "不满足" in html and "区生态环境局" in html
    [nc] = report["nonconformances"]["open"]
    assert nc["number"] in html and report["products"]["total"] == 2
    english = client.get(f"/api/v1/reports/annual?year={year}&format=html&lang=en", headers=auth("viewer"))
    text = english.get_data(as_text=True)
    assert '<html lang="en">' in text and "yearly compliance evaluation" in text and "non-compliant" in text
    assert english.headers["Content-Language"] == "en"
    by_header = client.get(f"/api/v1/reports/annual?year={year}&format=html",
                           headers={**auth("viewer"), "Accept-Language": "en-GB,en;q=0.8"})
    assert '<html lang="en">' in by_header.get_data(as_text=True)


@needs_print_tools
def test_the_yearly_report_renders_in_chromium_and_as_pdf_with_chinese(ctx, client, auth, letterhead, tmp_path):
    _a_year_of_compliance(ctx, client, auth)
    url = f"/api/v1/reports/annual?year={date.today().year}"
    html = client.get(url + "&format=html", headers=auth("viewer")).get_data(as_text=True)
    assert_cjk_font_covers(chinese(html))
    png = screenshot(html, tmp_path, "compliance-annual-report", 2400)
    assert ink(png) > 0.03 and ink(png, PRIMARY) > 0.002  # text, tables, the letterhead's and headings' blue
    pdf = client.get(url + "&format=pdf", headers=auth("viewer"))
    assert _is_print_style(pdf, "application/pdf").startswith('attachment; filename="compliance-report-')
    pages, page1, fonts = pdf_pages(pdf.data, tmp_path, "compliance-annual-report-pdf")
    assert 1 <= pages <= 3, pages
    assert ink(page1) > 0.03 and ink(page1, PRIMARY) > 0.002
    assert_cjk_font_embedded(fonts)


@needs_print_tools
def test_the_china_rohs_table_renders_in_chromium_and_as_pdf_with_chinese(client, auth, shipped, letterhead,
                                                                          tmp_path):
    made = create(client, auth, "products", three_parts())
    url = f"/api/v1/products/{made['id']}/china-rohs-table?as_of=2026-03-01"
    page = client.get(url + "&format=html", headers=auth("viewer"))
    assert _is_print_style(page, "text/html") == 'inline; filename="china-rohs-table-TBL-1.html"'
    html = page.get_data(as_text=True)
    assert 'class="letterhead"' in html and COMPANY in html and "产品中有害物质的名称及含量" in html
    assert "部件名称" in html and "环保使用期限" in html and html.count('class="over"') == 2
    assert "=cmd|&#39; /C calc&#39;!A0" in html  # escaped, as every text of the page
    assert_cjk_font_covers(chinese(html))
    png = screenshot(html, tmp_path, "china-rohs-table", 1100)
    assert ink(png) > 0.02 and ink(png, PRIMARY) > 0.001
    pdf = client.get(url + "&format=pdf", headers=auth("viewer"))
    assert _is_print_style(pdf, "application/pdf") == 'attachment; filename="china-rohs-table-TBL-1.pdf"'
    pages, page1, fonts = pdf_pages(pdf.data, tmp_path, "china-rohs-table-pdf")
    assert pages == 1 and ink(page1) > 0.02
    assert_cjk_font_embedded(fonts)


def test_a_product_code_outside_ascii_gives_a_plain_file_name(client, auth, shipped):
    made = create(client, auth, "products", {**three_parts(), "code": '外壳"\r\nX-1'})
    for fmt in ("html", "csv"):
        response = client.get(f"/api/v1/products/{made['id']}/china-rohs-table?format={fmt}", headers=auth())
        assert response.status_code == 200, fmt
        assert response.headers["Content-Disposition"].endswith(f'filename="china-rohs-table-_____X-1.{fmt}"')
