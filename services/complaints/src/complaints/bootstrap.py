"""Wires the complaints service: config, database, mappers, unit of work, bus, event handlers."""
from __future__ import annotations

from functools import partial

from qms_shared.bootstrap import MessageBus, ServiceContext
from qms_shared.db import Database
from qms_shared.uow import MessagingTables

from .adapters import orm
from .config import ComplaintsConfig
from .service_layer.handlers import HANDLERS
from .service_layer.unit_of_work import ComplaintsUnitOfWork


def bootstrap(overrides: dict | None = None) -> ServiceContext:
    """The service, wired; `overrides` replace config fields (tests)."""
    config = ComplaintsConfig().with_overrides(overrides)
    orm.start_mappers()
    db = Database(config.database_url)
    tables = MessagingTables(orm.metadata)
    uow_factory = partial(ComplaintsUnitOfWork, db, config, tables)
    return ServiceContext(
        package="complaints", config=config, db=db, tables=tables, uow_factory=uow_factory,
        bus=MessageBus(uow_factory, HANDLERS), event_handlers={},
    )
