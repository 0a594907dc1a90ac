"""What handlers and the dispatcher need besides the unit of work, wired once by bootstrap()."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable

from qms_shared.envelope import utcnow

from ..adapters.outbound import OutboundGuard
from ..adapters.senders.base import Sender
from ..adapters.templates import TemplateRenderer
from ..domain.retry import RetryPolicy


@dataclass(frozen=True)
class Dependencies:
    """Passed to every command handler as `deps` and to the dispatcher; tests swap the clock and senders."""

    renderer: TemplateRenderer
    policy: RetryPolicy
    senders: dict[str, Sender] = field(default_factory=dict)
    clock: Callable[[], datetime] = utcnow
    # resolves and checks the URLs callers give (webhooks), at save as at send
    outbound: OutboundGuard = field(default_factory=OutboundGuard)
