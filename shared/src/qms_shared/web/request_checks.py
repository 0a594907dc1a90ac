"""Checks every request body passes before a view runs: its media type (415) and, for JSON, that it is
JSON at all (400): valid UTF-8, no lone surrogate escape (`"\\ud800"`), no NaN, not nested too deep.

Endpoints take JSON unless they declare otherwise, with `@accepts("application/xml", ...)` on the view,
`Blueprint(..., accepts=(...))`, or the content types of a `requestBody` given to `blp.doc`.
"""
from __future__ import annotations

import json
import re

from flask import current_app, request

from .openapi import mark
from .problems import problem

JSON = "application/json"
MAX_JSON_DEPTH = 64  # no body of the contract nests deeper than a few levels
_WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_STRINGS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_NOT_BRACKETS = re.compile(r"[^\[\]{}]+")
_EMPTY_PAIRS = re.compile(r"\[\]|\{\}")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")  # only an escape can make one: UTF-8 cannot


def accepts(*media_types: str):
    """Decorator: the request body media types a view takes (instead of JSON); also documented."""

    def decorator(view):
        view._qms_accepts = tuple(media_types)
        return mark(view, accepts=tuple(media_types))

    return decorator


def is_json(mimetype: str) -> bool:
    """`application/json` or any `application/*+json`."""
    return mimetype == JSON or (mimetype.startswith("application/") and mimetype.endswith("+json"))


def json_error(raw: bytes) -> str | None:
    """Why `raw` is not a JSON document this API accepts, or None when it is."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return "the body is not UTF-8"
    if _too_deep(text):
        return f"the JSON is nested deeper than {MAX_JSON_DEPTH} levels"
    try:
        value = json.loads(text, parse_constant=_refuse_constant)
    except (ValueError, RecursionError) as exc:
        return str(exc)[:200] or "malformed JSON"
    if _SURROGATE_ESCAPE.search(text):  # paired escapes are fine; a lone one makes a str UTF-8 cannot hold
        try:
            json.dumps(value, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            return "a string holds an invalid Unicode escape (a lone UTF-16 surrogate)"
    return None


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not JSON")


def _too_deep(text: str) -> bool:
    """More than MAX_JSON_DEPTH nested arrays/objects (checked before parsing, which would recurse)."""
    skeleton = _NOT_BRACKETS.sub("", _STRINGS.sub("", text))
    if len(skeleton) <= 2 * MAX_JSON_DEPTH:
        return False
    for _ in range(MAX_JSON_DEPTH):
        inner = _EMPTY_PAIRS.sub("", skeleton)
        if not inner or inner == skeleton:  # all matched, or malformed (the parser will say so)
            return False
        skeleton = inner
    return True


def accepted_types() -> tuple[str, ...]:
    """The media types the matched endpoint takes a body in (JSON unless it declares others)."""
    view = current_app.view_functions.get(request.endpoint)
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        view = getattr(view_class, request.method.lower(), None)
    declared = getattr(view, "_qms_accepts", None)
    if declared:
        return declared
    body_doc = (getattr(view, "_apidoc", {}).get("manual_doc") or {}).get("requestBody") or {}
    if body_doc.get("content"):
        return tuple(body_doc["content"])
    blueprint = current_app.blueprints.get(request.blueprint or "")
    return tuple(getattr(blueprint, "accepted_types", None) or (JSON,))


def _matches(mimetype: str, accepted) -> bool:
    return any(mimetype == t or (t == JSON and is_json(mimetype)) or
               (t.endswith("/*") and mimetype.startswith(t[:-1])) for t in accepted)


def check_request_body():
    """before_request: 415 for a body in a type the endpoint does not take, 400 for JSON that is not JSON."""
    if not request.content_length or request.routing_exception is not None:
        return None
    mimetype = request.mimetype or ""
    if request.method in _WRITES:
        accepted = accepted_types()
        if not _matches(mimetype, accepted):
            return problem(415, "Unsupported media type",
                           f"Send the body as {' or '.join(accepted)}, not {mimetype or 'without a Content-Type'}.",
                           accepted=list(accepted))
    if is_json(mimetype):
        error = json_error(request.get_data(cache=True))
        if error:
            return problem(400, "Bad request", f"The body is not valid JSON: {error}.")
    return None
