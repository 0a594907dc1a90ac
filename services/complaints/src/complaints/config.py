"""Settings of the complaints service (environment first, working defaults)."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from qms_shared.config import Config, env
from qms_shared.workdays import WorkCalendar

from .domain.deadlines import DeadlinePolicy
from .domain.incident import IncidentThresholds


@dataclass
class ComplaintsConfig(Config):
    """The shared settings plus deadlines, incident thresholds and the overdue scan's pace."""

    service: str = "complaints"
    counts_working_days: bool = True  # deadlines count China's working days: /readyz reports provisional years
    containment_days: int = env("QMS_CONTAINMENT_DAYS", 2, int)
    corrective_action_days: int = env("QMS_CORRECTIVE_ACTION_DAYS", 10, int)
    major_returned_quantity: int = env("QMS_MAJOR_RETURNED_QUANTITY", 500, int)
    major_loss_amount: Decimal = env("QMS_MAJOR_LOSS_CNY", Decimal("20000"), Decimal)
    batch_returned_quantity: int = env("QMS_BATCH_RETURNED_QUANTITY", 50, int)
    deadline_scan_interval: float = env("QMS_DEADLINE_SCAN_INTERVAL", 60.0, float)

    def deadline_policy(self) -> DeadlinePolicy:
        """Working-day deadlines on the configured holiday calendar."""
        return DeadlinePolicy(calendar=WorkCalendar.from_strings(self.holidays, self.workdays),
                              containment_days=self.containment_days,
                              corrective_action_days=self.corrective_action_days)

    def incident_thresholds(self) -> IncidentThresholds:
        """Where incidents become batch or major."""
        return IncidentThresholds(major_returned_quantity=self.major_returned_quantity,
                                  major_loss_amount=self.major_loss_amount,
                                  batch_returned_quantity=self.batch_returned_quantity)
