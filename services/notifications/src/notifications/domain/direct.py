"""A notification asked for directly over the API: to named recipients or to a bare address."""
from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from qms_shared.domain import FieldErrors

from .validation import is_e164, is_email, is_http_url
from .vocabulary import CHANNELS, DIRECT, EMAIL, SMS, WEBHOOK

ADDRESS_FIELD = {EMAIL: "email", SMS: "mobile", WEBHOOK: "url"}
_CHECKS = {EMAIL: (is_email, "is not an email address"),
           SMS: (is_e164, "is not an E.164 number"),
           WEBHOOK: (is_http_url, "is not an http(s) URL")}


@dataclass(frozen=True)
class DirectNotification:
    """What a caller asked to send; checked as a whole by `validate`."""

    channel: str
    body: str
    subject: str | None = None
    recipient_ids: tuple[uuid.UUID, ...] = ()
    to: dict[str, Any] = field(default_factory=dict)

    def address(self) -> str | None:
        """The bare address given in `to` for this channel, if any."""
        return self.to.get(ADDRESS_FIELD.get(self.channel, ""))

    def validate(self) -> None:
        """Raise ValidationFailed naming every field that is wrong."""
        errors = FieldErrors()
        errors.check(self.channel in CHANNELS, "channel", f"must be one of {', '.join(CHANNELS)}")
        errors.check(bool(self.body and self.body.strip()), "body", "must not be empty")
        errors.check(self.channel != EMAIL or bool(self.subject and self.subject.strip()),
                     "subject", "an email needs a subject")
        errors.check(bool(self.recipient_ids) != bool(self.to), "recipient_ids",
                     "give either recipient_ids or to, not both and not neither")
        if self.to and self.channel in CHANNELS:
            self._check_address(errors)
        if self.channel == WEBHOOK and self.body:
            errors.check(_is_json(self.body), "body", "a webhook body must be JSON")
        errors.raise_if_any("Notification is not valid")

    def _check_address(self, errors: FieldErrors) -> None:
        name = ADDRESS_FIELD[self.channel]
        value = self.address()
        if value is None:
            errors.add(f"to.{name}", f"a {self.channel} notification needs to.{name}")
            return
        check, message = _CHECKS[self.channel]
        errors.check(check(value), f"to.{name}", message)


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def webhook_envelope(delivery_id: uuid.UUID, body: str, sent_at: datetime) -> str:
    """What a webhook receives of a direct notification: the caller's JSON inside an envelope naming
    the delivery, so the signature covers a message of the service's, never a bare caller-chosen body
    that could pass for an event."""
    return json.dumps({"type": DIRECT, "delivery_id": str(delivery_id), "sent_at": sent_at.isoformat(),
                       "body": json.loads(body)}, ensure_ascii=False)
