"""Repositories of the directory (recipients, rules, templates) and of the received events."""
from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert

from qms_shared.domain import NotFound

from .orm import received_events, recipients, rules, templates
from ..domain.recipient import Recipient
from ..domain.rule import Rule
from ..domain.skeleton import ReceivedEvent
from ..domain.template import Template

# Built once: constructing a statement costs more than running it, and this runs once per event.
_RECORD_EVENT = insert(received_events).on_conflict_do_nothing()


def page(session, query, order, offset: int, limit: int) -> tuple[list, int]:
    """One page of `query` in `order`, and how many rows the whole query has."""
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
        self.session.execute(_RECORD_EVENT, fields)

    def list(self, *, type: str | None, event_id: str | None, offset: int, limit: int):
        """A page of received events, newest first, and the total."""
        query = select(ReceivedEvent)
        if type:
            query = query.where(ReceivedEvent.type == type)
        if event_id:
            query = query.where(ReceivedEvent.event_id == event_id)
        return page(self.session, query, [ReceivedEvent.received_at.desc()], offset, limit)


class Repository:
    """What every aggregate's repository does: add one, get one by id (NotFound otherwise)."""

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


class RecipientRepository(Repository):
    """The directory of recipients."""

    model, label = Recipient, "recipient"

    def directory(self) -> list[Recipient]:
        """Every active recipient, in a stable order (audiences resolve against this)."""
        return list(self.session.execute(select(Recipient).where(Recipient.active.is_(True))
                                         .order_by(Recipient.name, Recipient.id)).scalars())

    def by_ids(self, ids) -> list[Recipient]:
        """The recipients with these ids (missing ones are simply absent)."""
        return list(self.session.execute(select(Recipient).where(Recipient.id.in_(list(ids)))).scalars())

    def list(self, *, department=None, role=None, q=None, search_email: bool = True, offset: int, limit: int):
        """A page of recipients, by name, and the total; `q` is found in the name (and the email when
        `search_email`: not for callers who may not see addresses), `%` and `_` as themselves."""
        query = select(Recipient)
        if department:
            query = query.where(Recipient.department == department)
        if q:
            found = func.lower(Recipient.name).contains(q.lower(), autoescape=True)
            if search_email:
                found = found | func.lower(Recipient.email).contains(q.lower(), autoescape=True)
            query = query.where(found)
        order = [Recipient.name, Recipient.id]
        if not role:
            return page(self.session, query, order, offset, limit)
        # Roles are a JSON list, filtered here: the directory is small and a JSON query gains nothing.
        matching = [r for r in self.session.execute(query.order_by(*order)).scalars() if role in r.roles]
        return matching[offset:offset + limit], len(matching)


class RuleRepository(Repository):
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
        return page(self.session, query, [Rule.name], offset, limit)


class TemplateRepository(Repository):
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
        return page(self.session, query, [Template.event_type, Template.channel, Template.locale],
                     offset, limit)


def _stamp_query():
    parts = []
    for table in (rules, recipients, templates):
        parts += [select(func.count()).select_from(table).scalar_subquery(),
                  select(func.coalesce(func.sum(table.c.version), 0)).scalar_subquery()]
    return select(*parts)


_STAMP = _stamp_query()


class StampRepository:
    """Whether the rules, directory or templates changed: one cheap read instead of loading them all."""

    def __init__(self, session):
        self.session = session

    def current(self) -> tuple:
        """Row count and sum of versions of rules, recipients and templates: every create and update moves it."""
        return tuple(self.session.execute(_STAMP).one())
