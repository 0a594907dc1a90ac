"""Domain-level failures the unit of work raises for what the database refused, so handlers need no driver."""
from __future__ import annotations

from qms_shared.domain import Conflict

DUPLICATE_RECORD = "The change conflicts with an existing record."


class ConcurrentUpdate(Conflict):
    """Someone changed the aggregate between this change's read and its write (409)."""

    def __init__(self, detail: str = "Someone changed this resource at the same time; read it again and retry."):
        super().__init__(detail)
