"""Internal domain events of the claim aggregate (索赔)."""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from qms_shared.domain import DomainEvent


@dataclass(kw_only=True)
class ClaimEvent(DomainEvent):
    """Fields every claim event carries so a notification can name the claim and its complaint."""

    claim_id: uuid.UUID
    number: str
    complaint_id: uuid.UUID
    complaint_number: str
    customer_id: str
    customer_name: str
    amount: Decimal
    currency: str
    status: str
    at: datetime
    by: str


@dataclass(kw_only=True)
class ClaimSubmitted(ClaimEvent):
    """A customer claim was registered against a complaint."""


@dataclass(kw_only=True)
class ClaimAnalysed(ClaimEvent):
    """A settlement proposal and the responsibility were worked out; the general manager decides next."""

    responsibility: str
    proposed_amount: Decimal


@dataclass(kw_only=True)
class ClaimApproved(ClaimEvent):
    """The general manager approved the proposal; it goes to the customer."""

    proposed_amount: Decimal


@dataclass(kw_only=True)
class ClaimDecided(ClaimEvent):
    """The customer accepted: `agreed` (we pay) or `rejected` (not our responsibility, customer informed)."""

    outcome: str
    proposed_amount: Decimal


@dataclass(kw_only=True)
class ClaimProposalDeclined(ClaimEvent):
    """The customer did not accept the proposal; it goes back to analysis."""

    rounds: int


@dataclass(kw_only=True)
class ClaimSettled(ClaimEvent):
    """Finance paid the agreed amount."""

    settled_amount: Decimal
    reference: str | None
