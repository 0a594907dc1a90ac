"""An event from another service, as the notifications domain sees it."""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

_MISSING = object()


@dataclass(frozen=True)
class IncomingEvent:
    """The parts of an envelope that rules, audiences and templates need."""

    id: uuid.UUID
    type: str
    occurred_at: datetime
    data: dict[str, Any] = field(default_factory=dict)
    source: str = ""
    subject: str | None = None

    def field(self, path: str, default: Any = None) -> Any:
        """The value at a dotted path in `data` (`customer.name`), or `default`."""
        return field_value(self.data, path, default)

    def template_context(self) -> dict[str, Any]:
        """What templates see: the data fields at top level, plus the envelope as `event`."""
        envelope = {"id": str(self.id), "type": self.type, "source": self.source,
                    "subject": self.subject, "occurred_at": self.occurred_at.isoformat()}
        return {**self.data, "event": envelope, "data": self.data}


def field_value(data: dict[str, Any], path: str, default: Any = None) -> Any:
    """Walk a dotted path through nested dicts; `default` when any step is missing."""
    current: Any = data
    for step in path.split("."):
        if not isinstance(current, dict):
            return default
        current = current.get(step, _MISSING)
        if current is _MISSING:
            return default
    return current
