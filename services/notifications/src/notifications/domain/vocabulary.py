"""The fixed words of the notifications domain: channels, locales, roles, delivery states."""
from __future__ import annotations

EMAIL, SMS, WEBHOOK = "email", "sms", "webhook"
CHANNELS = (EMAIL, SMS, WEBHOOK)

ZH_CN, EN = "zh-CN", "en"
LOCALES = (ZH_CN, EN)

# The roles of CONTRACT.md; an audience may only name these.
ROLES = (
    "sales", "quality", "production", "purchasing", "engineering", "finance", "legal",
    "general_manager", "management_rep", "admin", "system", "viewer",
)
GENERAL_MANAGER = "general_manager"

DIRECT = "direct"  # the event_type of deliveries no event caused: asked for over the API

PENDING, SENT, FAILED, RETRYING, DEAD = "pending", "sent", "failed", "retrying", "dead"
DELIVERY_STATES = (PENDING, SENT, FAILED, RETRYING, DEAD)
