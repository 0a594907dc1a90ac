"""The outcome of a review round (001 §5.2.3) and the customer's confirmation of an oral order."""
from __future__ import annotations

import uuid
from datetime import datetime

from qms_shared.domain import Conflict, Forbidden, InvalidTransition, ValidationFailed

from . import events
from .compliance import HOLD
from .departments import GENERAL_MANAGER, SALES, acts_for
from .policy import require_aware
from .reviews import Decision
from .states import (ACCEPTED, CHECKLIST_UNACKNOWLEDGED, COMPLIANCE_HOLD, OPEN_STATUSES,
                     ORAL_ORDER_UNCONFIRMED, OUTCOMES, REJECTED, UNDER_REVIEW)

DECIDERS = (SALES, GENERAL_MANAGER)


class DecisionRules:
    """Mixin of Contract: deciding accepted / needs_customer / rejected, and oral-order confirmation."""

    def blockers(self) -> list[str]:
        """What still forbids acceptance apart from the reviews themselves."""
        found = []
        if self.source == "oral" and self.confirmed_at is None:
            found.append(ORAL_ORDER_UNCONFIRMED)
        if self.compliance_status == HOLD:
            found.append(COMPLIANCE_HOLD)
        if any(not item.acknowledged for item in self.checklist):
            found.append(CHECKLIST_UNACKNOWLEDGED)
        return found

    def decide(self, *, outcome: str, reason: str | None, by: str, by_name: str, roles, at: datetime,
               department: str | None = None) -> Decision:
        """Decide the outcome of the current revision (the sales department's manager or the general manager,
        001 §5.2 E; `department` is the decider's token claim, else the roles say it); a rejection is only
        overruled by the general manager, with a reason."""
        require_aware(at)
        roles, reason = set(roles or ()), (reason or "").strip() or None
        if not any(acts_for(decider, roles, department) for decider in DECIDERS):
            raise Forbidden("only the sales department or the general manager decide a contract's outcome")
        if outcome not in OUTCOMES:
            raise ValidationFailed("invalid outcome", {"outcome": [f"must be one of {', '.join(OUTCOMES)}"]})
        self._check_state_for(outcome)
        overruled = self._check_acceptance(reason, roles) if outcome == ACCEPTED else []
        if outcome != ACCEPTED and reason is None:
            raise ValidationFailed("a reason is required", {"reason": [f"required when the outcome is {outcome}"]})
        decision = Decision(id=uuid.uuid4(), revision=self.revision, outcome=outcome,
                            reason=reason or "all clauses clear", decided_by=by, decided_by_name=by_name,
                            decided_at=at, overruled_departments=overruled)
        self.decisions.append(decision)
        self.status = outcome
        self._changed(at)
        self.record(self._event(events.ContractDecided, outcome=outcome, reason=decision.reason,
                                decided_by=by_name, overruled_departments=overruled))
        if outcome == ACCEPTED:
            self._issue_production_order()
        return decision

    def confirm_oral_order(self, *, confirmed_by: str, note: str | None, by: str, at: datetime) -> None:
        """Record that the customer confirmed an oral order (002 §4.2.2: before acceptance)."""
        require_aware(at)
        if self.source != "oral":
            raise Conflict("only an oral order needs the customer's confirmation")
        if self.status not in OPEN_STATUSES:
            raise InvalidTransition(f"contract is {self.status}", current=self.status, allowed=list(OPEN_STATUSES))
        if not (confirmed_by or "").strip():
            raise ValidationFailed("who confirmed is required", {"confirmed_by": ["required"]})
        self.confirmed_by, self.confirmation_note, self.confirmed_at = confirmed_by.strip(), note, at
        self._changed(at)
        self.record(self._event(events.OralOrderConfirmed, confirmed_by=self.confirmed_by))

    def _check_state_for(self, outcome: str) -> None:
        allowed = OPEN_STATUSES if outcome == REJECTED else (UNDER_REVIEW,)
        if self.status not in allowed:
            raise InvalidTransition(f"contract is {self.status}; cannot decide {outcome}",
                                    current=self.status, allowed=list(allowed))

    def _check_acceptance(self, reason: str | None, roles: set[str]) -> list[str]:
        pending = self.pending_departments()
        if pending:
            raise Conflict(f"reviews still pending: {', '.join(pending)}", pending=pending)
        blockers = self.blockers()
        if blockers:
            raise Conflict(f"cannot accept: {', '.join(blockers)}", blockers=blockers)
        rejected = self.rejected_by()
        if rejected and GENERAL_MANAGER not in roles:
            raise Forbidden(f"rejected by {', '.join(rejected)}: only the general manager can overrule")
        if rejected and reason is None:
            raise ValidationFailed("overruling a rejection needs a reason",
                                   {"reason": ["required to overrule " + ", ".join(rejected)]})
        return rejected

    def _issue_production_order(self) -> None:
        self.record(self._event(events.ProductionOrderIssued, production_order_number=f"{self.number}-R{self.revision}",
                                lines=[line.terms() for line in self.lines],
                                delivery_date=self.committed_delivery_date or self.earliest_requested_date))
