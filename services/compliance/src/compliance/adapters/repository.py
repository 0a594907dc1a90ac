"""Repositories: aggregates in and out of the session, plus the bulk paths re-evaluation needs."""
from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Any, Iterator

from sqlalchemy import JSON, Text, bindparam, func, insert, select, type_coerce, update

from ..domain.evaluation import Evaluation
from ..domain.interested_party import InterestedPartyRecord
from ..domain.nonconformance import Nonconformance
from ..domain.product import Product, ProductFacts
from ..domain.reevaluation import ImpactReport
from ..domain.regulation import Regulation
from ..domain.requirement import CustomerRequirement
from . import orm
from .json_types import material_facts


class _Repository:
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


class RegulationRepository(_Repository):
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


class RequirementRepository(_Repository):
    """Customer-specific requirements."""

    table = orm.customer_requirements
    default_order = (orm.customer_requirements.c.created_at.desc(), orm.customer_requirements.c.number.desc())

    model = CustomerRequirement

    def all(self) -> list[CustomerRequirement]:
        """Every customer requirement."""
        return list(self.session.execute(select(CustomerRequirement)).scalars())


class InterestedPartyRepository(_Repository):
    """The interested-party log."""

    table = orm.interested_party_records
    default_order = (orm.interested_party_records.c.created_at.desc(),)

    model = InterestedPartyRecord


class NonconformanceRepository(_Repository):
    """Nonconformances."""

    table = orm.nonconformances
    default_order = (orm.nonconformances.c.opened_at.desc(), orm.nonconformances.c.number.desc())

    model = Nonconformance

    def open_for(self, product_ids: list[uuid.UUID]) -> set[uuid.UUID]:
        """Which of these products already have a nonconformance that is not closed."""
        t = orm.nonconformances
        found: set[uuid.UUID] = set()
        for chunk in _chunks(product_ids):
            rows = self.session.execute(select(t.c.product_id).where(t.c.product_id.in_(chunk), t.c.status != "closed"))
            found.update(row[0] for row in rows)
        return found

    def all(self) -> list[Nonconformance]:
        """Every nonconformance."""
        return list(self.session.execute(select(Nonconformance)).scalars())


class ProductRepository(_Repository):
    """Products, and the compact bulk reads and writes of re-evaluation."""

    table = orm.products
    default_order = (orm.products.c.code,)

    model = Product

    def search(self, criteria: dict[str, Any], *, offset: int, limit: int) -> tuple[list, int]:
        """As for every repository, plus `customer_id`: products sold to that customer."""
        criteria = dict(criteria)
        customer = criteria.pop("customer_id", None)
        filters = [self.table.c[name] == value for name, value in criteria.items()]
        if customer is not None:  # customers are a JSON list: match the quoted id in its text, portably
            filters.append(self.table.c.customer_ids.cast(Text).contains(json.dumps(customer), autoescape=True))
        return self.page(*filters, order_by=self.default_order, offset=offset, limit=limit)

    def by_code(self, code: str) -> Product | None:
        """The product with this code, or None."""
        return self.session.execute(select(Product).where(orm.products.c.code == code)).scalar_one_or_none()

    def all(self) -> list[Product]:
        """Every product."""
        return list(self.session.execute(select(Product)).scalars())

    def facts(self, batch: int = 1000) -> Iterator[tuple[ProductFacts, int]]:
        """Every product as (facts, version), streamed from the raw JSON without building aggregates."""
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
        t = orm.products
        rows = [{"pid": c.product_id, "seen": versions[c.product_id], "st": c.status, "at": report.evaluated_at}
                for c in report.changes]
        if not rows:
            return []
        statement = (update(t).where(t.c.id == bindparam("pid"), t.c.version == bindparam("seen"))
                     .values(status=bindparam("st"), evaluated_at=bindparam("at"), updated_at=bindparam("at"),
                             version=t.c.version + 1))
        self.session.connection().execute(statement, rows)
        written: list[uuid.UUID] = []
        for chunk in _chunks([r["pid"] for r in rows]):
            query = select(t.c.id).where(t.c.id.in_(chunk), t.c.evaluated_at == report.evaluated_at)
            written.extend(self.session.execute(query).scalars())
        return written


class EvaluationRepository:
    """The history of evaluation results."""

    def __init__(self, session):
        self.session = session

    def add(self, evaluation: Evaluation) -> None:
        """Track one result."""
        self.session.add(evaluation)

    def add_many(self, items: list[Evaluation]) -> None:
        """Insert many results at once (re-evaluation), without the unit of work's bookkeeping."""
        if not items:
            return
        self.session.connection().execute(insert(orm.evaluations), [
            {"id": e.id, "product_id": e.product_id, "product_code": e.product_code, "status": e.status,
             "evaluated_at": e.evaluated_at, "trigger": e.trigger, "reasons": e.reasons}
            for e in items])

    def get(self, evaluation_id: uuid.UUID) -> Evaluation | None:
        """One result, or None."""
        return self.session.get(Evaluation, evaluation_id)

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


def _chunks(items: list, size: int = 5000) -> Iterator[list]:
    """Slices small enough for one IN list (a statement takes at most 65,535 parameters)."""
    for start in range(0, len(items), size):
        yield items[start:start + size]
