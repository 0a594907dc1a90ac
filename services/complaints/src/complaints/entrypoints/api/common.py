"""What every resource's views share: the service context, the caller, If-Match and ETag."""
from __future__ import annotations

import re

from flask import current_app, request
from flask.views import MethodView

from qms_shared.domain import PreconditionFailed
from qms_shared.web.auth import current_principal

_ETAG = re.compile(r'^\s*(?:W/)?"?(\d{1,9})"?\s*$')
WRITERS = ("sales", "quality", "general_manager", "management_rep")  # who moves complaints along


def ctx():
    """The wired service (bootstrap) of this app."""
    return current_app.extensions["qms"]


def now():
    """The service's time (a test may set it)."""
    return ctx().extras["deps"].clock()


def handle(command):
    """Run a command through the bus."""
    return ctx().bus.handle(command)


def caller() -> str:
    """Who is acting, as recorded in the audit trail."""
    principal = current_principal()
    return principal.name or principal.sub


def if_match() -> int | None:
    """The version the client last read, from `If-Match` (None when absent)."""
    header = request.headers.get("If-Match")
    if header is None or header.strip() == "*":
        return None
    found = _ETAG.match(header)
    if not found:
        raise PreconditionFailed('If-Match must be the ETag read with the resource, e.g. "3".')
    return int(found.group(1))


def with_etag(aggregate, status: int = 200, headers: dict | None = None):
    """A view result carrying the aggregate's version as its ETag."""
    return aggregate, status, {"ETag": f'"{aggregate.version}"', **(headers or {})}


def register_post(blp, rule: str, name: str, post, summary: str) -> None:
    """Route a one-method view built by a factory (the lifecycle steps), with its OpenAPI summary."""
    post.__doc__ = summary
    blp.route(rule)(type(name, (MethodView,), {"post": post, "__doc__": summary}))
