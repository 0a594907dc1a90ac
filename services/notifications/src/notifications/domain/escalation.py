"""Escalation of overdue items: the department head first, then the general manager too."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .incoming import field_value
from .rule import Audience
from .vocabulary import GENERAL_MANAGER


@dataclass(frozen=True)
class EscalationPolicy:
    """Reads from an event how far it escalates; field names are configuration, not code.

    Level 1 (first overdue) tells the head of the department named by the first of
    `department_fields` present in the event. Level 2 and above (overdue again), or a major
    incident, also tell the general manager.
    """

    department_fields: tuple[str, ...] = ("owner_department", "responsible_department", "department")
    level_fields: tuple[str, ...] = ("escalation_level", "overdue_count")
    overdue_list_field: str = "overdue"
    incident_field: str = "incident_class"
    major_value: str = "major"

    def level(self, data: dict[str, Any]) -> int:
        """1 for a first escalation, 2 or more when the event says the item is overdue again."""
        for name in self.level_fields:
            value = field_value(data, name)
            if isinstance(value, int) and not isinstance(value, bool):
                return max(1, value)
        missed = field_value(data, self.overdue_list_field)
        if isinstance(missed, list) and missed:
            return len(missed)
        return 1

    def is_major(self, data: dict[str, Any]) -> bool:
        """True when the event reports a major quality incident."""
        return field_value(data, self.incident_field) == self.major_value

    def audience(self, data: dict[str, Any]) -> Audience:
        """The people this event escalates to."""
        department_field = next((f for f in self.department_fields if field_value(data, f)), None)
        heads = (department_field,) if department_field else ()
        needs_manager = self.level(data) >= 2 or self.is_major(data) or not heads
        # With no department to escalate to, the general manager is the only one left to tell.
        return Audience(heads_of=heads, roles=(GENERAL_MANAGER,) if needs_manager else ())
