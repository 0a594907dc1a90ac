"""/api/v1/notifications: other systems ask for a notification directly."""
from __future__ import annotations

from flask.views import MethodView
from qms_shared.web.blueprint import Blueprint

from qms_shared.web.auth import current_actor, requires_roles
from qms_shared.web.idempotency import idempotent

from ....domain import commands
from ..common import SENDERS, handle
from .schemas import NotificationCreateSchema, NotificationReadSchema

blp = Blueprint("notifications", __name__, url_prefix="/api/v1/notifications",
                description="Send a notification directly (Idempotency-Key supported)")


@blp.route("")
class Notifications(MethodView):
    """Direct notifications."""

    @requires_roles(*SENDERS)
    @idempotent
    @blp.arguments(NotificationCreateSchema)
    @blp.response(202, NotificationReadSchema)
    def post(self, data):
        """Queue a message to recipients or to one address; 202 with the deliveries to follow."""
        accepted = handle(commands.SendNotification(
            channel=data["channel"], body=data["body"], subject=data.get("subject"),
            recipient_ids=tuple(data.get("recipient_ids") or ()), to=data.get("to") or {},
            actor=current_actor()))
        return accepted
