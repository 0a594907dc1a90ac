"""Repositories of the register and of nonconformances: aggregates in and out of the session."""
from __future__ import annotations

import uuid
from typing import Any, Iterator

from sqlalchemy import func, insert, select

from qms_shared.db import advisory_xact_lock

from ..domain.catalogue import SubstanceCatalogue, SubstanceGroup
from ..domain.interested_party import InterestedPartyRecord
from ..domain.nonconformance import CLOSED, Nonconformance
from ..domain.regulation import Regulation
from ..domain.requirement import CustomerRequirement
from . import orm


class Repository:
    """Base of the aggregate repositories: add, get, and pages of `search`."""

    model: type
    table = None
    default_order: tuple = ()

    def __init__(self, session):
        self.session = session

    def add(self, item) -> None:
        """Track a new aggregate."""
        self.session.add(item)

    def get(self, item_id: uuid.UUID):
        """The aggregate, or None."""
        return self.session.get(self.model, item_id)

    def search(self, criteria: dict[str, Any], *, offset: int, limit: int) -> tuple[list, int]:
        """A page of aggregates whose columns equal `criteria`, and how many match in all."""
        filters = [self.table.c[name] == value for name, value in criteria.items()]
        return self.page(*filters, order_by=self.default_order, offset=offset, limit=limit)

    def page(self, *filters, order_by, offset: int, limit: int) -> tuple[list, int]:
        """A page of aggregates matching `filters`, and how many match in all."""
        total = self.session.execute(select(func.count()).select_from(self.model).where(*filters)).scalar_one()
        rows = self.session.execute(select(self.model).where(*filters).order_by(*order_by)
                                    .offset(offset).limit(limit)).scalars().all()
        return list(rows), total


class RegulationRepository(Repository):
    """The register of regulations."""

    table = orm.regulations
    default_order = (orm.regulations.c.code,)

    model = Regulation

    def by_code(self, code: str) -> Regulation | None:
        """The regulation with this code, or None."""
        return self.session.execute(select(Regulation).where(orm.regulations.c.code == code)).scalar_one_or_none()

    def all(self) -> list[Regulation]:
        """Every regulation, by code."""
        return list(self.session.execute(select(Regulation).order_by(orm.regulations.c.code)).scalars())


class RequirementRepository(Repository):
    """Customer-specific requirements."""

    table = orm.customer_requirements
    default_order = (orm.customer_requirements.c.created_at.desc(), orm.customer_requirements.c.number.desc())

    model = CustomerRequirement

    def all(self) -> list[CustomerRequirement]:
        """Every customer requirement."""
        return list(self.session.execute(select(CustomerRequirement)).scalars())


class InterestedPartyRepository(Repository):
    """The interested-party log."""

    table = orm.interested_party_records
    default_order = (orm.interested_party_records.c.created_at.desc(),)

    model = InterestedPartyRecord

    def received_in(self, year: int) -> list[InterestedPartyRecord]:
        """The entries received in `year`."""
        t = orm.interested_party_records
        return list(self.session.execute(select(InterestedPartyRecord).where(
            func.extract("year", t.c.received_on) == year)).scalars())


class SubstanceGroupRepository(Repository):
    """The substance catalogue."""

    table = orm.substance_groups
    default_order = (orm.substance_groups.c.code,)

    model = SubstanceGroup

    def by_code(self, code: str) -> SubstanceGroup | None:
        """The group with this code, or None."""
        return self.session.execute(select(SubstanceGroup).where(self.table.c.code == code)).scalar_one_or_none()

    def all(self) -> list[SubstanceGroup]:
        """Every group, by code."""
        return list(self.session.execute(select(SubstanceGroup).order_by(self.table.c.code)).scalars())

    def catalogue(self) -> SubstanceCatalogue:
        """The catalogue as evaluation reads it."""
        return SubstanceCatalogue(self.all())


class NonconformanceRepository(Repository):
    """Nonconformances."""

    table = orm.nonconformances
    default_order = (orm.nonconformances.c.opened_at.desc(), orm.nonconformances.c.number.desc())

    model = Nonconformance

    def products_with_open_case(self, product_ids: list[uuid.UUID]) -> set[uuid.UUID]:
        """Which of these products have a nonconformance not closed; true until this transaction ends.

        The lock makes two transactions that may open cases (an evaluation, a re-evaluation) take
        turns from here to their commit, so a product never gets two open cases at once.
        """
        advisory_xact_lock(self.session, "compliance", "open-nonconformances")
        t = orm.nonconformances
        found: set[uuid.UUID] = set()
        for chunk in chunks(product_ids):
            rows = self.session.execute(select(t.c.product_id).where(t.c.product_id.in_(chunk), t.c.status != CLOSED))
            found.update(row[0] for row in rows)
        return found

    def add_many(self, items: list[Nonconformance]) -> None:
        """Insert new cases in one bulk statement (re-evaluation), without tracking each aggregate.

        The aggregates are built and validated by the domain as for `add`; only the write differs: a
        Core INSERT with a list of rows instead of a unit-of-work flush of thousands of objects.
        """
        if not items:
            return
        self.session.flush()  # the products they name may still be pending in this transaction
        columns = [c.name for c in self.table.columns]
        self.session.execute(insert(self.table), [{name: getattr(nc, name) for name in columns} for nc in items])

    def all(self) -> list[Nonconformance]:
        """Every nonconformance."""
        return list(self.session.execute(select(Nonconformance)).scalars())


def chunks(items: list, size: int = 5000) -> Iterator[list]:
    """Slices small enough for one IN list (a statement takes at most 65,535 parameters)."""
    for start in range(0, len(items), size):
        yield items[start:start + size]
