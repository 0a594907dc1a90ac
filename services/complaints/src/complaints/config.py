"""Settings of the complaints service (environment first, working defaults)."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from qms_shared.config import Config, env
from qms_shared.workdays import WorkCalendar

from .domain.customer_visits import VisitRules
from .domain.deadlines import DeadlinePolicy
from .domain.incident import IncidentThresholds
from .domain.quality_base import QualityRules
from .domain.survey_selection import SelectionRules


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
    # printable reports (8D, management review): who they are from; the logo is a PNG, JPEG or SVG file
    company_name: str = env("QMS_COMPANY_NAME", "QMS")
    company_logo: str = env("QMS_COMPANY_LOGO", "")
    # the customer archive: a late visit reaches the GM after these working days; who a survey proposes
    visit_general_manager_days: int = env("QMS_VISIT_GENERAL_MANAGER_DAYS", 5, int)
    survey_minimum_tonnes: Decimal = env("QMS_SURVEY_MINIMUM_TONNES", Decimal("200"), Decimal)
    survey_revenue_share: Decimal = env("QMS_SURVEY_REVENUE_SHARE", Decimal("70"), Decimal)
    # seed 004 (issue 20): the supplier's reply time, the concession's hourly charge, the assembly batch
    supplier_reply_days: int = env("QMS_SUPPLIER_REPLY_DAYS", 5, int)
    concession_cny_per_hour: Decimal = env("QMS_CONCESSION_CNY_PER_HOUR", Decimal("20"), Decimal)
    emergency_assembly_batch: int = env("QMS_EMERGENCY_ASSEMBLY_BATCH", 5, int)
    # a rectification notice or a supplier's action late this many working days reaches the general manager too
    quality_general_manager_days: int = env("QMS_QUALITY_GENERAL_MANAGER_DAYS", 2, int)

    def deadline_policy(self) -> DeadlinePolicy:
        """Working-day deadlines on the configured holiday calendar."""
        return DeadlinePolicy(calendar=WorkCalendar.from_strings(self.holidays, self.workdays),
                              containment_days=self.containment_days,
                              corrective_action_days=self.corrective_action_days)

    def visit_rules(self) -> VisitRules:
        """Follow-up visits on the configured holiday calendar."""
        return VisitRules(general_manager_after_days=self.visit_general_manager_days,
                          calendar=WorkCalendar.from_strings(self.holidays, self.workdays))

    def selection_rules(self) -> SelectionRules:
        """Who a survey proposal picks: the yearly tonnage and the revenue share (percent)."""
        return SelectionRules(minimum_tonnes=self.survey_minimum_tonnes, revenue_share=self.survey_revenue_share)

    def quality_rules(self) -> QualityRules:
        """Seed 004's configurable figures (supplier replies, concessions, emergencies)."""
        return QualityRules(supplier_reply_days=self.supplier_reply_days,
                            deduction_per_hour=self.concession_cny_per_hour,
                            assembly_batch=self.emergency_assembly_batch,
                            general_manager_after_days=self.quality_general_manager_days)

    def incident_thresholds(self) -> IncidentThresholds:
        """Where incidents become batch or major."""
        return IncidentThresholds(major_returned_quantity=self.major_returned_quantity,
                                  major_loss_amount=self.major_loss_amount,
                                  batch_returned_quantity=self.batch_returned_quantity)
