"""A unit of work in memory, for handler tests: the repositories' contracts without a database."""
from __future__ import annotations

from complaints.domain.batch import batch_figures
from complaints.domain.satisfaction import YearCounts
from qms_shared.domain import Conflict


class FakeRepository:
    """Aggregates kept in a dict by id."""

    def __init__(self, aggregates=()):
        self.items = {a.id: a for a in aggregates}

    def add(self, aggregate) -> None:
        self.items[aggregate.id] = aggregate

    def get(self, aggregate_id):
        return self.items.get(aggregate_id)


class FakeBatchRecords(FakeRepository):
    """Records of a batch (complaints or internal problems) with the real repository's batch and overdue reads.

    The batch's figures look across both kinds, as the real query does: `everything` lists every record.
    """

    def __init__(self, aggregates=(), everything=None):
        super().__init__(aggregates)
        self.everything = everything or (lambda: self.items.values())
        self.locked_batches = []

    def lock_batch(self, key, *, excluding=None):
        if key is not None:
            self.locked_batches.append(key)
        return batch_figures(self.everything(), key, excluding=excluding)

    def in_batch(self, key, *, excluding):
        return [c for c in self.items.values() if c.batch_key == key and c.id != excluding]

    def overdue_candidates(self, as_of):
        return [c.id for c in self.items.values() if c.missed_deadlines(as_of)]


class FakeComplaints(FakeBatchRecords):
    """Complaints with the reads of the real repository."""

    def __init__(self, aggregates=(), everything=None):
        super().__init__(aggregates, everything)
        self.recurrence_refreshed = []

    def by_reference(self, reference: str):
        return next((c for c in self.items.values() if str(c.id) == reference or c.number == reference), None)

    def refresh_recurrence(self, complaint, previous_cause) -> None:
        self.recurrence_refreshed.append((complaint.id, previous_cause))


class FakeClaims(FakeRepository):
    """Claims, found by their complaint."""

    def for_complaint(self, complaint_id):
        return [c for c in self.items.values() if c.complaint_id == complaint_id]


class FakeActions(FakeRepository):
    """Corrective actions with the overdue read."""

    def overdue_candidates(self, as_of):
        return [a.id for a in self.items.values() if a.status == "open" and a.due_at and a.due_at < as_of
                and a.overdue_reported_due_at != a.due_at]


class FakeSurveys(FakeRepository):
    """Campaigns by year, with the year's counts the test sets."""

    counts = YearCounts()

    def for_year(self, year: int):
        return next((s for s in self.items.values() if s.year == year), None)

    def year_counts(self, year: int, *, as_of=None) -> YearCounts:
        return self.counts


class FakeCustomers(FakeRepository):
    """The customer archive with the real repository's locks (recorded) and reads."""

    def __init__(self, aggregates=()):
        super().__init__(aggregates)
        self.locked, self.figures = [], []

    def known(self, customer_id) -> bool:
        return self.get(customer_id) is not None

    def lock(self, customer_id) -> None:
        self.locked.append(customer_id)

    def lock_many(self, customer_ids) -> None:
        self.locked += sorted(set(customer_ids))

    def lock_for_import(self) -> None:
        self.locked.append("import")

    def get_many(self, ids):
        return {i: self.items[i] for i in ids if i in self.items}

    def visits_due(self, day):
        return [c.id for c in self.items.values() if c.next_visit_due_on and c.next_visit_due_on < day]

    def year_figures(self, year):
        return list(self.figures)


class FakeUnitOfWork:
    """Repositories, `publish`, `next_number` and `commit` in memory; `conflicts` makes a commit refuse."""

    def __init__(self, complaints=(), problems=()):
        records = lambda: [*self.complaints.items.values(), *self.internal_problems.items.values()]  # noqa: E731
        self.complaints = FakeComplaints(complaints, records)
        self.internal_problems = FakeBatchRecords(problems, records)
        self.claims, self.praises = FakeClaims(), FakeRepository()
        self.surveys, self.corrective_actions = FakeSurveys(), FakeActions()
        self.customers, self.survey_proposals = FakeCustomers(), FakeRepository()
        from fake_quality_repositories import quality_repositories  # seed 004 (issue 20); imports this module
        self.__dict__.update(quality_repositories())
        self.published, self.commits, self.conflicts = [], 0, set()
        self._pending, self._numbers = [], {}

    def __enter__(self):
        self._pending = []
        return self

    def __exit__(self, *exc):
        self._pending = []

    def publish(self, type: str, subject, data: dict, *, version: int = 1) -> dict:
        self._pending.append({"type": type, "subject": subject, "data": data, "version": version})
        return self._pending[-1]

    def next_number(self, prefix: str, year: int) -> str:
        self._numbers[prefix, year] = self._numbers.get((prefix, year), 0) + 1
        return f"{prefix}-{year}-{self._numbers[prefix, year]:06d}"

    def commit(self) -> None:
        if {event["subject"] for event in self._pending} & self.conflicts:
            raise Conflict("Someone changed this resource at the same time; read it again and retry.")
        self.published += self._pending
        self._pending = []
        self.commits += 1

    def types(self, subject=None) -> list[str]:
        """The event types committed, of one aggregate when `subject` is given."""
        return [e["type"] for e in self.published if subject is None or e["subject"] == subject]
