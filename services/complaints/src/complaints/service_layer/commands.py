"""Commands: what a caller asks the service to do, as small dataclasses (views and the worker build them)."""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal


@dataclass
class ReceiveComplaint:
    """Record a complaint received from a customer; `fields` are the complaint's own fields."""

    fields: dict
    by: str


@dataclass
class ChangeComplaint:
    """Apply one lifecycle step (`step` names the aggregate method) with its arguments."""

    complaint_id: uuid.UUID
    step: str
    arguments: dict
    by: str
    if_match: int | None = None


@dataclass
class ChangeFigures:
    """Correct quantities, loss or flags of a complaint; the incident class follows."""

    complaint_id: uuid.UUID
    changes: dict
    by: str
    if_match: int | None = None


@dataclass
class ScanDeadlines:
    """Report every due date missed at `as_of` that was not reported before."""

    as_of: datetime


@dataclass
class SubmitClaim:
    """Register a claim against a complaint."""

    complaint_id: uuid.UUID
    amount: Decimal
    currency: str
    description: str
    by: str
    evidence: list = field(default_factory=list)


@dataclass
class ChangeClaim:
    """Apply one claim step (`step` names the aggregate method)."""

    claim_id: uuid.UUID
    step: str
    arguments: dict
    by: str
    if_match: int | None = None


@dataclass
class RecordPraise:
    """Record a customer's praise."""

    customer_id: str
    customer_name: str
    by: str
    received_at: datetime | None = None
    note: str | None = None


@dataclass
class OpenSurvey:
    """Start the year's satisfaction survey."""

    year: int
    customer_ids: list
    by: str
    items: list | None = None
    objective: dict = field(default_factory=dict)


@dataclass
class RecordSurveyResponse:
    """Record a customer's answers; dissatisfied ones open corrective actions."""

    survey_id: uuid.UUID
    customer_id: str
    answers: list
    by: str


@dataclass
class ChangeSurvey:
    """Start a follow-up round (`follow_up`) or close the survey (`close`)."""

    survey_id: uuid.UUID
    step: str
    by: str


@dataclass
class CloseCorrectiveAction:
    """Close a corrective action with what was done."""

    action_id: uuid.UUID
    outcome: str
    by: str


@dataclass
class LinkToComplaint:
    """Note on a complaint that another service's record refers to it (e.g. a nonconformance)."""

    complaint_ref: str
    kind: str
    reference: str
    by: str
