"""The Contract aggregate (合同/订单): terms, lines, revisions, reviews, decisions and compliance state."""
from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from qms_shared.domain import Aggregate, FieldErrors

from . import events
from .classification import Classification
from .compliance import HOLD, UNKNOWN, contract_compliance_status
from .contract_amendment import AmendmentRules
from .contract_compliance import ComplianceRules
from .contract_decision import DecisionRules
from .contract_reviews import ReviewRules
from .departments import required_departments
from .lines import ContractLine
from .policy import ReviewPolicy, require_aware, require_text
from .reviews import ContractRevision, Decision
from .states import OPEN_STATUSES, UNDER_REVIEW

SOURCES = ("written", "oral")


class Contract(ReviewRules, DecisionRules, AmendmentRules, ComplianceRules, Aggregate):
    """A customer's contract or order under review; every change bumps `version`."""

    def __init__(self, *, id: uuid.UUID, number: str, customer_id: str, customer_name: str, salesperson: str,
                 region: str | None, source: str, currency: str, payment_terms: str | None,
                 requirements: str | None, lines: list[ContractLine], created_by: str, created_at: datetime):
        self.id = id
        self.number = number
        self.customer_id = customer_id
        self.customer_name = customer_name
        self.salesperson = salesperson
        self.region = region
        self.source = source
        self.currency = currency
        self.payment_terms = payment_terms
        self.requirements = requirements
        self.type = "regular"
        self.type_reasons: list = []
        self.type_history: list = []
        self.required_departments: list = []
        self.status = UNDER_REVIEW
        self.revision = 1
        self.confirmed_by: str | None = None
        self.confirmation_note: str | None = None
        self.confirmed_at: datetime | None = None
        self.product_compliance: dict = {}
        self.compliance_status = UNKNOWN
        self.waiver_reason: str | None = None
        self.waived_by: str | None = None
        self.waived_at: datetime | None = None
        self.waived_products: list = []
        self.created_by = created_by
        self.created_at = created_at
        self.updated_at = created_at
        self.version = 1
        self.lines = list(lines)
        self.revisions: list = []
        self.reviews: list = []
        self.decisions: list = []
        self.checklist: list = []
        self.events: list = []

    @classmethod
    def submit(cls, *, id: uuid.UUID, number: str, customer_id: str, customer_name: str, salesperson: str,
               region: str | None, source: str, currency: str, payment_terms: str | None,
               requirements: str | None, lines: list[ContractLine], classification: Classification,
               policy: ReviewPolicy, product_statuses: dict[str, str], known_requirements: list,
               by: str, at: datetime) -> "Contract":
        """Register a contract, classify it and ask the required departments for their review."""
        require_aware(at)
        _validate_terms(customer_id, customer_name, salesperson, source, currency)
        contract = cls(id=id, number=number, customer_id=customer_id, customer_name=customer_name,
                       salesperson=salesperson, region=region, source=source, currency=currency,
                       payment_terms=payment_terms, requirements=requirements, lines=lines,
                       created_by=by, created_at=at)
        contract._classify(classification, policy)
        contract._set_product_statuses(product_statuses)
        contract._sync_checklist(known_requirements)
        contract._keep_revision(reason=None, changed=[], by=by, at=at)
        contract.record(contract._event(events.ContractSubmitted, type=contract.type,
                                        type_reasons=list(contract.type_reasons),
                                        required_departments=list(contract.required_departments),
                                        source=source))
        if contract.compliance_status == HOLD:
            contract.record(contract._event(events.ComplianceHoldPlaced,
                                            product_codes=contract._unwaived_non_compliant()))
        contract._request_reviews(contract.required_departments, policy, at)
        return contract

    # --- reading -----------------------------------------------------------------------------
    @property
    def is_open(self) -> bool:
        """Still being reviewed or discussed with the customer."""
        return self.status in OPEN_STATUSES

    @property
    def total_amount(self):
        """Sum of the line amounts."""
        return sum((line.amount for line in self.lines), Decimal("0"))

    @property
    def earliest_requested_date(self) -> date | None:
        """The first delivery date the customer asks for."""
        return min((line.requested_delivery_date for line in self.lines), default=None)

    @property
    def decision(self) -> Decision | None:
        """The decision on the current revision, if any."""
        current = [d for d in self.decisions if d.revision == self.revision]
        return current[-1] if current else None

    def terms(self) -> dict:
        """The terms of the current revision as JSON-friendly values."""
        return {"customer": {"id": self.customer_id, "name": self.customer_name},
                "salesperson": self.salesperson, "region": self.region, "source": self.source,
                "currency": self.currency, "payment_terms": self.payment_terms,
                "requirements": self.requirements, "type": self.type, "type_reasons": list(self.type_reasons),
                "type_history": list(self.type_history),
                "required_departments": list(self.required_departments),
                "lines": [line.terms() for line in self.lines]}

    # --- helpers the rule mixins share ---------------------------------------------------------
    def _event(self, event_class, **fields):
        return event_class(contract_id=self.id, number=self.number, customer_name=self.customer_name,
                           salesperson=self.salesperson, revision=self.revision, **fields)

    def _changed(self, at: datetime) -> None:
        self.version += 1
        self.updated_at = at

    def _classify(self, classification: Classification, policy: ReviewPolicy) -> None:
        self.type = classification.type
        self.type_reasons = [dict(reason) for reason in classification.reasons]
        self.type_history = [dict(record) for record in classification.history]
        self.required_departments = required_departments(self.type, legal_review=policy.legal_review)

    def _set_product_statuses(self, known: dict[str, str]) -> None:
        self.product_compliance = {line.product_code: known.get(line.product_code, UNKNOWN) for line in self.lines}
        self.compliance_status = contract_compliance_status(self.product_compliance, self.waived_products)

    def _keep_revision(self, *, reason: str | None, changed: list[str], by: str, at: datetime) -> None:
        self.revisions.append(ContractRevision(id=uuid.uuid4(), number=self.revision, terms=self.terms(),
                                               reason=reason, changed=changed, created_by=by, created_at=at))


def _validate_terms(customer_id, customer_name, salesperson, source, currency) -> None:
    errors = FieldErrors()
    require_text(errors, "customer.id", customer_id)
    require_text(errors, "customer.name", customer_name)
    require_text(errors, "salesperson", salesperson)
    errors.check(source in SOURCES, "source", f"must be one of {', '.join(SOURCES)}")
    errors.check(isinstance(currency, str) and len(currency) == 3 and currency.isalpha() and currency.isupper(),
                 "currency", "must be a three-letter ISO 4217 code, e.g. CNY")
    errors.raise_if_any("invalid contract")
