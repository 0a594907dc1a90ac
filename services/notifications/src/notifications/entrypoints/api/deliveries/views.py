"""/api/v1/deliveries: every message sent or tried, with its attempts; resend by hand."""
from __future__ import annotations

from flask.views import MethodView
from qms_shared.web.blueprint import Blueprint

from qms_shared.web.auth import ANY_ROLE, current_actor, requires_roles
from qms_shared.web.schemas import page_body, page_of

from ....domain import commands
from ..common import SENDERS, ctx, handle, page_window
from ..visibility import delivery_view
from .schemas import DeliveryArgs, DeliveryReadSchema

blp = Blueprint("deliveries", __name__, url_prefix="/api/v1/deliveries",
                description="Deliveries: pending, sent, failed, retrying, dead")


@blp.route("")
class Deliveries(MethodView):
    """All deliveries."""

    @requires_roles(*ANY_ROLE)
    @blp.arguments(DeliveryArgs, location="query")
    @blp.response(200, page_of(DeliveryReadSchema))
    def get(self, args):
        """List deliveries, newest first, by event, recipient, channel or status.

        Texts, addresses and errors only for admin, management_rep and quality (null for others)."""
        filters = {name: args.get(name) for name in ("event_id", "recipient_id", "channel", "status")}
        with ctx().uow_factory() as uow:
            items, total = uow.deliveries.list(**filters, **page_window(args))
            return page_body([delivery_view(d) for d in items], total, args)


@blp.route("/<uuid:delivery_id>")
class DeliveryItem(MethodView):
    """One delivery."""

    @requires_roles(*ANY_ROLE)
    @blp.response(200, DeliveryReadSchema)
    def get(self, delivery_id):
        """Read a delivery with its attempts."""
        with ctx().uow_factory() as uow:
            return delivery_view(uow.deliveries.get(delivery_id))


@blp.route("/<uuid:delivery_id>/resend")
class Resend(MethodView):
    """Resending."""

    @requires_roles(*SENDERS)
    @blp.response(202, DeliveryReadSchema)
    def post(self, delivery_id):
        """Send a failed or dead delivery again (409 in any other state)."""
        return delivery_view(handle(commands.ResendDelivery(delivery_id, actor=current_actor())))
