"""An in-memory unit of work, so handlers and the dispatcher are tested without a database."""
from __future__ import annotations

from datetime import datetime, timedelta

from qms_shared.domain import NotFound

from notifications.adapters.senders.base import Message
from notifications.domain.vocabulary import PENDING, RETRYING


class FakeRepository:
    """Aggregates by id."""

    def __init__(self, items=()):
        self.items = {item.id: item for item in items}

    def add(self, item) -> None:
        self.items[item.id] = item

    def get(self, item_id):
        if item_id not in self.items:
            raise NotFound(f"No {item_id}")
        return self.items[item_id]

    def by_ids(self, ids) -> list:
        return [self.items[i] for i in ids if i in self.items]


class FakeRules(FakeRepository):
    def by_name(self, name):
        return next((r for r in self.items.values() if r.name == name), None)


class FakeTemplates(FakeRepository):
    def find(self, event_type, channel, locale):
        return next((t for t in self.items.values()
                     if (t.event_type, t.channel, t.locale) == (event_type, channel, locale)), None)


class FakeDeliveries(FakeRepository):
    """Deliveries, with the dispatcher's lease kept beside them."""

    def __init__(self, items=()):
        super().__init__(items)
        self.claimed_until: dict = {}

    def claim_due(self, now: datetime, limit: int, lease: timedelta, channel=None) -> list[Message]:
        due = sorted((d for d in self.items.values() if d.status in (PENDING, RETRYING) and d.next_attempt_at <= now
                      and channel in (None, d.channel)
                      and self.claimed_until.get(d.id, now - lease) < now), key=lambda d: d.next_attempt_at)[:limit]
        for delivery in due:
            self.claimed_until[delivery.id] = now + lease
        return [Message(delivery_id=d.id, channel=d.channel, address=d.address, body=d.body, subject=d.subject,
                        event_type=d.event_type) for d in due]

    def release(self, ids) -> None:
        for delivery_id in ids:
            self.claimed_until.pop(delivery_id, None)


class FakeUnitOfWork:
    """Repositories in dicts; `commits`, `published` and `woken` say what a handler did."""

    def __init__(self, *, recipients=(), rules=(), templates=(), deliveries=()):
        self.recipients = FakeRepository(recipients)
        self.rules = FakeRules(rules)
        self.templates = FakeTemplates(templates)
        self.deliveries = FakeDeliveries(deliveries)
        self.commits, self.published, self.woken = 0, [], 0

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return None

    def commit(self) -> None:
        self.commits += 1

    def publish(self, type: str, subject, data: dict, *, version: int = 1) -> None:
        self.published.append((type, subject, data))

    def wake_dispatcher(self, in_process=None) -> None:
        self.woken += 1
