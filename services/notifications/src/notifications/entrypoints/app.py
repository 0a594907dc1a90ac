"""The notifications API: `gunicorn "notifications.entrypoints.app:create_app()"`."""
from __future__ import annotations

from flask import Flask

from qms_shared.web.app import create_service_app

from ..bootstrap import bootstrap
from .api.received_events.views import blp as received_events_blp


def create_app(overrides: dict | None = None) -> Flask:
    """Application factory; `overrides` replace config fields (tests)."""
    return create_service_app(
        bootstrap(overrides), title="QMS notifications API", blueprints=[received_events_blp],
        description="Recipients, rules, templates and deliveries by email, SMS and webhook.")
