"""The notifications API: `gunicorn "notifications.entrypoints.app:create_app()"`."""
from __future__ import annotations

from flask import Flask

from qms_shared.web.app import create_service_app

from ..bootstrap import bootstrap
from .api.admin.views import blp as admin_blp
from .api.deliveries.views import blp as deliveries_blp
from .api.notifications.views import blp as notifications_blp
from .api.received_events.views import blp as received_events_blp
from .api.recipients.views import blp as recipients_blp
from .api.rules.views import blp as rules_blp
from .api.templates.views import blp as templates_blp

BLUEPRINTS = [recipients_blp, rules_blp, templates_blp, notifications_blp, deliveries_blp, admin_blp,
              received_events_blp]


def create_app(overrides: dict | None = None) -> Flask:
    """Application factory; `overrides` replace config fields (tests)."""
    return create_service_app(
        bootstrap(overrides), title="QMS notifications API", blueprints=BLUEPRINTS,
        description="Recipients, rules, templates and deliveries by email, SMS and webhook.")
