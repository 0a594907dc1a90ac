"""Wires the compliance service: config, database, mappers, unit of work, bus, event handlers, jobs."""
from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import Callable

from qms_shared.bootstrap import MessageBus, PeriodicJob, ServiceContext
from qms_shared.db import Database
from qms_shared.uow import MessagingTables

from .adapters import orm
from .adapters.formulas import element_mass_fraction
from .config import ComplianceConfig
from .domain.commands import ReevaluateAll
from .service_layer.event_handlers import EVENT_HANDLERS
from .service_layer.dependencies import Dependencies
from .service_layer.handlers import HANDLERS
from .service_layer.unit_of_work import ComplianceUnitOfWork

DAILY_TRIGGER = "scheduled check (exemption expiry, versions taking effect)"


def bootstrap(overrides: dict | None = None, *, clock: Callable[[], datetime] | None = None) -> ServiceContext:
    """The service, wired; `overrides` replace config fields and `clock` the time (tests)."""
    config = ComplianceConfig().with_overrides(overrides)
    orm.start_mappers()
    db = Database(config.database_url)
    tables = MessagingTables(orm.metadata)
    uow_factory = partial(ComplianceUnitOfWork, db, config, tables)
    wiring = {"mass_fraction": element_mass_fraction} | ({"clock": clock} if clock else {})
    deps = Dependencies.from_config(config, **wiring)
    bus = MessageBus(uow_factory, HANDLERS, deps=deps)
    daily = PeriodicJob("reevaluation", config.reevaluation_interval_s,
                        lambda: bus.handle(ReevaluateAll(trigger=DAILY_TRIGGER, at=deps.clock())))
    return ServiceContext(package="compliance", config=config, db=db, tables=tables, uow_factory=uow_factory,
                          bus=bus, event_handlers=dict(EVENT_HANDLERS), periodic_jobs=[daily])
