"""An in-memory unit of work for handler tests: the repositories' contracts on dicts, events kept in a list."""
from __future__ import annotations

import uuid

from compliance.domain.catalogue import SubstanceCatalogue
from compliance.domain.nonconformance import Nonconformance
from compliance.domain.reevaluation import ImpactReport


class FakeRepository:
    """Aggregates by id; `all` in insertion order."""

    def __init__(self):
        self.items: dict = {}

    def add(self, item) -> None:
        self.items[item.id] = item

    def get(self, item_id):
        return self.items.get(item_id)

    def all(self) -> list:
        return list(self.items.values())

    def by_code(self, code: str):
        return next((item for item in self.items.values() if item.code == code), None)


class FakeGroups(FakeRepository):
    """The substance catalogue."""

    def catalogue(self) -> SubstanceCatalogue:
        return SubstanceCatalogue(self.all())


class FakeProducts(FakeRepository):
    """Products, with the bulk read and the version-checked bulk write of re-evaluation."""

    def facts(self):
        return [(product.facts(), product.version) for product in self.all()]

    def record_results(self, report: ImpactReport, versions: dict) -> list[uuid.UUID]:
        written = []
        for change in report.changes:
            product = self.items[change.product_id]
            if product.version == versions[change.product_id]:
                product.status, product.evaluated_at = change.status, report.evaluated_at
                product.version += 1
                written.append(product.id)
        return written


class FakeNonconformances(FakeRepository):
    """Nonconformances; `products_with_open_case` by the domain's own `is_open`."""

    def products_with_open_case(self, product_ids) -> set:
        wanted = set(product_ids)
        return {nc.product_id for nc in self.items.values() if nc.is_open and nc.product_id in wanted}

    def add_many(self, items) -> None:
        for item in items:
            self.add(item)

    def of_product(self, product_id) -> list[Nonconformance]:
        return [nc for nc in self.items.values() if nc.product_id == product_id]


class FakeEvaluations(FakeRepository):
    """Evaluation results."""

    def add_many(self, items) -> None:
        for item in items:
            self.add(item)


class FakeImpactReports:
    """Impact reports by id."""

    def __init__(self):
        self.reports: dict = {}

    def add(self, report: ImpactReport, *, duration_ms: int) -> uuid.UUID:
        report_id = uuid.uuid4()
        self.reports[report_id] = report
        return report_id


class FakeUnitOfWork:
    """Keeps its repositories across `with` blocks, so a test reads what earlier commands left."""

    def __init__(self):
        self.regulations, self.requirements = FakeRepository(), FakeRepository()
        self.interested_parties, self.products = FakeRepository(), FakeProducts()
        self.evaluations, self.nonconformances = FakeEvaluations(), FakeNonconformances()
        self.impact_reports = FakeImpactReports()
        self.substance_groups = FakeGroups()
        self.published: list[tuple[str, object, dict]] = []
        self.commits = 0
        self._pending: list = []
        self._numbers: dict = {}

    def __enter__(self):
        self._pending = []
        return self

    def __exit__(self, *exc):
        self._pending = []

    def publish(self, type: str, subject, data: dict, *, version: int = 1) -> None:
        self._pending.append((type, subject, data))

    def commit(self) -> None:
        self.published += self._pending
        self._pending = []
        self.commits += 1

    def next_number(self, prefix: str, year: int) -> str:
        return self.next_numbers(prefix, year, 1)[0]

    def next_numbers(self, prefix: str, year: int, count: int) -> list[str]:
        start = self._numbers.get((prefix, year), 0)
        self._numbers[(prefix, year)] = start + count
        return [f"{prefix}-{year}-{n:06d}" for n in range(start + 1, start + count + 1)]

    def types(self) -> list[str]:
        """Event types committed so far, in order."""
        return [event_type for event_type, _, _ in self.published]
