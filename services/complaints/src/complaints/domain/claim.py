"""The claim aggregate (索赔, 000 《顾客管理程序》 §4.2, 001 §5.7): proposal, approval, customer, finance."""
from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from qms_shared.domain import Aggregate, FieldErrors, InvalidTransition

from . import claim_events as events
from .history import ClaimHistoryEntry
from .validation import MAX_SHORT_TEXT, require_texts
from .vocabulary import Responsibility


LOSS_CURRENCY = "CNY"


def claims_losses(claims) -> dict[str, Decimal]:
    """The claims that add to their complaint's loss, by number, with what each adds."""
    return {claim.number: loss for claim in claims if (loss := claim.counted_loss()) is not None}


class ClaimStatus(StrEnum):
    """Claim states (DOMAIN.md §1.3)."""

    SUBMITTED = "submitted"
    ANALYSED = "analysed"
    APPROVED = "approved"
    AGREED = "agreed"
    REJECTED = "rejected"
    SETTLED = "settled"


class ClaimStep(StrEnum):
    """Claim actions, named like their endpoints."""

    ANALYSIS = "analysis"
    APPROVAL = "approval"
    CUSTOMER_RESPONSE = "customer-response"
    SETTLEMENT = "settlement"


_ALLOWED = {
    ClaimStatus.SUBMITTED: [ClaimStep.ANALYSIS],
    ClaimStatus.ANALYSED: [ClaimStep.ANALYSIS, ClaimStep.APPROVAL],  # the proposal may be reworked
    ClaimStatus.APPROVED: [ClaimStep.CUSTOMER_RESPONSE],
    ClaimStatus.AGREED: [ClaimStep.SETTLEMENT],
    ClaimStatus.REJECTED: [],
    ClaimStatus.SETTLED: [],
}


