"""Delivery: one message to one address on one channel, with every attempt recorded."""
from __future__ import annotations

import uuid
from datetime import datetime

from qms_shared.domain import Aggregate, InvalidTransition

from .events import DeliveryFailed, DeliveryQueued, DeliveryResent, DeliveryRetryScheduled, DeliverySent
from .retry import RetryPolicy
from .vocabulary import DEAD, FAILED, PENDING, RETRYING, SENT

ERROR_MAX = 200  # our short account of a failure (a status and its reason): never a receiver's words


class Attempt:
    """One try at sending: when, whether it worked, and the channel's answer if not."""

    def __init__(self, *, number: int, at: datetime, succeeded: bool, error: str | None = None):
        self.number = number
        self.at = at
        self.succeeded = succeeded
        self.error = error


class Delivery(Aggregate):
    """States: pending → sent; pending/retrying → retrying (attempts left) or dead (none left);
    any try → failed when the channel refuses for good. failed/dead → pending by a resend."""

    def __init__(self, *, id: uuid.UUID, key: str, channel: str, address: str, body: str,
                 at: datetime, subject: str | None = None, html_body: str | None = None,
                 event_id: uuid.UUID | None = None, event_type: str | None = None,
                 recipient_id: uuid.UUID | None = None, rule_id: uuid.UUID | None = None,
                 locale: str | None = None):
        self.id = id
        self.key = key
        self.channel = channel
        self.address = address
        self.subject = subject
        self.body = body
        self.html_body = html_body
        self.event_id = event_id
        self.event_type = event_type
        self.recipient_id = recipient_id
        self.rule_id = rule_id
        self.locale = locale
        self.status = PENDING
        self.attempts: list[Attempt] = []
        self.tries_this_round = 0  # reset by a resend, so a resent delivery gets a full budget
        self.resend_count = 0
        self.next_attempt_at: datetime | None = at
        self.last_error: str | None = None
        self.sent_at: datetime | None = None
        self.created_at = at
        self.updated_at = at
        self.version = 1
        self.events: list = []
        self.record(DeliveryQueued(self.id))

    def is_due(self, now: datetime) -> bool:
        """True when a sender should try it now."""
        return (self.status in (PENDING, RETRYING) and self.next_attempt_at is not None
                and self.next_attempt_at <= now)

    def mark_sent(self, at: datetime) -> None:
        """The channel accepted the message."""
        self._require_sendable("mark sent")
        self._attempt(at, succeeded=True)
        self.status, self.sent_at, self.next_attempt_at = SENT, at, None
        self.record(DeliverySent(self.id, self.event_id, self.recipient_id, self.channel,
                                 len(self.attempts), at))

    def mark_failed(self, at: datetime, error: str, policy: RetryPolicy | None, permanent: bool = False) -> None:
        """A try failed: retry later with backoff, or give up (`dead`, or `failed` if permanent)."""
        self._require_sendable("record a failure")
        self._attempt(at, succeeded=False, error=error)
        retry_at = None if permanent else policy.next_attempt_at(self.tries_this_round, at)
        if retry_at is not None:
            self.status, self.next_attempt_at = RETRYING, retry_at
            self.record(DeliveryRetryScheduled(self.id, len(self.attempts), retry_at))
            return
        self.status, self.next_attempt_at = (FAILED if permanent else DEAD), None
        self.record(DeliveryFailed(self.id, self.event_id, self.recipient_id, self.channel,
                                   self.status, len(self.attempts), self.last_error or "", at))

    def fail_unrendered(self, at: datetime, reason: str) -> None:
        """The one attempt failed before sending: its text could not be made (the template exceeded its limits)."""
        self.mark_failed(at, reason, policy=None, permanent=True)

    def defer(self, until: datetime, at: datetime) -> None:
        """Put off the next try without counting one: its channel was just found unreachable."""
        self._require_sendable("defer")
        self.next_attempt_at = until
        self._touch(at)

    def resend(self, at: datetime, by: str) -> None:
        """Try a failed or dead delivery again, by hand, with a fresh retry budget."""
        if self.status not in (FAILED, DEAD):
            raise InvalidTransition(f"A {self.status} delivery cannot be resent",
                                    current=self.status, allowed=[FAILED, DEAD])
        if not self.body:
            raise InvalidTransition("This delivery has no text to resend: its template failed "
                                    f"({self.last_error}); fix the template", current=self.status, allowed=[])
        self.status, self.next_attempt_at = PENDING, at
        self.tries_this_round = 0
        self.resend_count += 1
        self._touch(at)
        self.record(DeliveryResent(self.id, by))

    def _attempt(self, at: datetime, succeeded: bool, error: str | None = None) -> None:
        self.tries_this_round += 1
        self.last_error = None if succeeded else (error or "unknown error")[:ERROR_MAX]
        self.attempts.append(Attempt(number=len(self.attempts) + 1, at=at, succeeded=succeeded,
                                     error=self.last_error))
        self._touch(at)

    def _require_sendable(self, action: str) -> None:
        if self.status not in (PENDING, RETRYING):
            raise InvalidTransition(f"Cannot {action} on a {self.status} delivery",
                                    current=self.status, allowed=[PENDING, RETRYING])

    def _touch(self, at: datetime) -> None:
        self.updated_at = at
        self.version += 1
