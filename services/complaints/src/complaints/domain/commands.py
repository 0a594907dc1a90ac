"""Commands: what a caller asks the service to do (views and the worker build them, the bus dispatches them).

Named alike in every service: `actor` is who asks, `at` the time a command carries, `expected_version`
the version the client last read (If-Match).
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from qms_shared.domain import Actor


@dataclass(frozen=True)
class ReceiveComplaint:
    """Record a complaint received from a customer; `fields` are the complaint's own fields."""

    fields: dict
    actor: Actor


@dataclass(frozen=True)
class ChangeComplaint:
    """Apply one lifecycle step (`step` names the endpoint) with its arguments."""

    complaint_id: uuid.UUID
    step: str
    arguments: dict
    actor: Actor
    expected_version: int | None = None


@dataclass(frozen=True)
class ChangeFigures:
    """Correct quantities, loss or flags of a complaint; the incident class follows."""

    complaint_id: uuid.UUID
    changes: dict
    actor: Actor
    expected_version: int | None = None


@dataclass(frozen=True)
class ScanDeadlines:
    """Report every due date missed at `at` that was not reported before."""

    at: datetime


@dataclass(frozen=True)
class LinkToComplaint:
    """Note on a complaint that another service's record refers to it (e.g. a nonconformance)."""

    complaint_ref: str
    kind: str
    reference: str
    actor: Actor


@dataclass(frozen=True)
class SubmitClaim:
    """Register a claim against a complaint."""

    complaint_id: uuid.UUID
    amount: Decimal
    currency: str
    description: str
    actor: Actor
    evidence: list = field(default_factory=list)


@dataclass(frozen=True)
class ChangeClaim:
    """Apply one claim step (`step` names the endpoint)."""

    claim_id: uuid.UUID
    step: str
    arguments: dict
    actor: Actor
    expected_version: int | None = None


@dataclass(frozen=True)
class RecordPraise:
    """Record a customer's praise."""

    customer_id: str
    customer_name: str
    actor: Actor
    received_at: datetime | None = None
    note: str | None = None


@dataclass(frozen=True)
class OpenSurvey:
    """Start the year's satisfaction survey."""

    year: int
    customer_ids: list
    actor: Actor
    items: list | None = None
    objective: dict = field(default_factory=dict)


@dataclass(frozen=True)
class RecordSurveyResponse:
    """Record a customer's answers; dissatisfied ones open corrective actions."""

    survey_id: uuid.UUID
    customer_id: str
    answers: list
    actor: Actor


@dataclass(frozen=True)
class ChangeSurvey:
    """Start a follow-up round (`follow_up`) or close the survey (`close`)."""

    survey_id: uuid.UUID
    step: str
    actor: Actor


@dataclass(frozen=True)
class CloseCorrectiveAction:
    """Close a corrective action with what was done."""

    action_id: uuid.UUID
    outcome: str
    actor: Actor


@dataclass(frozen=True)
class RecordInternalProblem:
    """Record a quality problem found in the plant (no customer); `fields` are the problem's own fields."""

    fields: dict
    actor: Actor


@dataclass(frozen=True)
class ChangeInternalProblem:
    """Apply one step of an internal problem's cycle (`step` names the endpoint) with its arguments."""

    problem_id: uuid.UUID
    step: str
    arguments: dict
    actor: Actor
    expected_version: int | None = None


@dataclass(frozen=True)
class ChangeProblemFigures:
    """Correct an internal problem's scrap, rework, loss, level or batch-scale flag; the incident class follows."""

    problem_id: uuid.UUID
    changes: dict
    actor: Actor
    expected_version: int | None = None


@dataclass(frozen=True)
class ChangeCorrectiveAction:
    """Record a corrective action's implementation or verification (`step` names the endpoint)."""

    action_id: uuid.UUID
    step: str
    arguments: dict
    actor: Actor
    expected_version: int | None = None
