"""/api/v1/reward-penalty-clauses and /api/v1/reward-penalty-notices (质量问题处理管理规定 §5-7)."""
from __future__ import annotations

import uuid
from importlib import resources

from flask import Response, render_template_string
from flask.views import MethodView
from qms_shared.web.csv_export import csv_response
from qms_shared.web.blueprint import Blueprint

from qms_shared.web.auth import ANY_ROLE, current_actor, requires_roles
from qms_shared.web.idempotency import idempotent
from qms_shared.web.schemas import page_body, page_of
from qms_shared.web.versions import expected_version

from ....adapters import reward_penalty_tables as rt
from ....adapters.queries import page
from ....domain.quality_commands import ChangeClause, ChangeNotice, DefineClause, IssueNotice, LoadClauses
from ....domain.reward_penalty import Clause, RewardPenaltyNotice
from ....domain.reward_penalty_summary import monthly_summary
from ....service_layer.loading import load
from ..common import ctx, handle, with_etag
from ..quality_common import offset, register_step
from . import schemas as s

clauses_blp = Blueprint("reward-penalty-clauses", __name__, url_prefix="/api/v1/reward-penalty-clauses",
                        description="Reward/penalty clauses (质量问题处理管理规定 §5)")
notices_blp = Blueprint("reward-penalty-notices", __name__, url_prefix="/api/v1/reward-penalty-notices",
                        description="Reward/penalty notices (《质量奖罚通知单》)")
RULE_KEEPERS = ("quality", "admin")
SUMMARY_READERS = ("quality", "finance", "general_manager", "management_rep", "admin")
SUMMARY_PAGE = resources.files(__package__).joinpath("summary.html").read_text("utf-8")


@clauses_blp.route("")
class Clauses(MethodView):
    """The clauses of §5."""

    @requires_roles(*ANY_ROLE)
    @clauses_blp.arguments(s.ClauseListArgs, location="query")
    @clauses_blp.response(200, page_of(s.ClauseReadSchema))
    def get(self, args):
        """List the clauses by code, filtered by kind, department or whether in force."""
        table = rt.reward_penalty_clauses
        with ctx().uow_factory() as uow:
            items, total = page(uow.session, Clause, table, filters={
                name: args.get(name) for name in ("kind", "department", "active")}, order=[table.c.code],
                **offset(args))
            return page_body(items, total, args)

    @requires_roles(*RULE_KEEPERS)
    @idempotent
    @clauses_blp.arguments(s.ClauseCreateSchema)
    @clauses_blp.response(201, s.ClauseReadSchema)
    def post(self, data):
        """Add a clause (new cases join the rules, §6.7)."""
        clause = handle(DefineClause(fields=data, actor=current_actor()))
        return with_etag(clause, 201, {"Location": f"/api/v1/reward-penalty-clauses/{clause.id}"})


@clauses_blp.route("/defaults")
class ClauseDefaults(MethodView):
    """The clauses shipped from §5."""

    @requires_roles(*RULE_KEEPERS)
    @clauses_blp.response(200, description="the codes added and those already present (kept as they are)")
    def post(self):
        """Load the shipped clauses; run again, it adds only what is missing and never overwrites an edit."""
        return handle(LoadClauses(actor=current_actor()))


@clauses_blp.route("/<uuid:clause_id>")
class ClauseById(MethodView):
    """One clause."""

    @requires_roles(*ANY_ROLE)
    @clauses_blp.response(200, s.ClauseReadSchema)
    def get(self, clause_id: uuid.UUID):
        """Read a clause; the ETag is its version."""
        with ctx().uow_factory() as uow:
            return with_etag(load(uow.reward_penalty_clauses, clause_id, "clause"))

    @requires_roles(*RULE_KEEPERS)
    @clauses_blp.arguments(s.ClauseChangeSchema)
    @clauses_blp.response(200, s.ClauseReadSchema)
    def patch(self, data, clause_id: uuid.UUID):
        """Change text, amounts, unit, department or whether it is in force (If-Match)."""
        return with_etag(handle(ChangeClause(clause_id=clause_id, changes=data, actor=current_actor(),
                                             expected_version=expected_version())))


