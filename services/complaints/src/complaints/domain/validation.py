"""The complaints service's own field checks, built on the shared FieldErrors collector."""
from __future__ import annotations

from datetime import datetime

from qms_shared.domain import FieldErrors

MAX_TEXT = 4000
MAX_SHORT_TEXT = 200


def require_texts(*, required: bool = True, **texts) -> None:
    """Raise ValidationFailed naming every missing, blank or oversized text among `texts`."""
    errors = FieldErrors()
    for name, value in texts.items():
        errors.text(name, value, required=required, max_length=MAX_TEXT)
    errors.raise_if_any()


def require_aware(field: str, value: datetime) -> None:
    """Raise ValidationFailed unless `value` is a timezone-aware timestamp."""
    errors = FieldErrors()
    errors.aware(field, value)
    errors.raise_if_any()
