"""What every reviews view uses: the service context, and running a command as the caller."""
from __future__ import annotations

from flask import current_app

from qms_shared.envelope import utcnow
from qms_shared.web.auth import current_actor
from qms_shared.web.versions import etag, expected_version

from ...service_layer.loading import found


def ctx():
    """The wired service of this app."""
    return current_app.extensions["qms"]


def run(command_class, **fields):
    """Handle a command built with the caller, the current time and the If-Match version."""
    return ctx().bus.handle(command_class(actor=current_actor(), at=utcnow(), expected_version=expected_version(),
                                          **fields))


def read_one(repository: str, what: str, item_id):
    """The view answer for one versioned entity of `uow.<repository>`: it with its ETag, or 404."""
    with ctx().uow_factory() as uow:
        item = found(getattr(uow, repository).get(item_id), what, item_id)
        return item, 200, etag(item)
