"""Retry policy: exponential backoff with a cap, and a last attempt after which a delivery is dead."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class RetryPolicy:
    """`max_attempts` tries in all; the wait after try n is base × factor^(n-1), at most `cap`."""

    max_attempts: int = 5
    base_delay: timedelta = timedelta(seconds=30)
    factor: float = 2.0
    cap: timedelta = timedelta(hours=1)

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        if self.base_delay <= timedelta(0) or self.factor < 1 or self.cap < self.base_delay:
            raise ValueError("need base_delay > 0, factor >= 1 and cap >= base_delay")

    def delay_after(self, attempt: int) -> timedelta:
        """How long to wait after the `attempt`-th failed try (1-based)."""
        if attempt < 1:
            raise ValueError("attempt is 1-based")
        seconds = self.base_delay.total_seconds() * self.factor ** (attempt - 1)
        return min(self.cap, timedelta(seconds=seconds))

    def next_attempt_at(self, attempt: int, failed_at: datetime) -> datetime | None:
        """When to try again after the `attempt`-th failure, or None when that was the last."""
        if attempt >= self.max_attempts:
            return None
        return failed_at + self.delay_after(attempt)
