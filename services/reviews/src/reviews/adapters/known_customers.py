"""Customers the customer archive (complaints service) announced."""
from __future__ import annotations

from qms_shared.db import advisory_xact_locks

from ..domain.customers import KnownCustomer


class KnownCustomerRepository:
    """Known customers by id."""

    def __init__(self, session):
        self.session = session

    def lock(self, customer_id: str) -> None:
        """Serialise announcements of one customer: two first announcements would both insert it."""
        advisory_xact_locks(self.session, [f"known-customer:{customer_id}"])

    def get(self, customer_id: str) -> KnownCustomer | None:
        """The known customer, its row locked, or None."""
        return self.session.get(KnownCustomer, customer_id, with_for_update=True)

    def add(self, customer: KnownCustomer) -> None:
        """Track a newly announced customer."""
        self.session.add(customer)
