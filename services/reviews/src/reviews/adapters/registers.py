"""Repositories of the samples and customer-property registers."""
from __future__ import annotations

import uuid

from sqlalchemy import func, select

from ..domain.registers import CustomerProperty, Sample
from . import orm


class RegisterRepository:
    """Samples or customer property: add, get and page through one register."""

    def __init__(self, session, cls, table, newest):
        self.session, self.cls, self.table, self.newest = session, cls, table, newest

    def add(self, item) -> None:
        """Track a new entry."""
        self.session.add(item)

    def get(self, item_id: uuid.UUID, *, lock: bool = False):
        """The entry, or None."""
        return self.session.get(self.cls, item_id, with_for_update=lock)

    def list(self, *, customer_id: str | None, offset: int, limit: int):
        """A page of entries, newest first, and the total."""
        where = [self.table.c.customer_id == customer_id] if customer_id else []
        total = self.session.execute(select(func.count()).select_from(self.table).where(*where)).scalar_one()
        rows = self.session.execute(select(self.cls).where(*where).order_by(self.newest.desc(), self.table.c.id)
                                    .offset(offset).limit(limit)).scalars().all()
        return list(rows), total


def sample_register(session) -> RegisterRepository:
    """The samples register (样品发送登记表)."""
    return RegisterRepository(session, Sample, orm.samples, orm.samples.c.sent_on)


def property_register(session) -> RegisterRepository:
    """The customer property register (客户财产登记表)."""
    return RegisterRepository(session, CustomerProperty, orm.customer_property, orm.customer_property.c.received_on)
