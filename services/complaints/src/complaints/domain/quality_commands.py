"""Commands of seed 004's procedures: suppliers and incoming lots, correction requests, recoveries,
reward/penalty clauses and notices, emergencies. `step` names the endpoint a change comes from."""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from qms_shared.domain import Actor


@dataclass(frozen=True)
class RegisterSupplier:
    """Register a supplier."""

    fields: dict
    actor: Actor


@dataclass(frozen=True)
class ChangeSupplier:
    """Change a supplier's name, contacts, language or status."""

    supplier_id: uuid.UUID
    changes: dict
    actor: Actor
    expected_version: int | None = None


@dataclass(frozen=True)
class RecordSupplierReceipts:
    """Set the lots and pieces received from a supplier in a month."""

    supplier_id: uuid.UUID
    month: date
    lots: int
    quantity: int
    actor: Actor


@dataclass(frozen=True)
class RecordIncomingNonconformance:
    """IQC records a nonconforming lot of `supplier_code`."""

    supplier_code: str
    fields: dict
    actor: Actor


@dataclass(frozen=True)
class ChangeIncomingNonconformance:
    """Confirm, ask for correction, or dispose of a nonconforming lot."""

    nonconformance_id: uuid.UUID
    step: str
    arguments: dict
    actor: Actor
    expected_version: int | None = None


@dataclass(frozen=True)
class ChangeCorrectionRequest:
    """Record the supplier's reply, or verify it."""

    request_id: uuid.UUID
    step: str
    arguments: dict
    actor: Actor
    expected_version: int | None = None


@dataclass(frozen=True)
class RequestSupplierRecovery:
    """Charge a claim to the supplier who caused its complaint."""

    claim_id: uuid.UUID
    arguments: dict
    actor: Actor


@dataclass(frozen=True)
class ChangeSupplierRecovery:
    """Record a recovery as recovered or waived."""

    claim_id: uuid.UUID
    step: str
    arguments: dict
    actor: Actor
    expected_version: int | None = None


@dataclass(frozen=True)
class LoadClauses:
    """Load the shipped clauses of §5; clauses already there (perhaps edited) are kept."""

    actor: Actor


@dataclass(frozen=True)
class DefineClause:
    """Add a clause."""

    fields: dict
    actor: Actor


@dataclass(frozen=True)
class ChangeClause:
    """Change a clause."""

    clause_id: uuid.UUID
    changes: dict
    actor: Actor
    expected_version: int | None = None


@dataclass(frozen=True)
class IssueNotice:
    """Issue a reward/penalty notice under one or more clauses (given by code)."""

    clause_codes: list
    fields: dict
    actor: Actor


@dataclass(frozen=True)
class ChangeNotice:
    """Approve or reject a notice."""

    notice_id: uuid.UUID
    step: str
    arguments: dict
    actor: Actor
    expected_version: int | None = None


@dataclass(frozen=True)
class OpenEmergency:
    """Open an emergency from a complaint, an internal problem or by hand."""

    fields: dict
    actor: Actor


@dataclass(frozen=True)
class ChangeEmergency:
    """One step of an emergency (meeting, rectification notice, approval, verification, closure)."""

    emergency_id: uuid.UUID
    step: str
    arguments: dict
    actor: Actor
    expected_version: int | None = None
