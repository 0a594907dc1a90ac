"""Products, their evaluations and impact reports: the aggregates plus the bulk paths of re-evaluation."""
from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Iterator

from sqlalchemy import JSON, Integer, String, Uuid, bindparam, cast, func, insert, select, type_coerce, update
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, distinct_on

from ..domain.evaluation import Evaluation
from ..domain.product import Product, ProductFacts
from ..domain.reevaluation import ImpactReport
from ..domain.report import StatusAt
from . import orm
from .json_types import material_facts
from .repository import Repository


class ProductRepository(Repository):
    """Products, and the compact bulk reads and writes of re-evaluation."""

    table = orm.products
    default_order = (orm.products.c.code,)

    model = Product

    def search(self, criteria: dict[str, Any], *, offset: int, limit: int) -> tuple[list, int]:
        """As for every repository, plus `customer_id`: products sold to that customer."""
        criteria = dict(criteria)
        customer = criteria.pop("customer_id", None)
        filters = [self.table.c[name] == value for name, value in criteria.items()]
        if customer is not None:
            filters.append(sold_to(customer))
        return self.page(*filters, order_by=self.default_order, offset=offset, limit=limit)

    def by_code(self, code: str) -> Product | None:
        """The product with this code, or None."""
        return self.session.execute(select(Product).where(orm.products.c.code == code)).scalar_one_or_none()

    def all(self) -> list[Product]:
        """Every product."""
        return list(self.session.execute(select(Product)).scalars())

    def facts(self, batch: int = 1000) -> Iterator[tuple[ProductFacts, int]]:
        """Every product as (facts, version), streamed from the raw JSON without building aggregates."""
        self.session.flush()  # a change made in this transaction (e.g. a product's) must be read as well
        t = orm.products
        raw = type_coerce(t.c.materials, JSON).label("raw")  # the stored JSON as is, no domain objects
        query = select(t.c.id, t.c.code, t.c.customer_ids, t.c.markets, t.c.test_report_date,
                       t.c.supplier_declaration_date, raw, t.c.status, t.c.name, t.c.version).order_by(t.c.code)
        result = self.session.execute(query.execution_options(yield_per=batch))
        for row in result:
            yield ProductFacts(row.id, row.code, frozenset(row.customer_ids), frozenset(row.markets),
                               row.test_report_date, row.supplier_declaration_date, material_facts(row.raw),
                               row.status, row.name), row.version

    def record_results(self, report: ImpactReport, versions: dict[uuid.UUID, int]) -> list[uuid.UUID]:
        """Write the new status of every changed product not edited meanwhile; returns those written."""
        if not report.changes:
            return []
        t = orm.products
        # The version check of an ORM flush, for every row in one statement: a product edited since it
        # was read keeps its own newer result, and RETURNING says which rows were written. The rows go
        # as three array parameters (unnest), not three bound parameters a row to compile and convert.
        changes = report.changes
        changed = func.unnest(
            bindparam("pids", [c.product_id for c in changes], type_=ARRAY(Uuid)),
            bindparam("seen", [versions[c.product_id] for c in changes], type_=ARRAY(Integer)),
            bindparam("statuses", [c.status for c in changes], type_=ARRAY(String)),
        ).table_valued("pid", "seen", "st").render_derived(name="changed", with_types=False)
        statement = (update(t).where(t.c.id == changed.c.pid, t.c.version == changed.c.seen)
                     .values(status=changed.c.st, evaluated_at=report.evaluated_at,
                             updated_at=report.evaluated_at, version=t.c.version + 1)
                     .returning(t.c.id))
        return list(self.session.execute(statement).scalars())


def sold_to(customer_id: str):
    """The condition 'the product is sold to `customer_id`' (its JSON list of customers holds the id)."""
    return cast(orm.products.c.customer_ids, JSONB).contains([customer_id])


class EvaluationRepository:
    """The history of evaluation results."""

    def __init__(self, session):
        self.session = session

    def add(self, evaluation: Evaluation) -> None:
        """Track one result."""
        self.session.add(evaluation)

    def add_many(self, items: list[Evaluation]) -> None:
        """Insert many results in one bulk statement (re-evaluation), without tracking each object."""
        if not items:
            return
        self.session.flush()  # a Core INSERT does not flush first; the products they name must be written
        # Without RETURNING, psycopg pipelines the rows: measured faster here than insertmanyvalues.
        self.session.execute(insert(orm.evaluations), [
            {"id": e.id, "product_id": e.product_id, "product_code": e.product_code, "status": e.status,
             "evaluated_at": e.evaluated_at, "trigger": e.trigger, "reasons": e.reasons}
            for e in items])

    def get(self, evaluation_id: uuid.UUID) -> Evaluation | None:
        """One result, or None."""
        return self.session.get(Evaluation, evaluation_id)

    def statuses_at(self, moment: datetime) -> dict[uuid.UUID, StatusAt]:
        """Per product, its last result up to `moment` (the domain's `report.status_at`, in one query)."""
        t = orm.evaluations
        query = (select(t.c.product_id, t.c.status, t.c.evaluated_at).where(t.c.evaluated_at <= moment)
                 .order_by(t.c.product_id, t.c.evaluated_at.desc()).ext(distinct_on(t.c.product_id)))
        return {row.product_id: StatusAt(row.status, row.evaluated_at) for row in self.session.execute(query)}

    def latest(self, product_id: uuid.UUID) -> Evaluation | None:
        """The product's most recent result."""
        t = orm.evaluations
        return self.session.execute(select(Evaluation).where(t.c.product_id == product_id)
                                    .order_by(t.c.evaluated_at.desc()).limit(1)).scalar_one_or_none()

    def search(self, criteria: dict[str, Any], *, offset: int, limit: int) -> tuple[list[Evaluation], int]:
        """A page of results whose columns equal `criteria`, newest first."""
        t = orm.evaluations
        filters = [t.c[name] == value for name, value in criteria.items()]
        total = self.session.execute(select(func.count()).select_from(t).where(*filters)).scalar_one()
        rows = self.session.execute(select(Evaluation).where(*filters).order_by(t.c.evaluated_at.desc())
                                    .offset(offset).limit(limit)).scalars().all()
        return list(rows), total


class ImpactReportRepository:
    """What each change did: stored as plain rows."""

    def __init__(self, session):
        self.session = session

    def add(self, report: ImpactReport, *, duration_ms: int) -> uuid.UUID:
        """Store a report; returns its id."""
        report_id = uuid.uuid4()
        changes = [{"product_id": str(c.product_id), "product_code": c.product_code, "previous": c.previous,
                    "status": c.status} for c in report.changes]
        self.session.execute(insert(orm.impact_reports).values(
            id=report_id, trigger=report.trigger, evaluated_at=report.evaluated_at, evaluated=report.evaluated,
            duration_ms=duration_ms, changes=changes))
        return report_id

    def get(self, report_id: uuid.UUID) -> dict[str, Any] | None:
        """One report as a dict, or None."""
        row = self.session.execute(select(orm.impact_reports).where(orm.impact_reports.c.id == report_id))
        found = row.mappings().first()
        return dict(found) if found else None

    def page(self, *, offset: int, limit: int, since: datetime | None = None) -> tuple[list[dict], int]:
        """Reports, newest first."""
        t = orm.impact_reports
        filters = [t.c.evaluated_at >= since] if since else []
        total = self.session.execute(select(func.count()).select_from(t).where(*filters)).scalar_one()
        rows = self.session.execute(select(t).where(*filters).order_by(t.c.evaluated_at.desc())
                                    .offset(offset).limit(limit)).mappings().all()
        return [dict(r) for r in rows], total
