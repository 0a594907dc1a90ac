"""/api/v1/admin/defaults: install the default rules and templates."""
from __future__ import annotations

from flask.views import MethodView
from qms_shared.web.blueprint import Blueprint
from marshmallow import fields

from qms_shared.web.auth import requires_roles
from qms_shared.web.schemas import ReadSchema, StrictSchema

from ....domain import commands
from ..common import handle

blp = Blueprint("admin", __name__, url_prefix="/api/v1/admin", description="Operations")


class DefaultsSchema(StrictSchema):
    """`replace`: overwrite rules and templates of the same name/key (default: keep them)."""

    replace = fields.Boolean(load_default=False)


class DefaultsLoadedSchema(ReadSchema):
    """How many rules and templates were installed or replaced."""

    rules = fields.Integer()
    templates = fields.Integer()


@blp.route("/defaults")
class Defaults(MethodView):
    """The default rule set."""

    @requires_roles("admin")
    @blp.arguments(DefaultsSchema)
    @blp.response(200, DefaultsLoadedSchema)
    def post(self, data):
        """Install the default rules and zh-CN/en templates for the other services' events."""
        return handle(commands.LoadDefaults(replace=data["replace"]))
