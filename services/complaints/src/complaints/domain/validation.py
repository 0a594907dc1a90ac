"""Collects field errors so one 422 names every bad field at once, not only the first."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from qms_shared.domain import ValidationFailed

MAX_TEXT = 4000
MAX_SHORT_TEXT = 200


class FieldErrors:
    """A bag of field -> messages; `raise_if_any` turns it into ValidationFailed."""

    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        """Remember one message for `field`."""
        self.errors.setdefault(field, []).append(message)

    def raise_if_any(self, detail: str = "The request breaks a rule.") -> None:
        """Raise ValidationFailed listing every collected error, if there is one."""
        if self.errors:
            raise ValidationFailed(detail, errors=self.errors)

    def text(self, field: str, value: Any, *, required: bool = True, max_length: int = MAX_TEXT) -> None:
        """Check a free-text field: present (when required), a string, not blank, not oversized."""
        if value is None:
            if required:
                self.add(field, "Missing data for required field.")
            return
        if not isinstance(value, str):
            self.add(field, "Not a valid string.")
        elif required and not value.strip():
            self.add(field, "Must not be blank.")
        elif len(value) > max_length:
            self.add(field, f"Longer than maximum length {max_length}.")

    def choice(self, field: str, value: Any, vocabulary: type[StrEnum], *, required: bool = True) -> None:
        """Check that `value` is one of the vocabulary's values."""
        if value is None:
            if required:
                self.add(field, "Missing data for required field.")
            return
        allowed = [member.value for member in vocabulary]
        if value not in allowed:
            self.add(field, f"Must be one of: {', '.join(allowed)}.")

    def non_negative(self, field: str, value: int | Decimal | None) -> None:
        """Check a quantity or amount is not negative (None means not known)."""
        if value is not None and value < 0:
            self.add(field, "Must not be negative.")

    def aware(self, field: str, value: datetime | None, *, required: bool = True) -> None:
        """Check a timestamp carries its UTC offset."""
        if value is None:
            if required:
                self.add(field, "Missing data for required field.")
        elif value.tzinfo is None or value.utcoffset() is None:
            self.add(field, "Must include a UTC offset.")


def require_texts(*, required: bool = True, **texts) -> None:
    """Raise ValidationFailed naming every missing, blank or oversized text among `texts`."""
    errors = FieldErrors()
    for name, value in texts.items():
        errors.text(name, value, required=required)
    errors.raise_if_any()


def require_aware(field: str, value: datetime) -> None:
    """Raise ValidationFailed unless `value` is a timezone-aware timestamp."""
    errors = FieldErrors()
    errors.aware(field, value)
    errors.raise_if_any()
