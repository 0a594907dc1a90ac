"""The register of applicable laws and regulations (适用法律法规清单, seed 000 §5.1.1)."""
from __future__ import annotations

import uuid
from dataclasses import asdict
from datetime import date, datetime
from typing import Any

from qms_shared.domain import Aggregate, FieldErrors, ValidationFailed

from compliance.domain.events import RegulationChanged, RegulationPublished, RegulationReviewed
from compliance.domain.history import ReviewEntry
from compliance.domain.limits import Exemption, SubstanceLimit, parse_exemptions, parse_limits
from compliance.domain.periods import add_months

REGULATION_STATUSES = ("active", "withdrawn")
REVIEW_INTERVAL_MONTHS = 12
TEXT_FIELDS = ("code", "title", "jurisdiction")
REVISABLE = ("title", "jurisdiction", "issuer", "document_version", "effective_date",
             "last_reviewed_on", "limits", "exemptions", "status", "family")
# A change to any of these can change a product's verdict, so it triggers re-evaluation.
EVALUATION_FIELDS = frozenset({"jurisdiction", "effective_date", "limits", "exemptions", "status", "family"})


class Regulation(Aggregate):
    """A law or standard restricting substances; `document_version` is the text's own version."""

    def __init__(self, *, id: uuid.UUID, code: str, title: str, jurisdiction: str, issuer: str,
                 document_version: str, effective_date: date, last_reviewed_on: date | None,
                 limits: list[SubstanceLimit], exemptions: list[Exemption], status: str = "active",
                 created_at: datetime, version: int = 1, family: str | None = None,
                 review_history: list[ReviewEntry] | None = None):
        self.id, self.code, self.title = id, code, title
        self.jurisdiction, self.issuer, self.document_version = jurisdiction, issuer, document_version
        self.effective_date, self.last_reviewed_on = effective_date, last_reviewed_on
        self.limits, self.exemptions, self.status = limits, exemptions, status
        self.created_at, self.updated_at, self.version = created_at, created_at, version
        self.family = family
        self.review_history = review_history if review_history is not None else []
        self.events: list = []

    @property
    def family_code(self) -> str:
        """The family its versions share (China RoHS: CN-ROHS); an entry without one is its own family."""
        return self.family or self.code

    @classmethod
    def publish(cls, *, code: str, title: str, jurisdiction: str, effective_date: date,
                limits: list[dict[str, Any]], at: datetime, issuer: str = "", document_version: str = "",
                last_reviewed_on: date | None = None, exemptions: list[dict[str, Any]] = (),
                status: str = "active", family: str | None = None, id: uuid.UUID | None = None) -> "Regulation":
        """Validate and create a register entry; a new entry counts as reviewed the day it is entered."""
        fields = {"code": code, "title": title, "jurisdiction": jurisdiction, "issuer": issuer,
                  "document_version": document_version, "effective_date": effective_date,
                  "last_reviewed_on": last_reviewed_on or at.date(), "status": status}
        errors = FieldErrors()
        _check_headers(fields, errors)
        parsed_limits = parse_limits(limits, errors)
        parsed_exemptions = parse_exemptions(exemptions, {limit.cas for limit in parsed_limits}, errors)
        errors.raise_if_any("the regulation is not valid")
        regulation = cls(id=id or uuid.uuid4(), limits=parsed_limits, exemptions=parsed_exemptions,
                         created_at=at, family=_clean(family) or None, **{k: _clean(v) for k, v in fields.items()})
        regulation.review_history = [ReviewEntry(regulation.last_reviewed_on, "", "entered in the register", [])]
        regulation.record(RegulationPublished(regulation.id, regulation.code, at))
        return regulation

    def revise(self, changes: dict[str, Any], at: datetime) -> list[str]:
        """Apply a partial change; returns the fields that really changed (none: no event, no bump)."""
        unknown = sorted(set(changes) - set(REVISABLE))
        if unknown:
            raise ValidationFailed("these fields cannot be changed", errors={f: ["cannot be changed"] for f in unknown})
        proposed = {name: getattr(self, name) for name in REVISABLE} | changes
        errors = FieldErrors()
        _check_headers(proposed | {"code": self.code}, errors)
        if "limits" in changes or "exemptions" in changes:
            proposed["limits"] = parse_limits(_as_dicts(proposed["limits"]), errors)
            limited = {limit.cas for limit in proposed["limits"]}
            proposed["exemptions"] = parse_exemptions(_as_dicts(proposed["exemptions"]), limited, errors)
        errors.raise_if_any("the change is not valid")
        changed = [name for name in REVISABLE if _clean(proposed[name]) != getattr(self, name)]
        if not changed:
            return []
        for name in changed:
            setattr(self, name, _clean(proposed[name]))
        self._touch(at)
        self.record(RegulationChanged(self.id, self.code, changed, bool(EVALUATION_FIELDS & set(changed)), at))
        return changed

    def review(self, on: date, by: str, at: datetime, *, note: str = "",
               exemptions: list[dict[str, Any]] | None = None) -> list[str]:
        """Record the yearly review; a review may update the exemptions (returns the fields changed).

        Exemption updates go through this flow: the new list replaces the old, and the review
        history says who changed which entries when.
        """
        if on > at.date():
            raise ValidationFailed("a review cannot be dated in the future",
                                   errors={"reviewed_on": ["cannot be in the future"]})
        changed: list[str] = []
        summary = ""
        if exemptions is not None:
            before = {e.code: e for e in self.exemptions}
            changed = self.revise({"exemptions": exemptions}, at)
            summary = describe_exemption_change(before, {e.code: e for e in self.exemptions})
        self.last_reviewed_on = on
        self.review_history = [*self.review_history,
                               ReviewEntry(on, by, "; ".join(t for t in (note.strip(), summary) if t), changed)]
        self._touch(at)
        self.record(RegulationReviewed(self.id, self.code, on, by, note.strip()))
        return changed

    def reviewed_in(self, year: int) -> list[ReviewEntry]:
        """The reviews dated in `year` (an entry from before review history: its last review date)."""
        history = self.review_history or (
            [ReviewEntry(self.last_reviewed_on, "", "", [])] if self.last_reviewed_on else [])
        return [entry for entry in history if entry.on.year == year]

    def in_force_on(self, day: date) -> bool:
        """True when the regulation is active and already effective on `day`."""
        return self.status == "active" and self.effective_date <= day

    def review_due_on(self) -> date | None:
        """The date by which the next review is due (12 months after the last one)."""
        if self.last_reviewed_on is None:
            return None
        return add_months(self.last_reviewed_on, REVIEW_INTERVAL_MONTHS)

    def review_overdue(self, today: date) -> bool:
        """True when not reviewed for more than 12 months (or never); withdrawn entries need none."""
        if self.status != "active":
            return False
        due = self.review_due_on()
        return due is None or today > due

    def _touch(self, at: datetime) -> None:
        self.updated_at = at
        self.version += 1


