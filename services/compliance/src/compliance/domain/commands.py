"""Commands: what callers ask the compliance service to do (imperative names, plain data).

Named as in every service: `actor` asks, `at` is when, `expected_version` is the If-Match version.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from qms_shared.domain import Actor


@dataclass(frozen=True)
class PublishRegulation:
    """Enter a regulation in the register (and evaluate every product against it)."""

    fields: dict[str, Any]
    actor: Actor
    at: datetime


@dataclass(frozen=True)
class ReviseRegulation:
    """Change a regulation; products are re-evaluated when the change can move a verdict."""

    regulation_id: uuid.UUID
    changes: dict[str, Any]
    actor: Actor
    at: datetime
    expected_version: int | None = None


@dataclass(frozen=True)
class ReviewRegulation:
    """Record the yearly review of a regulation; `exemptions` (when given) replace its exemption list."""

    regulation_id: uuid.UUID
    reviewed_on: date
    actor: Actor
    at: datetime
    note: str = ""
    exemptions: list[dict[str, Any]] | None = None
    expected_version: int | None = None


@dataclass(frozen=True)
class DefineSubstanceGroup:
    """Add a restricted group to the substance catalogue."""

    fields: dict[str, Any]
    actor: Actor
    at: datetime


@dataclass(frozen=True)
class ReviseSubstanceGroup:
    """Change a catalogue group (names, members, sources); products are re-evaluated when members change."""

    group_id: uuid.UUID
    changes: dict[str, Any]
    actor: Actor
    at: datetime
    expected_version: int | None = None


@dataclass(frozen=True)
class LoadReferenceData:
    """Enter the shipped catalogue, regulations and exemptions where missing (idempotent)."""

    actor: Actor
    at: datetime


@dataclass(frozen=True)
class IdentifyRequirement:
    """Record a customer-specific requirement."""

    fields: dict[str, Any]
    actor: Actor
    at: datetime


@dataclass(frozen=True)
class ReviseRequirement:
    """Change a requirement's content and/or move its status one step."""

    requirement_id: uuid.UUID
    changes: dict[str, Any]
    actor: Actor
    at: datetime
    status: str | None = None
    note: str = ""
    expected_version: int | None = None


@dataclass(frozen=True)
class LogInterestedPartyRecord:
    """Log an interested party's requirement, complaint or penalty."""

    fields: dict[str, Any]
    actor: Actor
    at: datetime


@dataclass(frozen=True)
class CloseInterestedPartyRecord:
    """Record the response to an interested party and close the entry."""

    record_id: uuid.UUID
    response: str
    actor: Actor
    at: datetime
    expected_version: int | None = None


@dataclass(frozen=True)
class RegisterProduct:
    """Register a product with its materials (raw dicts, validated by the domain) and evaluate it."""

    fields: dict[str, Any]
    materials: list[dict[str, Any]]
    actor: Actor
    at: datetime


@dataclass(frozen=True)
class UpdateProduct:
    """Change a product's name, customers, markets or evidence dates, and evaluate it again."""

    product_id: uuid.UUID
    changes: dict[str, Any]
    actor: Actor
    at: datetime
    expected_version: int | None = None


@dataclass(frozen=True)
class RecordDeclaration:
    """Replace a product's material declaration (JSON or IPC-1752A) and evaluate it again."""

    product_id: uuid.UUID
    materials: list[dict[str, Any]]
    source: str
    actor: Actor
    at: datetime
    test_report_date: date | None = None
    supplier_declaration_date: date | None = None
    expected_version: int | None = None


@dataclass(frozen=True)
class EvaluateProduct:
    """Evaluate one product now."""

    product_id: uuid.UUID
    actor: Actor
    at: datetime


@dataclass(frozen=True)
class ReevaluateAll:
    """Evaluate every product again (the daily exemption check, or on demand)."""

    trigger: str
    at: datetime
    as_of: date | None = None


@dataclass(frozen=True)
class OpenNonconformance:
    """Open a nonconformance by hand for a product."""

    product_id: uuid.UUID
    description: str
    owner_department: str
    actor: Actor
    at: datetime


@dataclass(frozen=True)
class ActOnNonconformance:
    """Plan the corrective action, reassign, or close a nonconformance."""

    nonconformance_id: uuid.UUID
    action: str  # plan | reassign | close
    actor: Actor
    at: datetime
    values: dict[str, Any] = field(default_factory=dict)
    expected_version: int | None = None
