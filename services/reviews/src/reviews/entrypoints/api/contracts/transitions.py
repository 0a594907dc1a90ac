"""/api/v1/contracts/{id}/...: reviews, decision, amendments, waiver, confirmation, checklist."""
from __future__ import annotations

import uuid

from flask.views import MethodView

from qms_shared.web.auth import requires_roles
from qms_shared.web.openapi import doc_if_match
from qms_shared.web.versions import etag

from ....domain import commands as c
from ..common import run
from .read_schemas import ContractReadSchema
from .schemas import (DEPARTMENT_ROLES, AmendmentSchema, ConfirmationSchema, DecisionSchema, EmptySchema,
                      ReviewSchema, WaiverSchema)
from .views import blp


def _answer(contract):
    return contract, 200, etag(contract)


@blp.route("/<uuid:contract_id>/reviews/<department>")
class DepartmentReview(MethodView):
    """A department's review."""

    @doc_if_match
    @requires_roles(*DEPARTMENT_ROLES)
    @blp.arguments(ReviewSchema)
    @blp.response(200, ContractReadSchema)
    def post(self, data, contract_id: uuid.UUID, department: str):
        """Record the department's opinion (by a user holding that department's role)."""
        return _answer(run(c.RecordReview, contract_id=contract_id, department=department, **data))


@blp.route("/<uuid:contract_id>/decision")
class Decision(MethodView):
    """The outcome of the review."""

    @doc_if_match
    @requires_roles("sales", "general_manager")
    @blp.arguments(DecisionSchema)
    @blp.response(200, ContractReadSchema)
    def post(self, data, contract_id: uuid.UUID):
        """Decide accepted / needs_customer / rejected; overruling a rejection is the general manager's."""
        return _answer(run(c.DecideContract, contract_id=contract_id, **data))


@blp.route("/<uuid:contract_id>/amendments")
class Amendments(MethodView):
    """Changes creating new revisions."""

    @doc_if_match
    @requires_roles("sales")
    @blp.arguments(AmendmentSchema)
    @blp.response(200, ContractReadSchema)
    def post(self, data, contract_id: uuid.UUID):
        """Amend the contract: a new revision reviewed again by the departments the change touches."""
        reason, lines = data.pop("reason"), data.pop("lines", None)
        return _answer(run(c.AmendContract, contract_id=contract_id, changes=data, lines=lines, reason=reason))


@blp.route("/<uuid:contract_id>/waiver")
class Waiver(MethodView):
    """Quality's compliance waiver."""

    @doc_if_match
    @requires_roles("quality")
    @blp.arguments(WaiverSchema)
    @blp.response(200, ContractReadSchema)
    def post(self, data, contract_id: uuid.UUID):
        """Accept the contract's non-compliant products with a reason, lifting the compliance hold."""
        return _answer(run(c.WaiveCompliance, contract_id=contract_id, **data))


@blp.route("/<uuid:contract_id>/confirmation")
class Confirmation(MethodView):
    """The customer's confirmation of an oral order."""

    @doc_if_match
    @requires_roles("sales")
    @blp.arguments(ConfirmationSchema)
    @blp.response(200, ContractReadSchema)
    def post(self, data, contract_id: uuid.UUID):
        """Record who at the customer confirmed the oral order."""
        return _answer(run(c.ConfirmOralOrder, contract_id=contract_id, **data))


@blp.route("/<uuid:contract_id>/checklist/<uuid:item_id>/acknowledgement")
class Acknowledgement(MethodView):
    """Quality's acknowledgement of a customer requirement."""

    @doc_if_match
    @requires_roles("quality")
    @blp.arguments(EmptySchema, required=False)
    @blp.response(200, ContractReadSchema)
    def post(self, _data, contract_id: uuid.UUID, item_id: uuid.UUID):
        """Acknowledge a checklist item (a customer-specific requirement)."""
        return _answer(run(c.AcknowledgeChecklistItem, contract_id=contract_id, item_id=item_id))
