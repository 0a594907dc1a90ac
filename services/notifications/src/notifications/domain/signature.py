"""Webhook signatures: HMAC-SHA256 over the timestamp and the exact body bytes.

A receiver recomputes `sha256=` + hex(HMAC(secret, f"{timestamp}." + body)) and compares it in
constant time; the timestamp inside the MAC, checked against a tolerance, stops replays.
"""
from __future__ import annotations

import hashlib
import hmac

SIGNATURE_HEADER = "X-QMS-Signature"
TIMESTAMP_HEADER = "X-QMS-Timestamp"
DELIVERY_HEADER = "X-QMS-Delivery"  # the delivery id, so receivers can drop a retried duplicate
EVENT_TYPE_HEADER = "X-QMS-Event-Type"
DEFAULT_TOLERANCE_SECONDS = 300


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The signature header value for `body` sent at `timestamp` (Unix seconds)."""
    message = str(timestamp).encode() + b"." + body
    return "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def verify(secret: str, timestamp: str, signature: str, body: bytes, now: float,
           tolerance: int = DEFAULT_TOLERANCE_SECONDS) -> bool:
    """True when the signature matches and the timestamp is within `tolerance` of `now`."""
    try:
        sent_at = int(timestamp)
    except (TypeError, ValueError):
        return False
    if abs(now - sent_at) > tolerance:
        return False
    return hmac.compare_digest(sign(secret, sent_at, body), signature or "")
