"""Test helpers for printable reports (qms_shared.web.print): what people see, checked as pictures.

A page is rendered by headless Chromium to PNG, a PDF by poppler (pdfinfo, pdftoppm, pdffonts) to PNG; `ink`
measures how much of a picture is drawn (or drawn in one colour), `chinese` lists the CJK characters a page
shows, and `assert_cjk_font_covers` checks that the font fontconfig gives for the print style's first family
holds every one of them (no tofu boxes). The pictures are copied to var/test-output/ for people to look at.
Chromium and poppler-utils come from scripts/system-deps.sh; `needs_print_tools` skips a test without them.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
POPPLER = all(shutil.which(tool) for tool in ("pdftoppm", "pdfinfo", "pdffonts", "fc-match"))
OUTPUT = Path(os.environ.get("QMS_TEST_OUTPUT") or Path(__file__).resolve().parents[3] / "var" / "test-output")
CJK_FONT = re.compile(r"Noto-?Sans-?CJK|WenQuanYi|Source-?Han")  # as pdffonts names an embedded CJK font
PRIMARY = (0x1F, 0x4E, 0x79)  # the print style's blue (letterhead rule, headings)
needs_print_tools = pytest.mark.skipif(CHROMIUM is None or not POPPLER,
                                       reason="chromium and poppler-utils are installed by scripts/system-deps.sh")


def keep(png: Path, name: str) -> Path:
    """Copy a picture to var/test-output/`name` for people to look at; returns the original."""
    OUTPUT.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(png, OUTPUT / name)
    return png


def screenshot(html: str, tmp_path: Path, name: str, height: int, width: int = 900) -> Path:
    """The page as headless Chromium draws it, offline (every host name fails to resolve), as `name`.png."""
    page, png = tmp_path / f"{name}.html", tmp_path / f"{name}.png"
    page.write_text(html, encoding="utf-8")
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    "--no-first-run", "--disable-background-networking", "--disable-component-update",
                    f"--user-data-dir={tmp_path}/chrome", "--host-resolver-rules=MAP * ~NOTFOUND",
                    f"--window-size={width},{height}", f"--screenshot={png}", page.as_uri()],
                   capture_output=True, timeout=120, check=True)
    return keep(png, f"{name}.png")


def pdf_pages(pdf: bytes, tmp_path: Path, name: str) -> tuple[int, Path, str]:
    """The PDF's page count, its first page as PNG, and what pdffonts says of its fonts."""
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(path),
                    str(tmp_path / f"{name}-page1")], check=True, timeout=120)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    return pages, keep(tmp_path / f"{name}-page1.png", f"{name}-page1.png"), fonts


def ink(png: Path, colour=None, tolerance: int = 40) -> float:
    """Share of the picture that is not white (or, given `colour`, that is near it)."""
    import numpy
    from PIL import Image

    pixels = numpy.asarray(Image.open(png).convert("RGB"), dtype=numpy.int16)
    if colour is None:
        return float((pixels.sum(axis=2) < 720).mean())
    return float((numpy.abs(pixels - numpy.array(colour)).max(axis=2) <= tolerance).mean())


def chinese(html: str) -> set[str]:
    """The CJK characters (and CJK punctuation) the page shows as text, outside its style and SVG."""
    text = re.sub(r"<style>.*?</style>|<svg.*?</svg>", "", html, flags=re.S)
    return set(re.findall(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]", text))


def assert_cjk_font_covers(chars: set[str], at_least: int = 20) -> None:
    """fontconfig gives the CSS's first family as a real CJK font whose cmap has every character (no tofu)."""
    from fontTools.ttLib import TTCollection, TTFont

    resolved = subprocess.run(["fc-match", "-f", "%{file}|%{family}|%{index}", "Noto Sans CJK SC:lang=zh-cn"],
                              capture_output=True, text=True, check=True).stdout
    path, family, index = resolved.split("|")
    assert "CJK" in family or "Hei" in family, resolved
    font = TTCollection(path).fonts[int(index or 0)] if path.endswith(".ttc") else TTFont(path)
    cmap = font.getBestCmap()
    missing = {ch for ch in chars if ord(ch) not in cmap}
    assert len(chars) > at_least and not missing, missing


def assert_cjk_font_embedded(fonts: str) -> None:
    """pdffonts lists a CJK font, and every CJK font it lists is embedded (its `emb` column says yes)."""
    cjk = [line for line in fonts.splitlines() if CJK_FONT.search(line)]
    assert cjk and all(" yes " in line for line in cjk), fonts
