"""Request and response schemas of /surveys."""
from __future__ import annotations

from marshmallow import fields, validate

from qms_shared.web.schemas import PageArgs, ReadSchema, StrictSchema

from ....domain.satisfaction import Rating, late_responses_used
from ..bounded import percentage
from ..complaints.schemas import SHORT, one_of


class ObjectiveSchema(StrictSchema):
    """Self-assessed figures of the year (003 §5.3.3), percentages."""

    first_pass_yield = percentage(load_default=None)
    first_pass_yield_target = percentage(load_default=None)
    on_time_delivery = percentage(load_default=None)
    on_time_delivery_target = percentage(load_default=None)
    late_responses = fields.Integer(strict=True, load_default=None, validate=validate.Range(min=0, max=100_000),
                                    metadata={"description": "overrides the late responses the service counts"})
    late_responses_reason = fields.String(load_default=None, validate=validate.Length(min=1, max=200),
                                          metadata={"description": "why the typed value overrides the count"})


class SurveyCreateSchema(StrictSchema):
    """POST /surveys."""

    year = fields.Integer(strict=True, required=True, validate=validate.Range(min=2000, max=2100))
    customer_ids = fields.List(fields.String(validate=SHORT), required=True, validate=validate.Length(min=1, max=1000))
    items = fields.List(fields.String(validate=SHORT), load_default=None, validate=validate.Length(min=1, max=30))
    objective = fields.Nested(ObjectiveSchema, load_default=dict)


class AnswerSchema(StrictSchema):
    """One rated item."""

    item = fields.String(required=True, validate=SHORT)
    rating = fields.String(required=True, validate=one_of(Rating))


class ResponseCreateSchema(StrictSchema):
    """POST surveys/{id}/responses."""

    customer_id = fields.String(required=True, validate=SHORT)
    answers = fields.List(fields.Nested(AnswerSchema), required=True, validate=validate.Length(min=1, max=30))


class SurveyReadSchema(ReadSchema):
    """A campaign, its answers and (once closed) its final scores."""

    id = fields.UUID()
    year = fields.Integer()
    status = fields.String()
    round = fields.Integer()
    version = fields.Integer()
    customer_ids = fields.List(fields.String())
    items = fields.List(fields.String())
    objective = fields.Function(lambda s: {**{k: (None if v is None else str(v)) if k != "late_responses" else v
                                              for k, v in vars(s.objective).items()},
                                           "late_responses_reason": s.late_responses_reason})
    responded_customer_ids = fields.Function(lambda s: sorted(s.responded_customer_ids()))
    response_rate = fields.Function(lambda s: float(s.response_rate()))
    survey_score = fields.Float(allow_none=True)
    objective_score = fields.Float(allow_none=True)
    total_score = fields.Float(allow_none=True)
    opened_at = fields.AwareDateTime()
    closed_at = fields.AwareDateTime(allow_none=True)


class SurveyListArgs(PageArgs):
    """Filters of GET /surveys."""

    year = fields.Integer(validate=validate.Range(min=2000, max=2100))


def _number(value):
    return None if value is None else float(value)


def score_body(survey, score, counts, rules) -> dict:
    """The score with the breakdown that shows how each number was reached."""
    return {
        "survey_id": str(survey.id), "year": survey.year, "final": survey.status == "closed",
        "response_rate": _number(score.response_rate), "survey_score": _number(score.survey_score),
        "objective_score": _number(score.objective_score), "total_score": _number(score.total_score),
        "breakdown": {
            "response_rate": {"surveyed": len(survey.customer_ids), "responded": len(survey.responded_customer_ids()),
                              "minimum": _number(rules.minimum_response_rate), "met": score.response_rate_met,
                              "round": survey.round},
            "items": [{"item": i.item, "counts": i.counts, "average": _number(i.average)} for i in score.items],
            "mean_item_score": _number(score.mean_item_score), "base_survey_score": _number(score.base_survey_score),
            "complaints": counts.complaints, "complaint_adjustment": _number(score.complaint_adjustment),
            "praises": counts.praises, "praise_adjustment": _number(score.praise_adjustment),
            "counts": {"quality_complaints": counts.quality_complaints, "service_complaints": counts.service_complaints,
                       "returns": counts.returns, "claims": counts.claims},
            "late_responses": {"counted": counts.late_responses, "entered": survey.late_responses,
                               "reason": survey.late_responses_reason,
                               "used": late_responses_used(survey.objective, counts)},
            "deductions": [{"reason": d.reason, "quantity": _number(d.quantity), "points_each": _number(d.points_each),
                            "points": _number(d.points)} for d in score.deductions],
            "weights": {"survey": _number(rules.survey_weight * 100),
                        "objective": _number(rules.objective_weight * 100)},
        },
    }
