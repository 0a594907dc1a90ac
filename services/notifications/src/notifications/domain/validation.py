"""Address and name checks the aggregates share; each says whether a value is well-formed.

Collecting the messages is qms_shared.domain.FieldErrors' job."""
from __future__ import annotations

import re

# Pragmatic address check: one @, a dotted domain, no spaces; full RFC 5322 is not worth it here.
_EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$")
_E164 = re.compile(r"^\+[1-9][0-9]{6,14}$")
_SLUG = re.compile(r"^[a-z][a-z0-9_]*$")
_URL = re.compile(r"^https?://[^\s/?#]+[^\s]*$")


def is_email(value: str | None) -> bool:
    """True for a plausible mailbox address such as `li.wei@example.com`."""
    return bool(value) and len(value) <= 254 and bool(_EMAIL.match(value))


def is_e164(value: str | None) -> bool:
    """True for an E.164 number: `+`, country code, at most 15 digits in all."""
    return bool(value) and bool(_E164.match(value))


def is_slug(value: str | None) -> bool:
    """True for a lower-case identifier such as a department name (`quality`)."""
    return bool(value) and bool(_SLUG.match(value))


def is_http_url(value: str | None) -> bool:
    """True for an absolute http or https URL."""
    return bool(value) and bool(_URL.match(value))
