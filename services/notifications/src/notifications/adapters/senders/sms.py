"""SMS through an HTTP gateway, with the gateway behind a small provider interface.

`JsonHttpProvider` speaks the generic shape most gateways accept: POST JSON
{"to": "+86...", "text": "...", "reference": "<delivery id>"} with an optional bearer token.
Another gateway is one more class with `send(mobile, text, reference)` in `PROVIDERS`.
"""
from __future__ import annotations

import json
from typing import Protocol

from . import http_client
from .base import Message, PermanentSendError


class SmsProvider(Protocol):
    """A gateway that takes one text for one E.164 number."""

    def send(self, mobile: str, text: str, reference: str) -> None:
        """Hand the text to the gateway or raise a SendError."""


class JsonHttpProvider:
    """The generic JSON-over-HTTP gateway."""

    def __init__(self, url: str, token: str | None = None, timeout: float = 10.0):
        self.url = url
        self.token = token
        self.timeout = timeout

    def send(self, mobile: str, text: str, reference: str) -> None:
        """POST the text; 2xx is accepted, the rest is classified by http_client.post.

        SMS_GATEWAY_URL is the operator's: its address is not checked, but the deadline, the cap on
        the answer and the refusal of redirects hold as for any receiver.
        """
        headers = {"Content-Type": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        body = json.dumps({"to": mobile, "text": text, "reference": reference}, ensure_ascii=False)
        http_client.post(self.url, body.encode("utf-8"), headers, deadline=self.timeout, what="SMS gateway")


PROVIDERS = {"json": JsonHttpProvider}


def build_provider(name: str, url: str, token: str | None = None, timeout: float = 10.0) -> SmsProvider:
    """The provider registered as `name`, configured for `url`."""
    try:
        return PROVIDERS[name](url, token=token, timeout=timeout)
    except KeyError:
        raise ValueError(f"unknown SMS provider {name!r}; known: {', '.join(PROVIDERS)}") from None


class SmsSender:
    """Sends SMS messages through a provider."""

    def __init__(self, provider: SmsProvider):
        self.provider = provider

    def send(self, message: Message) -> None:
        """Send the body as the text; an SMS has no subject."""
        if not message.address.startswith("+"):
            raise PermanentSendError(f"{message.address!r} is not an E.164 number")
        self.provider.send(message.address, message.body, str(message.delivery_id))
