"""The deliveries repository: queueing, the dispatcher's lease, loading to record outcomes, listing."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.dialects.postgresql import insert

from .metrics import DELIVERIES_QUEUED
from .orm import deliveries, recipients
from .repository import Repository, page
from .senders.base import Message
from ..domain.delivery import Delivery
from ..domain.vocabulary import PENDING, RETRYING, WEBHOOK

# Core INSERT of many rows (insertmanyvalues), built once: it runs for every event consumed. A
# delivery whose key (event, recipient, channel) is there already is skipped, not an error that
# would fail the whole event's transaction.
_QUEUE = insert(deliveries).on_conflict_do_nothing(index_elements=["key"]).returning(deliveries.c.channel)
_FIELDS = [column.key for column in deliveries.columns if column.key != "claimed_until"]
_CLAIMED = (deliveries.c.id, deliveries.c.channel, deliveries.c.address, deliveries.c.subject,
            deliveries.c.body, deliveries.c.html_body, deliveries.c.event_type, deliveries.c.recipient_id,
            deliveries.c.next_attempt_at)


class DeliveryRepository(Repository):
    """Deliveries and their attempts."""

    model, label = Delivery, "delivery"

    def add(self, item: Delivery) -> None:
        """Queue one delivery (a direct notification)."""
        self.session.add(item)
        DELIVERIES_QUEUED.labels(item.channel).inc()

    def add_all(self, items: list[Delivery]) -> int:
        """Queue new deliveries in one INSERT of many rows, skipping keys already queued; how many were."""
        if not items:
            return 0
        rows = [{name: getattr(item, name) for name in _FIELDS} for item in items]
        channels = self.session.execute(_QUEUE, rows).scalars().all()
        for channel in channels:
            DELIVERIES_QUEUED.labels(channel).inc()
        return len(channels)

    def add_unless_queued(self, item: Delivery) -> bool:
        """Add one delivery with its attempts unless its key is taken already; whether it was added."""
        if self.session.execute(select(deliveries.c.id).where(deliveries.c.key == item.key)).first():
            return False
        self.session.add(item)
        return True

    def claim_due(self, now: datetime, limit: int, lease: timedelta, channel: str | None = None) -> list[Message]:
        """Lease up to `limit` due deliveries (of `channel`, or any) until `now + lease`; their
        messages, the longest due first.

        SKIP LOCKED lets several dispatchers claim at once without ever taking the same delivery;
        one whose lease ran out (its dispatcher died) is due again.
        """
        d = deliveries.c
        due = (select(d.id).where(d.status.in_([PENDING, RETRYING]), d.next_attempt_at <= now,
                                  or_(d.claimed_until.is_(None), d.claimed_until < now))
               .order_by(d.next_attempt_at).limit(limit).with_for_update(skip_locked=True))
        if channel is not None:
            due = due.where(d.channel == channel)
        claim = (update(deliveries).where(d.id.in_(due.scalar_subquery()))
                 .values(claimed_until=now + lease).returning(*_CLAIMED))
        rows = sorted(self.session.execute(claim).mappings().all(), key=lambda row: row["next_attempt_at"])
        secrets = self._webhook_secrets({row["recipient_id"] for row in rows if row["channel"] == WEBHOOK})
        return [_message(row, secrets) for row in rows]

    def release(self, ids) -> None:
        """Give back the lease of deliveries that may be tried again (retrying, deferred, resent)."""
        ids = list(ids)
        if ids:
            self.session.execute(update(deliveries).where(deliveries.c.id.in_(ids)).values(claimed_until=None))

    def by_ids(self, ids) -> list[Delivery]:
        """The deliveries with these ids, with their attempts."""
        return list(self.session.execute(select(Delivery).where(Delivery.id.in_(list(ids)))).scalars())

    def list(self, *, event_id=None, recipient_id=None, channel=None, status=None, offset: int, limit: int):
        """A page of deliveries, newest first, and the total."""
        query = select(Delivery)
        for column, value in ((Delivery.event_id, event_id), (Delivery.recipient_id, recipient_id),
                              (Delivery.channel, channel), (Delivery.status, status)):
            if value is not None:
                query = query.where(column == value)
        return page(self.session, query, [Delivery.created_at.desc(), Delivery.id], offset, limit)

    def _webhook_secrets(self, recipient_ids: set) -> dict:
        recipient_ids.discard(None)
        if not recipient_ids:
            return {}
        found = select(recipients.c.id, recipients.c.webhook_secret).where(recipients.c.id.in_(recipient_ids))
        return dict(self.session.execute(found).all())


def _message(row, secrets: dict) -> Message:
    return Message(delivery_id=row["id"], channel=row["channel"], address=row["address"], body=row["body"],
                   subject=row["subject"], html_body=row["html_body"], event_type=row["event_type"],
                   secret=secrets.get(row["recipient_id"]) if row["channel"] == WEBHOOK else None)
