"""/api/v1/recipients: the directory of people and systems the service notifies."""
from __future__ import annotations

from flask.views import MethodView
from qms_shared.web.blueprint import Blueprint

from qms_shared.web.auth import ANY_ROLE, requires_roles
from qms_shared.web.idempotency import idempotent
from qms_shared.web.schemas import page_body, page_of
from qms_shared.web.versions import etag, expected_version

from ....domain import commands
from ..common import MAINTAINERS, ctx, handle, page_window
from ..visibility import recipient_view, sees_contents
from .schemas import RecipientArgs, RecipientCreateSchema, RecipientReadSchema, RecipientUpdateSchema

blp = Blueprint("recipients", __name__, url_prefix="/api/v1/recipients",
                description="Recipients: addresses, locale, roles, opt-outs")


@blp.route("")
class Recipients(MethodView):
    """The directory."""

    @requires_roles(*ANY_ROLE)
    @blp.arguments(RecipientArgs, location="query")
    @blp.response(200, page_of(RecipientReadSchema))
    def get(self, args):
        """List recipients by name, filtered by department, role or text (`q`: in the name, and the
        email for those who may see addresses). Addresses only for admin, management_rep and quality."""
        full = sees_contents()
        with ctx().uow_factory() as uow:
            items, total = uow.recipients.list(department=args.get("department"), role=args.get("role"),
                                               q=args.get("q"), search_email=full, **page_window(args))
            return page_body([recipient_view(r) for r in items], total, args)

    @requires_roles(*MAINTAINERS)
    @idempotent
    @blp.arguments(RecipientCreateSchema)
    @blp.response(201, RecipientReadSchema)
    def post(self, data):
        """Register a recipient; an email that is not one or a mobile not in E.164 is refused."""
        recipient = handle(commands.RegisterRecipient(data))
        return recipient, 201, {**etag(recipient), "Location": f"/api/v1/recipients/{recipient.id}"}


@blp.route("/<uuid:recipient_id>")
class RecipientItem(MethodView):
    """One recipient."""

    @requires_roles(*ANY_ROLE)
    @blp.response(200, RecipientReadSchema)
    def get(self, recipient_id):
        """Read a recipient."""
        with ctx().uow_factory() as uow:
            recipient = uow.recipients.get(recipient_id)
            return recipient_view(recipient), 200, etag(recipient)

    @requires_roles(*MAINTAINERS)
    @blp.arguments(RecipientUpdateSchema)
    @blp.response(200, RecipientReadSchema)
    def patch(self, data, recipient_id):
        """Change a recipient (If-Match with its ETag guards against lost updates)."""
        recipient = handle(commands.UpdateRecipient(recipient_id, data, expected_version()))
        return recipient, 200, etag(recipient)
