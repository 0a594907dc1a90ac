"""The yearly satisfaction survey campaign (001 §5.8, 003 §5.3): customers, answers, follow-up rounds."""
from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal

from qms_shared.domain import Aggregate, Conflict, FieldErrors, InvalidTransition

from . import survey_events as events
from .satisfaction import (
    DISSATISFIED, ObjectiveFigures, Rating, SatisfactionRules, SatisfactionScore, YearCounts, response_rate,
    score_satisfaction,
)
from .validation import MAX_SHORT_TEXT

OPEN, CLOSED = "open", "closed"
DEFAULT_ITEMS = ("product quality level", "exception handling", "delivery", "enquiry and after-sales service",
                 "technical improvement")  # R-QP-005-01
MAX_CUSTOMERS = 1000
MAX_ITEMS = 30
_OBJECTIVE_PERCENTAGES = ("first_pass_yield", "first_pass_yield_target", "on_time_delivery",
                          "on_time_delivery_target")


class SurveyAnswer:
    """One item rated by one customer."""

    def __init__(self, *, item: str, rating: str):
        self.item, self.rating = item, rating


class SurveyResponse:
    """One customer's returned form, in the round it came back in."""

    def __init__(self, *, customer_id: str, round: int, submitted_by: str, submitted_at: datetime,
                 answers: list[SurveyAnswer]):
        self.customer_id, self.round = customer_id, round
        self.submitted_by, self.submitted_at = submitted_by, submitted_at
        self.answers = answers


class SurveyCampaign(Aggregate):
    """A year's survey; it closes only once 70 % answered or a follow-up round was held."""

    def __init__(self, *, id: uuid.UUID, year: int, customer_ids: list[str], items: list[str], opened_by: str,
                 opened_at: datetime, first_pass_yield: Decimal | None = None,
                 first_pass_yield_target: Decimal | None = None, on_time_delivery: Decimal | None = None,
                 on_time_delivery_target: Decimal | None = None, late_responses: int | None = None,
                 late_responses_reason: str | None = None):
        self.id, self.year = id, year
        self.customer_ids, self.items = list(customer_ids), list(items)
        self.first_pass_yield, self.first_pass_yield_target = first_pass_yield, first_pass_yield_target
        self.on_time_delivery, self.on_time_delivery_target = on_time_delivery, on_time_delivery_target
        # typed in, it overrides what the service counts from its own missed deadlines; the reason says why
        self.late_responses, self.late_responses_reason = late_responses, late_responses_reason
        self.opened_by, self.opened_at = opened_by, opened_at
        self.status, self.round, self.responses = OPEN, 1, []
        self.closed_by = self.closed_at = None
        self.response_rate_final = self.survey_score = self.objective_score = self.total_score = None
        self.version, self.events = 1, []

    @classmethod
    def open(cls, *, id: uuid.UUID, year: int, customer_ids: list[str], by: str, at: datetime,
             items: list[str] | None = None, **objective) -> "SurveyCampaign":
        """Start a campaign for `year`; items default to the five of form R-QP-005-01."""
        items = list(items) if items else list(DEFAULT_ITEMS)
        _check_campaign(year, customer_ids, items, objective)
        if objective.get("late_responses") is None:
            objective.pop("late_responses_reason", None)  # nothing overridden, nothing to explain
        elif not objective.get("late_responses_reason"):
            objective["late_responses_reason"] = f"entered by {by} when the survey was opened"
        survey = cls(id=id, year=year, customer_ids=customer_ids, items=items, opened_by=by, opened_at=at,
                     **objective)
        survey.record(events.SurveyOpened(**survey._facts(by, at), customer_ids=list(customer_ids), items=items))
        return survey

    @property
    def objective(self) -> ObjectiveFigures:
        """The objective figures the campaign was opened with."""
        return ObjectiveFigures(**{name: getattr(self, name) for name in (*_OBJECTIVE_PERCENTAGES, "late_responses")})

    def responded_customer_ids(self) -> set[str]:
        """Customers whose form came back, in any round."""
        return {response.customer_id for response in self.responses}

    def response_rate(self) -> Decimal:
        """Share of the surveyed customers who answered, in percent."""
        return response_rate(len(self.responded_customer_ids()), len(self.customer_ids))

    def record_response(self, *, customer_id: str, answers: list[tuple[str, str]], by: str,
                        at: datetime) -> list[SurveyAnswer]:
        """Record a customer's answers; returns the dissatisfied ones (each opens a corrective action)."""
        self._require_open("responses")
        _check_answers(self, customer_id, answers)
        if customer_id in self.responded_customer_ids():
            raise Conflict(f"Customer {customer_id} has already answered this survey.")
        recorded = [SurveyAnswer(item=item, rating=rating) for item, rating in answers]
        self.responses.append(SurveyResponse(customer_id=customer_id, round=self.round, submitted_by=by,
                                             submitted_at=at, answers=recorded))
        self.version += 1
        self.record(events.SurveyResponseRecorded(**self._facts(by, at), customer_id=customer_id,
                                                  response_rate=self.response_rate()))
        unhappy = [answer for answer in recorded if answer.rating in DISSATISFIED]
        for answer in unhappy:
            self.record(events.DissatisfactionReported(**self._facts(by, at), customer_id=customer_id,
                                                       item=answer.item, rating=answer.rating))
        return unhappy

    def start_follow_up(self, *, by: str, at: datetime, rules: SatisfactionRules = SatisfactionRules()) -> None:
        """Ask the silent customers again; only needed while the response rate is under the minimum."""
        self._require_open("follow-up")
        rate = self.response_rate()
        if rate >= rules.minimum_response_rate:
            raise InvalidTransition(f"The response rate {rate} % already reaches {rules.minimum_response_rate} %.",
                                    current=self.status, allowed=["responses", "closure"])
        self.round += 1
        self.version += 1
        pending = [c for c in self.customer_ids if c not in self.responded_customer_ids()]
        self.record(events.FollowUpRoundStarted(**self._facts(by, at), response_rate=rate,
                                                pending_customer_ids=pending))

    def score(self, counts: YearCounts, rules: SatisfactionRules = SatisfactionRules()) -> SatisfactionScore:
        """The satisfaction score as the answers stand now (final once closed)."""
        answers = [(a.item, a.rating) for response in self.responses for a in response.answers]
        return score_satisfaction(surveyed=len(self.customer_ids), responded=len(self.responded_customer_ids()),
                                  items=self.items, answers=answers, counts=counts, objective=self.objective,
                                  rules=rules)

    def close(self, *, counts: YearCounts, by: str, at: datetime,
              rules: SatisfactionRules = SatisfactionRules()) -> SatisfactionScore:
        """Close with the final score; refused under the minimum response rate before a follow-up round."""
        self._require_open("closure")
        result = self.score(counts, rules)
        if not result.response_rate_met and self.round == 1:
            raise InvalidTransition(
                f"The response rate {result.response_rate} % is under {rules.minimum_response_rate} %: "
                "hold a follow-up round first.", current=self.status, allowed=["responses", "follow-up"])
        self.status, self.closed_by, self.closed_at = CLOSED, by, at
        self.response_rate_final, self.survey_score = result.response_rate, result.survey_score
        self.objective_score, self.total_score = result.objective_score, result.total_score
        self.version += 1
        self.record(events.SurveyClosed(**self._facts(by, at), response_rate=result.response_rate,
                                        survey_score=result.survey_score, objective_score=result.objective_score,
                                        total_score=result.total_score))
        return result

    def _require_open(self, step: str) -> None:
        if self.status != OPEN:
            raise InvalidTransition(f"'{step}' is not allowed on a closed survey.", current=self.status, allowed=[])

    def _facts(self, by: str, at: datetime) -> dict:
        return dict(survey_id=self.id, year=self.year, round=self.round, at=at, by=by)


