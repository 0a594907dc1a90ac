"""Resolving an audience to the recipients of the directory, for one event."""
from __future__ import annotations

import uuid
from typing import Any, Iterable, Sequence

from .incoming import field_value
from .recipient import Recipient
from .rule import Audience


def resolve_audience(audience: Audience, data: dict[str, Any],
                     directory: Sequence[Recipient]) -> list[Recipient]:
    """Active recipients named by the audience, each once, in directory order."""
    wanted_ids = set(audience.recipient_ids)
    wanted_ids.update(_ids_in(_values(data, audience.recipient_fields)))
    wanted_emails = {v.lower() for v in _values(data, audience.recipient_fields) if "@" in v}
    head_departments = set(_values(data, audience.heads_of))
    roles = set(audience.roles)
    departments = set(audience.departments) | set(_values(data, audience.department_fields))

    def named(person: Recipient) -> bool:
        return (person.id in wanted_ids
                or (person.email or "").lower() in wanted_emails
                or bool(roles.intersection(person.roles))
                or person.department in departments
                or any(person.is_head_of(d) for d in head_departments))

    return [person for person in directory if person.active and named(person)]


def _values(data: dict[str, Any], paths: Iterable[str]) -> list[str]:
    """String values at the given paths; a list value contributes each of its items."""
    found: list[str] = []
    for path in paths:
        value = field_value(data, path)
        for item in value if isinstance(value, list) else [value]:
            if item is not None and str(item).strip():
                found.append(str(item).strip())
    return found


def _ids_in(values: Iterable[str]) -> set[uuid.UUID]:
    ids = set()
    for value in values:
        try:
            ids.add(uuid.UUID(value))
        except ValueError:
            continue  # an email or a name, matched elsewhere
    return ids
