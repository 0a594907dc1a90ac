"""What every sender takes and how it reports failure.

A sender raises TransientSendError when trying again later may work (server down, timeout,
4xx SMTP, HTTP 5xx/429) and PermanentSendError when it never will (address refused, HTTP 4xx),
so the service can retry the first and fail the second at once.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Protocol


class SendError(Exception):
    """A message was not accepted by the channel."""


class TransientSendError(SendError):
    """Not accepted now; a later attempt may succeed."""


class PermanentSendError(SendError):
    """Refused for good; retrying the same message cannot help."""


@dataclass(frozen=True)
class Message:
    """One rendered message for one address; `secret` signs webhooks."""

    delivery_id: uuid.UUID
    channel: str
    address: str
    body: str
    subject: str | None = None
    html_body: str | None = None
    event_type: str | None = None
    secret: str | None = None


class Sender(Protocol):
    """Sends a message or raises a SendError."""

    def send(self, message: Message) -> None:
        """Hand the message to the channel."""
