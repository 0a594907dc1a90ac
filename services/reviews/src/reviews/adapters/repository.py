"""Repositories: contracts (with the register's search), the compliance copy, and the registers."""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import exists, func, or_, select

from ..domain.classification import CustomerFacts
from ..domain.compliance import KnownRequirement, ProductCompliance
from ..domain.contract import Contract
from ..domain.registers import CustomerProperty, Sample
from ..domain.states import ACCEPTED, OPEN_STATUSES
from . import orm


@dataclass(frozen=True)
class ContractFilters:
    """Filters of the contract register (合同登记表)."""

    status: str | None = None
    type: str | None = None
    customer_id: str | None = None
    salesperson: str | None = None
    region: str | None = None
    compliance: str | None = None
    product_code: str | None = None
    q: str | None = None
    submitted_from: datetime | None = None
    submitted_to: datetime | None = None


REGISTER_COLUMNS = [orm.contracts.c[name] for name in (
    "id", "number", "status", "type", "customer_id", "customer_name", "salesperson", "region", "source", "currency",
    "compliance_status", "revision", "created_at", "updated_at", "version")]


class ContractRepository:
    """Loads and stores contracts; `get_for_update` locks the row so two decisions cannot both win."""

    def __init__(self, session):
        self.session = session

    def add(self, contract: Contract) -> None:
        """Track a new contract."""
        self.session.add(contract)

    def get(self, contract_id: uuid.UUID) -> Contract | None:
        """The contract, or None."""
        return self.session.get(Contract, contract_id)

    def get_for_update(self, contract_id: uuid.UUID) -> Contract | None:
        """The contract, its row locked until the transaction ends."""
        return self.session.execute(select(Contract).where(orm.contracts.c.id == contract_id)
                                    .with_for_update()).scalars().first()

    def search(self, filters: ContractFilters, *, offset: int, limit: int) -> tuple[list, int]:
        """A page of register rows (not aggregates: no children loaded), newest first, and the total."""
        c, lines, reviews = orm.contracts, orm.contract_lines, orm.contract_reviews
        amount = func.round(lines.c.quantity * lines.c.unit_price, 2)
        total = (select(func.coalesce(func.sum(amount), 0)).where(lines.c.contract_id == c.c.id)
                 .scalar_subquery())
        pending = (select(func.array_agg(reviews.c.department))
                   .where(reviews.c.contract_id == c.c.id, reviews.c.status == "pending").scalar_subquery())
        query = self._filtered(select(*REGISTER_COLUMNS, total.label("total_amount"),
                                      pending.label("pending_departments")), filters)
        count = self.session.execute(self._filtered(select(func.count()).select_from(c), filters)).scalar_one()
        rows = self.session.execute(query.order_by(c.c.created_at.desc(), c.c.id).offset(offset).limit(limit)).all()
        return list(rows), count

    def open_with_product(self, product_code: str) -> list[Contract]:
        """Open contracts with a line of this product, locked for the change."""
        has_line = exists().where((orm.contract_lines.c.contract_id == orm.contracts.c.id)
                                  & (orm.contract_lines.c.product_code == product_code))
        return self._open_where(has_line)

    def open_for_customer(self, customer_id: str) -> list[Contract]:
        """Open contracts of this customer, locked for the change."""
        return self._open_where(orm.contracts.c.customer_id == customer_id)

    def with_reviews_due(self, as_of: datetime) -> list[uuid.UUID]:
        """Ids of contracts under review with a pending, not yet flagged review due before `as_of`."""
        r = orm.contract_reviews
        return list(self.session.execute(
            select(r.c.contract_id).distinct().join(orm.contracts, orm.contracts.c.id == r.c.contract_id)
            .where(r.c.status == "pending", r.c.overdue.is_(False), r.c.due_at < as_of,
                   orm.contracts.c.status == "under_review")).scalars())

    def customer_facts(self, customer_id: str, codes, excluding: uuid.UUID | None = None) -> CustomerFacts:
        """Is the customer new (nothing accepted yet), and which of `codes` were delivered before (one query)."""
        # PostgreSQL only (array_agg): the service's database is PostgreSQL.
        c, lines = orm.contracts, orm.contract_lines
        accepted = c.c.status == ACCEPTED if excluding is None else (c.c.status == ACCEPTED) & (c.c.id != excluding)
        known_customer = select(c.c.id).where(accepted, c.c.customer_id == customer_id).limit(1)
        delivered = (select(lines.c.product_code).join(c, c.c.id == lines.c.contract_id)
                     .where(accepted, lines.c.product_code.in_(list(codes))).distinct())
        sub = delivered.subquery()
        known, codes_found = self.session.execute(
            select(exists(known_customer), func.array_agg(sub.c.product_code)).select_from(sub)).one()
        return CustomerFacts(new_customer=not known, delivered_products=frozenset(codes_found or ()))

    def _open_where(self, condition) -> list[Contract]:
        return list(self.session.execute(
            select(Contract).where(orm.contracts.c.status.in_(OPEN_STATUSES), condition)
            .order_by(orm.contracts.c.id).with_for_update()).scalars())

    @staticmethod
    def _filtered(query, f: ContractFilters):
        c = orm.contracts
        for column, value in ((c.c.status, f.status), (c.c.type, f.type), (c.c.customer_id, f.customer_id),
                              (c.c.salesperson, f.salesperson), (c.c.region, f.region),
                              (c.c.compliance_status, f.compliance)):
            if value is not None:
                query = query.where(column == value)
        if f.submitted_from is not None:
            query = query.where(c.c.created_at >= f.submitted_from)
        if f.submitted_to is not None:
            query = query.where(c.c.created_at < f.submitted_to)
        if f.product_code:
            query = query.where(exists().where((orm.contract_lines.c.contract_id == c.c.id)
                                               & (orm.contract_lines.c.product_code == f.product_code)))
        if f.q:
            pattern = "%" + f.q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            query = query.where(or_(c.c.number.ilike(pattern, escape="\\"),
                                    c.c.customer_name.ilike(pattern, escape="\\")))
        return query


