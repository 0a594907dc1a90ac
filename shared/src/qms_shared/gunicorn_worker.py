"""gunicorn's threaded worker, answering the requests gunicorn refuses itself (a request line over 4 KB,
a header over 8 KB, a malformed request) with RFC 9457 problems instead of its HTML pages."""
from __future__ import annotations

import json

from gunicorn import util
from gunicorn.http import errors
from gunicorn.workers.gthread import ThreadWorker

from .web.problems import PROBLEM_JSON, problem_type


def _present(*names: str) -> tuple:
    """The gunicorn exception classes of these names that this gunicorn version has."""
    return tuple(cls for cls in (getattr(errors, name, None) for name in names) if cls is not None)


# (exception classes, status, title), first match wins; every other gunicorn parse error is a 400
CLIENT_ERRORS = (
    (_present("LimitRequestLine"), 414, "URI too long"),
    (_present("LimitRequestHeaders"), 431, "Request header fields too large"),
    (_present("UnsupportedTransferCoding"), 501, "Not implemented"),
    (_present("ExpectationFailed"), 417, "Expectation failed"),
    (_present("ForbiddenProxyRequest"), 403, "Forbidden"),
    (_present("InvalidRequestLine", "InvalidRequestMethod", "InvalidHTTPVersion", "InvalidHeader",
              "InvalidHeaderName", "InvalidProxyLine", "InvalidSchemeHeaders", "ObsoleteFolding",
              "InvalidH2CPreface", "InvalidChunkSize", "ChunkMissingTerminator", "InvalidChunkExtension",
              "ParseException"), 400, "Bad request"),
)
# the app's fault (a header it sent) or the server's (its configuration): 500
APP_ERRORS = _present("InvalidResponseHeader", "InvalidResponseHeaderName", "ConfigurationProblem")


def classify(exc: BaseException) -> tuple[int, str, str]:
    """(status, title, detail) of a failure gunicorn met outside the app."""
    if not isinstance(exc, APP_ERRORS):
        for classes, status, title in CLIENT_ERRORS:
            if classes and isinstance(exc, classes):
                return status, title, (str(exc) or title)[:300]
    return 500, "Internal server error", "An unexpected error occurred; it has been logged."


def problem_response(status: int, title: str, detail: str) -> bytes:
    """A complete HTTP/1.1 response carrying a problem document; the connection is closed after it."""
    body = json.dumps({"type": problem_type(status), "title": title, "status": status, "detail": detail}).encode()
    head = (f"HTTP/1.1 {status} {title}\r\nConnection: close\r\nContent-Type: {PROBLEM_JSON}\r\n"
            f"Content-Length: {len(body)}\r\nX-Content-Type-Options: nosniff\r\n\r\n")
    return head.encode("latin-1") + body


class ProblemThreadWorker(ThreadWorker):
    """`gthread`, with problem+json error pages (set as `worker_class` in gunicorn_conf.py)."""

    def handle_error(self, req, client, addr, exc):
        status, title, detail = classify(exc)
        if status == 500:
            self.log.exception("Error handling request")
        else:
            ip = (addr or ("", -1))[0]
            self.log.warning("Invalid request from ip=%s: %s", ip, detail)
        try:
            util.write_nonblock(client, problem_response(status, title, detail))
        except Exception:
            self.log.debug("Failed to send error message.")
