"""Webhooks: the body POSTed as is, signed with HMAC-SHA256 over timestamp and body.

Receivers verify with `notifications.domain.signature.verify` (or its few lines in any
language) and may drop duplicates by the X-QMS-Delivery header, since a retry resends it.
"""
from __future__ import annotations

import time
from typing import Callable

import requests

from notifications.domain.signature import (DELIVERY_HEADER, EVENT_TYPE_HEADER, SIGNATURE_HEADER,
                                            TIMESTAMP_HEADER, sign)

from .base import Message, PermanentSendError
from .http_post import post_json


class WebhookSender:
    """Signs and POSTs webhook messages; a recipient's own secret wins over the default."""

    def __init__(self, default_secret: str, timeout: float = 10.0,
                 session: requests.Session | None = None, clock: Callable[[], float] = time.time):
        self.default_secret = default_secret
        self.timeout = timeout
        self.session = session or requests.Session()
        self.clock = clock

    def send(self, message: Message) -> None:
        """POST the body with signature, timestamp, delivery id and event type headers."""
        secret = message.secret or self.default_secret
        if not secret:
            raise PermanentSendError("no webhook secret configured: refusing to send unsigned")
        body = message.body.encode("utf-8")
        timestamp = int(self.clock())
        headers = {
            "Content-Type": "application/json",
            TIMESTAMP_HEADER: str(timestamp),
            SIGNATURE_HEADER: sign(secret, timestamp, body),
            DELIVERY_HEADER: str(message.delivery_id),
        }
        if message.event_type:
            headers[EVENT_TYPE_HEADER] = message.event_type
        post_json(self.session, message.address, None, headers, self.timeout, what="webhook receiver",
                  data=body)
