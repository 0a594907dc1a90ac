"""Substance identity (CAS numbers) and concentration units, all converted to ppm by weight."""
from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation

MAX_PPM = 1_000_000.0
# mg/kg is ppm by weight; percent is 10,000 ppm.
PPM_PER_UNIT = {"ppm": Decimal(1), "mg/kg": Decimal(1), "percent": Decimal(10_000)}
UNITS = tuple(PPM_PER_UNIT)

_CAS = re.compile(r"^(\d{2,7})-(\d{2})-(\d)$")


class InputError(ValueError):
    """A single value that breaks a rule; callers attach it to a field path."""


def is_valid_cas(cas: str) -> bool:
    """True when `cas` has the CAS Registry Number shape and its check digit is right."""
    match = _CAS.match(cas or "")
    if not match:
        return False
    digits = (match.group(1) + match.group(2))[::-1]
    checksum = sum(int(d) * position for position, d in enumerate(digits, start=1))
    return checksum % 10 == int(match.group(3))


def require_cas(cas: object) -> str:
    """The CAS number stripped, or InputError when it is malformed or its check digit is wrong."""
    if not isinstance(cas, str) or not is_valid_cas(cas.strip()):
        raise InputError(f"not a valid CAS number: {cas!r}")
    return cas.strip()


def to_decimal(value: object) -> Decimal:
    """A finite Decimal from a number or numeric string; bools, NaN and infinities are refused."""
    if isinstance(value, bool) or value is None:
        raise InputError("a number is required")
    if isinstance(value, float) and not math.isfinite(value):
        raise InputError("must be a finite number")
    try:
        number = Decimal(str(value)) if not isinstance(value, Decimal) else value
    except (InvalidOperation, ValueError):
        raise InputError(f"not a number: {value!r}") from None
    if not number.is_finite():
        raise InputError("must be a finite number")
    return number


def to_ppm(concentration: object, unit: object) -> float:
    """Concentration in ppm by weight; refuses unknown units, negatives and more than 100 %."""
    if unit not in PPM_PER_UNIT:
        raise InputError(f"unknown unit {unit!r}; use one of {', '.join(UNITS)}")
    number = to_decimal(concentration)
    if number < 0:
        raise InputError("a concentration cannot be negative")
    # compared before converting: "1e999999999" times a unit overflows Decimal's context, it is simply too much
    if number > Decimal(MAX_PPM) or number * PPM_PER_UNIT[unit] > Decimal(MAX_PPM):
        raise InputError("a concentration cannot exceed 1,000,000 ppm (100 %)")
    return float(number * PPM_PER_UNIT[unit])


def require_limit_ppm(value: object) -> float:
    """A limit in ppm: above zero and at most 1,000,000."""
    ppm = to_decimal(value)
    if ppm <= 0 or ppm > Decimal(MAX_PPM):
        raise InputError("a limit must be above 0 and at most 1,000,000 ppm")
    return float(ppm)
