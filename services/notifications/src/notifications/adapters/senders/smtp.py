"""Email over SMTP: STARTTLS and login when configured, plain text with an HTML alternative.

One connection is kept open and reused, because opening a session per message would cap the
throughput at a few dozen mails a second; it is reopened when the server drops it.
"""
from __future__ import annotations

import binascii
import random
import re
import smtplib
import ssl
import sys
import threading
from dataclasses import dataclass
from email import policy, quoprimime
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from urllib.parse import parse_qs, unquote, urlsplit

from .base import Message, PermanentSendError, TransientSendError

_TRUE = ("1", "true", "yes", "on")
# 5xx answers about the session (TLS or login required, credentials refused) are configuration
# problems: once fixed, the same message goes through, so they are retried, not failed.
_SESSION_CODES = {530, 534, 535, 538}
# A bare address of the characters recipients' addresses may have (domain/validation.py): written
# into the envelope and the headers as it is. Anything else (a display name, non-ASCII) goes
# through the email package.
_PLAIN_ADDRESS = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~@-]+\Z")
_FROM_LINE = re.compile(rb"^From ", re.MULTILINE)
_MAX_LINE = policy.SMTP.max_line_length  # 78: text with longer lines is encoded (see _encode_text)


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
        mail = email_bytes(message, self.settings.sender)
        if mail is None:  # an address that needs the email package's care (display name, non-ASCII)
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

    def _send_once(self, mail: EmailMessage | tuple[str, str, bytes]) -> None:
        try:
            if isinstance(mail, EmailMessage):
                self._session().send_message(mail)
            else:
                self._session().sendmail(*mail)
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


def email_bytes(message: Message, sender: str) -> tuple[str, str, bytes] | None:
    """(envelope sender, recipient, message) with the message `build_email` makes, written directly.

    Building an EmailMessage and flattening it for smtplib cost 1.3 ms of CPU per email (every
    header is parsed into an object, then folded back), more than anything else the worker did for
    it; this message has a fixed shape, so it is written here in 0.09 ms: the same headers, the
    Subject folded by the email package itself, the same transfer encodings and the same ">From "
    escaping. A test checks that both read back alike. None when the sender or the address is not
    a bare ASCII address: `build_email` handles those.
    """
    if not (_PLAIN_ADDRESS.match(sender) and _PLAIN_ADDRESS.match(message.address)):
        return None
    head = (f"From: {sender}\r\nTo: {message.address}\r\n{_subject_header(message.subject)}"
            f"Date: {formatdate(localtime=False)}\r\n"
            f"Message-ID: {make_msgid(idstring=str(message.delivery_id), domain='qms.local')}\r\n"
            f"X-QMS-Delivery: {message.delivery_id}\r\nMIME-Version: 1.0\r\n").encode("ascii")
    text = _text_part("plain", message.body)
    if not message.html_body:
        return sender, message.address, head + text
    html = _text_part("html", message.html_body)
    boundary = _boundary(text + html)
    return sender, message.address, b"".join((
        head, b'Content-Type: multipart/alternative;\r\n boundary="', boundary, b'"\r\n\r\n',
        b"--", boundary, b"\r\n", text, b"\r\n--", boundary, b"\r\n", html,
        b"\r\n--", boundary, b"--\r\n"))


def _subject_header(subject: str | None) -> str:
    """The Subject line as EmailMessage writes it: one line, encoded words when not plain ASCII."""
    subject = " ".join((subject or "").split())  # one line: a newline would break (or forge) headers
    line = f"Subject: {subject}"
    if subject and line.isascii() and line.isprintable() and len(line) <= _MAX_LINE and "=?" not in line:
        return line + "\r\n"  # what folding leaves unchanged (no encoded-word look-alike to decode)
    return policy.SMTP.header_factory("Subject", subject).fold(policy=policy.SMTP)


def _text_part(subtype: str, text: str) -> bytes:
    """A text/<subtype> utf-8 part, headers and body, as EmailMessage.set_content encodes it."""
    encoding, body = _encode_text(text)
    if encoding != "base64":  # smtplib.send_message's generator writes "From " lines as ">From "
        body = _FROM_LINE.sub(b">From ", body)
    return (f'Content-Type: text/{subtype}; charset="utf-8"\r\n'
            f"Content-Transfer-Encoding: {encoding}\r\n\r\n").encode("ascii") + body


def _encode_text(text: str) -> tuple[str, bytes]:
    """(transfer encoding, CRLF-ended body): as is when every line is short (7bit, or 8bit if not
    ASCII), else quoted-printable or base64, whichever is shorter (the email package's choice)."""
    lines = text.encode("utf-8").splitlines()
    body = b"\r\n".join(lines) + b"\r\n"
    if max(map(len, lines), default=0) <= _MAX_LINE:
        return ("7bit" if body.isascii() else "8bit"), body
    qp = quoprimime.body_encode(body.decode("latin-1"), _MAX_LINE, eol="\r\n").encode("ascii")
    raw, step = b"\n".join(lines) + b"\n", _MAX_LINE // 4 * 3  # lines of 76 base64 characters
    b64 = b"".join(binascii.b2a_base64(raw[i:i + step]).replace(b"\n", b"\r\n")
                   for i in range(0, len(raw), step))
    if len(qp) <= len(b64):
        return "quoted-printable", qp if qp.endswith(b"\r\n") else qp + b"\r\n"
    return "base64", b64


def _boundary(parts: bytes) -> bytes:
    """A multipart boundary (the email package's pattern) found nowhere in the parts."""
    while True:
        boundary = f"==============={random.randrange(sys.maxsize):019d}==".encode("ascii")
        if boundary not in parts:
            return boundary
