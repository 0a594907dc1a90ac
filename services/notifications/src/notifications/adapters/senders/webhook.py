"""Webhooks: the body POSTed, signed with HMAC-SHA256 over timestamp and body.

Receivers verify with `notifications.domain.signature.verify` (or its few lines in any
language) and may drop duplicates by the X-QMS-Delivery header, since a retry resends it.
A direct notification's body was chosen by a caller, so it goes inside an envelope naming the
delivery (domain.direct.webhook_envelope): a secret never signs a bare caller-chosen body.
"""
from __future__ import annotations

import time
from datetime import datetime, timezone
from typing import Callable

from notifications.domain.direct import webhook_envelope
from notifications.domain.signature import (DELIVERY_HEADER, EVENT_TYPE_HEADER, SIGNATURE_HEADER,
                                            TIMESTAMP_HEADER, sign)
from notifications.domain.vocabulary import DIRECT

from ..outbound import OutboundGuard
from . import http_client
from .base import Message, PermanentSendError


class WebhookSender:
    """Signs and POSTs webhook messages to checked addresses; a recipient's own secret wins over the default."""

    def __init__(self, default_secret: str, timeout: float = 10.0, guard: OutboundGuard | None = None,
                 clock: Callable[[], float] = time.time):
        self.default_secret = default_secret
        self.timeout = timeout
        self.guard = guard or OutboundGuard()
        self.clock = clock

    def send(self, message: Message) -> None:
        """POST the body with signature, timestamp, delivery id and event type headers."""
        secret = message.secret or self.default_secret
        if not secret:
            raise PermanentSendError("no webhook secret configured: refusing to send unsigned")
        timestamp = int(self.clock())
        body = message.body
        if message.event_type == DIRECT:
            sent_at = datetime.fromtimestamp(timestamp, timezone.utc)
            body = webhook_envelope(message.delivery_id, body, sent_at)
        raw = body.encode("utf-8")
        headers = {
            "Content-Type": "application/json",
            TIMESTAMP_HEADER: str(timestamp),
            SIGNATURE_HEADER: sign(secret, timestamp, raw),
            DELIVERY_HEADER: str(message.delivery_id),
        }
        if message.event_type:
            headers[EVENT_TYPE_HEADER] = message.event_type
        http_client.post(message.address, raw, headers, deadline=self.timeout, what="webhook receiver",
                         guard=self.guard)
