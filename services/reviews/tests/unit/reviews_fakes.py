"""A fake unit of work for handler tests: repositories in memory, events and commits recorded.

A uniquely named module (not conftest) so tests import it without clashing with other services' helpers.
"""
from __future__ import annotations

from reviews.domain.classification import CustomerFacts


class FakeContracts:
    """Contracts in a dict; the customer facts computed by the rules' own definition."""

    def __init__(self):
        self.by_id: dict = {}
        self.facts_locked: list[str] = []

    def add(self, contract) -> None:
        self.by_id[contract.id] = contract

    def get(self, contract_id):
        return self.by_id.get(contract_id)

    get_for_update = get

    def customer_facts(self, customer_id, codes, *, amended=None) -> CustomerFacts:
        return CustomerFacts.of(self.by_id.values(), customer_id, codes, amended and amended.id)

    def lock_customer_facts(self, contract) -> None:
        self.facts_locked.append(contract.number)

    def with_reviews_due(self, as_of):
        return [c.id for c in self.by_id.values() if any(r.is_overdue_at(as_of) for r in c.reviews)]


class FakeComplianceCopy:
    """Known product statuses and customer requirements, given by the test."""

    def __init__(self, statuses=None, requirements=()):
        self.known_statuses = dict(statuses or {})
        self.requirements = list(requirements)

    def lock(self, **_) -> None:
        pass

    def statuses(self, codes) -> dict:
        return {code: status for code, status in self.known_statuses.items() if code in set(codes)}

    def requirements_of(self, customer_id) -> list:
        return [r for r in self.requirements if r.customer_id == customer_id]


class FakeUnitOfWork:
    """What the handlers use of the unit of work; `committed` counts commits, `events` what they published."""

    def __init__(self, compliance: FakeComplianceCopy | None = None):
        self.contracts = FakeContracts()
        self.compliance = compliance or FakeComplianceCopy()
        self.committed = 0
        self.events: list[tuple[str, str, dict]] = []
        self._pending: list = []
        self._numbers = 0

    def __enter__(self):
        self._pending = []
        return self

    def __exit__(self, *exc):
        self._pending = []

    def publish(self, type, subject, data, *, version=1) -> None:
        self._pending.append((type, str(subject), data))

    def commit(self) -> None:
        self.events += self._pending
        self._pending = []
        self.committed += 1

    def next_number(self, prefix: str, year: int) -> str:
        self._numbers += 1
        return f"{prefix}-{year}-{self._numbers:06d}"
