"""Domain events the compliance aggregates record (internal; the wire format is built from them)."""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from qms_shared.domain import DomainEvent


@dataclass
class RegulationPublished(DomainEvent):
    """A regulation entered the register."""

    regulation_id: uuid.UUID
    code: str
    at: datetime


@dataclass
class RegulationChanged(DomainEvent):
    """A regulation was revised; `affects_evaluation` says whether products must be re-evaluated."""

    regulation_id: uuid.UUID
    code: str
    changed: list[str]
    affects_evaluation: bool
    at: datetime


@dataclass
class RegulationReviewed(DomainEvent):
    """Someone confirmed the regulation is still current (the yearly review, 5.1.1)."""

    regulation_id: uuid.UUID
    code: str
    reviewed_on: date
    by: str
    note: str = ""


@dataclass
class CustomerRequirementAdded(DomainEvent):
    """A customer-specific requirement was identified."""

    requirement_id: uuid.UUID
    customer_id: str
    category: str
    has_limits: bool
    at: datetime


@dataclass
class CustomerRequirementChanged(DomainEvent):
    """A customer requirement's content or status changed."""

    requirement_id: uuid.UUID
    customer_id: str
    changed: list[str]
    status: str
    affects_evaluation: bool
    at: datetime


@dataclass
class InterestedPartyRecorded(DomainEvent):
    """An interested party's requirement, complaint or penalty was logged (5.1.3)."""

    record_id: uuid.UUID
    kind: str
    source: str
    at: datetime


@dataclass
class InterestedPartyRecordClosed(DomainEvent):
    """An interested-party record was answered and closed."""

    record_id: uuid.UUID
    by: str
    at: datetime


@dataclass
class ProductRegistered(DomainEvent):
    """A product and its first declaration were registered."""

    product_id: uuid.UUID
    code: str
    at: datetime


@dataclass
class DeclarationRecorded(DomainEvent):
    """A product's material declaration was replaced by a new one."""

    product_id: uuid.UUID
    code: str
    source: str
    materials: int
    at: datetime


@dataclass
class ProductEvaluated(DomainEvent):
    """A product was evaluated; `status` is the result."""

    product_id: uuid.UUID
    code: str
    status: str
    evaluated_at: datetime
    evaluation_id: uuid.UUID | None = None


@dataclass
class ProductStatusChanged(DomainEvent):
    """An evaluation moved a product to a different status."""

    product_id: uuid.UUID
    code: str
    previous: str | None
    status: str
    trigger: str
    at: datetime


@dataclass
class NonconformanceOpened(DomainEvent):
    """A nonconformance was opened for a non-compliant product (5.1.4)."""

    nonconformance_id: uuid.UUID
    number: str
    product_id: uuid.UUID
    owner_department: str
    at: datetime


@dataclass
class NonconformanceActionPlanned(DomainEvent):
    """The owner department recorded its corrective action."""

    nonconformance_id: uuid.UUID
    number: str
    owner_department: str
    at: datetime


@dataclass
class NonconformanceClosed(DomainEvent):
    """A nonconformance was verified and closed."""

    nonconformance_id: uuid.UUID
    number: str
    product_id: uuid.UUID
    by: str
    at: datetime


@dataclass
class SubstanceGroupDefined(DomainEvent):
    """A restricted substance group entered the catalogue."""

    group_id: uuid.UUID
    code: str
    at: datetime


@dataclass
class SubstanceGroupChanged(DomainEvent):
    """A catalogue group's names, members or sources changed; members can move verdicts."""

    group_id: uuid.UUID
    code: str
    changed: list[str]
    at: datetime
