"""Prometheus counters of the notifications service (summed over processes by the API's /metrics)."""
from __future__ import annotations

from prometheus_client import Counter

DELIVERY_ATTEMPTS = Counter("qms_notification_attempts_total",
                            "Delivery attempts by channel and outcome (sent, retrying, failed, dead, deferred)",
                            ["channel", "outcome"])
DELIVERIES_QUEUED = Counter("qms_notification_deliveries_queued_total",
                            "Deliveries queued, by channel", ["channel"])
