"""The documented shape of an import's query and report (`qms_shared.imports`), the same in every service:
a service adds how a changed row names its record."""
from __future__ import annotations

from marshmallow import fields

from .schemas import ReadSchema, StrictSchema


class ImportArgs(StrictSchema):
    """?dry_run=true reports without writing."""

    dry_run = fields.Boolean(load_default=False, metadata={"description": "report what would change, write nothing"})


class RefusedRowSchema(ReadSchema):
    """A refused row (the CSV line, the header being line 1; or the position in `rows`, from 1) and why."""

    row = fields.Integer()
    errors = fields.Dict(keys=fields.String(), values=fields.List(fields.String()))


class ChangeBaseSchema(ReadSchema):
    """A stored record the import changes: its row in the file and each changed field's from/to (a service's
    subclass adds the fields that name the record)."""

    row = fields.Integer()
    changed_fields = fields.Dict(keys=fields.String(), values=fields.Dict(), attribute="fields", data_key="fields")


def report_schema(change_schema: type[ReadSchema], written: str) -> type[ReadSchema]:
    """The report schema, `ImportReportSchema`, listing changes with `change_schema`; `written` says what was."""
    return type("ImportReportSchema", (ReadSchema,), {
        "__doc__": "What the import did (or, in a dry run or refused, would do): counts, changes and refusals "
                   "(each list shows at most 1,000 rows; the counts are whole).",
        "dry_run": fields.Boolean(),
        "written": fields.Boolean(metadata={"description": f"true when {written} were added or changed"}),
        "rows": fields.Integer(), "added": fields.Integer(), "changed": fields.Integer(),
        "unchanged": fields.Integer(), "refused": fields.Integer(),
        "changes": fields.List(fields.Nested(change_schema)),
        "refused_rows": fields.List(fields.Nested(RefusedRowSchema)),
    })
