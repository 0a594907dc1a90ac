"""The contract repository: contracts loaded whole through the ORM mapping, the register's search, the facts."""
from __future__ import annotations

import functools
import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Uuid, bindparam, exists, func, or_, select

from ..domain.classification import CustomerFacts
from ..domain.contract import Contract
from ..domain.states import ACCEPTED, OPEN_STATUSES
from . import orm
from .customer_facts import facts_keys, read_customer_facts
from qms_shared.db import advisory_xact_locks
from qms_shared.web.bounds import LIKE_ESCAPE, contains_pattern


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


@functools.cache
def _by_id(for_update: bool):
    # Built once with a bound id: building a statement and its cache key costs more CPU than running it.
    # (Its children come as the mapping says: orm.py.)
    query = select(Contract).where(orm.contracts.c.id == bindparam("contract_id", type_=Uuid))
    return query.with_for_update(of=orm.contracts) if for_update else query


class ContractRepository:
    """Contracts with their children; `get_for_update` locks the row so two decisions cannot both win.

    A change is written by the session's flush at commit; the mapping's version check turns a change
    made by someone else since the read into StaleDataError (409).
    """

    def __init__(self, session):
        self.session = session

    def add(self, contract: Contract) -> None:
        """Track a new contract; it is inserted with its children at commit."""
        self.session.add(contract)

    def get(self, contract_id: uuid.UUID) -> Contract | None:
        """The contract with its children, or None."""
        return self.session.execute(_by_id(False), {"contract_id": contract_id}).unique().scalar_one_or_none()

    def get_for_update(self, contract_id: uuid.UUID) -> Contract | None:
        """The contract with its children, its row locked until the transaction ends."""
        return self.session.execute(_by_id(True), {"contract_id": contract_id}).unique().scalar_one_or_none()

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

    def customer_facts(self, customer_id: str, codes, *, amended: Contract | None = None) -> CustomerFacts:
        """Is the customer new, and which of `codes` were delivered before, true until the transaction ends.

        Takes the customer's facts and the products' delivery history shared (an acceptance waits for the
        reader, and the reader for an acceptance). `amended`, the contract an amendment changes, does not
        count for itself; when it is accepted the amendment takes it out of the facts, so they are then
        locked exclusively, its own products with them.
        """
        codes = set(codes)
        leaving = amended is not None and amended.status == ACCEPTED
        if leaving:
            codes |= {line.product_code for line in amended.lines}
        advisory_xact_locks(self.session, facts_keys(customer_id, codes), shared=not leaving)
        return read_customer_facts(self.session, customer_id, codes, amended and amended.id)

    def lock_customer_facts(self, contract: Contract) -> None:
        """Lock exclusively the facts accepting `contract` adds to: its customer's and its products' history."""
        advisory_xact_locks(self.session, facts_keys(contract.customer_id, (line.product_code for line in contract.lines)),
                  shared=False)

    def search(self, filters: ContractFilters, *, offset: int, limit: int) -> tuple[list, int]:
        """A page of register rows (not aggregates: no children loaded), newest first, and the total."""
        c, lines, reviews = orm.contracts, orm.contract_lines, orm.contract_reviews
        amount = func.round(lines.c.quantity * lines.c.unit_price, 2)
        total = (select(func.coalesce(func.sum(amount), 0)).where(lines.c.contract_id == c.c.id)
                 .scalar_subquery())
        pending = (select(func.array_agg(reviews.c.department))
                   .where(reviews.c.contract_id == c.c.id, reviews.c.status == "pending").scalar_subquery())
        query = _filtered(select(*REGISTER_COLUMNS, total.label("total_amount"),
                                 pending.label("pending_departments")), filters)
        count = self.session.execute(_filtered(select(func.count()).select_from(c), filters)).scalar_one()
        rows = self.session.execute(query.order_by(c.c.created_at.desc(), c.c.id).offset(offset).limit(limit)).all()
        return list(rows), count

    def _open_where(self, condition) -> list[Contract]:
        return list(self.session.execute(
            select(Contract).where(orm.contracts.c.status.in_(OPEN_STATUSES), condition)
            .order_by(orm.contracts.c.id).with_for_update(of=orm.contracts)).unique().scalars())


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
        pattern = contains_pattern(f.q)
        query = query.where(or_(c.c.number.ilike(pattern, escape=LIKE_ESCAPE),
                                c.c.customer_name.ilike(pattern, escape=LIKE_ESCAPE)))
    return query
