"""RFC 9457 problem details for every failure, so no client ever sees an HTML error page."""
from __future__ import annotations

import logging

from flask import Response, json
from sqlalchemy.exc import DataError, IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from ..domain import DomainError

log = logging.getLogger(__name__)
PROBLEM_JSON = "application/problem+json"


# One `type` per kind of problem, the same in all four services (a domain error's type is its class name).
_TYPES = {400: "BadRequest", 401: "Unauthorized", 403: "Forbidden", 404: "NotFound", 405: "MethodNotAllowed",
          406: "NotAcceptable", 409: "Conflict", 412: "PreconditionFailed", 413: "PayloadTooLarge",
          414: "UriTooLong", 415: "UnsupportedMediaType", 422: "ValidationFailed", 428: "PreconditionRequired",
          429: "TooManyRequests", 431: "HeadersTooLarge", 500: "InternalError", 503: "ServiceUnavailable"}
_TITLES = {422: "Unprocessable content"}


def problem_type(status: int) -> str:
    """The `type` URI of a problem of HTTP status `status` (`urn:qms:problem:ValidationFailed`)."""
    return f"urn:qms:problem:{_TYPES.get(status, 'HttpError')}"


def problem(status: int, title: str, detail: str | None = None, type_: str | None = None,
            **extra) -> Response:
    """A problem+json response."""
    body = {"type": type_ or problem_type(status), "title": _TITLES.get(status, title), "status": status}
    if detail:
        body["detail"] = detail
    body.update({k: v for k, v in extra.items() if v is not None})
    return Response(json.dumps(body), status=status, mimetype=PROBLEM_JSON)


def flatten_messages(messages, prefix: str = "") -> dict[str, list[str]]:
    """Turn marshmallow's nested messages into `{"field.sub": ["message"]}`."""
    out: dict[str, list[str]] = {}
    if isinstance(messages, dict):
        for key, value in messages.items():
            path = f"{prefix}.{key}" if prefix else str(key)
            if key == "_schema":
                path = prefix or "_schema"
            for k, v in flatten_messages(value, path).items():
                out.setdefault(k, []).extend(v)
    elif isinstance(messages, list) and all(isinstance(m, str) for m in messages):
        out[prefix or "_schema"] = list(messages)
    elif isinstance(messages, list):
        for index, value in enumerate(messages):
            out.update(flatten_messages(value, f"{prefix}.{index}" if prefix else str(index)))
    else:
        out[prefix or "_schema"] = [str(messages)]
    return out


def from_http_exception(error: HTTPException) -> Response:
    """Map werkzeug/flask-smorest HTTP errors (404, 405, 422 from webargs, ...) to problems."""
    status = error.code or 500
    data = getattr(error, "data", None) or {}
    messages = data.get("messages")
    extra = {}
    if status == 422 and messages:
        errors = {}
        for location, msgs in messages.items():
            errors.update(flatten_messages(msgs))
        extra["errors"] = errors
        detail = "The request does not match the schema: " + ", ".join(sorted(errors))
    elif status == 400 and messages:
        detail = "; ".join(str(m) for msgs in messages.values() for m in flatten_messages(msgs).get("_schema", [msgs]))
    else:
        detail = data.get("message") or error.description
    response = problem(status, error.name, detail, **extra)
    if status == 405 and hasattr(error, "valid_methods") and error.valid_methods:
        response.headers["Allow"] = ", ".join(error.valid_methods)
    for key, value in (data.get("headers") or {}).items():
        response.headers[key] = value
    return response


def from_domain_error(error: DomainError) -> Response:
    """Map a rule the domain refused to its 4xx problem."""
    slug = type(error).__name__
    return problem(error.status, error.title, error.detail, type_=f"urn:qms:problem:{slug}",
                   **error.extra)


def register(app) -> None:
    """Install the handlers on a Flask app (after flask-smorest's, so ours win)."""
    app.register_error_handler(HTTPException, from_http_exception)
    app.register_error_handler(DomainError, from_domain_error)

    @app.errorhandler(StaleDataError)
    def _stale(_error):
        return problem(409, "Conflict", "Someone changed this resource at the same time; read it again and retry.",
                       type_="urn:qms:problem:ConcurrentUpdate")

    @app.errorhandler(IntegrityError)
    def _integrity(error):
        log.warning("integrity error", extra={"error": str(error.orig)[:500]})
        return problem(409, "Conflict", "The change conflicts with an existing record.",
                       type_=problem_type(409))

    @app.errorhandler(DataError)
    def _data(error):
        return problem(422, "Unprocessable content", "A value is out of range for its field.",
                       type_=problem_type(422))

    @app.errorhandler(OperationalError)
    def _db_down(error):
        log.error("database unavailable", exc_info=error)
        return problem(503, "Service unavailable", "The database is unavailable; try again shortly.")

    @app.errorhandler(Exception)
    def _unexpected(error):
        log.exception("unhandled error")
        return problem(500, "Internal server error", "An unexpected error occurred; it has been logged.")