class Claim(Aggregate):
    """A customer's claim for money linked to a complaint."""

    def __init__(self, *, id: uuid.UUID, number: str, complaint_id: uuid.UUID, complaint_number: str,
                 customer_id: str, customer_name: str, amount: Decimal, currency: str, description: str,
                 submitted_by: str, submitted_at: datetime, evidence: list | None = None):
        self.id, self.number = id, number
        self.complaint_id, self.complaint_number = complaint_id, complaint_number
        self.customer_id, self.customer_name = customer_id, customer_name
        self.amount, self.currency, self.description = amount, currency, description
        self.evidence = list(evidence or [])
        self.submitted_by, self.submitted_at = submitted_by, submitted_at
        self.status = ClaimStatus.SUBMITTED.value
        self.proposal = self.proposed_amount = self.responsibility = None
        self.approved_by = self.approved_at = None
        self.declined_rounds = 0
        self.settled_amount = self.settlement_reference = self.settled_at = None
        self.history, self.version, self.events = [], 1, []

    @classmethod
    def submit(cls, *, by: str, at: datetime, **fields) -> "Claim":
        """Register a claim; amount must be positive, currency an ISO 4217 code."""
        _check_submission(fields)
        claim = cls(**fields, submitted_by=by, submitted_at=at)
        claim.history.append(ClaimHistoryEntry(at=at, by=by, action="submission", from_status=None,
                                               to_status=claim.status, details={"amount": str(claim.amount)}))
        claim.record(events.ClaimSubmitted(**claim._facts(by, at)))
        return claim

    def allowed_steps(self) -> list[str]:
        """The steps possible from the current state."""
        return [step.value for step in _ALLOWED[ClaimStatus(self.status)]]

    def analyse(self, *, proposal: str, proposed_amount: Decimal, responsibility: str, by: str, at: datetime) -> None:
        """Record the initial proposal and responsibility; nothing is paid on the customer's own doing."""
        self._require(ClaimStep.ANALYSIS)
        _check_proposal(proposal, proposed_amount, responsibility, claimed=self.amount)
        self.proposal, self.proposed_amount, self.responsibility = proposal, proposed_amount, responsibility
        self._move(ClaimStatus.ANALYSED, ClaimStep.ANALYSIS, by, at, {
            "proposal": proposal, "proposed_amount": str(proposed_amount), "responsibility": responsibility})
        self.record(events.ClaimAnalysed(**self._facts(by, at), responsibility=responsibility,
                                         proposed_amount=proposed_amount))

    def approve(self, *, by: str, at: datetime, note: str | None = None) -> None:
        """The general manager approves the proposal (role checked at the endpoint)."""
        self._require(ClaimStep.APPROVAL)
        require_texts(note=note, required=False)
        self.approved_by, self.approved_at = by, at
        self._move(ClaimStatus.APPROVED, ClaimStep.APPROVAL, by, at, {"note": note})
        self.record(events.ClaimApproved(**self._facts(by, at), proposed_amount=self.proposed_amount))

    def record_customer_response(self, *, accepted: bool, by: str, at: datetime, note: str | None = None) -> None:
        """Accepted: agreed (we pay) or rejected (customer's responsibility). Declined: back to analysis."""
        self._require(ClaimStep.CUSTOMER_RESPONSE)
        errors = FieldErrors()
        if not isinstance(accepted, bool):
            errors.add("accepted", "Missing data for required field." if accepted is None else "Not a valid boolean.")
        errors.text("note", note, required=False)
        errors.raise_if_any("The customer's response is incomplete.")
        details = {"accepted": accepted, "note": note}
        if not accepted:
            self.declined_rounds += 1
            self._move(ClaimStatus.ANALYSED, ClaimStep.CUSTOMER_RESPONSE, by, at, details)
            self.record(events.ClaimProposalDeclined(**self._facts(by, at), rounds=self.declined_rounds))
            return
        ours = self.responsibility != Responsibility.CUSTOMER
        outcome = ClaimStatus.AGREED if ours else ClaimStatus.REJECTED
        self._move(outcome, ClaimStep.CUSTOMER_RESPONSE, by, at, details)
        self.record(events.ClaimDecided(**self._facts(by, at), outcome=outcome.value,
                                        proposed_amount=self.proposed_amount))

    def settle(self, *, by: str, at: datetime, amount: Decimal | None = None, reference: str | None = None) -> None:
        """Finance pays; the amount defaults to the agreed proposal and may not exceed it."""
        self._require(ClaimStep.SETTLEMENT)
        amount = self.proposed_amount if amount is None else amount
        errors = FieldErrors()
        errors.text("reference", reference, required=False, max_length=MAX_SHORT_TEXT)
        if not isinstance(amount, Decimal):
            errors.add("amount", "Not a valid decimal.")
        elif amount < 0 or amount > self.proposed_amount:
            errors.add("amount", f"Must be between 0 and the agreed {self.proposed_amount}.")
        errors.raise_if_any("The settlement cannot be recorded.")
        self.settled_amount, self.settlement_reference, self.settled_at = amount, reference, at
        self._move(ClaimStatus.SETTLED, ClaimStep.SETTLEMENT, by, at, {"amount": str(amount), "reference": reference})
        self.record(events.ClaimSettled(**self._facts(by, at), settled_amount=amount, reference=reference))

    def counted_loss(self) -> Decimal | None:
        """What this claim adds to its complaint's loss (004 §3.2.3): the settled amount once settled, the
        approved proposal from approval on, nothing before approval, when rejected, or in another currency
        (the ¥20,000 rule is in CNY; a loss in another currency goes on the complaint's own loss amount)."""
        if self.currency != LOSS_CURRENCY:
            return None
        if self.status == ClaimStatus.SETTLED:
            return self.settled_amount
        if self.status in (ClaimStatus.APPROVED, ClaimStatus.AGREED):
            return self.proposed_amount
        return None

    def _require(self, step: ClaimStep) -> None:
        if step.value not in self.allowed_steps():
            raise InvalidTransition(f"'{step.value}' is not allowed while the claim is {self.status}.",
                                    current=self.status, allowed=self.allowed_steps())

    def _move(self, to: ClaimStatus, step: ClaimStep, by: str, at: datetime, details: dict) -> None:
        self.history.append(ClaimHistoryEntry(at=at, by=by, action=step.value, from_status=self.status,
                                              to_status=to.value, details=details))
        self.status = to.value
        self.version += 1

    def _facts(self, by: str, at: datetime) -> dict:
        return dict(claim_id=self.id, number=self.number, complaint_id=self.complaint_id,
                    complaint_number=self.complaint_number, customer_id=self.customer_id,
                    customer_name=self.customer_name, amount=self.amount, currency=self.currency,
                    status=self.status, at=at, by=by)


def _check_submission(fields: dict) -> None:
    errors = FieldErrors()
    errors.text("description", fields.get("description"))
    amount = fields.get("amount")
    if not isinstance(amount, Decimal):
        errors.add("amount", "Not a valid decimal.")
    elif amount <= 0:
        errors.add("amount", "Must be greater than 0.")
    currency = fields.get("currency")
    if not (isinstance(currency, str) and len(currency) == 3 and currency.isalpha() and currency.isupper()):
        errors.add("currency", "Must be a three-letter ISO 4217 code such as CNY.")
    evidence = fields.get("evidence") or []
    if not isinstance(evidence, list) or any(not isinstance(e, str) or not e.strip() or len(e) > 500 for e in evidence):
        errors.add("evidence", "Must be a list of non-blank references of at most 500 characters.")
    errors.raise_if_any("The claim cannot be submitted.")


def _check_proposal(proposal, proposed_amount, responsibility, *, claimed: Decimal) -> None:
    errors = FieldErrors()
    errors.text("proposal", proposal)
    errors.choice("responsibility", responsibility, Responsibility)
    if not isinstance(proposed_amount, Decimal):
        errors.add("proposed_amount", "Not a valid decimal.")
    elif proposed_amount < 0 or proposed_amount > claimed:
        errors.add("proposed_amount", f"Must be between 0 and the claimed {claimed}.")
    elif responsibility == Responsibility.CUSTOMER and proposed_amount != 0:
        errors.add("proposed_amount", "Must be 0 when the customer is responsible.")
    errors.raise_if_any("The proposal is incomplete.")
