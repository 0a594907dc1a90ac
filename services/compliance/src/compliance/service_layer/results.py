"""What handlers return when a change also re-evaluated products."""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from ..domain.reevaluation import ImpactReport


@dataclass
class Impact:
    """A summary of an impact report, for the response of the change that caused it."""

    report_id: uuid.UUID
    evaluated: int
    changes: list[dict[str, Any]]

    @classmethod
    def of(cls, report: ImpactReport, report_id: uuid.UUID) -> "Impact":
        """The summary of `report`."""
        return cls(report_id, report.evaluated, [
            {"product_id": c.product_id, "product_code": c.product_code, "previous": c.previous, "status": c.status}
            for c in report.changes])


class WithImpact:
    """An aggregate plus the impact of its change; reads through to the aggregate's attributes."""

    def __init__(self, subject: Any, impact: Impact | None):
        self.subject = subject
        self.impact = impact

    def __getattr__(self, name: str) -> Any:
        return getattr(self.subject, name)
