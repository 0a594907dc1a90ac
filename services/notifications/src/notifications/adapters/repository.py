"""Repositories of the notifications service: the aggregates in and out of the session."""
from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Uuid, any_, bindparam, func, insert, select, true, update
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from qms_shared.domain import NotFound

from .metrics import DELIVERIES_QUEUED
from .orm import deliveries, delivery_attempts, received_events
from ..domain.delivery import Delivery
from ..domain.recipient import Recipient
from ..domain.rule import Rule
from ..domain.skeleton import ReceivedEvent
from ..domain.template import Template
from ..domain.vocabulary import PENDING, RETRYING, SENT


# The consumer's two INSERTs, built once per dialect: constructing a statement costs more than
# running it, and these run once per event.
_INSERTS: dict[str, tuple] = {}


def _inserts(session) -> tuple:
    """(received event, new deliveries) INSERTs that skip rows already there."""
    dialect = session.get_bind().dialect.name
    found = _INSERTS.get(dialect)
    if found is None:
        upsert = postgresql_insert if dialect == "postgresql" else sqlite_insert
        found = _INSERTS[dialect] = (
            upsert(received_events).on_conflict_do_nothing(),
            upsert(deliveries).on_conflict_do_nothing(index_elements=["key"]).returning(deliveries.c.channel))
    return found


def _record_sent_statement():
    """Delivery.mark_sent for a batch, in one PostgreSQL statement (see DeliveryRepository.record_sent)."""
    d, a = deliveries.c, delivery_attempts.c
    at = bindparam("at", type_=d.sent_at.type)
    sent = (update(deliveries)
            .where(d.id == any_(bindparam("ids", type_=ARRAY(Uuid))), d.status.in_([PENDING, RETRYING]))
            .values(status=SENT, sent_at=at, next_attempt_at=None, last_error=None,
                    tries_this_round=d.tries_this_round + 1, updated_at=at, version=d.version + 1)
            .returning(d.id, d.event_id, d.event_type, d.recipient_id, d.channel)
            .cte("sent"))
    # The attempts already recorded, seen as before this statement: the new one is numbered after them.
    attempts = (select(func.count()).where(a.delivery_id == sent.c.id).scalar_subquery() + 1).label("attempts")
    numbered = select(sent, attempts).cte("numbered")
    written = insert(delivery_attempts).from_select(
        ["delivery_id", "number", "at", "succeeded"],
        select(numbered.c.id, numbered.c.attempts, at, true())).cte("written")
    return select(numbered).add_cte(written)


_RECORD_SENT = _record_sent_statement()
_DELIVERY_FIELDS = [column.name for column in deliveries.columns if column.name != "claimed_until"]


def _page(session, query, order, offset: int, limit: int) -> tuple[list, int]:
    total = session.execute(select(func.count()).select_from(query.subquery())).scalar_one()
    rows = session.execute(query.order_by(*order).offset(offset).limit(limit)).scalars().all()
    return list(rows), total


class ReceivedEventRepository:
    """The log of events received from the other services."""

    def __init__(self, session):
        self.session = session

    def add(self, event: ReceivedEvent) -> None:
        """Record a received event."""
        self.session.add(event)

    def record(self, **fields) -> None:
        """Record a received event (ReceivedEvent's fields) unless it is there already: one
        statement, no read first, no ORM object (it runs for every event consumed)."""
        self.session.execute(_inserts(self.session)[0], fields)

    def list(self, *, type: str | None, event_id: str | None, offset: int, limit: int):
        """A page of received events, newest first, and the total."""
        query = select(ReceivedEvent)
        if type:
            query = query.where(ReceivedEvent.type == type)
        if event_id:
            query = query.where(ReceivedEvent.event_id == event_id)
        return _page(self.session, query, [ReceivedEvent.received_at.desc()], offset, limit)


class _Repository:
    model: Any = None
    label = "entity"

    def __init__(self, session):
        self.session = session

    def add(self, item) -> None:
        """Add a new aggregate."""
        self.session.add(item)

    def get(self, item_id: uuid.UUID):
        """The aggregate with this id, or NotFound."""
        found = self.session.get(self.model, item_id)
        if found is None:
            raise NotFound(f"No {self.label} {item_id}")
        return found


