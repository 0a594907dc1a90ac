"""Commands of the customer archive and of the survey proposals drawn from it (named as in commands.py:
`actor` is who asks, `at` the time a command carries, `expected_version` the version the client last read)."""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from qms_shared.domain import Actor


@dataclass(frozen=True)
class RegisterCustomer:
    """Enter a customer in the archive; `fields` are its archive fields, `grade` its first grade."""

    customer_id: str
    name: str
    actor: Actor
    fields: dict = field(default_factory=dict)
    grade: str | None = None


@dataclass(frozen=True)
class ChangeCustomer:
    """Change archive fields; a `grade` (with `grade_reason`) changes the grade and its history."""

    customer_id: str
    changes: dict
    actor: Actor
    expected_version: int | None = None


@dataclass(frozen=True)
class RecordPurchases:
    """Record (or correct) a customer's purchases of a year."""

    customer_id: str
    year: int
    quantity: Decimal
    unit: str
    revenue: Decimal
    actor: Actor
    expected_version: int | None = None


@dataclass(frozen=True)
class RecordVisit:
    """Record a follow-up visit (回访) made to the customer."""

    customer_id: str
    visited_on: date
    channel: str
    actor: Actor
    visited_by: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class ImportCustomers:
    """Import customer rows ((row number, raw fields) pairs); `dry_run` reports without writing."""

    rows: list
    dry_run: bool
    actor: Actor
    at: datetime


@dataclass(frozen=True)
class ProposeSurvey:
    """Propose a year's survey customers from the archive's purchases (thresholds default to the config)."""

    year: int
    actor: Actor
    purchases_year: int | None = None
    minimum_tonnes: Decimal | None = None
    revenue_share: Decimal | None = None


@dataclass(frozen=True)
class EditSurveyProposal:
    """Replace a proposal's customers before the survey starts."""

    proposal_id: uuid.UUID
    customer_ids: list
    actor: Actor
    expected_version: int | None = None


@dataclass(frozen=True)
class StartProposedSurvey:
    """Open the year's survey with the proposal's customers."""

    proposal_id: uuid.UUID
    actor: Actor
    items: list | None = None
    objective: dict = field(default_factory=dict)
    expected_version: int | None = None
