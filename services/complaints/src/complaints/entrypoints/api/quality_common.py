"""What the resources of seed 004 share: a month argument, list paging, a record's steps."""
from __future__ import annotations

import re
from datetime import date

from marshmallow import ValidationError, fields
from qms_shared.web.auth import current_actor, requires_roles
from qms_shared.web.bounds import MAX_DATE, MIN_DATE
from qms_shared.web.versions import expected_version

from .common import handle, register_post, with_etag

MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


class Month(fields.Field):
    """A month as `YYYY-MM` from 1900-01 to 2999-12, loaded as its first day."""

    def _deserialize(self, value, attr, data, **kwargs):
        found = MONTH.match(value) if isinstance(value, str) else None
        if not found:
            raise ValidationError("Must be a month as YYYY-MM.")
        if not MIN_DATE.year <= int(found.group(1)) <= MAX_DATE.year:
            raise ValidationError(f"Must be a month from {MIN_DATE:%Y-%m} to {MAX_DATE:%Y-%m}.")
        return date(int(found.group(1)), int(found.group(2)), 1)

    def _serialize(self, value, attr, obj, **kwargs):
        return None if value is None else f"{value:%Y-%m}"


def offset(args: dict) -> dict:
    """The offset and limit of a page's arguments."""
    return {"offset": (args["page"] - 1) * args["per_page"], "limit": args["per_page"]}


def register_step(blp, *, id_name: str, path: str, schema, read_schema, roles, command, summary: str,
                  prefix: str) -> None:
    """Route POST .../<uuid:id_name>/<path>: one step of a record, run as `command(id, step, arguments, actor,
    expected_version)` and answered with the record and its ETag."""

    @requires_roles(*roles)
    @blp.arguments(schema)
    @blp.response(200, read_schema)
    def post(self, data, **ids):
        return with_etag(handle(command(ids[id_name], path, data, current_actor(), expected_version())))

    register_post(blp, f"/<uuid:{id_name}>/{path}", f"{prefix}{schema.__name__.removesuffix('Schema')}", post,
                  summary)
