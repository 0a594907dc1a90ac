"""Query arguments of the printable reports, and what the pack's JSON holds."""
from __future__ import annotations

from marshmallow import fields, validate

from qms_shared.web.schemas import StrictSchema

from ....adapters.report_labels import LANGUAGES
from ..complaints.stats import StatsArgs

BINARY = {"type": "string", "format": "binary"}
HTML_PAGE = {"type": "string", "description": "A complete HTML page: inline CSS, charts as inline SVG, no external "
                                              "resource (Content-Security-Policy: default-src 'none')"}


class _Language:
    lang = fields.String(validate=validate.OneOf(LANGUAGES), metadata={
        "description": "zh-CN or en; without it the Accept-Language header decides (zh-CN by default)"})


class EightDArgs(_Language, StrictSchema):
    """`format` html (default) or pdf, and the language."""

    format = fields.String(load_default="html", validate=validate.OneOf(["html", "pdf"]))


class ReviewArgs(_Language, StatsArgs):
    """The period as for complaints/stats (`from` and `to`, or `year` [and `month`]); html, pdf or json."""

    format = fields.String(load_default="html", validate=validate.OneOf(["html", "pdf", "json"]))


def _decimal(value):
    return None if value is None else float(value)


def review_body(review, statistics: dict) -> dict:
    """The pack's figures as JSON: `statistics` as GET complaints/stats gives them, then the rest."""
    c = review.compliance
    return {
        "from": review.start.isoformat(), "to": review.end.isoformat(), "as_of": review.as_of.isoformat(),
        "statistics": statistics,
        "on_time_counts": {d: {"on_time": n[0], "decided": n[1]} for d, n in review.on_time_counts.items()},
        "trend": {"slope": _decimal(review.trend.slope), "direction": review.trend.direction,
                  "fitted": [_decimal(v) for v in review.trend.fitted],
                  "moving_average": [_decimal(v) for v in review.trend.moving_average]},
        "pareto": {name: [{"key": r.key, "count": r.count, "share": _decimal(r.share),
                           "cumulative": _decimal(r.cumulative)} for r in rows]
                   for name, rows in (("category", review.pareto_category), ("cause_category", review.pareto_cause))},
        "incidents": review.incidents,
        "major_incidents": [{"id": str(m["id"]), "number": m["number"], "customer_name": m["customer_name"],
                             "product_code": m["product_code"], "product_batch": m["product_batch"],
                             "received_at": m["received_at"].isoformat(), "reasons": m["incident_reasons"]}
                            for m in review.major_incidents],
        "claims": [{"status": r["status"], "currency": r["currency"], "count": r["count"],
                    **{k: f"{r[k]:.2f}" for k in ("claimed", "proposed", "settled")}} for r in review.claims],
        "satisfaction": [{"year": s.year, "survey_id": str(s.survey_id), "final": s.final,
                          "response_rate": _decimal(s.response_rate), "survey_score": _decimal(s.survey_score),
                          "objective_score": _decimal(s.objective_score), "total_score": _decimal(s.total_score)}
                         for s in review.satisfaction],
        "dissatisfied_items": [{"item": r.item, "answers": r.answers, "dissatisfied": r.dissatisfied,
                                "share": _decimal(r.share), "average": _decimal(r.average)}
                               for r in review.dissatisfied_items],
        "compliance": {"products": c.products, "nonconformances": c.nonconformances,
                       "open_nonconformances": [{**{k: n[k] for k in ("number", "product_code", "owner_department",
                                                                      "status", "overdue")},
                                                 "action_due_on": n["action_due_on"] and n["action_due_on"].isoformat()}
                                                for n in c.open_nonconformances],
                       "last_news_at": c.last_news_at and c.last_news_at.isoformat()},
    }
