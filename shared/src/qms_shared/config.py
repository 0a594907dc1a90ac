"""Configuration from the environment, with defaults that let a service start on one machine."""
from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from typing import Any, ClassVar

DEVELOPMENT = "development"


def env(name: str, default: Any = "", cast=str):
    """A dataclass field read from the environment variable `name` when the config is built."""

    def read():
        raw = os.environ.get(name)
        if raw is None or raw == "":
            return default
        return cast(raw)

    return field(default_factory=read, metadata={"env": name, "default": default})


def _bool(raw: str) -> bool:
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def _pairs(raw: str) -> dict[str, str]:
    """`"complaints=qms-complaints, reviews=qms-reviews"` -> {"complaints": "qms-complaints", ...}."""
    return dict(part.strip().split("=", 1) for part in raw.split(",") if "=" in part)


def _ints(raw: str) -> tuple[int, ...]:
    return tuple(int(part) for part in raw.split(",") if part.strip())


@dataclass
class Config:
    """Settings every service has; a service subclasses it to add its own (also from the env)."""

    # Secrets without which `serve` and `worker` refuse to start outside development (shipped_secrets.py);
    # a service adds its own (a config with a `webhook_secret` field has that one checked too).
    required_secrets: ClassVar[tuple] = ("jwt_secret",)

    service: str = "qms"
    # `production` unless said otherwise: only `development` may run with the shipped secrets
    qms_env: str = env("QMS_ENV", "production", lambda raw: raw.strip().lower())
    database_url: str = env("DATABASE_URL")
    broker_url: str = env("BROKER_URL", "amqp://guest:guest@127.0.0.1:5672//")
    jwt_secret: str = env("JWT_SECRET", "qms-development-secret-change-me-in-production")
    jwt_audience: str = env("JWT_AUDIENCE", "")  # when set, tokens must name it in `aud`
    jwt_issuer: str = env("JWT_ISSUER", "")  # when set, tokens must name it in `iss`
    jwt_max_ttl: int = env("JWT_MAX_TTL", 24 * 3600, int)  # seconds; a token living longer (exp - iat) is refused
    max_body_bytes: int = env("QMS_MAX_BODY_BYTES", 5 * 1024 * 1024, int)  # larger request bodies are 413
    data_dir: str = env("QMS_DATA_DIR", "var")
    exchange: str = env("QMS_EXCHANGE", "qms.events")
    # Prefixes queue names; tests use it to keep runs apart on one broker. Empty in production.
    queue_prefix: str = env("QMS_QUEUE_PREFIX", "")
    # which broker user publishes each service's events; unset, a service's user is named as the service
    broker_users: dict = env("QMS_BROKER_USERS", {}, _pairs)
    retry_delays_ms: tuple = env("QMS_RETRY_DELAYS_MS", (1000, 10000, 60000), _ints)
    prefetch: int = env("QMS_PREFETCH", 100, int)
    consumer_batch: int = env("QMS_CONSUMER_BATCH", 50, int)
    heartbeat: int = env("QMS_HEARTBEAT", 20, int)
    confirm_timeout: float = env("QMS_CONFIRM_TIMEOUT", 10.0, float)
    relay_batch: int = env("QMS_RELAY_BATCH", 1000, int)
    max_event_bytes: int = env("QMS_MAX_EVENT_BYTES", 1 << 20, int)  # a larger message is parked unread
    relay_poll_interval: float = env("QMS_RELAY_POLL_INTERVAL", 1.0, float)
    outbox_retention_days: int = env("QMS_OUTBOX_RETENTION_DAYS", 7, int)
    # idempotency keys and inbox rows (applied event ids) older than this are deleted by the worker
    retention_days: int = env("QMS_RETENTION_DAYS", 30, int)
    validate_events: bool = env("QMS_VALIDATE_EVENTS", False, _bool)
    log_level: str = env("LOG_LEVEL", "INFO")
    holidays: str = env("QMS_EXTRA_HOLIDAYS", "")
    workdays: str = env("QMS_EXTRA_WORKDAYS", "")
    counts_working_days: bool = False  # a service whose deadlines count China's working days sets it
    # years whose official schedule an operator entered by hand (QMS_EXTRA_*): not reported as provisional
    calendar_confirmed_years: tuple = env("QMS_CALENDAR_CONFIRMED_YEARS", (), _ints)
    metrics_dir: str = env("PROMETHEUS_MULTIPROC_DIR", "")

    def __post_init__(self):
        if not self.database_url:  # the local PostgreSQL, one database per service (scripts/local-env.sh)
            self.database_url = f"postgresql://postgres@127.0.0.1:5432/qms_{self.service}"

    @property
    def development(self) -> bool:
        """True only when QMS_ENV=development was said explicitly."""
        return self.qms_env == DEVELOPMENT

    @property
    def queue(self) -> str:
        """The service's durable work queue, `<service>.events`."""
        return f"{self.queue_prefix}{self.service}.events"

    @property
    def dead_letter_queue(self) -> str:
        """Where messages that still fail after every retry end: `<service>.events.dead`."""
        return f"{self.queue}.dead"

    def retry_queue(self, step: int) -> str:
        """The delay queue of retry step `step` (1-based)."""
        return f"{self.queue}.retry.{step}"

    def with_overrides(self, overrides: dict | None) -> "Config":
        """A copy with `overrides` applied (keys are field names, case-insensitive)."""
        if not overrides:
            return self
        names = {f.name for f in fields(self)}
        known = {k.lower(): v for k, v in overrides.items() if k.lower() in names}
        return replace(self, **known)
