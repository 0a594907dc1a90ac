"""What handlers need besides the unit of work: the review policy and the clock."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Callable

from qms_shared.envelope import utcnow

from ..domain.policy import ReviewPolicy


@dataclass(frozen=True)
class Dependencies:
    """Passed to every handler as `deps`; tests swap the policy or the clock."""

    policy: ReviewPolicy
    clock: Callable[[], datetime] = utcnow
