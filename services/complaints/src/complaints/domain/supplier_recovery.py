"""Recovering a claim from the supplier who caused it (000 §3.5: purchasing handles the supplier's part).

A claim of a complaint analysed as the supplier's doing may be charged on to that supplier once the general
manager approved what we pay: purchasing asks for an amount up to what the claim costs us, then records it
recovered (with the supplier's credit note or payment reference) or waived (with the reason).
"""
from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from qms_shared.domain import Conflict, FieldErrors, InvalidTransition

from .quality_base import SteppedRecord, check_amount
from .validation import MAX_SHORT_TEXT
from .vocabulary import Responsibility

# the claim's states in which what we pay is decided (approved by the general manager, or paid)
RECOVERABLE_CLAIMS = ("approved", "agreed", "settled")


class RecoveryStatus(StrEnum):
    """A recovery's states."""

    REQUESTED = "requested"
    RECOVERED = "recovered"
    WAIVED = "waived"


class SupplierRecovery(SteppedRecord):
    """The part of a claim charged to the supplier."""

    entity, what = "supplier_recovery", "supplier recovery"
    STEPS = {"recovery": (RecoveryStatus.REQUESTED,), "waiver": (RecoveryStatus.REQUESTED,)}

    def __init__(self, *, id: uuid.UUID, claim_id: uuid.UUID, claim_number: str, complaint_id: uuid.UUID,
                 complaint_number: str, supplier_id: uuid.UUID, supplier_code: str, supplier_name: str,
                 supplier_email: str | None, supplier_locale: str, amount: Decimal, currency: str,
                 requested_at: datetime, requested_by: str, note: str | None = None):
        self.id, self.claim_id, self.claim_number = id, claim_id, claim_number
        self.complaint_id, self.complaint_number = complaint_id, complaint_number
        self.supplier_id, self.supplier_code, self.supplier_name = supplier_id, supplier_code, supplier_name
        self.supplier_email, self.supplier_locale = supplier_email, supplier_locale
        self.amount, self.currency, self.note = amount, currency, note
        self.requested_at, self.requested_by = requested_at, requested_by
        self.status = RecoveryStatus.REQUESTED.value
        self.recovered_amount = self.reference = self.recovered_at = self.waiver_reason = None
        self.version, self.events = 1, []

    @classmethod
    def request(cls, *, id: uuid.UUID, claim, complaint, supplier: dict, by: str, at: datetime,
                amount: Decimal | None = None, note: str | None = None) -> "SupplierRecovery":
        """Charge the claim (by default what it costs us) to the supplier found responsible."""
        if complaint.responsibility != Responsibility.SUPPLIER:
            raise InvalidTransition("Only a claim of a complaint analysed as the supplier's doing is recovered.",
                                    current=claim.status, allowed=[])
        if claim.status not in RECOVERABLE_CLAIMS:
            raise InvalidTransition("What we pay must be approved before it is charged to the supplier.",
                                    current=claim.status, allowed=[])
        cost = claim.settled_amount if claim.status == "settled" else claim.proposed_amount
        amount = cost if amount is None else amount
        errors = FieldErrors()
        check_amount(errors, "amount", amount, positive=True)
        if isinstance(amount, Decimal) and amount.is_finite() and amount > cost:
            errors.add("amount", f"Must not exceed what the claim costs us ({cost}).")
        errors.text("note", note, required=False)
        errors.raise_if_any("The recovery cannot be requested.")
        recovery = cls(id=id, claim_id=claim.id, claim_number=claim.number, complaint_id=complaint.id,
                       complaint_number=complaint.number, **supplier, amount=amount, currency=claim.currency,
                       requested_at=at, requested_by=by, note=note)
        recovery._announce("requested", by, at)
        return recovery

    def recover(self, *, reference: str, by: str, at: datetime, amount: Decimal | None = None) -> None:
        """The supplier paid or credited it; the amount defaults to what was asked and may not exceed it."""
        self._require("recovery")
        amount = self.amount if amount is None else amount
        errors = FieldErrors()
        errors.text("reference", reference, max_length=MAX_SHORT_TEXT)
        check_amount(errors, "amount", amount, positive=True)
        if isinstance(amount, Decimal) and amount.is_finite() and amount > self.amount:
            errors.add("amount", f"Must not exceed the {self.amount} asked for.")
        errors.raise_if_any("The recovery cannot be recorded.")
        self.recovered_amount, self.reference, self.recovered_at = amount, reference, at
        self.status = RecoveryStatus.RECOVERED.value
        self.version += 1
        self._announce("recovered", by, at)

    def waive(self, *, reason: str, by: str, at: datetime) -> None:
        """Give up recovering it, for a recorded reason."""
        self._require("waiver")
        errors = FieldErrors()
        errors.text("reason", reason)
        errors.raise_if_any("The waiver needs a reason.")
        self.waiver_reason, self.status = reason, RecoveryStatus.WAIVED.value
        self.version += 1
        self._announce("waived", by, at)


def refuse_second(existing) -> None:
    """One recovery per claim."""
    if existing is not None:
        raise Conflict("The claim is already charged to the supplier; change that recovery instead.")
