"""The compliance API: `gunicorn "compliance.entrypoints.app:create_app()"`."""
from __future__ import annotations

from flask import Flask

from qms_shared.web.app import create_service_app

from ..bootstrap import bootstrap
from .api.admin.views import blp as admin_blp
from .api.common import refuse_non_object_bodies
from .api.customer_requirements.views import blp as requirements_blp
from .api.evaluations.views import blp as evaluations_blp
from .api.interested_party_records.views import blp as records_blp
from .api.nonconformances.views import blp as nonconformances_blp
from .api.products.views import blp as products_blp
from .api.regulations.views import blp as regulations_blp
from .api.substance_groups.views import blp as substance_groups_blp
from .api.reports.views import blp as reports_blp


BLUEPRINTS = [regulations_blp, substance_groups_blp, requirements_blp, records_blp, products_blp, evaluations_blp,
              nonconformances_blp, reports_blp, admin_blp]
for _blueprint in BLUEPRINTS:
    _blueprint.before_request(refuse_non_object_bodies)


def create_app(overrides: dict | None = None) -> Flask:
    """Application factory; `overrides` replace config fields (tests)."""
    return create_service_app(
        bootstrap(overrides), title="QMS compliance API", blueprints=BLUEPRINTS,
        description="Applicable laws and customer requirements, RoHS evaluation of every product, "
                    "impact of changes, nonconformances and the yearly report.")
