"""/api/v1/templates: the words of each notification, per event type, channel and locale."""
from __future__ import annotations

from flask.views import MethodView
from qms_shared.web.blueprint import Blueprint

from qms_shared.web.auth import ANY_ROLE, requires_roles
from qms_shared.web.idempotency import idempotent
from qms_shared.web.schemas import page_body, page_of
from qms_shared.web.versions import etag, expected_version

from ....domain import commands
from ..common import MAINTAINERS, ctx, handle, page_window
from .schemas import TemplateArgs, TemplateCreateSchema, TemplateReadSchema, TemplateUpdateSchema

blp = Blueprint("templates", __name__, url_prefix="/api/v1/templates",
                description="Templates (Jinja2, sandboxed), checked when saved")


@blp.route("")
class Templates(MethodView):
    """All templates."""

    @requires_roles(*ANY_ROLE)
    @blp.arguments(TemplateArgs, location="query")
    @blp.response(200, page_of(TemplateReadSchema))
    def get(self, args):
        """List templates by event type, channel and locale."""
        with ctx().uow_factory() as uow:
            items, total = uow.templates.list(event_type=args.get("event_type"), channel=args.get("channel"),
                                              locale=args.get("locale"), **page_window(args))
            return page_body(items, total, args)

    @requires_roles(*MAINTAINERS)
    @idempotent
    @blp.arguments(TemplateCreateSchema)
    @blp.response(201, TemplateReadSchema)
    def post(self, data):
        """Create a template; one that does not render is refused (422) with the reason."""
        template = handle(commands.CreateTemplate(data))
        return template, 201, {**etag(template), "Location": f"/api/v1/templates/{template.id}"}


@blp.route("/<uuid:template_id>")
class TemplateItem(MethodView):
    """One template."""

    @requires_roles(*ANY_ROLE)
    @blp.response(200, TemplateReadSchema)
    def get(self, template_id):
        """Read a template."""
        with ctx().uow_factory() as uow:
            template = uow.templates.get(template_id)
            return template, 200, etag(template)

    @requires_roles(*MAINTAINERS)
    @blp.arguments(TemplateUpdateSchema)
    @blp.response(200, TemplateReadSchema)
    def patch(self, data, template_id):
        """Change a template's text; refused (422) with the reason if it no longer renders."""
        template = handle(commands.UpdateTemplate(template_id, data, expected_version()))
        return template, 200, etag(template)
