"""Settings of the reviews service (environment first, working defaults)."""
from __future__ import annotations

from dataclasses import dataclass

from qms_shared.config import Config, env


def _bool(raw: str) -> bool:
    return raw.strip().lower() in {"1", "true", "yes", "on"}


@dataclass
class ReviewsConfig(Config):
    """The shared settings plus the review period, legal review and the deadline scan interval."""

    service: str = "reviews"
    counts_working_days: bool = True  # review due dates count China's working days: /readyz says so
    review_due_days: int = env("QMS_REVIEW_DUE_DAYS", 2, int)
    legal_review: bool = env("QMS_LEGAL_REVIEW", False, _bool)
    deadline_scan_interval: float = env("QMS_DEADLINE_SCAN_INTERVAL", 300.0, float)
