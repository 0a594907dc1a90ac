"""/api/v1/regulations: the register of applicable laws, regulations and other requirements."""
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

from ....domain.commands import PublishRegulation, ReviewRegulation, ReviseRegulation
from ..common import CONFIGURERS, ctx, today
from .schemas import (RegulationCreateSchema, RegulationListArgs, RegulationReadSchema, RegulationUpdateSchema,
                      ReviewSchema)

blp = Blueprint("regulations", __name__, url_prefix="/api/v1/regulations",
                description="Applicable laws and regulations (适用法律法规清单)")


@blp.route("")
class Regulations(MethodView):
    """The register."""

    @requires_roles(*ANY_ROLE)
    @blp.arguments(RegulationListArgs, location="query")
    @blp.response(200, page_of(RegulationReadSchema))
    def get(self, args):
        """List regulations by code; filter by jurisdiction, status, or overdue review."""
        criteria = {name: args[name] for name in ("jurisdiction", "status") if name in args}
        with ctx().uow_factory() as uow:
            if "review_overdue" in args:  # a computed flag: filter the (small) register in memory
                found = [r for r in uow.regulations.all() if r.review_overdue(today()) == args["review_overdue"]
                         and all(getattr(r, name) == value for name, value in criteria.items())]
                start = (args["page"] - 1) * args["per_page"]
                return page_body(found[start:start + args["per_page"]], len(found), args)
            items, total = uow.regulations.search(criteria, offset=(args["page"] - 1) * args["per_page"],
                                                  limit=args["per_page"])
            return page_body(items, total, args)

    @requires_roles(*CONFIGURERS)
    @idempotent
    @doc_etag
    @blp.arguments(RegulationCreateSchema)
    @blp.response(201, RegulationReadSchema)
    def post(self, data):
        """Enter a regulation; every product is evaluated against it and the impact returned."""
        result = ctx().bus.handle(PublishRegulation(fields=data, actor=current_actor(), at=utcnow()))
        return result, 201, {"Location": f"/api/v1/regulations/{result.id}", **etag(result)}


@blp.route("/<uuid:regulation_id>")
class RegulationById(MethodView):
    """One regulation."""

    @requires_roles(*ANY_ROLE)
    @doc_etag
    @blp.response(200, RegulationReadSchema)
    def get(self, regulation_id: uuid.UUID):
        """Read a regulation."""
        with ctx().uow_factory() as uow:
            regulation = uow.regulations.get(regulation_id)
            if regulation is None:
                raise NotFound(f"no regulation {regulation_id}")
            return regulation, etag(regulation)

    @requires_roles(*CONFIGURERS)
    @doc_if_match
    @blp.arguments(RegulationUpdateSchema)
    @blp.response(200, RegulationReadSchema)
    def patch(self, data, regulation_id: uuid.UUID):
        """Change a regulation (If-Match: lock_version); products are re-evaluated and the impact returned."""
        result = ctx().bus.handle(ReviseRegulation(regulation_id=regulation_id, changes=data, actor=current_actor(),
                                                   at=utcnow(), expected_version=expected_version()))
        return result, etag(result)


@blp.route("/<uuid:regulation_id>/review")
class RegulationReview(MethodView):
    """The yearly review (5.1.1)."""

    @requires_roles(*CONFIGURERS)
    @doc_if_match
    @blp.arguments(ReviewSchema)
    @blp.response(200, RegulationReadSchema)
    def post(self, data, regulation_id: uuid.UUID):
        """Record that the regulation was checked against its latest published text; may update its exemptions."""
        now = utcnow()
        regulation = ctx().bus.handle(ReviewRegulation(
            regulation_id=regulation_id, reviewed_on=data["reviewed_on"] or now.date(), actor=current_actor(), at=now,
            note=data["note"], exemptions=data["exemptions"], expected_version=expected_version()))
        return regulation, etag(regulation)
