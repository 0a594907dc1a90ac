"""What handlers need besides the unit of work: the evaluation rule's periods, the NC owner, the clock."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable

from qms_shared.envelope import utcnow

from ..domain.evaluation import EvaluationPolicy


@dataclass(frozen=True)
class Dependencies:
    """Passed to every handler as `deps`; tests build their own."""

    policy: EvaluationPolicy = field(default_factory=EvaluationPolicy)
    nonconformance_department: str = "quality"  # who owns the NCs a non-compliant result opens
    clock: Callable[[], datetime] = utcnow

    @classmethod
    def from_config(cls, config) -> "Dependencies":
        """The dependencies a service configuration asks for."""
        return cls(policy=EvaluationPolicy(config.test_report_max_age_months, config.exemption_warning_days),
                   nonconformance_department=config.nonconformance_department)
