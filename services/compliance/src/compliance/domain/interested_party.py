"""Interested-party requirements and complaints log (相关方要求记录表, seed 000 §5.1.3)."""
from __future__ import annotations

import uuid
from datetime import date, datetime

from qms_shared.domain import Aggregate, FieldErrors, InvalidTransition

from compliance.domain.events import InterestedPartyRecordClosed, InterestedPartyRecorded

PARTY_TYPES = ("customer", "supplier", "neighbour", "authority", "employee", "other")
RECORD_KINDS = ("requirement", "complaint", "administrative_penalty")
SOURCES = ("manual", "complaints")


class InterestedPartyRecord(Aggregate):
    """A requirement, complaint or administrative penalty from an interested party."""

    def __init__(self, *, id: uuid.UUID, party_name: str, party_type: str, kind: str, description: str,
                 received_on: date, source: str, source_reference: str | None, status: str,
                 created_at: datetime, response: str = "", closed_at: datetime | None = None,
                 closed_by: str | None = None, version: int = 1):
        self.id, self.party_name, self.party_type, self.kind = id, party_name, party_type, kind
        self.description, self.received_on = description, received_on
        self.source, self.source_reference, self.status = source, source_reference, status
        self.created_at, self.response, self.closed_at, self.closed_by = created_at, response, closed_at, closed_by
        self.version = version
        self.events: list = []

    @classmethod
    def log(cls, *, party_name: str, party_type: str, kind: str, description: str, received_on: date,
            at: datetime, source: str = "manual", source_reference: str | None = None,
            id: uuid.UUID | None = None) -> "InterestedPartyRecord":
        """Record an entry, as quality does on hearing of it (5.1.3)."""
        errors = FieldErrors()
        for label, value in (("party_name", party_name), ("description", description)):
            if not isinstance(value, str) or not value.strip():
                errors.add(label, "is required")
        for label, value, allowed in (("party_type", party_type, PARTY_TYPES), ("kind", kind, RECORD_KINDS),
                                      ("source", source, SOURCES)):
            if value not in allowed:
                errors.add(label, f"must be one of {', '.join(allowed)}")
        if isinstance(received_on, date) and received_on > at.date():
            errors.add("received_on", "cannot be in the future")
        errors.raise_if_any("the interested-party record is not valid")
        record = cls(id=id or uuid.uuid4(), party_name=party_name.strip(), party_type=party_type, kind=kind,
                     description=description.strip(), received_on=received_on, source=source,
                     source_reference=source_reference, status="open", created_at=at)
        record.record(InterestedPartyRecorded(record.id, kind, source, at))
        return record

    @classmethod
    def from_environmental_complaint(cls, *, complaint_id: str, complaint_number: str, customer_name: str,
                                     description: str, received_on: date, at: datetime) -> "InterestedPartyRecord":
        """The entry made automatically when the complaints service reports an environmental complaint."""
        text = f"Environmental complaint {complaint_number}: {description or 'no description given'}"
        return cls.log(party_name=customer_name or "unknown customer", party_type="customer", kind="complaint",
                       description=text, received_on=min(received_on, at.date()), at=at,
                       source="complaints", source_reference=complaint_id)

    def close(self, *, response: str, by: str, at: datetime) -> None:
        """Record how the party was answered and close the entry."""
        if self.status != "open":
            raise InvalidTransition("the record is already closed", current=self.status, allowed=[])
        errors = FieldErrors()
        if not isinstance(response, str) or not response.strip():
            errors.add("response", "is required")
        errors.raise_if_any("the record cannot be closed")
        self.status, self.response, self.closed_at, self.closed_by = "closed", response.strip(), at, by
        self.version += 1
        self.record(InterestedPartyRecordClosed(self.id, by, at))
