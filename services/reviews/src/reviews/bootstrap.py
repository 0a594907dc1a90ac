"""Wires the reviews service: config, database, mappers, unit of work, bus, event handlers, deadline scan."""
from __future__ import annotations

from functools import partial

from qms_shared.bootstrap import MessageBus, PeriodicJob, ServiceContext
from qms_shared.db import Database
from qms_shared.uow import MessagingTables
from qms_shared.workdays import WorkCalendar

from .adapters import orm
from .config import ReviewsConfig
from .domain.commands import ScanDeadlines
from .domain.policy import ReviewPolicy
from .service_layer.dependencies import Dependencies
from .service_layer.event_handlers import EVENT_HANDLERS
from .service_layer.handlers import HANDLERS
from .service_layer.unit_of_work import ReviewsUnitOfWork


def bootstrap(overrides: dict | None = None) -> ServiceContext:
    """The service, wired; `overrides` replace config fields (tests)."""
    config = ReviewsConfig().with_overrides(overrides)
    orm.start_mappers()
    db = Database(config.database_url)
    tables = MessagingTables(orm.metadata)
    uow_factory = partial(ReviewsUnitOfWork, db, config, tables)
    deps = Dependencies(policy=ReviewPolicy(calendar=WorkCalendar.from_strings(config.holidays, config.workdays),
                                            due_days=config.review_due_days, legal_review=config.legal_review))
    bus = MessageBus(uow_factory, HANDLERS, deps=deps)
    scan = PeriodicJob("deadline-scan", config.deadline_scan_interval,
                       lambda: bus.handle(ScanDeadlines(as_of=deps.clock())))
    return ServiceContext(package="reviews", config=config, db=db, tables=tables, uow_factory=uow_factory,
                          bus=bus, event_handlers=dict(EVENT_HANDLERS), periodic_jobs=[scan],
                          extras={"deps": deps})
