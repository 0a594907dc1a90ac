"""Field checks on top of `qms_shared.domain.FieldErrors`: a single-value rule filed under its field path."""
from __future__ import annotations

from typing import Any, Callable

from qms_shared.domain import FieldErrors

from compliance.domain.substances import InputError


def checked(errors: FieldErrors, field: str, rule: Callable[[Any], Any], value: Any) -> Any:
    """`rule(value)`; an InputError it raises is filed under `field` in `errors` and None returned."""
    try:
        return rule(value)
    except InputError as error:
        errors.add(field, str(error))
        return None
