"""Wires the notifications service."""
from __future__ import annotations

from functools import partial

from qms_shared.bootstrap import MessageBus, ServiceContext
from qms_shared.db import Database
from qms_shared.uow import MessagingTables

from .adapters import orm
from .config import NotificationsConfig
from .service_layer.event_handlers import EVENT_HANDLERS
from .service_layer.unit_of_work import NotificationsUnitOfWork


def bootstrap(overrides: dict | None = None) -> ServiceContext:
    """The service, wired; `overrides` replace config fields (tests)."""
    config = NotificationsConfig().with_overrides(overrides)
    orm.start_mappers()
    db = Database(config.database_url)
    tables = MessagingTables(orm.metadata)
    uow_factory = partial(NotificationsUnitOfWork, db, config, tables)
    return ServiceContext(package="notifications", config=config, db=db, tables=tables,
                          uow_factory=uow_factory, bus=MessageBus(uow_factory, {}),
                          event_handlers=dict(EVENT_HANDLERS))
