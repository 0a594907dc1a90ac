"""Department reviews of a contract: asking, recording opinions, due dates and overdue detection."""
from __future__ import annotations

import uuid
from datetime import date, datetime
from operator import attrgetter

from qms_shared.domain import Actor, Conflict, FieldErrors, InvalidTransition, NotFound

from . import events
from .departments import DEPARTMENTS, GENERAL_MANAGER, PRODUCTION, require_acting_for
from .policy import ReviewPolicy, require_aware
from .states import UNDER_REVIEW
from .reviews import OPINIONS, REJECT, APPROVE, DepartmentReview


_REVISION = attrgetter("revision")


class ReviewRules:
    """Mixin of Contract: the review round of the current revision."""

    def current_reviews(self) -> dict[str, DepartmentReview]:
        """Latest review of each required department; an earlier revision's opinion stands until re-asked."""
        required = set(self.required_departments)
        latest: dict[str, DepartmentReview] = {}
        for review in sorted(self.reviews, key=_REVISION):
            department = review.department
            if department in required:
                latest[department] = review
        return latest

    def pending_departments(self) -> list[str]:
        """Departments whose opinion on the current round is still missing."""
        return [d for d, r in self.current_reviews().items() if r.pending]

    def rejected_by(self) -> list[str]:
        """Departments whose current opinion is `reject`."""
        return [d for d, r in self.current_reviews().items() if not r.pending and r.opinion == REJECT]

    @property
    def committed_delivery_date(self) -> date | None:
        """The delivery date production says it can meet, from its latest opinion."""
        return self.delivery()[1]

    @property
    def delivery_late(self) -> bool:
        """True when production's date is later than the earliest date the customer asked for."""
        return self.delivery()[2]

    def delivery(self, current: dict[str, DepartmentReview] | None = None) -> tuple[date | None, date | None, bool]:
        """(the earliest date the customer asks for, the date production can meet, whether that is later),
        from `current_reviews()`, or from `current` when the caller has it already."""
        review = (self.current_reviews() if current is None else current).get(PRODUCTION)
        committed = review.delivery_date if review and not review.pending else None
        requested = self.earliest_requested_date
        return requested, committed, committed is not None and requested is not None and committed > requested

    def record_review(self, *, department: str, opinion: str, comment: str | None, delivery_date: date | None,
                      reviewer: Actor, policy: ReviewPolicy, at: datetime) -> DepartmentReview:
        """Record a department's opinion on the current revision, given by one of its own people: the
        reviewer's department (token claim, else role) for a department, the general manager's role for the
        general manager's approval (departments.acts_for)."""
        require_aware(at)
        if department not in DEPARTMENTS:
            raise NotFound(f"no department {department!r}")
        require_acting_for(department, reviewer.roles, reviewer.department, f"records the {department} review")
        review = self._awaited_review(department)
        _validate_opinion(department, opinion, comment, delivery_date)
        review.complete(opinion=opinion, comment=(comment or "").strip() or None, delivery_date=delivery_date,
                        reviewer_id=reviewer.id, reviewer_name=reviewer.label, at=at)
        self._changed(at)
        self.record(self._event(events.ReviewRecorded, department=department, opinion=opinion,
                                comment=review.comment, reviewer=review.reviewer_name, delivery_date=delivery_date,
                                delivery_late=department == PRODUCTION and self.delivery_late))
        self._after_review(policy, at)
        return review

    def flag_overdue_reviews(self, as_of: datetime) -> list[DepartmentReview]:
        """Mark reviews past due as overdue, once each, recording one event per newly overdue review."""
        require_aware(as_of, "as_of")
        if self.status != UNDER_REVIEW:
            return []
        newly = [r for r in self.current_reviews().values() if r.is_overdue_at(as_of) and not r.overdue]
        for review in newly:
            review.overdue = True
            self.record(self._event(events.ReviewOverdue, department=review.department, due_at=review.due_at))
        if newly:
            self._changed(as_of)
        return newly

    def _awaited_review(self, department: str) -> DepartmentReview:
        if self.status != UNDER_REVIEW:
            raise InvalidTransition(f"contract is {self.status}, not under review",
                                    current=self.status, allowed=[UNDER_REVIEW])
        review = self.current_reviews().get(department)
        if review is None or not review.pending:
            raise Conflict(f"contract {self.number} is not awaiting a review by {department}")
        others = [d for d in self.pending_departments() if d != GENERAL_MANAGER]
        if department == GENERAL_MANAGER and others:
            raise Conflict(f"the general manager approves after {', '.join(others)}", pending=others)
        return review

    def _request_reviews(self, departments: list[str], policy: ReviewPolicy, at: datetime) -> None:
        waiting_for_others = any(d != GENERAL_MANAGER for d in departments)
        due_at = policy.due_at(at)  # asked together, due together: one event names them all
        asked = []
        for department in departments:
            deferred = department == GENERAL_MANAGER and waiting_for_others
            self.reviews.append(DepartmentReview(id=uuid.uuid4(), department=department, revision=self.revision,
                                                 requested_at=at, due_at=None if deferred else due_at))
            if not deferred:
                asked.append(department)
        if asked:
            self.record(self._event(events.ReviewRequested, departments=asked, due_at=due_at))

    def _after_review(self, policy: ReviewPolicy, at: datetime) -> None:
        pending = self.pending_departments()
        if pending == [GENERAL_MANAGER]:
            review = self.current_reviews()[GENERAL_MANAGER]
            if review.due_at is None:
                review.requested_at, review.due_at = at, policy.due_at(at)
                self.record(self._event(events.ReviewRequested, departments=[GENERAL_MANAGER], due_at=review.due_at))
        if not pending:
            rejected = self.rejected_by()
            decider = GENERAL_MANAGER if rejected or self.type == "special" else "sales"
            self.record(self._event(events.ContractReadyForDecision, decider=decider, rejected_by=rejected,
                                    blockers=self.blockers()))


def _validate_opinion(department: str, opinion: str, comment: str | None, delivery_date: date | None) -> None:
    errors = FieldErrors()
    if opinion not in OPINIONS:
        errors.add("opinion", f"must be one of {', '.join(OPINIONS)}")
    elif opinion != APPROVE and not (comment or "").strip():
        errors.add("comment", "a condition or a rejection needs a comment")
    errors.check(department != PRODUCTION or delivery_date is not None or opinion == REJECT, "delivery_date",
                 "production states the delivery date it can meet")
    errors.check(department == PRODUCTION or delivery_date is None, "delivery_date",
                 "only production states a delivery date")
    errors.raise_if_any("invalid review")
