"""/api/v1/interested-party-records: requirements, complaints and penalties of interested parties (5.1.3)."""
from __future__ import annotations

import uuid

from flask.views import MethodView
from qms_shared.web.blueprint import Blueprint

from qms_shared.domain import NotFound
from qms_shared.envelope import utcnow
from qms_shared.web.auth import ANY_ROLE, current_actor, requires_roles
from qms_shared.web.idempotency import idempotent
from qms_shared.web.openapi import doc_etag, doc_if_match
from qms_shared.web.schemas import page_body, page_of
from qms_shared.web.versions import etag, expected_version

from ....domain.commands import CloseInterestedPartyRecord, LogInterestedPartyRecord
from ..common import WRITERS, ctx
from .schemas import ClosureSchema, RecordCreateSchema, RecordListArgs, RecordReadSchema

blp = Blueprint("interested_party_records", __name__, url_prefix="/api/v1/interested-party-records",
                description="Interested-party requirements and complaints log (相关方要求记录表)")


@blp.route("")
class Records(MethodView):
    """The log."""

    @requires_roles(*ANY_ROLE)
    @blp.arguments(RecordListArgs, location="query")
    @blp.response(200, page_of(RecordReadSchema))
    def get(self, args):
        """List entries, newest first."""
        names = ("kind", "source", "status", "source_reference")
        criteria = {name: args[name] for name in names if name in args}
        with ctx().uow_factory() as uow:
            items, total = uow.interested_parties.search(criteria, offset=(args["page"] - 1) * args["per_page"],
                                                         limit=args["per_page"])
            return page_body(items, total, args)

    @requires_roles(*WRITERS)
    @idempotent
    @doc_etag
    @blp.arguments(RecordCreateSchema)
    @blp.response(201, RecordReadSchema)
    def post(self, data):
        """Log a requirement, complaint or administrative penalty reported to quality."""
        record = ctx().bus.handle(LogInterestedPartyRecord(fields=data, actor=current_actor(), at=utcnow()))
        return record, 201, {"Location": f"/api/v1/interested-party-records/{record.id}", **etag(record)}


@blp.route("/<uuid:record_id>")
class RecordById(MethodView):
    """One entry."""

    @requires_roles(*ANY_ROLE)
    @doc_etag
    @blp.response(200, RecordReadSchema)
    def get(self, record_id: uuid.UUID):
        """Read an entry."""
        with ctx().uow_factory() as uow:
            record = uow.interested_parties.get(record_id)
            if record is None:
                raise NotFound(f"no interested-party record {record_id}")
            return record, etag(record)


@blp.route("/<uuid:record_id>/closure")
class RecordClosure(MethodView):
    """Answering the party."""

    @requires_roles(*WRITERS)
    @doc_if_match
    @blp.arguments(ClosureSchema)
    @blp.response(200, RecordReadSchema)
    def post(self, data, record_id: uuid.UUID):
        """Record the response and close the entry."""
        record = ctx().bus.handle(CloseInterestedPartyRecord(record_id=record_id, response=data["response"],
                                                             actor=current_actor(), at=utcnow(),
                                                             expected_version=expected_version()))
        return record, etag(record)
