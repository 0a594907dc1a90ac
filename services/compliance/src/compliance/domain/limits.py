"""Substance limits and exemptions: what a regulation or a customer requirement restricts."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Iterable

from qms_shared.domain import FieldErrors

from compliance.domain.errors import checked
from compliance.domain.substances import require_cas, require_limit_ppm, to_ppm


@dataclass
class SubstanceLimit:
    """Maximum concentration of one substance in any homogeneous material, in ppm by weight."""

    cas: str
    substance: str
    max_ppm: float


@dataclass
class Exemption:
    """Permission to exceed the limit of `cas` (up to `max_ppm` when given) until `expires_on`.

    `description` is the entry's wording; `categories` the EEE categories it is granted for, as the
    text states them; `legal_source` the act that grants it (e.g. a Commission Delegated Directive).
    """

    code: str
    description: str
    cas: str
    expires_on: date | None = None
    max_ppm: float | None = None
    categories: str = ""
    legal_source: str = ""

    def expired_on(self, day: date) -> bool:
        """True when the exemption no longer applies on `day` (it is valid through its expiry date)."""
        return self.expires_on is not None and day > self.expires_on

    def days_left(self, day: date) -> int | None:
        """Days from `day` to the expiry date, None for an exemption without expiry."""
        return None if self.expires_on is None else (self.expires_on - day).days


def parse_limits(raw: Iterable[dict[str, Any]], errors: FieldErrors, field: str = "limits") -> list[SubstanceLimit]:
    """Validated limits from plain dicts; each CAS number at most once."""
    limits: list[SubstanceLimit] = []
    seen: set[str] = set()
    for index, item in enumerate(raw):
        path = f"{field}[{index}]"
        cas = checked(errors, f"{path}.cas", require_cas, item.get("cas"))
        max_ppm = checked(errors, f"{path}.max_ppm", require_limit_ppm, item.get("max_ppm"))
        substance = str(item.get("substance") or "").strip()
        if not substance:
            errors.add(f"{path}.substance", "the substance name is required")
        if cas in seen:
            errors.add(f"{path}.cas", f"{cas} is limited twice")
        seen.add(cas)
        if cas and max_ppm is not None and substance:
            limits.append(SubstanceLimit(cas, substance, max_ppm))
    return limits


def parse_exemptions(raw: Iterable[dict[str, Any]], limited: set[str], errors: FieldErrors,
                     field: str = "exemptions") -> list[Exemption]:
    """Validated exemptions; each must cover a substance the same document limits."""
    exemptions: list[Exemption] = []
    codes: set[str] = set()
    for index, item in enumerate(raw):
        path = f"{field}[{index}]"
        code = str(item.get("code") or "").strip()
        if not code or code in codes:
            errors.add(f"{path}.code", "a unique exemption code is required")
        codes.add(code)
        cas = checked(errors, f"{path}.cas", require_cas, item.get("cas"))
        if cas and cas not in limited:
            errors.add(f"{path}.cas", f"{cas} is not limited here, so it cannot be exempted")
        expires_on = item.get("expires_on")
        if expires_on is not None and not isinstance(expires_on, date):
            errors.add(f"{path}.expires_on", "must be a date")
        max_ppm = item.get("max_ppm")
        if max_ppm is not None:
            max_ppm = checked(errors, f"{path}.max_ppm", lambda v: to_ppm(v, "ppm"), max_ppm)
        exemptions.append(Exemption(code, str(item.get("description") or ""), cas or "", expires_on, max_ppm,
                                    str(item.get("categories") or "").strip(),
                                    str(item.get("legal_source") or "").strip()))
    return exemptions

