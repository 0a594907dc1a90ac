"""One POST with an outbound request's limits, for webhook receivers and the SMS gateway.

- the host is resolved once, checked (adapters/outbound.py) unless the URL is the operator's own,
  and that very address is connected to, with the URL's host in the Host header and as TLS SNI
  (the certificate is checked against the name, not the address);
- no redirects: a 3xx is a refusal;
- at most RESPONSE_CAP bytes of the answer are read (status line, headers and a little of the body,
  which is then dropped): a receiver streaming 300 MiB costs nothing;
- one deadline for the whole send (resolving, connecting, TLS, sending, the answer): a watchdog cuts
  the connection when it passes, so a receiver dripping one byte a second cannot hold a send;
- the failure says what happened from our side (status code and its standard phrase, or the kind
  of network error): a receiver's words are never stored.
"""
from __future__ import annotations

import http.client
import socket
import ssl
import threading
import time
from http import HTTPStatus
from urllib.parse import urlsplit

from ..outbound import OutboundGuard, RefusedDestination, UnresolvedHost
from .base import PermanentSendError, TransientSendError

RESPONSE_CAP = 16 * 1024  # status line and headers included
BODY_READ = 4 * 1024
REASON_MAX = 200
# Statuses that say "not now" rather than "never": timeouts, rate limits, conflicts in flight.
_RETRYABLE_4XX = {408, 409, 425, 429}
_TLS = ssl.create_default_context()


def post(url: str, body: bytes, headers: dict[str, str], *, deadline: float, what: str,
         guard: OutboundGuard | None = None) -> int:
    """POST `body` to `url` within `deadline` seconds; the 2xx status, or a SendError saying why not.

    `guard` None means the URL is the operator's (SMS_GATEWAY_URL) and is not checked.
    """
    ends = time.monotonic() + deadline
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise PermanentSendError(f"{what}: not an http(s) URL")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    address = _address(parts.hostname, port, ends, what, guard)
    watchdog = _Watchdog(ends)
    connection = _connection(parts.scheme, parts.hostname, port, address, ends, watchdog)
    try:
        status = _exchange(connection, parts, body, headers, watchdog)
    except (OSError, http.client.HTTPException) as error:
        if watchdog.fired or isinstance(error, TimeoutError):  # each wait is bounded by what is left
            raise TransientSendError(f"{what} did not answer within {deadline:g} s") from None
        raise TransientSendError(_short(f"{what} unreachable: {_network_error(error)}")) from None
    finally:
        watchdog.cancel()
        connection.close()
    return _classify(status, what)


def _address(host: str, port: int, ends: float, what: str, guard: OutboundGuard | None) -> str:
    try:
        if guard is None:
            return host  # trusted: the operator's own server, resolved by the connection itself
        return guard.resolve(host, port, timeout=ends - time.monotonic())
    except RefusedDestination as refused:
        raise PermanentSendError(_short(f"{what} {refused}")) from None
    except UnresolvedHost as error:
        raise TransientSendError(_short(f"{what} unreachable: {error}")) from None


def _exchange(connection, parts, body: bytes, headers: dict[str, str], watchdog: "_Watchdog") -> int:
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    connection.request("POST", target, body=body, headers={**headers, "Connection": "close"})
    response = connection.getresponse()
    if watchdog.fired:  # cut mid-headers: what looks like their end is the cut
        raise TimeoutError("deadline")
    try:  # a little of the body, politely; its words are dropped, and a cut here loses nothing
        response.read(BODY_READ)
    except (OSError, http.client.HTTPException):
        pass
    return response.status


def _classify(status: int, what: str) -> int:
    if 200 <= status < 300:
        return status
    detail = f"{what} answered {status} {_phrase(status)}".rstrip()
    if 300 <= status < 400:
        raise PermanentSendError(f"{detail} (redirects are not followed)")
    if status >= 500 or status in _RETRYABLE_4XX:
        raise TransientSendError(detail)
    raise PermanentSendError(detail)


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def _network_error(error: BaseException) -> str:
    """The kind of failure, in our words: the exception class and, for OS errors, the system's message."""
    if isinstance(error, _TooLong):
        return f"answer longer than {RESPONSE_CAP} bytes"
    if isinstance(error, ssl.SSLError):
        return f"{type(error).__name__} ({error.reason or 'TLS failure'})"
    if isinstance(error, OSError) and error.strerror:
        return f"{type(error).__name__}: {error.strerror}"
    return type(error).__name__


