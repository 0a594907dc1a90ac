"""Settings of the compliance service (environment first, working defaults)."""
from __future__ import annotations

from dataclasses import dataclass

from qms_shared.config import Config, env


@dataclass
class ComplianceConfig(Config):
    """The shared settings plus the evaluation rule's periods and the daily exemption check."""

    service: str = "compliance"
    test_report_max_age_months: int = env("COMPLIANCE_TEST_REPORT_MAX_AGE_MONTHS", 12, int)
    exemption_warning_days: int = env("COMPLIANCE_EXEMPTION_WARNING_DAYS", 180, int)
    # Re-evaluate everything this often so exemptions that expire move products (default: daily).
    reevaluation_interval_s: float = env("COMPLIANCE_REEVALUATION_INTERVAL_S", 86400.0, float)
    nonconformance_department: str = env("COMPLIANCE_NC_DEPARTMENT", "quality")
    # the letterhead of the printable reports (the same variables as the complaints service's)
    company_name: str = env("QMS_COMPANY_NAME", "QMS")
    company_logo: str = env("QMS_COMPANY_LOGO", "")  # a PNG/SVG file, embedded in the page as a data: URI
