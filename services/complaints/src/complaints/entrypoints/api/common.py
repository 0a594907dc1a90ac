"""What every resource's views share: the service context, its clock, the bus, and the ETag of a result."""
from __future__ import annotations

from flask import current_app
from flask.views import MethodView

from qms_shared.web.versions import etag

# The roles let a caller reach a step; the domain then checks its department (domain/authority.py).
OWNERS = ("sales", "quality")  # the owner departments: receive, contain, verify, explain, extend, close
# the departments an analysis may name responsible (analysis, plan, implementation); management takes no CAPA step
DEPARTMENTS = ("sales", "quality", "production", "purchasing", "engineering", "finance", "legal")


def ctx():
    """The wired service (bootstrap) of this app."""
    return current_app.extensions["qms"]


def now():
    """The service's time (a test may set it)."""
    return ctx().extras["deps"].clock()


def handle(command):
    """Run a command through the bus."""
    return ctx().bus.handle(command)


def with_etag(aggregate, status: int = 200, headers: dict | None = None):
    """A view result carrying the aggregate's version as its ETag (the shared `etag`)."""
    return aggregate, status, {**etag(aggregate), **(headers or {})}


def register_post(blp, rule: str, name: str, post, summary: str) -> None:
    """Route a one-method view built by a factory (the lifecycle steps), with its OpenAPI summary."""
    post.__doc__ = summary
    blp.route(rule)(type(name, (MethodView,), {"post": post, "__doc__": summary}))
