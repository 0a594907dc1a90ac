"""/api/v1/substance-groups: the substance catalogue (restricted groups and their CAS numbers)."""
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

from ....domain.commands import DefineSubstanceGroup, ReviseSubstanceGroup
from ..common import CONFIGURERS, ctx
from .schemas import GroupCreateSchema, GroupListArgs, GroupReadSchema, GroupUpdateSchema

blp = Blueprint("substance_groups", __name__, url_prefix="/api/v1/substance-groups",
                description="The substance catalogue: restricted groups, their CAS numbers and sources")


@blp.route("")
class SubstanceGroups(MethodView):
    """The catalogue."""

    @requires_roles(*ANY_ROLE)
    @blp.arguments(GroupListArgs, location="query")
    @blp.response(200, page_of(GroupReadSchema))
    def get(self, args):
        """List groups by code; `cas` finds the groups a substance belongs to."""
        with ctx().uow_factory() as uow:
            groups = uow.substance_groups.all()  # a few dozen entries: filtered in memory
        found = [g for g in groups if args.get("code") in (None, g.code)
                 and (args.get("cas") is None or args["cas"] == g.cas or any(m.cas == args["cas"] for m in g.members))]
        start = (args["page"] - 1) * args["per_page"]
        return page_body(found[start:start + args["per_page"]], len(found), args)

    @requires_roles(*CONFIGURERS)
    @idempotent
    @doc_etag
    @blp.arguments(GroupCreateSchema)
    @blp.response(201, GroupReadSchema)
    def post(self, data):
        """Add a group; every product is evaluated again and the impact returned."""
        result = ctx().bus.handle(DefineSubstanceGroup(fields=data, actor=current_actor(), at=utcnow()))
        return result, 201, {"Location": f"/api/v1/substance-groups/{result.id}", **etag(result)}


@blp.route("/<uuid:group_id>")
class SubstanceGroupById(MethodView):
    """One group."""

    @requires_roles(*ANY_ROLE)
    @doc_etag
    @blp.response(200, GroupReadSchema)
    def get(self, group_id: uuid.UUID):
        """Read a group with its members, their fractions and the sources."""
        with ctx().uow_factory() as uow:
            group = uow.substance_groups.get(group_id)
            if group is None:
                raise NotFound(f"no substance group {group_id}")
            return group, etag(group)

    @requires_roles(*CONFIGURERS)
    @doc_if_match
    @blp.arguments(GroupUpdateSchema)
    @blp.response(200, GroupReadSchema)
    def patch(self, data, group_id: uuid.UUID):
        """Change a group (If-Match: lock_version); a change of members re-evaluates every product."""
        result = ctx().bus.handle(ReviseSubstanceGroup(group_id=group_id, changes=data, actor=current_actor(),
                                                       at=utcnow(), expected_version=expected_version()))
        return result, etag(result)
