"""/api/v1/rules: which events notify whom, on which channels, with which template."""
from __future__ import annotations

from flask.views import MethodView
from qms_shared.web.blueprint import Blueprint

from qms_shared.web.auth import ANY_ROLE, requires_roles
from qms_shared.web.idempotency import idempotent
from qms_shared.web.schemas import page_body, page_of
from qms_shared.web.versions import etag, expected_version

from ....domain import commands
from ..common import MAINTAINERS, ctx, handle, page_window
from .schemas import RuleArgs, RuleCreateSchema, RuleReadSchema, RuleUpdateSchema

blp = Blueprint("rules", __name__, url_prefix="/api/v1/rules",
                description="Rules: event type patterns (AMQP * and #) to audiences and channels")


@blp.route("")
class Rules(MethodView):
    """All rules."""

    @requires_roles(*ANY_ROLE)
    @blp.arguments(RuleArgs, location="query")
    @blp.response(200, page_of(RuleReadSchema))
    def get(self, args):
        """List rules by name."""
        with ctx().uow_factory() as uow:
            items, total = uow.rules.list(event_type=args.get("event_type"), enabled=args.get("enabled"),
                                          **page_window(args))
            return page_body(items, total, args)

    @requires_roles(*MAINTAINERS)
    @idempotent
    @blp.arguments(RuleCreateSchema)
    @blp.response(201, RuleReadSchema)
    def post(self, data):
        """Create a rule."""
        rule = handle(commands.CreateRule(data))
        return rule, 201, {**etag(rule), "Location": f"/api/v1/rules/{rule.id}"}


@blp.route("/<uuid:rule_id>")
class RuleItem(MethodView):
    """One rule."""

    @requires_roles(*ANY_ROLE)
    @blp.response(200, RuleReadSchema)
    def get(self, rule_id):
        """Read a rule."""
        with ctx().uow_factory() as uow:
            rule = uow.rules.get(rule_id)
            return rule, 200, etag(rule)

    @requires_roles(*MAINTAINERS)
    @blp.arguments(RuleUpdateSchema)
    @blp.response(200, RuleReadSchema)
    def patch(self, data, rule_id):
        """Change a rule, e.g. `{"enabled": false}`."""
        rule = handle(commands.UpdateRule(rule_id, data, expected_version()))
        return rule, 200, etag(rule)
