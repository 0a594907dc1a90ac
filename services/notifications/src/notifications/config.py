"""Settings of the notifications service (environment first, working defaults)."""
from __future__ import annotations

from dataclasses import dataclass

from qms_shared.config import Config, env


@dataclass
class NotificationsConfig(Config):
    """The shared settings plus the channels' servers."""

    service: str = "notifications"
    smtp_url: str = env("SMTP_URL", "smtp://127.0.0.1:1025")
    sms_gateway_url: str = env("SMS_GATEWAY_URL", "http://127.0.0.1:9025/sms")
