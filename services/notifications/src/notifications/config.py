"""Settings of the notifications service (environment first, working defaults)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from qms_shared.config import Config, env


@dataclass
class NotificationsConfig(Config):
    """The shared settings plus the channels' servers, retries and the default locale."""

    # `serve` and `worker` refuse to start outside QMS_ENV=development without real values for these
    required_secrets: ClassVar[tuple] = ("jwt_secret", "webhook_secret")

    service: str = "notifications"
    # smtp://user:pass@host:port?starttls=true&from=qms@example.com (smtps:// for implicit TLS)
    smtp_url: str = env("SMTP_URL", "smtp://127.0.0.1:1025?from=qms@localhost")
    sms_gateway_url: str = env("SMS_GATEWAY_URL", "http://127.0.0.1:9025/sms")
    sms_provider: str = env("SMS_PROVIDER", "json")
    sms_gateway_token: str = env("SMS_GATEWAY_TOKEN", "")
    # Signs webhooks of recipients without their own secret. The default is for development only:
    # outside QMS_ENV=development a service still holding it refuses to start.
    webhook_secret: str = env("WEBHOOK_SECRET", "dev-notifications-webhook-secret")
    # Webhook URLs (recipients', direct sends') may not reach loopback, private, link-local, multicast
    # or reserved addresses, except in these comma-separated CIDR networks (e.g. "10.20.0.0/16").
    # SMTP_URL and SMS_GATEWAY_URL are the operator's own and are not checked.
    outbound_allowed_networks: str = env("QMS_OUTBOUND_ALLOWED_NETWORKS", "")
    # the deadline of one HTTP send (webhook, SMS gateway), everything included
    send_timeout: float = env("QMS_SEND_TIMEOUT", 10.0, float)
    retry_max_attempts: int = env("QMS_DELIVERY_MAX_ATTEMPTS", 6, int)
    retry_base_seconds: float = env("QMS_DELIVERY_RETRY_BASE_SECONDS", 30.0, float)
    retry_cap_seconds: float = env("QMS_DELIVERY_RETRY_CAP_SECONDS", 3600.0, float)
    dispatch_batch: int = env("QMS_DISPATCH_BATCH", 100, int)
    default_locale: str = env("QMS_DEFAULT_LOCALE", "zh-CN")
