"""Commands: what callers ask the notifications service to do (imperative names)."""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from qms_shared.domain import Actor


@dataclass(frozen=True)
class RegisterRecipient:
    """Add someone to the directory."""

    fields: dict[str, Any]


@dataclass(frozen=True)
class UpdateRecipient:
    """Change a recipient; `expected_version` comes from If-Match when given."""

    recipient_id: uuid.UUID
    changes: dict[str, Any]
    expected_version: int | None = None


@dataclass(frozen=True)
class CreateRule:
    """Add a rule."""

    fields: dict[str, Any]


@dataclass(frozen=True)
class UpdateRule:
    """Change a rule (also to enable or disable it)."""

    rule_id: uuid.UUID
    changes: dict[str, Any]
    expected_version: int | None = None


@dataclass(frozen=True)
class CreateTemplate:
    """Add a template for (event type, channel, locale); it must render."""

    fields: dict[str, Any]


@dataclass(frozen=True)
class UpdateTemplate:
    """Change a template's text; it must still render."""

    template_id: uuid.UUID
    changes: dict[str, Any]
    expected_version: int | None = None


@dataclass(frozen=True)
class SendNotification:
    """Send a message now, to recipients or to one address, outside any rule."""

    channel: str
    body: str
    actor: Actor
    subject: str | None = None
    recipient_ids: tuple[uuid.UUID, ...] = ()
    to: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ResendDelivery:
    """Try a failed or dead delivery again."""

    delivery_id: uuid.UUID
    actor: Actor


@dataclass(frozen=True)
class LoadDefaults:
    """Install the default rules and templates; `replace` overwrites ones already there."""

    replace: bool = False
