"""The OpenAPI documents say what the servers do: errors are `application/problem+json` (with the extra
members a problem may carry), creating POSTs take `Idempotency-Key`, versioned writes `If-Match`,
versioned reads send `ETag`, and a request body is required only when a field of it is.

Views say what the code cannot show with `doc_if_match` and `doc_etag`; `idempotent`, `requires_roles`
and `accepts` document themselves.
"""
from __future__ import annotations

import http
from collections import abc
from copy import deepcopy

import marshmallow as ma
from flask_smorest.utils import prepare_response

from .problems import PROBLEM_JSON

IDEMPOTENCY_KEY = {"in": "header", "name": "Idempotency-Key", "required": False,
                   "schema": {"type": "string", "minLength": 1, "maxLength": 200},
                   "description": "Retrying with the same key and body returns the first response again "
                                  "(`Idempotent-Replayed: true`) and creates nothing new."}
IF_MATCH = {"in": "header", "name": "If-Match", "required": False, "schema": {"type": "string"},
            "description": 'The strong ETag read with the resource (`"3"`): the write is refused with 412 '
                           "when the resource changed since."}
ETAG = {"description": 'The resource\'s version as a strong entity tag (`"3"`), for `If-Match`.',
        "schema": {"type": "string"}}
_BODY_ERRORS = {status: http.HTTPStatus(status).name for status in (400, 413, 415)}


def mark(view, **flags):
    """Record documentation facts on a view function (read by `prepare_doc`); returns the view."""
    apidoc = deepcopy(getattr(view, "_apidoc", {}))
    apidoc.setdefault("qms", {}).update(flags)
    view._apidoc = apidoc
    return view


def doc_if_match(view):
    """Decorator: the write takes an optional `If-Match` (412 when stale) and answers with an `ETag`."""
    return mark(view, if_match=True, etag=True)


def doc_etag(view):
    """Decorator: the successful responses carry an `ETag` header."""
    return mark(view, etag=True)


class ProblemDocsMixin:
    """For flask-smorest's Api: the shared error responses are documented as problem+json."""

    def _register_responses(self):
        for status in http.HTTPStatus:
            response = {"description": status.phrase}
            if status >= 400:
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, PROBLEM_JSON)
            self.spec.components.response(status.name, response, lazy=True)
        response = {"description": "A problem (RFC 9457)", "schema": self.ERROR_SCHEMA}
        prepare_response(response, self.spec, PROBLEM_JSON)
        self.spec.components.response("DEFAULT_ERROR", response, lazy=True)


def prepare_doc(doc, doc_info, *, method, default_accepts=None, **_kwargs):
    """A flask-smorest doc callback (run after its own): the facts `mark` recorded, problem+json errors,
    body errors, and `required` on the request body only when a field is."""
    facts = doc_info.get("qms", {})
    responses = doc.setdefault("responses", {})
    if facts.get("idempotent"):
        doc.setdefault("parameters", []).append(dict(IDEMPOTENCY_KEY))
    if facts.get("if_match"):
        doc.setdefault("parameters", []).append(dict(IF_MATCH))
        responses.setdefault(412, "PRECONDITION_FAILED")
    if facts.get("roles"):
        responses.setdefault(401, "UNAUTHORIZED")
        responses.setdefault(403, "FORBIDDEN")
    body = doc.get("requestBody")
    accepts = facts.get("accepts") or (default_accepts if method in ("post", "put", "patch") else None)
    if accepts:
        body = _accepting(doc, accepts)
    if body or method in ("post", "put", "patch"):
        for status, name in _BODY_ERRORS.items():
            responses.setdefault(status, name)
    if body:
        _required_only_when_a_field_is(body)
    for status, response in responses.items():
        if isinstance(response, abc.Mapping):
            if str(status).startswith(("4", "5")) or status == "default":
                _as_problem(response)
            elif facts.get("etag") and str(status).startswith("2"):
                response.setdefault("headers", {})["ETag"] = dict(ETAG)
    return doc


def _accepting(doc, media_types) -> dict:
    body = doc.setdefault("requestBody", {"required": True, "content": {}})
    content = body.setdefault("content", {})
    json_schema = content.get("application/json")
    body["content"] = {t: (json_schema if t == "application/json" and json_schema else
                           {"schema": {"type": "string", "format": "binary"}}) for t in media_types}
    return body


def _required_only_when_a_field_is(body: dict) -> None:
    schema = (body.get("content", {}).get("application/json") or {}).get("schema")
    if isinstance(schema, type) and issubclass(schema, ma.Schema):
        schema = schema()
    if isinstance(schema, ma.Schema) and not schema.many:
        body["required"] = any(field.required for field in schema.fields.values())


def _as_problem(response: dict) -> None:
    content = response.get("content") or {}
    if "application/json" in content and PROBLEM_JSON not in content:
        content[PROBLEM_JSON] = content.pop("application/json")
