"""What handlers need besides the unit of work: the clock and the configured rules."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable

from qms_shared.envelope import utcnow

from ..domain.deadlines import DeadlinePolicy
from ..domain.customer_visits import VisitRules
from ..domain.incident import IncidentThresholds
from ..domain.quality_base import QualityRules
from ..domain.satisfaction import SatisfactionRules
from ..domain.survey_selection import SelectionRules


@dataclass(frozen=True)
class Dependencies:
    """Passed to every handler as `deps`; tests swap the clock."""

    policy: DeadlinePolicy
    thresholds: IncidentThresholds
    rules: SatisfactionRules = field(default_factory=SatisfactionRules)
    clock: Callable[[], datetime] = utcnow
    visit_rules: VisitRules = field(default_factory=VisitRules)  # customer follow-up visits
    selection: SelectionRules = field(default_factory=SelectionRules)  # who a survey proposes
    quality: QualityRules = field(default_factory=QualityRules)  # seed 004's supplier and emergency figures
