"""What every reviews view uses: the service context, the acting user, If-Match and ETag."""
from __future__ import annotations

from flask import current_app, request

from qms_shared.domain import PreconditionFailed
from qms_shared.envelope import utcnow
from qms_shared.web.auth import current_principal

from ...domain.commands import Actor


def ctx():
    """The wired service of this app."""
    return current_app.extensions["qms"]


def actor() -> Actor:
    """The caller as the domain sees it."""
    principal = current_principal()
    return Actor(id=principal.sub, name=principal.name or principal.sub, roles=frozenset(principal.roles))


def expected_version() -> int | None:
    """The version an `If-Match` header asks for (`"3"` or `W/"3"`), or None without the header."""
    raw = request.headers.get("If-Match")
    if raw is None or raw.strip() == "*":
        return None
    value = raw.strip().removeprefix("W/").strip('"')
    if not value.isdigit():
        raise PreconditionFailed("If-Match must be the ETag of the contract, e.g. \"3\".")
    return int(value)


def etag(entity) -> dict:
    """The ETag header of a versioned entity."""
    return {"ETag": f'"{entity.version}"'}


def run(command_class, **fields):
    """Handle a command built with the caller, the current time and the If-Match version."""
    return ctx().bus.handle(command_class(actor=actor(), at=utcnow(), expected_version=expected_version(), **fields))
