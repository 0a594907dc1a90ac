"""Printable pages: reports people read, print or send to a customer, as HTML and as PDF from the same HTML.

One look for every service: a service's report template extends `print/base.html.j2` (letterhead with the
company's name and logo, title block, footer with page numbers in the PDF) and gets `print/print.css`
inline. Rendering goes through `environment()` (Jinja2, autoescape on). `html_response` serves a page with a
policy that loads nothing from anywhere (inline styles, `data:` images and inline SVG only); `pdf_bytes`
makes the PDF with WeasyPrint, fetching nothing but `data:` URLs, with the fonts the system has: the CSS
names a CJK family (fonts-noto-cjk, installed by scripts/system-deps.sh) so Chinese never shows as boxes.
WeasyPrint is the dependency of the service that makes PDFs, imported only when one is made.
"""
from __future__ import annotations

import base64
import logging
import mimetypes
from pathlib import Path

import jinja2
from flask import Response
from markupsafe import Markup

TEMPLATES = Path(__file__).parent / "templates"
# Chinese first by family name (fontconfig resolves them; no web font is ever fetched), Latin falls back
FONT_FAMILIES = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Micro Hei",
                 "Droid Sans Fallback", "DejaVu Sans", "sans-serif")
POLICY = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src 'none'; base-uri 'none'; "
          "form-action 'none'; frame-ancestors 'none'")
HTML = "text/html"
PDF = "application/pdf"


def environment(package: str, folder: str = "templates") -> jinja2.Environment:
    """Jinja2 with autoescape on, the service package's `folder` first, then the shared print templates."""
    loader = jinja2.ChoiceLoader([jinja2.PackageLoader(package, folder), jinja2.FileSystemLoader(TEMPLATES)])
    env = jinja2.Environment(loader=loader, autoescape=True, undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True)
    # inside <style> entities are not decoded: the (constant) list goes in as it is
    env.globals["font_families"] = Markup(", ".join(f'"{n}"' if " " in n else n for n in FONT_FAMILIES))
    return env


def data_uri(path: str | Path | None) -> str | None:
    """A file (a company logo) as a `data:` URI the page carries itself; None when there is none."""
    if not path:
        return None
    path = Path(path)
    if not path.is_file():
        return None
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{kind};base64,{base64.b64encode(path.read_bytes()).decode()}"


def _headers(language: str, filename: str, disposition: str) -> dict:
    return {"Content-Security-Policy": POLICY, "X-Content-Type-Options": "nosniff", "Content-Language": language,
            "Content-Disposition": f'{disposition}; filename="{filename}"', "Cache-Control": "no-store"}


def html_response(html: str, *, language: str, filename: str) -> Response:
    """The page, inline, with a policy that lets it load nothing from any origin."""
    return Response(html, mimetype=HTML, headers=_headers(language, filename, "inline"))


def pdf_bytes(html: str) -> bytes:
    """The PDF of `html` by WeasyPrint; only `data:` URLs are fetched (no network, no local files)."""
    from weasyprint import HTML as WeasyHTML
    from weasyprint.urls import URLFetcher

    # WeasyPrint reports every SVG presentation property of inline charts as an unknown CSS property: noise
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    return WeasyHTML(string=html, url_fetcher=URLFetcher(allowed_protocols=["data"])).write_pdf()


def pdf_response(html: str, *, language: str, filename: str) -> Response:
    """The PDF of `html`, as an attachment named `filename`."""
    return Response(pdf_bytes(html), mimetype=PDF, headers=_headers(language, filename, "attachment"))
