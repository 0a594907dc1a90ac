"""Domain-level failures the unit of work raises for what the database refused, so handlers need no driver.

They are the suite's own (qms_shared.domain), named here for the complaints code that catches them.
"""
from __future__ import annotations

from qms_shared.domain import DUPLICATE_RECORD, ConcurrentUpdate

__all__ = ["ConcurrentUpdate", "DUPLICATE_RECORD"]
