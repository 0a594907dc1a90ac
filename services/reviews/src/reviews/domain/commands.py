"""Commands the reviews service accepts (imperative names; built by the API, run by handlers)."""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from qms_shared.domain import Actor


@dataclass(frozen=True)
class SubmitContract:
    """Register a contract or order and send it for review."""

    customer_id: str
    customer_name: str
    salesperson: str
    region: str | None
    source: str
    currency: str
    payment_terms: str | None
    requirements: str | None
    lines: list
    actor: Actor
    at: datetime


@dataclass(frozen=True)
class RecordReview:
    """Record a department's opinion on the current revision."""

    contract_id: uuid.UUID
    department: str
    opinion: str
    comment: str | None
    delivery_date: date | None
    actor: Actor
    at: datetime
    expected_version: int | None = None


@dataclass(frozen=True)
class DecideContract:
    """Decide accepted / needs_customer / rejected."""

    contract_id: uuid.UUID
    outcome: str
    reason: str | None
    actor: Actor
    at: datetime
    expected_version: int | None = None


@dataclass(frozen=True)
class AmendContract:
    """Change terms or lines into a new revision."""

    contract_id: uuid.UUID
    changes: dict
    lines: list | None
    reason: str
    actor: Actor
    at: datetime
    expected_version: int | None = None


@dataclass(frozen=True)
class ConfirmOralOrder:
    """Record the customer's confirmation of an oral order."""

    contract_id: uuid.UUID
    confirmed_by: str
    note: str | None
    actor: Actor
    at: datetime
    expected_version: int | None = None


@dataclass(frozen=True)
class WaiveCompliance:
    """Quality accepts the contract's non-compliant products, with a reason."""

    contract_id: uuid.UUID
    reason: str
    actor: Actor
    at: datetime
    expected_version: int | None = None


@dataclass(frozen=True)
class AcknowledgeChecklistItem:
    """Quality acknowledges a customer requirement on a contract."""

    contract_id: uuid.UUID
    item_id: uuid.UUID
    actor: Actor
    at: datetime
    expected_version: int | None = None


@dataclass(frozen=True)
class ScanDeadlines:
    """Flag every review past its due date as of `as_of` (once per review)."""

    as_of: datetime


@dataclass(frozen=True)
class RegisterSample:
    """Record a sample sent to a customer."""

    fields: dict
    actor: Actor
    at: datetime


@dataclass(frozen=True)
class RecordSampleResult:
    """Record the customer's verdict on a sample."""

    sample_id: uuid.UUID
    result: str
    on: date
    expected_version: int | None = None


@dataclass(frozen=True)
class ReceiveCustomerProperty:
    """Record property received from a customer."""

    fields: dict
    actor: Actor
    at: datetime


@dataclass(frozen=True)
class ReportPropertyIssue:
    """Report customer property lost, damaged or unsuitable."""

    property_id: uuid.UUID
    issue: str
    note: str
    expected_version: int | None = None


@dataclass(frozen=True)
class ImportDeliveries:
    """Import delivery history: `rows` are (row number, raw fields) pairs as the file numbers them; all or
    nothing, idempotent by source document and line; `dry_run` reports without writing."""

    rows: list
    dry_run: bool
    actor: Actor
    at: datetime
