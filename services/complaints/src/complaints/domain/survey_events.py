"""Internal domain events of surveys, praises and the corrective actions they open."""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from qms_shared.domain import DomainEvent


@dataclass(kw_only=True)
class SurveyEvent(DomainEvent):
    """Fields every survey event carries."""

    survey_id: uuid.UUID
    year: int
    round: int
    at: datetime
    by: str


@dataclass(kw_only=True)
class SurveyOpened(SurveyEvent):
    """A yearly satisfaction survey was sent to the chosen customers."""

    customer_ids: list = field(default_factory=list)
    items: list = field(default_factory=list)


@dataclass(kw_only=True)
class SurveyResponseRecorded(SurveyEvent):
    """A customer's answers came back."""

    customer_id: str
    response_rate: Decimal


@dataclass(kw_only=True)
class DissatisfactionReported(SurveyEvent):
    """An item was answered dissatisfied or very dissatisfied: quality opens a corrective action."""

    customer_id: str
    item: str
    rating: str


@dataclass(kw_only=True)
class FollowUpRoundStarted(SurveyEvent):
    """The response rate stayed under the minimum: the customers who did not answer are asked again."""

    response_rate: Decimal
    pending_customer_ids: list = field(default_factory=list)


@dataclass(kw_only=True)
class SurveyClosed(SurveyEvent):
    """The campaign was closed with its final scores."""

    response_rate: Decimal
    survey_score: Decimal | None
    objective_score: Decimal
    total_score: Decimal | None


@dataclass(kw_only=True)
class PraiseReceived(DomainEvent):
    """A customer praised the company (表扬): +0.1 on the year's survey score."""

    praise_id: uuid.UUID
    customer_id: str
    customer_name: str
    received_at: datetime
    at: datetime
    by: str


@dataclass(kw_only=True)
class CorrectiveActionEvent(DomainEvent):
    """Fields every corrective-action event carries."""

    action_id: uuid.UUID
    number: str
    owner_department: str
    customer_id: str
    source: str
    source_id: uuid.UUID
    at: datetime
    by: str
    due_at: datetime | None = None


@dataclass(kw_only=True)
class CorrectiveActionOpened(CorrectiveActionEvent):
    """A corrective action was opened for quality to work on."""

    description: str


@dataclass(kw_only=True)
class CorrectiveActionClosed(CorrectiveActionEvent):
    """The corrective action was carried out and verified."""

    outcome: str


@dataclass(kw_only=True)
class CorrectiveActionImplemented(CorrectiveActionEvent):
    """What was done was recorded; quality verifies it next."""

    note: str


@dataclass(kw_only=True)
class CorrectiveActionVerified(CorrectiveActionEvent):
    """Verification found the action effective (it closes) or not (it reopens with a new due date)."""

    effective: bool


@dataclass(kw_only=True)
class CorrectiveActionOverdue(CorrectiveActionEvent):
    """The due date passed before the action was implemented (reported once per due date)."""

    escalation: str
    escalation_level: int
    escalation_department: str
