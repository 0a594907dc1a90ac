"""A small API on the shared app factory, for testing the HTTP contract (in process and under gunicorn).

`gunicorn "http_app:create_app()"` with shared/tests on the path; nothing here opens a connection.
"""
from __future__ import annotations

import os

from flask.views import MethodView
from marshmallow import fields, validate

import notes_service
from qms_shared.web.app import create_service_app
from qms_shared.web.auth import requires_roles
from qms_shared.web.blueprint import Blueprint
from qms_shared.web.idempotency import idempotent
from qms_shared.web.openapi import doc_etag, doc_if_match
from qms_shared.web.request_checks import accepts
from qms_shared.web.schemas import ReadSchema, StrictSchema

blp = Blueprint("things", __name__, url_prefix="/api/v1/things", description="Things")


class TagSchema(StrictSchema):
    """A nested object."""

    label = fields.String(required=True, validate=validate.Length(max=50))


class ThingSchema(StrictSchema):
    """A body with text, a nested list and a nested object."""

    name = fields.String(required=True, validate=validate.Length(max=200))
    tags = fields.List(fields.Nested(TagSchema), load_default=list)
    owner = fields.Nested(TagSchema, load_default=None)


class ThingChangeSchema(StrictSchema):
    """Every field optional: the body itself is optional."""

    name = fields.String()


class ThingReadSchema(ReadSchema):
    """What comes back."""

    name = fields.String()
    tags = fields.List(fields.Dict())


@blp.route("")
class Things(MethodView):
    """Things."""

    @requires_roles("quality")
    @idempotent
    @blp.arguments(ThingSchema)
    @blp.response(201, ThingReadSchema)
    def post(self, data):
        """Echo a thing."""
        return data

    @requires_roles("quality")
    @doc_if_match
    @blp.arguments(ThingChangeSchema)
    @blp.response(200, ThingReadSchema)
    def patch(self, data):
        """Change a thing."""
        return data, {"ETag": '"2"'}

    @requires_roles("viewer")
    @doc_etag
    @blp.response(200, ThingReadSchema)
    def get(self):
        """Read a thing."""
        return {"name": "x"}, {"ETag": '"1"'}


@blp.route("/upload")
class Upload(MethodView):
    """Takes XML."""

    @requires_roles("quality")
    @accepts("application/xml")
    @blp.response(200, ThingReadSchema)
    def post(self):
        """Take an XML file."""
        from flask import request
        return {"name": f"{len(request.get_data())} bytes"}


def create_app(overrides: dict | None = None):
    """The app; the database URL need not answer."""
    base = {"database_url": os.environ.get("DATABASE_URL", "postgresql://nobody@127.0.0.1:1/none")}
    ctx = notes_service.bootstrap({**base, **(overrides or {})})
    return create_service_app(ctx, title="QMS things API", blueprints=[blp])
