"""Internal domain events of the notifications service (not the wire format)."""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from qms_shared.domain import DomainEvent


@dataclass
class RecipientSaved(DomainEvent):
    """A recipient was registered or changed."""

    recipient_id: uuid.UUID
    version: int


@dataclass
class RuleSaved(DomainEvent):
    """A rule was created or changed (including enabled/disabled)."""

    rule_id: uuid.UUID
    version: int


@dataclass
class TemplateSaved(DomainEvent):
    """A template was created or changed."""

    template_id: uuid.UUID
    version: int


@dataclass
class DeliveryQueued(DomainEvent):
    """A delivery was created and waits for its first attempt."""

    delivery_id: uuid.UUID


@dataclass
class DeliverySent(DomainEvent):
    """The channel accepted the message."""

    delivery_id: uuid.UUID
    event_id: uuid.UUID | None
    recipient_id: uuid.UUID | None
    channel: str
    attempts: int
    sent_at: datetime


@dataclass
class DeliveryRetryScheduled(DomainEvent):
    """An attempt failed for a reason that may pass; another is due at `next_attempt_at`."""

    delivery_id: uuid.UUID
    attempts: int
    next_attempt_at: datetime


@dataclass
class DeliveryFailed(DomainEvent):
    """The delivery gave up: `dead` after the last retry, or `failed` on a permanent refusal."""

    delivery_id: uuid.UUID
    event_id: uuid.UUID | None
    recipient_id: uuid.UUID | None
    channel: str
    status: str
    attempts: int
    error: str
    failed_at: datetime


@dataclass
class DeliveryResent(DomainEvent):
    """Someone asked for a failed or dead delivery to be tried again."""

    delivery_id: uuid.UUID
    by: str
