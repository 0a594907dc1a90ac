"""/api/v1/received-events: what the service received from the others (for operators)."""
from __future__ import annotations

from flask.views import MethodView
from qms_shared.web.blueprint import Blueprint

from qms_shared.web.auth import requires_roles
from qms_shared.web.schemas import page_body, page_of

from ..common import ctx, page_window
from .schemas import ReceivedEventArgs, ReceivedEventSchema

blp = Blueprint("received_events", __name__, url_prefix="/api/v1/received-events",
                description="Events received from the other services")


@blp.route("")
class ReceivedEvents(MethodView):
    """The log of received events."""

    @requires_roles("admin", "system", "viewer")
    @blp.arguments(ReceivedEventArgs, location="query")
    @blp.response(200, page_of(ReceivedEventSchema))
    def get(self, args):
        """List received events, newest first."""
        with ctx().uow_factory() as uow:
            items, total = uow.received_events.list(type=args.get("type"), event_id=args.get("event_id"),
                                                    **page_window(args))
            return page_body(items, total, args)
