"""`Idempotency-Key` on creating POSTs: the same key and body (compared as canonical JSON) returns the
first response again. Keys older than QMS_RETENTION_DAYS are deleted by the worker.

The key is claimed in its own transaction before the view runs, so two concurrent requests with
one key cannot both create: the second gets 409 while the first is in flight.
"""
from __future__ import annotations

import functools
import hashlib
import json
from datetime import timedelta

from flask import Response, current_app, g, request
from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from ..envelope import utcnow
from .openapi import mark
from .problems import problem
from .request_checks import is_json

IN_FLIGHT = 0
ABANDONED_AFTER = timedelta(minutes=5)
MAX_KEY_LENGTH = 200


def idempotent(view):
    """Decorator for a creating POST (place it under `requires_roles`)."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        key = request.headers.get("Idempotency-Key")
        if key is None:
            return view(*args, **kwargs)
        if not key.strip() or len(key) > MAX_KEY_LENGTH:
            return problem(400, "Bad request", f"Idempotency-Key must be 1 to {MAX_KEY_LENGTH} characters.")
        store = _Store(current_app.extensions["qms"], key, g.principal.sub, request)
        replay = store.claim()
        if replay is not None:
            return replay
        try:
            response = current_app.make_response(view(*args, **kwargs))
        except BaseException:
            store.release()
            raise
        if 200 <= response.status_code < 300:
            store.save(response)
        else:
            store.release()
        return response

    return mark(wrapper, idempotent=True)  # documents the header


class _Store:
    def __init__(self, ctx, key: str, principal: str, req):
        self.db = ctx.db
        self.table = ctx.tables.idempotency
        self.ident = {"key": key, "principal": principal, "endpoint": f"{req.method} {req.path}"}
        self.hash = hashlib.sha256(canonical_body(req)).hexdigest()

    def _where(self):
        t = self.table
        return (t.c.key == self.ident["key"]) & (t.c.principal == self.ident["principal"]) & (
            t.c.endpoint == self.ident["endpoint"])

    def claim(self) -> Response | None:
        """Claim the key; a response to return instead of running the view, or None."""
        row = {**self.ident, "request_hash": self.hash, "status_code": IN_FLIGHT, "response_body": "",
               "created_at": utcnow()}
        try:
            with self.db.engine.begin() as conn:
                conn.execute(insert(self.table).values(**row))
            return None
        except IntegrityError:
            pass
        with self.db.engine.begin() as conn:
            found = conn.execute(select(self.table).where(self._where())).mappings().first()
            if found is None:
                return self.claim()
            if found["request_hash"] != self.hash:
                return problem(422, "Unprocessable content",
                               "This Idempotency-Key was used with a different request body.")
            if found["status_code"] == IN_FLIGHT:
                if utcnow() - _aware(found["created_at"]) < ABANDONED_AFTER:
                    return problem(409, "Conflict", "A request with this Idempotency-Key is still in progress.")
                conn.execute(update(self.table).where(self._where()).values(created_at=utcnow()))
                return None
        return _replay(found)

    def save(self, response: Response) -> None:
        with self.db.engine.begin() as conn:
            conn.execute(update(self.table).where(self._where()).values(
                status_code=response.status_code, response_body=response.get_data(as_text=True),
                location=response.headers.get("Location")))

    def release(self) -> None:
        with self.db.engine.begin() as conn:
            conn.execute(delete(self.table).where(self._where()))


def canonical_body(req) -> bytes:
    """The body to compare: JSON as canonical JSON (sorted keys, no insignificant whitespace), so the same
    document with its keys in another order is the same request; any other body as sent."""
    raw = req.get_data(cache=True)
    if raw and is_json(req.mimetype or ""):
        try:
            return json.dumps(json.loads(raw), sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
        except (ValueError, RecursionError, UnicodeError):
            return raw
    return raw


def _replay(found) -> Response:
    response = Response(found["response_body"], status=found["status_code"], mimetype="application/json")
    if found["location"]:
        response.headers["Location"] = found["location"]
    response.headers["Idempotent-Replayed"] = "true"
    return response


def _aware(value):
    from datetime import timezone
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
