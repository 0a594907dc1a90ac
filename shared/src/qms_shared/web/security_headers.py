"""`X-Content-Type-Options: nosniff` on every response, and a Content-Security-Policy: HTML pages (the API
docs, reports) may run only this server's scripts plus the inline ones they were sent with (by hash),
and load nothing from another origin; every other response may load nothing at all."""
from __future__ import annotations

import base64
import hashlib
import re

from flask import Flask, Response

_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc\s*=)[^>]*>(.*?)</script>", re.S | re.I)
HTML_POLICY = ("default-src 'self'; script-src 'self'{hashes}; style-src 'self' 'unsafe-inline'; "
               "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
               "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
OTHER_POLICY = "default-src 'none'; frame-ancestors 'none'"


def html_policy(html: str) -> str:
    """The policy of one HTML page: its own inline scripts are allowed by their SHA-256, nothing else inline."""
    hashes = "".join(
        f" 'sha256-{base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()}'"
        for script in _INLINE_SCRIPT.findall(html) if script.strip())
    return HTML_POLICY.format(hashes=hashes)


def add_security_headers(response: Response) -> Response:
    """after_request: the two headers, unless a view set its own policy."""
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    if "Content-Security-Policy" not in response.headers:
        if response.mimetype == "text/html" and not response.direct_passthrough:
            policy = html_policy(response.get_data(as_text=True))
        else:
            policy = OTHER_POLICY
        response.headers["Content-Security-Policy"] = policy
    return response


def register(app: Flask) -> None:
    """Install on `app`."""
    app.after_request(add_security_headers)
