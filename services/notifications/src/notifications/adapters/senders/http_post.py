"""One POST with the failure classification SMS gateways and webhook receivers share."""
from __future__ import annotations

from typing import Any

import requests

from .base import PermanentSendError, TransientSendError

# Statuses that say "not now" rather than "never": timeouts, rate limits, conflicts in flight.
_RETRYABLE_4XX = {408, 409, 425, 429}


def post_json(session: requests.Session, url: str, payload: Any, headers: dict[str, str],
              timeout: float, what: str, data: bytes | None = None) -> requests.Response:
    """POST `payload` as JSON (or the exact `data` bytes) and raise a SendError unless 2xx."""
    try:
        if data is None:
            response = session.post(url, json=payload, headers=headers, timeout=timeout)
        else:
            response = session.post(url, data=data, headers=headers, timeout=timeout)
    except requests.RequestException as error:
        raise TransientSendError(f"{what} unreachable: {type(error).__name__}: {error}") from error
    if 200 <= response.status_code < 300:
        return response
    detail = f"{what} answered {response.status_code}: {response.text[:200]}"
    if response.status_code >= 500 or response.status_code in _RETRYABLE_4XX:
        raise TransientSendError(detail)
    raise PermanentSendError(detail)
