"""Collects field errors so one request reports every bad field at once, then raises 422."""
from __future__ import annotations

from typing import Any, Callable

from qms_shared.domain import ValidationFailed

from compliance.domain.substances import InputError


class FieldErrors:
    """Accumulates messages by field path; `raise_if_any` turns them into ValidationFailed."""

    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        """Record one message for `field`."""
        self.errors.setdefault(field, []).append(message)

    def check(self, field: str, rule: Callable[[Any], Any], value: Any) -> Any:
        """Apply `rule` to `value`; an InputError is filed under `field` and None returned."""
        try:
            return rule(value)
        except InputError as error:
            self.add(field, str(error))
            return None

    def raise_if_any(self, detail: str) -> None:
        """Raise ValidationFailed with every collected message, if there is one."""
        if self.errors:
            raise ValidationFailed(detail, errors=self.errors)
