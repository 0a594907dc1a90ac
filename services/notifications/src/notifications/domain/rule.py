"""Rule: which events notify which audience, on which channels, with which template."""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Iterable

from qms_shared.domain import FieldErrors

from .editable import Editable
from .events import RuleSaved
from .incoming import field_value
from .topics import pattern_error, topic_matches
from .validation import is_slug
from .vocabulary import CHANNELS, ROLES

EDITABLE = ("name", "event_type", "audience", "channels", "template", "enabled", "escalate",
            "conditions")


@dataclass(frozen=True)
class Audience:
    """Who a rule tells: by role, department, named recipient, or fields of the event.

    `heads_of` names event data fields holding a department (e.g. `owner_department`): that
    department's head is told. `department_fields` names fields holding departments whose
    members are all told. `recipient_fields` names fields holding a recipient id or email.
    """

    roles: tuple[str, ...] = ()
    departments: tuple[str, ...] = ()
    recipient_ids: tuple[uuid.UUID, ...] = ()
    heads_of: tuple[str, ...] = ()
    recipient_fields: tuple[str, ...] = ()
    department_fields: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Audience":
        """Build from the API/JSON shape; lists become tuples, ids become UUIDs."""
        return cls(
            roles=tuple(data.get("roles") or ()),
            departments=tuple(data.get("departments") or ()),
            recipient_ids=tuple(uuid.UUID(str(v)) for v in data.get("recipient_ids") or ()),
            heads_of=tuple(data.get("heads_of") or ()),
            recipient_fields=tuple(data.get("recipient_fields") or ()),
            department_fields=tuple(data.get("department_fields") or ()),
        )

    def to_dict(self) -> dict[str, list]:
        """The API/JSON shape (what the ORM stores as JSON)."""
        return {"roles": list(self.roles), "departments": list(self.departments),
                "recipient_ids": [str(v) for v in self.recipient_ids],
                "heads_of": list(self.heads_of), "recipient_fields": list(self.recipient_fields),
                "department_fields": list(self.department_fields)}

    def is_empty(self) -> bool:
        """True when the audience names nobody at all."""
        return not (self.roles or self.departments or self.recipient_ids or self.heads_of
                    or self.recipient_fields or self.department_fields)

    def errors(self, errors: FieldErrors) -> None:
        """Add this audience's problems to `errors` (emptiness is the rule's concern)."""
        errors.check_subset(self.roles, ROLES, "audience.roles")
        for department in self.departments:
            errors.check(is_slug(department), "audience.departments", f"{department!r} is not a department name")


class Rule(Editable):
    """Maps an event type pattern to an audience, channels and a template key."""

    EDITABLE, LISTS = EDITABLE, ("channels",)
    REFUSED = ("unknown field", "Rule has no such fields")

    def __init__(self, *, id: uuid.UUID, name: str, event_type: str, audience: Audience,
                 channels: Iterable[str], at: datetime, template: str | None = None,
                 enabled: bool = True, escalate: bool = False,
                 conditions: dict[str, list] | None = None):
        self.id = id
        self.name = name
        self.event_type = event_type
        self.audience = audience
        self.channels = list(channels)
        self.template = template
        self.enabled = enabled
        # Escalating rules add the department head / general manager per EscalationPolicy.
        self.escalate = escalate
        # Event data field (dotted path) -> accepted values, e.g. {"incident_class": ["major"]}.
        self.conditions = dict(conditions or {})
        self._created(at)

    def applies_to(self, event_type: str, data: dict[str, Any]) -> bool:
        """True when enabled, the pattern matches the event type and the data meets the conditions."""
        return (self.enabled and topic_matches(self.event_type, event_type)
                and all(field_value(data, path) in accepted for path, accepted in self.conditions.items()))

    def template_key(self, event_type: str) -> str:
        """The template this rule renders: its own, else the one named after the event type."""
        return self.template or event_type

    def _validate(self) -> None:
        errors = FieldErrors()
        errors.check(bool(self.name and self.name.strip()), "name", "must not be empty")
        problem = pattern_error(self.event_type)
        errors.check(problem is None, "event_type", problem or "")
        errors.check(bool(self.channels), "channels", "must name at least one channel")
        errors.check_subset(self.channels, CHANNELS, "channels")
        errors.check(len(set(self.channels)) == len(self.channels), "channels", "must not repeat")
        if isinstance(self.audience, Audience):
            self.audience.errors(errors)
            # An escalating rule may leave the audience empty: the escalation policy names people.
            errors.check(self.escalate or not self.audience.is_empty(), "audience",
                         "must name at least one role, department, recipient or event field")
        else:
            errors.add("audience", "must be an audience")
        errors.check(isinstance(self.conditions, dict) and all(
            isinstance(v, list) and v for v in self.conditions.values()), "conditions",
            "must map event fields to non-empty lists of accepted values")
        errors.check(self.template is None or bool(self.template.strip()), "template",
                     "must not be empty when given")
        errors.raise_if_any("Rule is not valid")

    def _saved(self) -> RuleSaved:
        return RuleSaved(self.id, self.version)
