"""/api/v1/notifications: other systems ask for a notification directly."""
from __future__ import annotations

from flask.views import MethodView
from qms_shared.web.blueprint import Blueprint

from qms_shared.web.auth import current_actor, requires_roles
from qms_shared.web.idempotency import idempotent

from ....domain import commands
from ..common import DIRECT_SENDERS, handle
from ..visibility import delivery_view
from .schemas import NotificationCreateSchema, NotificationReadSchema

blp = Blueprint("notifications", __name__, url_prefix="/api/v1/notifications",
                description="Send a notification directly (Idempotency-Key supported)")


@blp.route("")
class Notifications(MethodView):
    """Direct notifications."""

    @requires_roles(*DIRECT_SENDERS)
    @idempotent
    @blp.arguments(NotificationCreateSchema)
    @blp.response(202, NotificationReadSchema)
    def post(self, data):
        """Queue a message to recipients or to one address (admin and system only); 202 with the deliveries.

        A webhook URL whose host is an internal address is refused (422 on `to.url`); a webhook body
        is sent inside an envelope naming the delivery (see the README)."""
        accepted = handle(commands.SendNotification(
            channel=data["channel"], body=data["body"], subject=data.get("subject"),
            recipient_ids=tuple(data.get("recipient_ids") or ()), to=data.get("to") or {},
            actor=current_actor()))
        accepted.deliveries = [delivery_view(d) for d in accepted.deliveries]
        return accepted