class ComplianceCopyRepository:
    """The service's copy of product results and customer requirements."""

    def __init__(self, session):
        self.session = session

    def lock(self, *, products=(), customer: str | None = None, shared: bool = False) -> None:
        """Serialise with whoever reads or writes these products' results or the customer's requirements.

        A contract submitted while a result arrives would otherwise miss it both ways: the submission
        reads the copy before the result is committed, the result looks for contracts before the
        submission is committed. Transaction-scoped advisory locks, taken in a fixed order; readers
        (submissions) share them, so they never wait for each other, only for a result being applied.
        """
        take = func.pg_advisory_xact_lock_shared if shared else func.pg_advisory_xact_lock
        keys = sorted(f"product:{code}" for code in set(products))
        if customer is not None:
            keys.append(f"customer:{customer}")
        for key in keys:
            self.session.execute(select(take(func.hashtext(key))))

    def product(self, code: str) -> ProductCompliance | None:
        """The latest known result of a product, or None."""
        return self.session.get(ProductCompliance, code, with_for_update=True)

    def add(self, item) -> None:
        """Track a new product result or requirement."""
        self.session.add(item)

    def statuses(self, codes) -> dict[str, str]:
        """Known statuses of these products (unknown ones are absent)."""
        t = orm.product_compliance
        rows = self.session.execute(select(t.c.product_code, t.c.status).where(t.c.product_code.in_(list(codes))))
        return dict(rows.all())

    def requirement(self, requirement_id: str) -> KnownRequirement | None:
        """A known customer requirement, or None."""
        return self.session.get(KnownRequirement, requirement_id, with_for_update=True)

    def requirements_of(self, customer_id: str) -> list[KnownRequirement]:
        """The customer's known requirements."""
        return list(self.session.execute(select(KnownRequirement).where(
            orm.known_requirements.c.customer_id == customer_id)
            .order_by(orm.known_requirements.c.requirement_id)).scalars())


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
