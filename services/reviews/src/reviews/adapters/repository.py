"""Repositories: contracts (with the register's search), the compliance copy, and the registers."""
from __future__ import annotations

import functools
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import String, Text, Uuid, any_, bindparam, distinct, exists, func, literal_column, or_, select
from sqlalchemy.dialects.postgresql import ARRAY

from qms_shared.numbers import Numbering
from qms_shared.persistence import run_sql

from ..domain.classification import CustomerFacts
from ..domain.compliance import KnownRequirement, ProductCompliance
from ..domain.contract import Contract
from ..domain.registers import CustomerProperty, Sample
from ..domain.states import ACCEPTED, OPEN_STATUSES
from . import orm
from .contract_store import ContractStore, MappedRows


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


# Statements are built once, at import: building one costs more CPU than running it.
_CODES = bindparam("codes", type_=ARRAY(String))
KNOWN_REQUIREMENTS = MappedRows(KnownRequirement, orm.known_requirements)


def _customer_facts():
    """Is there an accepted contract of the customer other than `excluding`, and which of the products were
    in one (PostgreSQL; a submission reads the same in contract_submission_reads), from the accepted
    contracts' partial index and `accepted_lines`, which a trigger keeps."""
    c, accepted_lines = orm.contracts, orm.accepted_lines
    excluding = bindparam("excluding", type_=Uuid)
    # The status is written into the SQL, not bound, so that the partial index of accepted contracts applies.
    known_customer = exists(select(c.c.id).where(c.c.status == literal_column(f"'{ACCEPTED}'"),
                                                 c.c.customer_id == bindparam("customer_id"),
                                                 c.c.id.is_distinct_from(excluding)))
    delivered = (select(func.array_agg(distinct(accepted_lines.c.product_code)))
                 .where(accepted_lines.c.product_code == any_(_CODES),
                        accepted_lines.c.contract_id.is_distinct_from(excluding)).scalar_subquery())
    return known_customer, delivered


CUSTOMER_FACTS = select(*_customer_facts())
# A PostgreSQL function (migration e3620473e865): the compliance copy's shared locks, then everything a
# submission reads with a snapshot taken after them (a plain statement has one snapshot, taken before its
# locks are granted); the fingerprint of what it read of the compliance copy, for the check at commit
# (migration a7c51f3e2b90); and the new contract's number beside it: one round trip. Every submission runs
# it, so it is plain SQL run by psycopg directly (persistence.run_sql).
SUBMISSION_READS = ("SELECT r.known_customer, r.delivered_codes, r.product_statuses, r.customer_requirements, "
                    "contract_compliance_seen(r.product_statuses, r.customer_requirements), nextval($4::regclass) "
                    "FROM contract_submission_reads($1::text[], $2::text, $3::text[]) AS r")
# For the unit of work's check_at_commit: takes the same locks again and raises serialization_failure if
# the fingerprint of what is there now is not the one read.
SUBMISSION_UNCHANGED = "contract_submission_unchanged({}::text[], {}::text, {}::text[], {}::text)"


class SubmissionReads(NamedTuple):
    """What a submission read: to classify the contract, to check at commit, and its number."""

    facts: CustomerFacts
    product_statuses: dict
    known_requirements: list
    compliance_seen: str  # fingerprint of the statuses and requirements (SUBMISSION_UNCHANGED)
    number: str | None


