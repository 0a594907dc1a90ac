"""What people see: each report rendered by headless Chromium and its PDF by pdftoppm, as PNG.

Checks the page count, that the charts are there (SVG in the HTML, the charts' colours in the picture),
and that Chinese is drawn with a CJK font (fontconfig resolves the family the CSS names to a font whose
character map holds every Chinese character of the page, and the PDF embeds it), not as tofu boxes.
The PNGs are kept under the test's tmp_path and copied to var/test-output/ for people to look at.
"""
from __future__ import annotations

from datetime import datetime

from PIL import Image

from qms_shared.testing_print import (CJK_FONT, PRIMARY, assert_cjk_font_covers, assert_cjk_font_embedded, chinese,
                                      ink, needs_print_tools, pdf_pages, screenshot)
from reports_scenario import CST, closed_complaint, compliance_news, more_complaints, survey

pytestmark = needs_print_tools  # the charts' bars are PRIMARY (adapters/report_charts.py)


def test_the_8d_report_renders_in_chromium_and_as_pdf_with_chinese(api, auth, clock, ctx, tmp_path):
    complaint = closed_complaint(api, auth, clock, ctx)
    url = f"/api/v1/complaints/{complaint['id']}/report"
    html = api.get(url, headers=auth()).get_data(as_text=True)
    assert_cjk_font_covers(chinese(html))
    png = screenshot(html, tmp_path, "8d-report", 3600)
    assert Image.open(png).size == (900, 3600) and ink(png) > 0.04
    pages, page1, fonts = pdf_pages(api.get(url + "?format=pdf", headers=auth()).data, tmp_path, "8d-report-pdf")
    assert 2 <= pages <= 6, pages
    assert ink(page1) > 0.03
    assert_cjk_font_embedded(fonts)


def test_the_management_review_renders_its_charts(api, auth, clock, ctx, tmp_path):
    closed_complaint(api, auth, clock, ctx)
    more_complaints(api, auth)
    survey(api, auth, 2026)
    compliance_news(ctx, datetime(2026, 3, 1, 10, tzinfo=CST))
    query = "/api/v1/reports/management-review?from=2025-10-01&to=2026-06-30"
    html = api.get(query, headers=auth()).get_data(as_text=True)
    assert html.count("<svg") == 10
    assert_cjk_font_covers(chinese(html))
    png = screenshot(html, tmp_path, "management-review", 9000)
    assert ink(png) > 0.05 and ink(png, PRIMARY) > 0.003  # the charts' bars are drawn
    pages, page1, fonts = pdf_pages(api.get(query + "&format=pdf", headers=auth()).data, tmp_path,
                                    "management-review-pdf")
    assert pages >= 4, pages
    assert ink(page1, PRIMARY) > 0.003 and CJK_FONT.search(fonts)
