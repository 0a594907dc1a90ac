"""Resolving the host of a URL someone gave us, and refusing internal addresses (domain.destinations).

The address checked is the address connected to (adapters/senders/http_client.py pins it), so a
name that resolves to a public address when checked and to 127.0.0.1 a moment later gains nothing.
"""
from __future__ import annotations

import socket
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Iterable
from urllib.parse import urlsplit

from ..domain.destinations import Network, parse_networks, refusal

# getaddrinfo cannot be interrupted: it runs here, so a send waits for it no longer than its deadline.
_RESOLVER = ThreadPoolExecutor(max_workers=4, thread_name_prefix="notifications-resolve")


class RefusedDestination(Exception):
    """The URL's host is, or resolves to, an address the service must not connect to."""


class UnresolvedHost(Exception):
    """The URL's host could not be resolved (now)."""


class OutboundGuard:
    """Resolves hosts and refuses internal addresses, except the networks the operator allows."""

    def __init__(self, allowed: str | Iterable[str] = ""):
        self.allowed: tuple[Network, ...] = parse_networks(allowed)

    def resolve(self, host: str, port: int, timeout: float) -> str:
        """The address to connect to for host:port; RefusedDestination if any it resolves to is internal.

        Every address of the name is checked, not only the first: a name announcing a public and a
        private address would otherwise reach the private one when the public one fails.
        """
        addresses = _addresses(host, port, timeout)
        for address in addresses:
            why = refusal(address, self.allowed)
            if why is not None:
                raise RefusedDestination(f"{host} refused: {why}")
        return addresses[0]

    def check_url(self, url: str, timeout: float = 5.0) -> str | None:
        """Why a URL may not be saved, or None (also when its host does not resolve now: checked again at send)."""
        try:
            parts = urlsplit(url)
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError as error:
            return f"is not a valid URL: {error}"
        if not parts.hostname:
            return "has no host"
        try:
            self.resolve(parts.hostname, port, timeout)
        except RefusedDestination as refused:
            return f"is not allowed: {refused} (QMS_OUTBOUND_ALLOWED_NETWORKS lists exceptions)"
        except UnresolvedHost:
            return None
        return None


def _addresses(host: str, port: int, timeout: float) -> list[str]:
    """The IP addresses of host, in the resolver's order (an IP literal is itself)."""
    future = _RESOLVER.submit(socket.getaddrinfo, host, port, 0, socket.SOCK_STREAM)
    try:
        infos = future.result(timeout=max(timeout, 0.01))
    except FutureTimeout:
        raise UnresolvedHost(f"resolving {host} took longer than {timeout:.0f} s") from None
    except (OSError, UnicodeError) as error:
        raise UnresolvedHost(f"cannot resolve {host}: {type(error).__name__}") from None
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    if not addresses:
        raise UnresolvedHost(f"{host} has no address")
    return addresses
