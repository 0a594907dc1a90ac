"""Email over SMTP: STARTTLS and login when configured, plain text with an HTML alternative.

One connection is kept open and reused, because opening a session per message would cap the
throughput at a few dozen mails a second; it is reopened when the server drops it.
"""
from __future__ import annotations

import smtplib
import ssl
import threading
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from urllib.parse import parse_qs, unquote, urlsplit

from .base import Message, PermanentSendError, TransientSendError

_TRUE = ("1", "true", "yes", "on")
# 5xx answers about the session (TLS or login required, credentials refused) are configuration
# problems: once fixed, the same message goes through, so they are retried, not failed.
_SESSION_CODES = {530, 534, 535, 538}


@dataclass(frozen=True)
class SmtpSettings:
    """Where and how to reach the SMTP server."""

    host: str = "127.0.0.1"
    port: int = 25
    starttls: bool = False
    implicit_tls: bool = False
    username: str | None = None
    password: str | None = None
    sender: str = "qms@localhost"
    timeout: float = 10.0

    @classmethod
    def from_url(cls, url: str) -> "SmtpSettings":
        """Parse `smtp://user:pass@host:port?starttls=true&from=qms@example.com` (smtps:// = TLS)."""
        parts = urlsplit(url)
        if parts.scheme not in ("smtp", "smtps"):
            raise ValueError(f"SMTP_URL must start with smtp:// or smtps://, not {parts.scheme}://")
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        implicit = parts.scheme == "smtps"
        return cls(host=parts.hostname or "127.0.0.1", port=parts.port or (465 if implicit else 25),
                   starttls=query.get("starttls", "").lower() in _TRUE, implicit_tls=implicit,
                   username=unquote(parts.username) if parts.username else None,
                   password=unquote(parts.password) if parts.password else None,
                   sender=query.get("from", "qms@localhost"),
                   timeout=float(query.get("timeout", 10)))


class SmtpSender:
    """Sends email messages through one reused SMTP session."""

    def __init__(self, settings: SmtpSettings, ssl_context: ssl.SSLContext | None = None):
        self.settings = settings
        self.ssl_context = ssl_context or ssl.create_default_context()
        self._client: smtplib.SMTP | None = None
        self._lock = threading.Lock()

    def send(self, message: Message) -> None:
        """Send; a dropped session is reopened once before the failure counts."""
        mail = build_email(message, self.settings.sender)
        with self._lock:
            for attempt in (1, 2):
                try:
                    self._send_once(mail)
                    return
                except smtplib.SMTPServerDisconnected as error:
                    self._drop()
                    if attempt == 2:
                        raise TransientSendError(f"SMTP server closed the connection: {error}") from error

    def close(self) -> None:
        """Say QUIT and forget the session."""
        with self._lock:
            if self._client is not None:
                try:
                    self._client.quit()
                except (smtplib.SMTPException, OSError):
                    pass
            self._client = None

    def _send_once(self, mail: EmailMessage) -> None:
        try:
            self._session().send_message(mail)
        except smtplib.SMTPServerDisconnected:
            raise
        except smtplib.SMTPRecipientsRefused as error:
            self._raise_for(min(code for code, _ in error.recipients.values()), str(error.recipients))
        except smtplib.SMTPAuthenticationError as error:
            self._drop()  # wrong credentials are configuration: retry once someone fixes them
            raise TransientSendError(f"SMTP login refused: {error.smtp_code} {error.smtp_error!r}") from error
        except smtplib.SMTPResponseException as error:
            self._drop()
            self._raise_for(error.smtp_code, repr(error.smtp_error))
        except (smtplib.SMTPException, OSError) as error:
            self._drop()
            raise TransientSendError(f"SMTP server unreachable: {error}") from error

    @staticmethod
    def _raise_for(code: int, detail: str) -> None:
        if 500 <= code < 600 and code not in _SESSION_CODES:
            raise PermanentSendError(f"SMTP {code}: {detail}")
        raise TransientSendError(f"SMTP {code}: {detail}")

    def _session(self) -> smtplib.SMTP:
        if self._client is None:
            self._client = self._connect()
        return self._client

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        if s.implicit_tls:
            client = smtplib.SMTP_SSL(s.host, s.port, timeout=s.timeout, context=self.ssl_context)
        else:
            client = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
        try:
            client.ehlo()
            if s.starttls and not s.implicit_tls:
                client.starttls(context=self.ssl_context)
                client.ehlo()
            if s.username:
                client.login(s.username, s.password or "")
        except BaseException:
            client.close()
            raise
        return client

    def _drop(self) -> None:
        if self._client is not None:
            try:
                self._client.close()
            except OSError:
                pass
        self._client = None


def build_email(message: Message, sender: str) -> EmailMessage:
    """A MIME message: text/plain first, text/html as the alternative when there is one."""
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = message.address
    # A header is one line: a newline in a directly sent subject would break (or forge) headers.
    mail["Subject"] = " ".join((message.subject or "").split())
    mail["Date"] = formatdate(localtime=False)
    mail["Message-ID"] = make_msgid(idstring=str(message.delivery_id), domain="qms.local")
    mail["X-QMS-Delivery"] = str(message.delivery_id)
    mail.set_content(message.body)
    if message.html_body:
        mail.add_alternative(message.html_body, subtype="html")
    return mail
