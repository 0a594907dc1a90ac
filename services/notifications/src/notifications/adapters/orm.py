"""Tables of the notifications database and their imperative mapping to the domain classes."""
from __future__ import annotations

from sqlalchemy import (JSON, Boolean, Column, DateTime, ForeignKey, Index, Integer, String, Table,
                        Text, Uuid)
from sqlalchemy.orm import registry, relationship
from sqlalchemy.types import TypeDecorator

from qms_shared.db import BigId, new_metadata

from ..domain.delivery import Attempt, Delivery
from ..domain.recipient import Recipient
from ..domain.rule import Audience, Rule
from ..domain.skeleton import ReceivedEvent
from ..domain.template import Template

metadata = new_metadata()
mapper_registry = registry(metadata=metadata)


class AudienceJson(TypeDecorator):
    """An Audience value stored as its JSON shape."""

    impl = JSON
    cache_ok = True

    def process_bind_param(self, value, dialect):
        """Audience -> JSON."""
        return None if value is None else value.to_dict()

    def process_result_value(self, value, dialect):
        """JSON -> Audience."""
        return None if value is None else Audience.from_dict(value)


received_events = Table(
    "received_events", metadata,
    Column("event_id", String(36), primary_key=True),
    Column("type", String(200), nullable=False, index=True),
    Column("source", String(50), nullable=False),
    Column("subject", String(100), nullable=False),
    Column("correlation_id", String(100), nullable=False),
    Column("occurred_at", String(40), nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False),
)

recipients = Table(
    "recipients", metadata,
    Column("id", Uuid, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("email", String(254), index=True),
    Column("mobile", String(16)),
    Column("department", String(50), index=True),
    Column("department_head", Boolean, nullable=False),
    Column("roles", JSON, nullable=False),
    Column("locale", String(10), nullable=False),
    Column("opt_out", JSON, nullable=False),
    Column("webhook_url", String(500)),
    Column("webhook_secret", String(200)),
    Column("active", Boolean, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("version", Integer, nullable=False),
)

rules = Table(
    "rules", metadata,
    Column("id", Uuid, primary_key=True),
    Column("name", String(100), nullable=False, unique=True),
    Column("event_type", String(200), nullable=False),
    Column("audience", AudienceJson, nullable=False),
    Column("channels", JSON, nullable=False),
    Column("template", String(200)),
    Column("enabled", Boolean, nullable=False),
    Column("escalate", Boolean, nullable=False),
    Column("conditions", JSON, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("version", Integer, nullable=False),
)

templates = Table(
    "templates", metadata,
    Column("id", Uuid, primary_key=True),
    Column("event_type", String(200), nullable=False),
    Column("channel", String(10), nullable=False),
    Column("locale", String(10), nullable=False),
    Column("subject", Text),
    Column("body", Text, nullable=False),
    Column("html_body", Text),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("version", Integer, nullable=False),
)
Index("uq_templates_key", templates.c.event_type, templates.c.channel, templates.c.locale, unique=True)

deliveries = Table(
    "deliveries", metadata,
    Column("id", Uuid, primary_key=True),
    Column("key", String(300), nullable=False, unique=True),  # (event, recipient, channel): sent once
    Column("channel", String(10), nullable=False),
    Column("address", String(500), nullable=False),
    Column("subject", Text),
    Column("body", Text, nullable=False),
    Column("html_body", Text),
    Column("event_id", Uuid, index=True),
    Column("event_type", String(200)),
    Column("recipient_id", Uuid, index=True),
    Column("rule_id", Uuid),
    Column("locale", String(10)),
    Column("status", String(10), nullable=False),
    Column("tries_this_round", Integer, nullable=False),
    Column("resend_count", Integer, nullable=False),
    Column("next_attempt_at", DateTime(timezone=True)),
    Column("last_error", Text),
    Column("sent_at", DateTime(timezone=True)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("version", Integer, nullable=False),
    # A dispatcher leases a delivery while it sends it, so two never send the same one.
    Column("claimed_until", DateTime(timezone=True)),
)
Index("ix_deliveries_due", deliveries.c.next_attempt_at,
      postgresql_where=deliveries.c.status.in_(["pending", "retrying"]))
Index("ix_deliveries_created", deliveries.c.created_at)

delivery_attempts = Table(
    "delivery_attempts", metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("delivery_id", Uuid, ForeignKey("deliveries.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("number", Integer, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("succeeded", Boolean, nullable=False),
    Column("error", Text),
)

_mapped = False


def start_mappers() -> None:
    """Map the domain classes once per process; versions are bumped by the domain, checked here."""
    global _mapped
    if _mapped:
        return
    mapper_registry.map_imperatively(ReceivedEvent, received_events)
    for cls, table in ((Recipient, recipients), (Rule, rules), (Template, templates)):
        mapper_registry.map_imperatively(cls, table, version_id_col=table.c.version,
                                         version_id_generator=False)
    mapper_registry.map_imperatively(Attempt, delivery_attempts)
    mapper_registry.map_imperatively(
        Delivery, deliveries, version_id_col=deliveries.c.version, version_id_generator=False,
        exclude_properties=["claimed_until"],
        properties={"attempts": relationship(Attempt, order_by=delivery_attempts.c.number,
                                             cascade="all, delete-orphan", lazy="selectin")})
    _mapped = True
