"""A WSGI middleware answering 413 for a body over the limit, whether sent with Content-Length or chunked.

A chunked body has no length up front: it is read here up to the limit, so the app sees it whole
(with a Content-Length) or not at all, never cut short (which the JSON parser would call malformed).
"""
from __future__ import annotations

import io

from .problems import PROBLEM_JSON, problem_type

_CHUNK = 64 * 1024


def problem_body(status: int, title: str, detail: str) -> bytes:
    """A problem document outside Flask (middleware, gunicorn worker)."""
    import json
    return json.dumps({"type": problem_type(status), "title": title, "status": status, "detail": detail}).encode()


class BodyLimit:
    """Wraps a WSGI app: bodies larger than `max_bytes` are 413 problems before the app runs."""

    def __init__(self, app, max_bytes: int):
        self.app = app
        self.max_bytes = max_bytes

    def __call__(self, environ, start_response):
        length = (environ.get("CONTENT_LENGTH") or "").strip()
        if "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower():  # wins over a Content-Length
            body = self._read(environ["wsgi.input"])
            if body is None:
                return self._too_large(start_response)
            environ["wsgi.input"] = io.BytesIO(body)
            environ["CONTENT_LENGTH"] = str(len(body))
            environ.pop("HTTP_TRANSFER_ENCODING", None)
            environ.pop("wsgi.input_terminated", None)
        elif length:
            if not length.isdigit():
                return self._answer(start_response, 400, "Bad request", "Content-Length is not a number.")
            if int(length) > self.max_bytes:
                return self._too_large(start_response)
        return self.app(environ, start_response)

    def _read(self, stream) -> bytes | None:
        """The whole body, or None once it passes the limit."""
        parts, size = [], 0
        while True:
            chunk = stream.read(_CHUNK)
            if not chunk:
                return b"".join(parts)
            size += len(chunk)
            if size > self.max_bytes:
                return None
            parts.append(chunk)

    def _too_large(self, start_response):
        return self._answer(start_response, 413, "Content too large",
                            f"The request body is larger than {self.max_bytes} bytes.")

    @staticmethod
    def _answer(start_response, status: int, title: str, detail: str):
        body = problem_body(status, title, detail)
        start_response(f"{status} {title}", [("Content-Type", PROBLEM_JSON), ("Content-Length", str(len(body))),
                                             ("X-Content-Type-Options", "nosniff")])
        return [body]
