"""What every notifications view uses: the service context, If-Match, ETag and role sets."""
from __future__ import annotations

from flask import current_app, request

from qms_shared.domain import PreconditionFailed
from qms_shared.web.auth import ANY_ROLE

# Who maintains the directory, rules and templates.
MAINTAINERS = ("admin", "management_rep", "quality")
# Who may send directly or resend: people at work and other systems, not read-only viewers.
SENDERS = tuple(role for role in ANY_ROLE if role != "viewer")


def ctx():
    """The wired service of this app."""
    return current_app.extensions["qms"]


def handle(command):
    """Run a command through the service's message bus."""
    return ctx().bus.handle(command)


def expected_version() -> int | None:
    """The version an `If-Match` header asks for (`"3"` or `W/"3"`), or None without the header."""
    raw = request.headers.get("If-Match")
    if raw is None or raw.strip() == "*":
        return None
    value = raw.strip().removeprefix("W/").strip('"')
    if not value.isdigit():
        raise PreconditionFailed('If-Match must be an ETag of this resource, e.g. "3".')
    return int(value)


def etag(entity) -> dict:
    """The ETag header of a versioned entity."""
    return {"ETag": f'"{entity.version}"'}


def page_window(args: dict) -> dict:
    """offset/limit of the page asked for."""
    return {"offset": (args["page"] - 1) * args["per_page"], "limit": args["per_page"]}
