"""Wires the notifications service: database, senders, renderer, handlers, dispatcher."""
from __future__ import annotations

from datetime import timedelta
from functools import partial

from qms_shared.bootstrap import MessageBus, PeriodicJob, ServiceContext
from qms_shared.db import Database
from qms_shared.envelope import utcnow
from qms_shared.uow import MessagingTables

from .adapters import orm
from .adapters.outbound import OutboundGuard
from .adapters.senders.sms import SmsSender, build_provider
from .adapters.senders.smtp import SmtpSender, SmtpSettings
from .adapters.senders.webhook import WebhookSender
from .adapters.templates import TemplateRenderer
from .adapters.wakeup import DeliveryListener
from .config import NotificationsConfig
from .domain.retry import RetryPolicy
from .domain.vocabulary import EMAIL, SMS, WEBHOOK
from .service_layer import handlers, sending
from .service_layer.composer import Composer
from .service_layer.dependencies import Dependencies
from .service_layer.dispatcher import Dispatcher
from .service_layer.event_handlers import event_handlers
from .service_layer.unit_of_work import NotificationsUnitOfWork


def bootstrap(overrides: dict | None = None, *, senders: dict | None = None, clock=utcnow) -> ServiceContext:
    """The service, wired; `overrides` replace config fields, `senders` the channels (tests)."""
    config = NotificationsConfig().with_overrides(overrides)
    orm.start_mappers()
    db = Database(config.database_url)
    tables = MessagingTables(orm.metadata)
    uow_factory = partial(NotificationsUnitOfWork, db, config, tables)
    outbound = OutboundGuard(config.outbound_allowed_networks)
    deps = Dependencies(renderer=TemplateRenderer(), policy=retry_policy(config),
                        senders=senders or build_senders(config, outbound), clock=clock, outbound=outbound)
    bus = MessageBus(uow_factory, {**handlers.HANDLERS, **sending.HANDLERS}, deps=deps)
    dispatcher = Dispatcher(uow_factory=uow_factory, deps=deps, listener=DeliveryListener(db),
                            batch=config.dispatch_batch)
    composer = Composer(deps.renderer, config.default_locale, clock())
    return ServiceContext(
        package="notifications", config=config, db=db, tables=tables, uow_factory=uow_factory, bus=bus,
        event_handlers=event_handlers(composer, deps, on_commit=dispatcher.wake),
        periodic_jobs=[PeriodicJob("dispatcher", 0.001, partial(dispatch_and_wait, dispatcher))],
        extras={"dispatcher": dispatcher, "renderer": deps.renderer, "deps": deps})


def build_senders(config: NotificationsConfig, outbound: OutboundGuard) -> dict:
    """One sender per channel, from the configuration (nothing connects yet)."""
    provider = build_provider(config.sms_provider, config.sms_gateway_url,
                              token=config.sms_gateway_token or None, timeout=config.send_timeout)
    smtp = SmtpSettings.from_url(config.smtp_url)
    return {EMAIL: SmtpSender(smtp), SMS: SmsSender(provider),
            WEBHOOK: WebhookSender(config.webhook_secret, timeout=config.send_timeout, guard=outbound)}


def retry_policy(config: NotificationsConfig) -> RetryPolicy:
    """Exponential backoff (doubling) from the configured base up to the cap."""
    return RetryPolicy(max_attempts=config.retry_max_attempts,
                       base_delay=timedelta(seconds=config.retry_base_seconds), factor=2.0,
                       cap=timedelta(seconds=config.retry_cap_seconds))


def dispatch_and_wait(dispatcher: Dispatcher, max_batches: int = 5) -> None:
    """One turn of the worker's dispatcher thread: send what is due, then sleep until woken.

    A turn is bounded, so a worker asked to stop finishes its batch and stops even with a
    backlog (the worker checks its stop flag between turns).
    """
    for _ in range(max_batches):
        if dispatcher.run_once() < dispatcher.batch:
            dispatcher.wait_for_work(timeout=1.0)
            return