class ContractRepository:
    """Loads and stores contracts; `get_for_update` locks the row so two decisions cannot both win.

    Commands go through the contract store (contract_store.py), whose changes the unit of work writes
    on commit; reads for display and the event handlers use the ORM mapping.
    """

    def __init__(self, session):
        self.session = session
        self.store = ContractStore(session)

    def get(self, contract_id: uuid.UUID) -> Contract | None:
        """The contract, or None."""
        return self.session.get(Contract, contract_id)

    def get_for_update(self, contract_id: uuid.UUID) -> Contract | None:
        """The contract, its row locked until the transaction ends; its changes are written on commit."""
        return self.store.get_for_update(contract_id)

    def flush(self, send) -> None:
        """Write what the commands changed in the contracts loaded for update (`send`: ContractStore.flush)."""
        self.store.flush(send)

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
        known, codes_found = self.session.execute(CUSTOMER_FACTS, {
            "customer_id": customer_id, "codes": sorted(codes), "excluding": excluding}).one()
        return CustomerFacts(new_customer=not known, delivered_products=frozenset(codes_found or ()))

    def submission_reads(self, customer_id: str, codes, numbering: Numbering | None) -> SubmissionReads:
        """What submitting a contract reads, in one round trip: the compliance copy's shared locks on the
        products and the customer (as `ComplianceCopyRepository.lock`), then, seeing what was committed while
        they were waited for, the customer facts (as `customer_facts`), the products' known compliance
        statuses and the customer's known requirements (as the compliance copy's `statuses` and
        `requirements_of`); and the contract's number from `numbering` (none without it)."""
        [(known, codes_found, statuses, requirements, seen, number)] = run_sql(self.session, SUBMISSION_READS, (
            lock_keys(codes, customer_id), customer_id, sorted(codes), numbering and numbering.sequence))
        return SubmissionReads(
            facts=CustomerFacts(new_customer=not known, delivered_products=frozenset(codes_found or ())),
            product_statuses=statuses or {},
            known_requirements=[KNOWN_REQUIREMENTS.new(KNOWN_REQUIREMENTS.decode_object(row))
                                for row in requirements or ()],
            compliance_seen=seen, number=numbering and numbering.format(number))

    @staticmethod
    def submission_unchanged(customer_id: str, codes, reads: SubmissionReads) -> tuple:
        """The unit of work's `check_at_commit` arguments checking that `reads` still hold."""
        return SUBMISSION_UNCHANGED, lock_keys(codes, customer_id), customer_id, sorted(codes), reads.compliance_seen

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


def lock_keys(products=(), customer: str | None = None) -> list[str]:
    """The advisory lock keys of these products and this customer, in the order every taker takes them."""
    keys = sorted(f"product:{code}" for code in set(products))
    if customer is not None:
        keys.append(f"customer:{customer}")
    return keys


def _advisory_locks(take):
    # One statement for every key, taking them in the order given (unnest keeps the array's order).
    keys = func.unnest(bindparam("keys", type_=ARRAY(Text))).table_valued("key", with_ordinality="n").render_derived()
    return select(take(func.hashtext(keys.c.key))).select_from(keys).order_by(keys.c.n)


ADVISORY_LOCKS = {True: _advisory_locks(func.pg_advisory_xact_lock_shared),
                  False: _advisory_locks(func.pg_advisory_xact_lock)}
STATUSES = select(orm.product_compliance.c.product_code, orm.product_compliance.c.status).where(
    orm.product_compliance.c.product_code == any_(_CODES))


@functools.cache
def _requirements_of():
    # Built on first use: the domain class is mapped when the service starts, after this module loads.
    r = orm.known_requirements
    return select(KnownRequirement).where(r.c.customer_id == bindparam("customer_id")).order_by(r.c.requirement_id)


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
        keys = lock_keys(products, customer)
        if keys:
            self.session.execute(ADVISORY_LOCKS[shared], {"keys": keys}).all()

    def product(self, code: str) -> ProductCompliance | None:
        """The latest known result of a product, or None."""
        return self.session.get(ProductCompliance, code, with_for_update=True)

    def add(self, item) -> None:
        """Track a new product result or requirement."""
        self.session.add(item)

    def statuses(self, codes) -> dict[str, str]:
        """Known statuses of these products (unknown ones are absent)."""
        return dict(self.session.execute(STATUSES, {"codes": sorted(codes)}).all())

    def requirement(self, requirement_id: str) -> KnownRequirement | None:
        """A known customer requirement, or None."""
        return self.session.get(KnownRequirement, requirement_id, with_for_update=True)

    def requirements_of(self, customer_id: str) -> list[KnownRequirement]:
        """The customer's known requirements."""
        return list(self.session.execute(_requirements_of(), {"customer_id": customer_id}).scalars())


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