@notices_blp.route("")
class Notices(MethodView):
    """The notices."""

    @requires_roles(*SUMMARY_READERS)
    @notices_blp.arguments(s.NoticeListArgs, location="query")
    @notices_blp.response(200, page_of(s.NoticeReadSchema))
    def get(self, args):
        """List notices, latest first, by month, department, status, kind or person."""
        table = rt.reward_penalty_notices
        with ctx().uow_factory() as uow:
            items, total = page(uow.session, RewardPenaltyNotice, table, filters={
                name: args.get(name) for name in ("month", "department", "status", "kind", "person_name")},
                order=[table.c.issued_at.desc(), table.c.number.desc()], **offset(args))
            return page_body(items, total, args)

    @requires_roles("quality")
    @idempotent
    @notices_blp.arguments(s.NoticeCreateSchema)
    @notices_blp.response(201, s.NoticeReadSchema)
    def post(self, data):
        """Issue a notice: person, department, clause(s), amount within the governing clause's range, reason."""
        person = data.pop("person")
        notice = handle(IssueNotice(clause_codes=data.pop("clauses"), actor=current_actor(), fields={
            **data, "person_name": person["name"], "person_id": person.get("id")}))
        return with_etag(notice, 201, {"Location": f"/api/v1/reward-penalty-notices/{notice.id}"})


@notices_blp.route("/summary")
class NoticeSummary(MethodView):
    """The month's summary for finance."""

    @requires_roles(*SUMMARY_READERS)
    @notices_blp.arguments(s.SummaryArgs, location="query")
    @notices_blp.alt_response(200, description="approved notices summed per department and person; "
                                               "format=csv for CSV, format=html for a printable page")
    def get(self, args):
        """The month's approved notices per department and per person (JSON, CSV or a printable page)."""
        month = args["month"]
        with ctx().uow_factory() as uow:
            summary = monthly_summary(uow.reward_penalty_notices.of_month(month), month=month)
        if args["format"] == "csv":
            return csv_response(_csv_rows(summary), f"reward-penalty-{summary['month']}.csv")
        if args["format"] == "html":
            return Response(render_template_string(SUMMARY_PAGE, s=summary), mimetype="text/html")
        return _json(summary)


def _json(summary: dict) -> dict:
    """Amounts as decimal strings, as everywhere in the API."""
    def money(entry: dict) -> dict:
        return {k: f"{v:.2f}" if k in ("rewards", "penalties", "net") else v for k, v in entry.items()}
    return {**summary, "departments": [money(d) for d in summary["departments"]],
            "people": [money(p) for p in summary["people"]], "total": money(summary["total"])}


def _csv_rows(summary: dict) -> list:
    rows = [["month", "department", "person_name", "person_id", "rewards", "penalties", "net", "notices"]]
    for p in summary["people"]:
        rows.append([summary["month"], p["department"], p["person_name"], p["person_id"] or "", p["rewards"],
                     p["penalties"], p["net"], " ".join(p["notices"])])
    for d in summary["departments"]:
        rows.append([summary["month"], d["department"], "(department total)", "", d["rewards"], d["penalties"],
                     d["net"], len(d["notices"])])
    t = summary["total"]
    rows.append([summary["month"], "(total)", "", "", t["rewards"], t["penalties"], t["net"], len(t["notices"])])
    return rows


@notices_blp.route("/<uuid:notice_id>")
class NoticeById(MethodView):
    """One notice."""

    @requires_roles(*SUMMARY_READERS)
    @notices_blp.response(200, s.NoticeReadSchema)
    def get(self, notice_id: uuid.UUID):
        """Read a notice with its trail; the ETag is its version."""
        with ctx().uow_factory() as uow:
            return with_etag(load(uow.reward_penalty_notices, notice_id, "reward/penalty notice"))


def _step(path: str, schema, summary: str):
    register_step(notices_blp, id_name="notice_id", path=path, schema=schema, read_schema=s.NoticeReadSchema,
                  roles=("quality",), summary=summary, prefix="Notice", command=lambda i, step, data, actor, version:
                  ChangeNotice(notice_id=i, step=step, arguments=data, actor=actor, expected_version=version))


_step("approval", s.NoticeApprovalSchema, "Quality's head approves the notice (issued -> approved); not its issuer.")
_step("rejection", s.NoticeRejectionSchema, "Quality's head sends the notice back, with the reason (issued -> rejected).")
