"""/api/v1/complaints/stats: the management review's complaint statistics, as JSON or CSV."""
from __future__ import annotations

from datetime import date

from flask.views import MethodView
from qms_shared.web.blueprint import Blueprint
from marshmallow import ValidationError, fields, validate, validates_schema

from qms_shared.web.auth import ANY_ROLE, requires_roles
from qms_shared.web.csv_export import csv_response
from qms_shared.web.schemas import ReadSchema, StrictSchema

from ....adapters.queries import problems_found, statistics_counts
from ....domain.problem_statistics import problem_statistics
from ....domain.statistics import ComplaintStatistics, assemble_statistics, local_day, period_of
from ..bounded import day
from ..common import ctx, now

blp = Blueprint("complaint-stats", __name__, url_prefix="/api/v1/complaints/stats",
                description="Complaint statistics")
MAX_DAYS = 3660


class StatsArgs(StrictSchema):
    """A range (`from`, `to`), a year, or a month of a year; the current year by default."""

    from_ = day(data_key="from")
    to = day()
    year = fields.Integer(validate=validate.Range(min=2000, max=2100))
    month = fields.Integer(validate=validate.Range(min=1, max=12))
    format = fields.String(load_default="json", validate=validate.OneOf(["json", "csv"]))

    @validates_schema
    def _one_period(self, data, **kwargs):
        if ("from_" in data) != ("to" in data):
            raise ValidationError("Give both from and to.", field_name="to" if "from_" in data else "from")
        if "from_" in data and "year" in data:
            raise ValidationError("Give a range or a year, not both.", field_name="year")
        if "month" in data and "year" not in data:
            raise ValidationError("A month needs its year.", field_name="month")
        if "from_" in data and data["to"] < data["from_"]:
            raise ValidationError("Must not be before from.", field_name="to")
        if "from_" in data and (data["to"] - data["from_"]).days > MAX_DAYS:
            raise ValidationError("At most ten years at once.", field_name="to")


class StatsSchema(ReadSchema):
    """Counts by customer, category, cause, department and month; recurring vs sporadic; on-time rates."""

    from_ = fields.Date(attribute="start", data_key="from")
    to = fields.Date(attribute="end")
    total = fields.Integer()
    by_category = fields.Dict(keys=fields.String(), values=fields.Integer())
    by_customer = fields.Dict()
    by_cause_category = fields.Dict(keys=fields.String(), values=fields.Integer())
    by_department = fields.Dict(keys=fields.String(), values=fields.Integer())
    by_month = fields.Dict(keys=fields.String(), values=fields.Integer())
    recurring = fields.Integer()
    sporadic = fields.Integer()
    unanalysed = fields.Integer()
    recurring_problems = fields.List(fields.Dict())
    on_time_rate = fields.Dict(keys=fields.String(), values=fields.Float(allow_none=True))
    internal_problems = fields.Dict(metadata={
        "description": "internal quality problems found in the period, counted apart from the customer complaints"})


def _period(args: dict) -> tuple[date, date]:
    if "from_" in args:
        return args["from_"], args["to"]
    return period_of(args.get("year") or local_day(now()).year, args.get("month"))


def csv_rows(stats: ComplaintStatistics) -> list[list]:
    """One row per figure (section, key, name, value): pastes straight into a spreadsheet (csv_response
    neutralises customer names and other text that a spreadsheet would run as a formula)."""
    rows = [["section", "key", "name", "value"], ["period", f"{stats.start}..{stats.end}", "", ""],
            ["total", "", "", stats.total]]
    for section in ("by_category", "by_cause_category", "by_department", "by_month"):
        rows += [[section.removeprefix("by_"), key, "", value] for key, value in getattr(stats, section).items()]
    rows += [["customer", key, entry["name"], entry["count"]] for key, entry in stats.by_customer.items()]
    rows += [["recurrence", name, "", getattr(stats, name)] for name in ("recurring", "sporadic", "unanalysed")]
    rows += [["on_time_rate", deadline, "percent", "" if rate is None else rate]
             for deadline, rate in stats.on_time_rate.items()]
    for key, value in stats.internal_problems.items():
        for name, figure in (value.items() if isinstance(value, dict) else [("", value)]):
            rows.append(["internal_problems", key, name, "" if figure is None else figure])
    return rows


@blp.route("")
class ComplaintStats(MethodView):
    """Complaint statistics for a month, a year or a range."""

    @requires_roles(*ANY_ROLE)
    @blp.arguments(StatsArgs, location="query")
    @blp.response(200, StatsSchema)
    @blp.alt_response(200, description="CSV when format=csv", content_type="text/csv")
    def get(self, args):
        """Counts by customer, category, cause, department and month; recurring vs sporadic; on-time rates."""
        start, end = _period(args)
        with ctx().uow_factory() as uow:
            counts = statistics_counts(uow.session, start=start, end=end, as_of=now())
            internal = problem_statistics(problems_found(uow.session, start=start, end=end), start=start, end=end,
                                          as_of=now())
        stats = assemble_statistics(counts, start=start, end=end)
        stats.internal_problems = {**internal, "on_time_rate": {
            deadline: None if rate is None else float(rate) for deadline, rate in internal["on_time_rate"].items()}}
        if args["format"] == "csv":
            return csv_response(csv_rows(stats), f"complaints-{start}-{end}.csv")
        return stats
