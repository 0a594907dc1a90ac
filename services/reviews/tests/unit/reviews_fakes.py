"""A fake unit of work for handler tests: repositories in memory, events and commits recorded; and the
orders and users those tests send through the bus.

A uniquely named module (not conftest) so tests import it without clashing with other services' helpers.
"""
from __future__ import annotations

from datetime import date

from reviews.domain import commands as c
from reviews.domain.classification import CustomerFacts

from reviews_builders import T0, as_role

LINE = {"product_code": "P-100", "product_name": "Carton", "model": "A4", "quantity": "1000", "unit_price": "2.50",
        "requested_delivery_date": date(2026, 3, 20)}


def submit_order(bus, lines=(LINE,)):
    """Sales submits an order of C-1 (Acme) through the bus, by default for P-100."""
    return bus.handle(c.SubmitContract(
        customer_id="C-1", customer_name="Acme", salesperson="Li", region=None, source="written", currency="CNY",
        payment_terms=None, requirements=None, lines=[dict(line) for line in lines], actor=as_role("sales"), at=T0))


class FakeDeliveries:
    """The delivery history in a dict by (source document, line); `imports` counts the import locks taken."""

    def __init__(self):
        self.rows: dict = {}
        self.imports = 0

    def lock_for_import(self) -> None:
        self.imports += 1

    def stored(self, keys) -> dict:
        return {key: self.rows[key] for key in keys if key in self.rows}

    def add(self, deliveries, *, by, at) -> None:
        assert not any(d.key in self.rows for d in deliveries), "added twice"
        self.rows.update((d.key, d) for d in deliveries)

    def replace(self, deliveries, *, by, at) -> None:
        assert all(d.key in self.rows for d in deliveries), "replaced a row never stored"
        self.rows.update((d.key, d) for d in deliveries)


class FakeCustomers:
    """The customers the archive announced, by id."""

    def __init__(self):
        self.by_id: dict = {}

    def lock(self, customer_id) -> None:
        pass

    def get(self, customer_id):
        return self.by_id.get(customer_id)

    def add(self, customer) -> None:
        self.by_id[customer.customer_id] = customer


class FakeContracts:
    """Contracts in a dict; the customer facts computed by the rules' own definition, from the contracts,
    the delivery history and the archive's customers."""

    def __init__(self, deliveries: FakeDeliveries | None = None, customers: FakeCustomers | None = None):
        self.by_id: dict = {}
        self.facts_locked: list[str] = []
        self.deliveries = deliveries or FakeDeliveries()
        self.customers = customers or FakeCustomers()

    def add(self, contract) -> None:
        self.by_id[contract.id] = contract

    def get(self, contract_id):
        return self.by_id.get(contract_id)

    get_for_update = get

    def customer_facts(self, customer_id, codes, *, amended=None) -> CustomerFacts:
        return CustomerFacts.of(self.by_id.values(), customer_id, codes, amended and amended.id,
                                deliveries=self.deliveries.rows.values(), known_customers=self.customers.by_id)

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
        self.deliveries = FakeDeliveries()
        self.customers = FakeCustomers()
        self.contracts = FakeContracts(self.deliveries, self.customers)
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
