"""/api/v1/corrective-actions: corrective actions opened by dissatisfied survey answers."""
from __future__ import annotations

import uuid

from flask.views import MethodView
from qms_shared.web.blueprint import Blueprint
from marshmallow import fields, validate

from qms_shared.web.auth import ANY_ROLE, current_actor, requires_roles
from qms_shared.web.schemas import PageArgs, ReadSchema, StrictSchema, page_body, page_of
from qms_shared.web.versions import expected_version

from ....adapters import tables as t
from ....adapters.queries import page
from ....domain.capa import CorrectiveAction
from ....domain.commands import ChangeCorrectiveAction, CloseCorrectiveAction
from ....service_layer.loading import load
from ..common import ctx, handle, register_post, with_etag
from ..complaints.schemas import TEXT, flag

blp = Blueprint("corrective-actions", __name__, url_prefix="/api/v1/corrective-actions",
                description="Corrective actions")


class ActionReadSchema(ReadSchema):
    """A corrective action."""

    id = fields.UUID()
    number = fields.String()
    status = fields.String()
    source = fields.String()
    source_id = fields.UUID()
    customer_id = fields.String()
    description = fields.String()
    owner_department = fields.String()
    opened_at = fields.AwareDateTime()
    due_at = fields.AwareDateTime(allow_none=True, metadata={"description": "10 working days from opening"})
    implementation_note = fields.String(allow_none=True)
    implemented_at = fields.AwareDateTime(allow_none=True)
    verification_note = fields.String(allow_none=True)
    reopen_count = fields.Integer()
    overdue_count = fields.Integer()
    version = fields.Integer()
    outcome = fields.String(allow_none=True)
    closed_by = fields.String(allow_none=True)
    closed_at = fields.AwareDateTime(allow_none=True)


class ActionListArgs(PageArgs):
    """Filters of GET /corrective-actions."""

    status = fields.String(validate=validate.OneOf(["open", "verifying", "closed"]))
    source_id = fields.UUID()


class ClosureSchema(StrictSchema):
    """POST corrective-actions/{id}/closure."""

    outcome = fields.String(required=True, validate=TEXT)


class ActionImplementationSchema(StrictSchema):
    """POST corrective-actions/{id}/implementation."""

    note = fields.String(required=True, validate=TEXT)


class ActionVerificationSchema(StrictSchema):
    """POST corrective-actions/{id}/verification."""

    effective = flag(required=True)
    note = fields.String(load_default=None, validate=TEXT)


@blp.route("")
class CorrectiveActions(MethodView):
    """The corrective actions."""

    @requires_roles(*ANY_ROLE)
    @blp.arguments(ActionListArgs, location="query")
    @blp.response(200, page_of(ActionReadSchema))
    def get(self, args):
        """List corrective actions, newest first."""
        with ctx().uow_factory() as uow:
            items, total = page(uow.session, CorrectiveAction, t.corrective_actions, filters={
                "status": args.get("status"), "source_id": args.get("source_id")},
                order=[t.corrective_actions.c.opened_at.desc(), t.corrective_actions.c.number.desc()],
                offset=(args["page"] - 1) * args["per_page"], limit=args["per_page"])
            return page_body(items, total, args)


@blp.route("/<uuid:action_id>")
class CorrectiveActionById(MethodView):
    """One corrective action."""

    @requires_roles(*ANY_ROLE)
    @blp.response(200, ActionReadSchema)
    def get(self, action_id: uuid.UUID):
        """Read a corrective action."""
        with ctx().uow_factory() as uow:
            return with_etag(load(uow.corrective_actions, action_id, "corrective action"))


@blp.route("/<uuid:action_id>/closure")
class CorrectiveActionClosure(MethodView):
    """Closing a corrective action."""

    @requires_roles("quality")
    @blp.arguments(ClosureSchema)
    @blp.response(200, ActionReadSchema)
    def post(self, data, action_id: uuid.UUID):
        """Close with what was done and found effective."""
        return with_etag(handle(CloseCorrectiveAction(action_id=action_id, outcome=data["outcome"],
                                                      actor=current_actor())))


def _step(path: str, schema, summary: str):
    """Register POST corrective-actions/{id}/<path> (quality)."""

    @requires_roles("quality")
    @blp.arguments(schema)
    @blp.response(200, ActionReadSchema)
    def post(self, data, action_id: uuid.UUID):
        return with_etag(handle(ChangeCorrectiveAction(action_id=action_id, step=path, arguments=data,
                                                       actor=current_actor(), expected_version=expected_version())))

    register_post(blp, f"/<uuid:action_id>/{path}", f"CorrectiveAction{path.title()}", post, summary)


_step("implementation", ActionImplementationSchema, "Record what was done (open -> verifying).")
_step("verification", ActionVerificationSchema, "Verify: effective closes, not effective reopens with a new due date.")
