"""Amendments during review or performance (001 §5.3): a new revision, re-reviewed by whom it touches."""
from __future__ import annotations

from datetime import datetime

from qms_shared.domain import InvalidTransition, ValidationFailed

from . import events
from .classification import Classification
from .compliance import UNKNOWN
from .departments import re_review_departments
from .lines import ContractLine, changed_aspects
from .policy import ReviewPolicy, require_aware
from .states import ACCEPTED, NEEDS_CUSTOMER, UNDER_REVIEW

AMENDABLE = (UNDER_REVIEW, NEEDS_CUSTOMER, ACCEPTED)
TERM_FIELDS = ("currency", "payment_terms", "requirements", "salesperson", "region")


class AmendmentRules:
    """Mixin of Contract: amending the terms into a new revision."""

    def amend(self, *, changes: dict, lines: list[ContractLine] | None, reason: str, classification_for,
              product_statuses: dict[str, str], policy: ReviewPolicy, by: str, at: datetime) -> list[str]:
        """Apply changed terms and/or lines as a new revision; returns the departments asked to re-review.

        `classification_for(lines, requirements)` classifies the amended terms, so a change that makes
        the contract special brings in the departments a special contract needs.
        """
        require_aware(at)
        if self.status not in AMENDABLE:
            raise InvalidTransition(f"contract is {self.status}; it cannot be amended",
                                    current=self.status, allowed=list(AMENDABLE))
        if not (reason or "").strip():
            raise ValidationFailed("an amendment needs a reason", {"reason": ["required"]})
        changed = self._changed_aspects(changes, lines)
        if not changed:
            raise ValidationFailed("the amendment changes nothing", {"changes": ["no field differs from the current revision"]})
        reviewed_before = {r.department for r in self.reviews if not r.pending}
        self._apply_changes(changes, lines)
        self.revision += 1
        classification: Classification = classification_for(self.lines, self.requirements)
        self._classify(classification, policy)
        # The service's copy is fresher than what the contract saw while it was accepted (not tracked then).
        known = {**self.product_compliance, **product_statuses}
        self.product_compliance = {line.product_code: known.get(line.product_code, UNKNOWN) for line in self.lines}
        self._recompute_compliance(at)
        departments = re_review_departments(changed, self.required_departments, reviewed_before)
        self._restart_round(departments, policy, at)
        self.status = UNDER_REVIEW
        self._keep_revision(reason=reason.strip(), changed=sorted(changed), by=by, at=at)
        self._changed(at)
        self.record(self._event(events.ContractAmended, reason=reason.strip(), changed=sorted(changed),
                                re_review_departments=departments, type=self.type))
        self._request_reviews(departments, policy, at)
        return departments

    def _changed_aspects(self, changes: dict, lines: list[ContractLine] | None) -> set[str]:
        unknown = set(changes) - set(TERM_FIELDS)
        if unknown:
            raise ValidationFailed("unknown fields", {name: ["cannot be amended"] for name in sorted(unknown)})
        aspects = {name for name in changes if changes[name] != getattr(self, name)}
        if lines is not None:
            aspects |= changed_aspects(self.lines, lines)
        return aspects

    def _apply_changes(self, changes: dict, lines: list[ContractLine] | None) -> None:
        for name, value in changes.items():
            setattr(self, name, value)
        if lines is not None:
            self.lines = lines

    def _restart_round(self, departments: list[str], policy: ReviewPolicy, at: datetime) -> None:
        # Reviews not yet given are dropped: the departments re-asked review the new revision instead.
        self.reviews = [r for r in self.reviews if not r.pending or
                        (r.department not in departments and r.department in self.required_departments)]
        for review in self.reviews:
            if review.pending:
                review.revision = self.revision
