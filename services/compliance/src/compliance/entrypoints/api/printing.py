"""Serving a printable report: the page as HTML, or the PDF WeasyPrint makes of it (qms_shared.web.print)."""
from __future__ import annotations

from flask import Response
from marshmallow import fields, validate

from qms_shared.web.csv_export import safe_filename
from qms_shared.web.print import HTML, PDF, data_uri, html_response, pdf_response

from .common import ctx

HTML_PAGE = {"type": "string", "description": "A complete HTML page in the suite's print style: inline CSS, no "
                                              "external resource (Content-Security-Policy: default-src 'none')"}
PDF_FILE = {"type": "string", "format": "binary", "description": "The same page as an A4 PDF (fonts embedded)"}
PRINTABLE = {HTML: {"schema": HTML_PAGE}, PDF: {"schema": PDF_FILE}}


def format_field(*choices: str) -> fields.String:
    """`?format=`: the JSON by default, or one of `choices` (html and pdf print the same page)."""
    return fields.String(load_default="json", validate=validate.OneOf(("json", *choices)), metadata={
        "description": "json (default); html: a printable page; pdf: that page as PDF"
                       + ("; csv: the table as CSV" if "csv" in choices else "")})


def company() -> dict:
    """The letterhead: the company's name and logo (a data: URI) from configuration."""
    config = ctx().config
    return {"name": config.company_name, "logo": data_uri(config.company_logo)}


def printed(html: str, fmt: str, *, language: str, name: str) -> Response:
    """The page inline (`html`) or its PDF as an attachment (`pdf`), named `name` in plain ASCII."""
    filename = safe_filename(name.encode("ascii", "replace").decode(), "report")
    if fmt == "pdf":
        return pdf_response(html, language=language, filename=f"{filename}.pdf")
    return html_response(html, language=language, filename=f"{filename}.html")
