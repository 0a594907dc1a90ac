"""What handlers need besides the unit of work: the rule's periods, the NC owner, the clock, molar masses."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable

from qms_shared.envelope import utcnow

from ..domain.catalogue import MassFraction
from ..domain.evaluation import EvaluationPolicy


def _no_formulas(formula: str, element: str) -> float:
    raise ValueError("no molar-mass calculator is wired (bootstrap passes one)")


@dataclass(frozen=True)
class Dependencies:
    """Passed to every handler as `deps`; tests build their own."""

    policy: EvaluationPolicy = field(default_factory=EvaluationPolicy)
    nonconformance_department: str = "quality"  # who owns the NCs a non-compliant result opens
    clock: Callable[[], datetime] = utcnow
    mass_fraction: MassFraction = _no_formulas  # element share of a formula's mass (catalogue members)

    @classmethod
    def from_config(cls, config, **wiring) -> "Dependencies":
        """The dependencies a service configuration asks for, plus what bootstrap wires in."""
        return cls(policy=EvaluationPolicy(config.test_report_max_age_months, config.exemption_warning_days),
                   nonconformance_department=config.nonconformance_department, **wiring)
