"""What people see: each report rendered by headless Chromium and its PDF by pdftoppm, as PNG.

Checks the page count, that the charts are there (SVG in the HTML, the charts' colours in the picture),
and that Chinese is drawn with a CJK font (fontconfig resolves the family the CSS names to a font whose
character map holds every Chinese character of the page, and the PDF embeds it), not as tofu boxes.
The PNGs are kept under the test's tmp_path and copied to var/test-output/ for people to look at.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import numpy
import pytest
from PIL import Image

from reports_scenario import CST, closed_complaint, compliance_news, more_complaints, survey

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
TOOLS = all(shutil.which(tool) for tool in ("pdftoppm", "pdfinfo", "pdffonts", "fc-match"))
OUTPUT = Path(__file__).resolve().parents[4] / "var" / "test-output"
PRIMARY = (0x1F, 0x4E, 0x79)
CJK_FONT = re.compile(r"Noto-?Sans-?CJK|WenQuanYi|Source-?Han")  # the charts' bars (adapters/report_charts.py)
pytestmark = pytest.mark.skipif(CHROMIUM is None or not TOOLS,
                                reason="chromium and poppler-utils are installed by scripts/system-deps.sh")


def _keep(png: Path, name: str) -> Path:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(png, OUTPUT / name)
    return png


def _screenshot(html: str, tmp_path: Path, name: str, height: int) -> Path:
    page, png = tmp_path / f"{name}.html", tmp_path / f"{name}.png"
    page.write_text(html, encoding="utf-8")
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    "--no-first-run", "--disable-background-networking", "--disable-component-update",
                    f"--user-data-dir={tmp_path}/chrome", "--host-resolver-rules=MAP * ~NOTFOUND",
                    f"--window-size=900,{height}", f"--screenshot={png}", page.as_uri()],
                   capture_output=True, timeout=120, check=True)
    return _keep(png, f"{name}.png")


def _pdf_pages(pdf: bytes, tmp_path: Path, name: str) -> tuple[int, Path, str]:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(path),
                    str(tmp_path / f"{name}-page1")], check=True, timeout=120)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    return pages, _keep(tmp_path / f"{name}-page1.png", f"{name}-page1.png"), fonts


def _ink(png: Path, colour=None, tolerance: int = 40) -> float:
    """Share of the picture that is not white (or, given `colour`, that is near it)."""
    pixels = numpy.asarray(Image.open(png).convert("RGB"), dtype=numpy.int16)
    if colour is None:
        return float((pixels.sum(axis=2) < 720).mean())
    return float((numpy.abs(pixels - numpy.array(colour)).max(axis=2) <= tolerance).mean())


def _chinese(html: str) -> set[str]:
    text = re.sub(r"<style>.*?</style>|<svg.*?</svg>", "", html, flags=re.S)
    return set(re.findall(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]", text))


def _assert_cjk_font_covers(chars: set[str]) -> None:
    """fontconfig gives the CSS's first family as a real CJK font whose cmap has every character (no tofu)."""
    from fontTools.ttLib import TTCollection, TTFont

    resolved = subprocess.run(["fc-match", "-f", "%{file}|%{family}|%{index}", "Noto Sans CJK SC:lang=zh-cn"],
                              capture_output=True, text=True, check=True).stdout
    path, family, index = resolved.split("|")
    assert "CJK" in family or "Hei" in family, resolved
    font = TTCollection(path).fonts[int(index or 0)] if path.endswith(".ttc") else TTFont(path)
    cmap = font.getBestCmap()
    missing = {ch for ch in chars if ord(ch) not in cmap}
    assert len(chars) > 20 and not missing, missing


def test_the_8d_report_renders_in_chromium_and_as_pdf_with_chinese(api, auth, clock, ctx, tmp_path):
    complaint = closed_complaint(api, auth, clock, ctx)
    url = f"/api/v1/complaints/{complaint['id']}/report"
    html = api.get(url, headers=auth()).get_data(as_text=True)
    _assert_cjk_font_covers(_chinese(html))
    png = _screenshot(html, tmp_path, "8d-report", 3600)
    assert Image.open(png).size == (900, 3600) and _ink(png) > 0.04
    pages, page1, fonts = _pdf_pages(api.get(url + "?format=pdf", headers=auth()).data, tmp_path, "8d-report-pdf")
    assert 2 <= pages <= 6, pages
    assert _ink(page1) > 0.03
    cjk = [line for line in fonts.splitlines() if CJK_FONT.search(line)]
    assert cjk and all(" yes " in line for line in cjk), fonts  # the CJK font is embedded (emb column)


def test_the_management_review_renders_its_charts(api, auth, clock, ctx, tmp_path):
    closed_complaint(api, auth, clock, ctx)
    more_complaints(api, auth)
    survey(api, auth, 2026)
    compliance_news(ctx, datetime(2026, 3, 1, 10, tzinfo=CST))
    query = "/api/v1/reports/management-review?from=2025-10-01&to=2026-06-30"
    html = api.get(query, headers=auth()).get_data(as_text=True)
    assert html.count("<svg") == 10
    _assert_cjk_font_covers(_chinese(html))
    png = _screenshot(html, tmp_path, "management-review", 9000)
    assert _ink(png) > 0.05 and _ink(png, PRIMARY) > 0.003  # the charts' bars are drawn
    pages, page1, fonts = _pdf_pages(api.get(query + "&format=pdf", headers=auth()).data, tmp_path,
                                     "management-review-pdf")
    assert pages >= 4, pages
    assert _ink(page1, PRIMARY) > 0.003 and CJK_FONT.search(fonts)
