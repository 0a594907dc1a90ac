"""The reviews API: `gunicorn "reviews.entrypoints.app:create_app()"`."""
from __future__ import annotations

from flask import Flask

from qms_shared.web.app import create_service_app

from ..bootstrap import bootstrap
from .api.admin.views import blp as admin_blp
# the contracts blueprint, taken from the module that adds the transition routes to it
from .api.contracts.transitions import blp as contracts_blp
from .api.customer_property.views import blp as property_blp
from .api.imports.views import blp as imports_blp
from .api.samples.views import blp as samples_blp


def create_app(overrides: dict | None = None) -> Flask:
    """Application factory; `overrides` replace config fields (tests)."""
    return create_service_app(
        bootstrap(overrides), title="QMS reviews API",
        blueprints=[contracts_blp, samples_blp, property_blp, imports_blp, admin_blp],
        description="Contract and order review (合同评审) before the company commits; samples and customer property; "
                    "the delivery history a company already has.")
