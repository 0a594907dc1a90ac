"""The lead's minimal complaint for the first crossing event; replaced by the full model."""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from qms_shared.domain import Aggregate, DomainEvent


@dataclass
class ReceiveComplaint:
    """Command: record a complaint received from a customer."""

    customer_id: str
    customer_name: str
    category: str
    description: str
    received_at: datetime
    received_by: str


@dataclass
class ComplaintReceived(DomainEvent):
    """A complaint was recorded."""

    complaint_id: uuid.UUID


class Complaint(Aggregate):
    """A customer complaint (minimal)."""

    def __init__(self, *, number: str, customer_id: str, customer_name: str, category: str,
                 description: str, received_at: datetime):
        self.id = uuid.uuid4()
        self.number = number
        self.customer_id = customer_id
        self.customer_name = customer_name
        self.category = category
        self.description = description
        self.received_at = received_at
        self.status = "received"
        self.owner_department = "quality" if category in ("quality", "environmental") else "sales"
        self.version = 1
        self.record(ComplaintReceived(self.id))
