"""Optimistic concurrency over HTTP, the same in every service: `ETag: "3"` out, `If-Match: "3"` in."""
from __future__ import annotations

import re

from flask import request

from ..domain import PreconditionFailed

_STRONG = re.compile(r'^"?(\d{1,18})"?$')


def expected_version() -> int | None:
    """The version an `If-Match` header asks for (`"3"`), or None without the header or with `*`.

    If-Match compares strongly (RFC 9110 §13.1.1): a weak tag (`W/"3"`) or anything that is not an ETag
    this service sent never matches, so it is 412.
    """
    raw = request.headers.get("If-Match")
    if raw is None or raw.strip() == "*":
        return None
    found = _STRONG.match(raw.strip())
    if not found:
        raise PreconditionFailed('If-Match must be the ETag read with the resource, e.g. "3".')
    return int(found.group(1))


def etag(entity) -> dict:
    """The ETag header of a versioned entity."""
    return {"ETag": f'"{entity.version}"'}
