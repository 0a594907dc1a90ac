"""The complaints API: `gunicorn "complaints.entrypoints.app:create_app()"`."""
from __future__ import annotations

from flask import Flask

from qms_shared.web.app import create_service_app

from ..bootstrap import bootstrap
from .api.complaints.views import blp as complaints_blp


def create_app(overrides: dict | None = None) -> Flask:
    """Application factory; `overrides` replace config fields (tests)."""
    return create_service_app(
        bootstrap(overrides), title="QMS complaints API", blueprints=[complaints_blp],
        description="Customer complaints to verified closure, claims, incidents and satisfaction.")
