"""Customers the company already has, as the customer archive (complaints service, 客户档案) announces them."""
from __future__ import annotations

from datetime import datetime

from qms_shared.domain import Aggregate


class KnownCustomer(Aggregate):
    """A customer of the archive: an existing customer for classification, whatever reviews has seen of it."""

    def __init__(self, *, customer_id: str, name: str, updated_at: datetime):
        self.customer_id = customer_id
        self.name = name
        self.updated_at = updated_at
        self.version = 1

    def update(self, *, name: str, updated_at: datetime) -> bool:
        """Take a newer announcement; one older than the latest applied (delivered late) changes nothing, so a
        late rename never undoes a later one. True when the name changed (`version` counts the names)."""
        if updated_at <= self.updated_at:
            return False
        renamed = name != self.name
        self.name, self.updated_at = name, updated_at
        if renamed:
            self.version += 1
        return renamed
