"""What a service's `bootstrap()` returns: its wired dependencies, in one place."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from .config import Config
from .db import Database
from .uow import MessagingTables


@dataclass
class PeriodicJob:
    """Work the worker runs every `interval` seconds (e.g. a deadline scan)."""

    name: str
    interval: float
    run: Callable[[], Any]


class MessageBus:
    """Dispatches a command to its handler with a fresh unit of work and the handler's dependencies."""

    def __init__(self, uow_factory: Callable, handlers: dict[type, Callable], **dependencies):
        self.uow_factory = uow_factory
        self.handlers = handlers
        self.dependencies = dependencies

    def handle(self, command):
        """Run the handler of `command` and return what it returns."""
        handler = self.handlers[type(command)]
        return handler(command, uow=self.uow_factory(), **self.dependencies)


@dataclass
class ServiceContext:
    """A service wired up: config, database, unit of work, bus, event handlers and periodic jobs."""

    package: str
    config: Config
    db: Database
    tables: MessagingTables
    uow_factory: Callable
    bus: MessageBus
    event_handlers: dict[str, Callable] = field(default_factory=dict)
    periodic_jobs: list[PeriodicJob] = field(default_factory=list)
    extras: dict = field(default_factory=dict)