def _check_campaign(year, customer_ids, items, objective: dict) -> None:
    errors = FieldErrors()
    if not isinstance(year, int) or isinstance(year, bool) or not 2000 <= year <= 2100:
        errors.add("year", "Must be a year between 2000 and 2100.")
    _check_names(errors, "customer_ids", customer_ids, MAX_CUSTOMERS)
    _check_names(errors, "items", items, MAX_ITEMS)
    for name in _OBJECTIVE_PERCENTAGES:
        value = objective.get(name)
        if value is not None and not (isinstance(value, Decimal) and 0 <= value <= 100):
            errors.add(f"objective.{name}", "Must be a percentage between 0 and 100.")
    late = objective.get("late_responses")
    if late is not None and (not isinstance(late, int) or isinstance(late, bool) or late < 0):
        errors.add("objective.late_responses", "Must be a whole number, not negative.")
    errors.text("objective.late_responses_reason", objective.get("late_responses_reason"), required=False,
                max_length=MAX_SHORT_TEXT)
    errors.raise_if_any("The survey cannot be opened.")


def _check_names(errors: FieldErrors, field: str, values, limit: int) -> None:
    if not isinstance(values, list) or not values or len(values) > limit:
        errors.add(field, f"Must list between 1 and {limit} entries.")
    elif any(not isinstance(v, str) or not v.strip() or len(v) > MAX_SHORT_TEXT for v in values):
        errors.add(field, f"Each entry must be a non-blank string of at most {MAX_SHORT_TEXT} characters.")
    elif len(set(values)) != len(values):
        errors.add(field, "Entries must not repeat.")


def _check_answers(survey: SurveyCampaign, customer_id: str, answers) -> None:
    errors = FieldErrors()
    if customer_id not in survey.customer_ids:
        errors.add("customer_id", "This customer is not part of the survey.")
    if not isinstance(answers, list) or not answers:
        errors.add("answers", "At least one answer is required.")
    else:
        items = [item for item, _ in answers]
        if len(set(items)) != len(items):
            errors.add("answers", "Each item may be answered once.")
        for item, rating in answers:
            if item not in survey.items:
                errors.add("answers", f"Unknown item '{item}'.")
            if rating not in {r.value for r in Rating}:
                errors.add("answers", f"Rating must be one of: {', '.join(r.value for r in Rating)}.")
    errors.raise_if_any("The response cannot be recorded.")
