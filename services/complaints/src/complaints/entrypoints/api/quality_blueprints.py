"""The resources of seed 004 (issue 20): suppliers, incoming lots, correction requests, recoveries,
reward/penalty clauses and notices, emergencies."""
from __future__ import annotations

from .correction_requests.views import blp as correction_requests_blp
from .emergencies.views import blp as emergencies_blp
from .incoming_nonconformances.views import blp as incoming_blp
from .reward_penalty.views import clauses_blp, notices_blp
from .supplier_recoveries.views import blp as recoveries_blp
from .suppliers.views import blp as suppliers_blp

QUALITY_BLUEPRINTS = [suppliers_blp, incoming_blp, correction_requests_blp, recoveries_blp, clauses_blp, notices_blp,
                      emergencies_blp]
