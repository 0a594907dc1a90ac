"""The complaints API: `gunicorn "complaints.entrypoints.app:create_app()"`."""
from __future__ import annotations

from flask import Flask

from qms_shared.web.app import create_service_app

from ..bootstrap import bootstrap
from .api.admin.views import blp as admin_blp
from .api.claims.views import blp as claims_blp
from .api.complaints.stats import blp as stats_blp
from .api.complaints.views import blp as complaints_blp
from .api.corrective_actions.views import blp as actions_blp
from .api.customers.views import blp as customers_blp
from .api.imports.views import blp as imports_blp
from .api.internal_problems.views import blp as problems_blp
from .api.praises.views import blp as praises_blp
from .api.quality_blueprints import QUALITY_BLUEPRINTS
from .api.reports.views import blp as reports_blp
from .api.survey_proposals.views import blp as proposals_blp
from .api.surveys.views import blp as surveys_blp


def create_app(overrides: dict | None = None, *, clock=None) -> Flask:
    """Application factory; `overrides` replace config fields and `clock` the time (tests)."""
    ctx = bootstrap(overrides) if clock is None else bootstrap(overrides, clock=clock)
    return create_service_app(
        ctx, title="QMS complaints API",
        blueprints=[stats_blp, complaints_blp, problems_blp, claims_blp, praises_blp, proposals_blp, surveys_blp,
                    actions_blp, customers_blp, imports_blp,
                    admin_blp, reports_blp, *QUALITY_BLUEPRINTS],
        description="Customer complaints and internal quality problems to verified closure, claims, incidents and satisfaction.")
