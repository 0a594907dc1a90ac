"""What a caller sees of deliveries and recipients: texts, addresses and errors only for maintainers.

A viewer, or a role outside MAINTAINERS, reads that a delivery to a recipient on a channel was sent or
failed, and who is in the directory with which roles: not what was written, to which address, nor
what went wrong. Those fields are null for them (the OpenAPI descriptions say so).
"""
from __future__ import annotations

from typing import Any

from qms_shared.web.auth import current_principal

from .common import MAINTAINERS

DELIVERY_CONTENTS = ("address", "subject", "body", "html_body", "last_error")
ATTEMPT_CONTENTS = ("error",)
RECIPIENT_ADDRESSES = ("email", "mobile", "webhook_url")
HIDDEN_NOTE = ("Null unless the caller holds admin, management_rep or quality: other roles see no "
               "message texts, addresses or receiver errors.")


def sees_contents() -> bool:
    """True when the caller maintains notifications (and so may read texts and addresses)."""
    return bool(current_principal().roles.intersection(MAINTAINERS))


class _Masked:
    """An object as a schema reads it, with some attributes None (and lists of objects masked too)."""

    def __init__(self, target: Any, hidden: tuple[str, ...], nested: dict[str, tuple[str, ...]] | None = None):
        self._target, self._hidden, self._nested = target, hidden, nested or {}

    def __getattr__(self, name: str) -> Any:
        if name in self._hidden:
            return None
        value = getattr(self._target, name)
        if name in self._nested:
            return [_Masked(item, self._nested[name]) for item in value]
        return value


def delivery_view(delivery):
    """The delivery as this caller may see it."""
    if sees_contents():
        return delivery
    return _Masked(delivery, DELIVERY_CONTENTS, {"attempts": ATTEMPT_CONTENTS})


def recipient_view(recipient):
    """The recipient as this caller may see it."""
    return recipient if sees_contents() else _Masked(recipient, RECIPIENT_ADDRESSES)