class RecipientRepository(_Repository):
    """The directory of recipients."""

    model, label = Recipient, "recipient"

    def directory(self) -> list[Recipient]:
        """Every active recipient, in a stable order (audiences resolve against this)."""
        return list(self.session.execute(select(Recipient).where(Recipient.active.is_(True))
                                         .order_by(Recipient.name, Recipient.id)).scalars())

    def by_ids(self, ids) -> list[Recipient]:
        """The recipients with these ids (missing ones are simply absent)."""
        return list(self.session.execute(select(Recipient).where(Recipient.id.in_(list(ids)))).scalars())

    def list(self, *, department=None, role=None, q=None, offset: int, limit: int):
        """A page of recipients, by name, and the total."""
        query = select(Recipient)
        if department:
            query = query.where(Recipient.department == department)
        if q:
            like = f"%{q.lower()}%"
            query = query.where(func.lower(Recipient.name).like(like) | func.lower(Recipient.email).like(like))
        order = [Recipient.name, Recipient.id]
        if not role:
            return _page(self.session, query, order, offset, limit)
        # Roles are a JSON list: filtered here, which keeps the query portable; the directory is small.
        matching = [r for r in self.session.execute(query.order_by(*order)).scalars() if role in r.roles]
        return matching[offset:offset + limit], len(matching)


class RuleRepository(_Repository):
    """Rules."""

    model, label = Rule, "rule"

    def by_name(self, name: str) -> Rule | None:
        """The rule called `name`, if any."""
        return self.session.execute(select(Rule).where(Rule.name == name)).scalar_one_or_none()

    def enabled(self) -> list[Rule]:
        """Every enabled rule."""
        return list(self.session.execute(select(Rule).where(Rule.enabled.is_(True)).order_by(Rule.name)).scalars())

    def list(self, *, event_type=None, enabled=None, offset: int, limit: int):
        """A page of rules, by name, and the total."""
        query = select(Rule)
        if event_type:
            query = query.where(Rule.event_type == event_type)
        if enabled is not None:
            query = query.where(Rule.enabled.is_(enabled))
        return _page(self.session, query, [Rule.name], offset, limit)


class TemplateRepository(_Repository):
    """Templates."""

    model, label = Template, "template"

    def find(self, event_type: str, channel: str, locale: str) -> Template | None:
        """The template with exactly this key, if any."""
        return self.session.execute(select(Template).where(
            Template.event_type == event_type, Template.channel == channel,
            Template.locale == locale)).scalar_one_or_none()

    def for_channels(self, channels) -> list[Template]:
        """Every template of these channels (selection with fallback happens in the domain)."""
        return list(self.session.execute(select(Template).where(Template.channel.in_(list(channels)))).scalars())

    def list(self, *, event_type=None, channel=None, locale=None, offset: int, limit: int):
        """A page of templates and the total."""
        query = select(Template)
        for column, value in ((Template.event_type, event_type), (Template.channel, channel),
                              (Template.locale, locale)):
            if value:
                query = query.where(column == value)
        return _page(self.session, query, [Template.event_type, Template.channel, Template.locale],
                     offset, limit)


class DeliveryRepository(_Repository):
    """Deliveries and their attempts."""

    model, label = Delivery, "delivery"

    def add(self, item: Delivery) -> None:
        """Queue one delivery (a direct notification)."""
        self.session.add(item)
        DELIVERIES_QUEUED.labels(item.channel).inc()

    def add_new(self, items: list[Delivery]) -> int:
        """Insert deliveries whose key is new, in one statement; how many were inserted.

        The key (event, recipient, channel) is unique: a delivery planned twice for the same
        event is silently skipped here instead of failing the whole event's transaction.
        """
        if not items:
            return 0
        rows = [{name: getattr(item, name) for name in _DELIVERY_FIELDS} for item in items]
        channels = self.session.execute(_inserts(self.session)[1], rows).scalars().all()
        for channel in channels:
            DELIVERIES_QUEUED.labels(channel).inc()
        return len(channels)

    def record_sent(self, ids, at) -> list:
        """Record deliveries as sent at `at`, all in one statement (PostgreSQL only).

        The change Delivery.mark_sent makes (a test holds them equal), without loading each
        delivery and its attempts and updating it alone: one more attempt, successful, and the
        status `sent`. Deliveries no longer pending or retrying are left alone. Returns a row per
        delivery recorded: id, event_id, event_type, recipient_id, channel and attempts (count).
        """
        return self.session.execute(_RECORD_SENT, {"ids": list(ids), "at": at}).all()

    def by_ids(self, ids) -> list[Delivery]:
        """The deliveries with these ids."""
        return list(self.session.execute(select(Delivery).where(Delivery.id.in_(list(ids)))).scalars())

    def list(self, *, event_id=None, recipient_id=None, channel=None, status=None, offset: int, limit: int):
        """A page of deliveries, newest first, and the total."""
        query = select(Delivery)
        for column, value in ((Delivery.event_id, event_id), (Delivery.recipient_id, recipient_id),
                              (Delivery.channel, channel), (Delivery.status, status)):
            if value is not None:
                query = query.where(column == value)
        return _page(self.session, query, [Delivery.created_at.desc(), Delivery.id], offset, limit)