def _short(text: str) -> str:
    return text if len(text) <= REASON_MAX else text[:REASON_MAX - 1] + "…"


class _Watchdog:
    """Cuts the connection's socket when the deadline passes, whatever the sending thread waits for."""

    def __init__(self, ends: float):
        self.ends, self.fired = ends, False
        self._socket: socket.socket | None = None
        self._lock = threading.Lock()
        self._timer = threading.Timer(max(ends - time.monotonic(), 0), self._cut)
        self._timer.daemon = True
        self._timer.start()

    def watch(self, sock: socket.socket) -> None:
        """The socket to cut (set as soon as it exists, before TLS)."""
        with self._lock:
            self._socket = sock
            if self.fired:
                self._shutdown()

    def remaining(self) -> float:
        """Seconds left: the timeout of each blocking call, so none outlives the deadline by itself."""
        return max(self.ends - time.monotonic(), 0.001)

    def cancel(self) -> None:
        """The answer is in: nothing to cut."""
        self._timer.cancel()

    def _cut(self) -> None:
        with self._lock:
            self.fired = True
            self._shutdown()

    def _shutdown(self) -> None:
        if self._socket is not None:
            try:  # the plain socket's shutdown, also under TLS: a blocked recv returns at once
                socket.socket.shutdown(self._socket, socket.SHUT_RDWR)
            except OSError:
                pass


class _TooLong(http.client.HTTPException):
    """The answer went on past RESPONSE_CAP bytes."""


class _CappedReader:
    """The response's file, refusing to hand out more than RESPONSE_CAP bytes in all."""

    def __init__(self, raw, cap: int):
        self._raw, self._left = raw, cap

    def _take(self, data: bytes) -> bytes:
        self._left -= len(data)
        return data

    def _limit(self, size: int | None) -> int:
        if self._left <= 0:
            raise _TooLong()
        return self._left if size is None or size < 0 else min(size, self._left)

    def readline(self, size: int = -1) -> bytes:
        return self._take(self._raw.readline(self._limit(size)))

    def read(self, size: int | None = -1) -> bytes:
        return self._take(self._raw.read(self._limit(size)))

    def read1(self, size: int = -1) -> bytes:
        return self._take(self._raw.read1(self._limit(size)))

    def readinto(self, buffer) -> int:
        view = memoryview(buffer)[:self._limit(len(buffer))]
        count = self._raw.readinto(view)
        self._left -= count or 0
        return count

    def peek(self, size: int = 0) -> bytes:
        return self._raw.peek(size)[:max(self._left, 0)]

    def close(self) -> None:
        self._raw.close()

    def flush(self) -> None:
        pass


class _CappedResponse(http.client.HTTPResponse):
    def __init__(self, sock, *args, **kwargs):
        super().__init__(sock, *args, **kwargs)
        self.fp = _CappedReader(self.fp, RESPONSE_CAP)


def _connection(scheme: str, host: str, port: int, address: str, ends: float, watchdog: _Watchdog):
    """An http.client connection to `address` that speaks to it as `host` (Host header, SNI, certificate)."""
    cls = _PinnedHTTPS if scheme == "https" else _PinnedHTTP
    return cls(host, port, address=address, watchdog=watchdog)


class _PinnedHTTP(http.client.HTTPConnection):
    response_class = _CappedResponse

    def __init__(self, host: str, port: int, *, address: str, watchdog: _Watchdog, **kwargs):
        super().__init__(host, port, timeout=watchdog.remaining(), **kwargs)
        self._address, self._watchdog = address, watchdog

    def _open(self) -> socket.socket:
        sock = socket.create_connection((self._address, self.port), self._watchdog.remaining())
        self._watchdog.watch(sock)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return sock

    def connect(self) -> None:
        self.sock = self._open()


class _PinnedHTTPS(_PinnedHTTP, http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, *, address: str, watchdog: _Watchdog):
        super().__init__(host, port, address=address, watchdog=watchdog, context=_TLS)

    def connect(self) -> None:
        self.sock = self._context.wrap_socket(self._open(), server_hostname=self.host)