def describe_exemption_change(before: dict[str, Exemption], after: dict[str, Exemption]) -> str:
    """'exemptions added 6(c); changed 7(a); removed 6(b)' (empty when nothing changed)."""
    parts = [(label, sorted(codes)) for label, codes in (
        ("added", after.keys() - before.keys()), ("removed", before.keys() - after.keys()),
        ("changed", {c for c in before.keys() & after.keys() if before[c] != after[c]}))]
    text = "; ".join(f"{label} {', '.join(codes)}" for label, codes in parts if codes)
    return f"exemptions {text}" if text else ""


def _check_headers(fields: dict[str, Any], errors: FieldErrors) -> None:
    """Required texts present, dates are dates, status known."""
    for name in TEXT_FIELDS:
        if not isinstance(fields.get(name), str) or not fields[name].strip():
            errors.add(name, "is required")
    for name in ("effective_date", "last_reviewed_on"):
        value = fields.get(name)
        if not isinstance(value, date) or isinstance(value, datetime):
            if value is not None or name == "effective_date":
                errors.add(name, "must be a date")
    if fields.get("status") not in REGULATION_STATUSES:
        errors.add("status", f"must be one of {', '.join(REGULATION_STATUSES)}")


def _clean(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _as_dicts(items: list) -> list[dict[str, Any]]:
    """Limits and exemptions arrive as dicts from a request, or as objects when left unchanged."""
    return [item if isinstance(item, dict) else asdict(item) for item in items]
