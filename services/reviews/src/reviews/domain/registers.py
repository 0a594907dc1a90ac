"""Simple registers: samples sent to customers (样品发送登记表) and customer property (客户财产登记表)."""
from __future__ import annotations

import uuid
from datetime import date, datetime

from qms_shared.domain import Aggregate, Conflict, FieldErrors, ValidationFailed

from . import events
from .policy import require_aware, require_text

SAMPLE_RESULTS = ("approved", "rejected")
PROPERTY_ISSUES = ("lost", "damaged", "unsuitable")


def _positive_whole(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


class Sample(Aggregate):
    """A sample sent to a customer, and the customer's verdict on it (001 §5.5.3)."""

    def __init__(self, *, id: uuid.UUID, customer_id: str, customer_name: str, sample_name: str,
                 specification: str | None, quantity: int, sent_on: date, salesperson: str,
                 contract_id: uuid.UUID | None, note: str | None, created_at: datetime):
        self.id = id
        self.customer_id = customer_id
        self.customer_name = customer_name
        self.sample_name = sample_name
        self.specification = specification
        self.quantity = quantity
        self.sent_on = sent_on
        self.salesperson = salesperson
        self.contract_id = contract_id
        self.note = note
        self.result: str | None = None
        self.result_on: date | None = None
        self.created_at = created_at
        self.version = 1
        self.events: list = []

    @classmethod
    def register(cls, **fields) -> "Sample":
        """Record a sample sent; quantity must be positive and names present."""
        require_aware(fields["created_at"], "created_at")
        errors = FieldErrors()
        for name in ("customer_id", "customer_name", "sample_name", "salesperson"):
            require_text(errors, name, fields.get(name))
        errors.check(_positive_whole(fields.get("quantity")), "quantity", "must be a whole number greater than 0")
        errors.raise_if_any("invalid sample")
        sample = cls(**fields)
        sample.record(events.SampleSent(sample_id=sample.id, customer_name=sample.customer_name,
                                        sample_name=sample.sample_name, quantity=sample.quantity,
                                        sent_on=sample.sent_on, salesperson=sample.salesperson))
        return sample

    def record_result(self, *, result: str, on: date) -> None:
        """Record the customer's confirmation result (确认结果及日期), once."""
        if result not in SAMPLE_RESULTS:
            raise ValidationFailed("invalid result", {"result": [f"must be one of {', '.join(SAMPLE_RESULTS)}"]})
        if self.result is not None:
            raise Conflict("the sample's result is already recorded")
        if on < self.sent_on:
            raise ValidationFailed("result before sending", {"on": ["cannot be before the sample was sent"]})
        self.result, self.result_on = result, on
        self.version += 1
        self.record(events.SampleResultRecorded(sample_id=self.id, customer_name=self.customer_name,
                                                sample_name=self.sample_name, result=result))


class CustomerProperty(Aggregate):
    """Property a customer entrusted to us (drawings, samples, tooling), and its custody (001 §5.1c)."""

    def __init__(self, *, id: uuid.UUID, customer_id: str, customer_name: str, name: str, quantity: int,
                 received_on: date, received_by: str, inspection: str | None, handed_to_department: str | None,
                 note: str | None, created_at: datetime):
        self.id = id
        self.customer_id = customer_id
        self.customer_name = customer_name
        self.name = name
        self.quantity = quantity
        self.received_on = received_on
        self.received_by = received_by
        self.inspection = inspection
        self.handed_to_department = handed_to_department
        self.note = note
        self.issue: str | None = None
        self.issue_note: str | None = None
        self.created_at = created_at
        self.version = 1
        self.events: list = []

    @classmethod
    def receive(cls, **fields) -> "CustomerProperty":
        """Register property received from a customer."""
        require_aware(fields["created_at"], "created_at")
        errors = FieldErrors()
        for name in ("customer_id", "customer_name", "name", "received_by"):
            require_text(errors, name, fields.get(name))
        errors.check(_positive_whole(fields.get("quantity")), "quantity", "must be a whole number greater than 0")
        errors.raise_if_any("invalid customer property")
        item = cls(**fields)
        item.record(events.CustomerPropertyReceived(property_id=item.id, customer_name=item.customer_name,
                                                    name=item.name, quantity=item.quantity,
                                                    received_on=item.received_on))
        return item

    def report_issue(self, *, issue: str, note: str) -> None:
        """Lost, damaged or unsuitable property is reported so the customer can be told."""
        if issue not in PROPERTY_ISSUES:
            raise ValidationFailed("invalid issue", {"issue": [f"must be one of {', '.join(PROPERTY_ISSUES)}"]})
        require_text(errors := FieldErrors(), "note", note)
        errors.raise_if_any("a note is required")
        self.issue, self.issue_note = issue, note.strip()
        self.version += 1
        self.record(events.CustomerPropertyIssueReported(property_id=self.id, customer_name=self.customer_name,
                                                         name=self.name, issue=issue, note=self.issue_note))
