"""What handlers need besides the unit of work: the clock and the configured rules."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable

from qms_shared.envelope import utcnow

from ..domain.deadlines import DeadlinePolicy
from ..domain.incident import IncidentThresholds
from ..domain.satisfaction import SatisfactionRules


@dataclass(frozen=True)
class Dependencies:
    """Passed to every handler as `deps`; tests swap the clock."""

    policy: DeadlinePolicy
    thresholds: IncidentThresholds
    rules: SatisfactionRules = field(default_factory=SatisfactionRules)
    clock: Callable[[], datetime] = utcnow
