"""SMTP sender against a real aiosmtpd server on 127.0.0.1, read back from what it received."""
import ssl
import subprocess
import uuid

import pytest
from aiosmtpd.smtp import AuthResult, LoginPassword

from notifications.adapters.senders.base import Message, PermanentSendError, TransientSendError
from notifications.adapters.senders.smtp import SmtpSender, SmtpSettings


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-keyout", str(key), "-out", str(cert), "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
                   check=True, capture_output=True)
    return cert, key


def text_of(mail, subtype):
    return mail.get_body((subtype,)).get_content().replace("\r\n", "\n")


def message(address="li.wei@example.com", **overrides):
    fields = dict(delivery_id=uuid.uuid4(), channel="email", address=address,
                  subject="新客户投诉 CP-2026-000001：华强电子", body="收到投诉。\nComplaint received.",
                  html_body="<p>收到投诉 &amp; received</p>")
    fields.update(overrides)
    return Message(**fields)


def test_sends_text_and_html_that_the_server_receives(smtp_server):
    inbox, server = smtp_server
    sender = SmtpSender(SmtpSettings(port=server.port, sender="qms@factory.example"))
    sent = message()
    sender.send(sent)
    sender.close()
    (mail,) = inbox.messages
    assert mail["From"] == "qms@factory.example" and mail["To"] == "li.wei@example.com"
    assert mail["Subject"] == "新客户投诉 CP-2026-000001：华强电子"
    assert mail["X-QMS-Delivery"] == str(sent.delivery_id)
    # SMTP carries CRLF line ends; the text itself must be unchanged.
    assert text_of(mail, "plain") == "收到投诉。\nComplaint received.\n"
    assert text_of(mail, "html") == "<p>收到投诉 &amp; received</p>\n"


def test_a_sender_with_a_display_name_is_written_by_the_email_package(smtp_server):
    inbox, server = smtp_server
    SmtpSender(SmtpSettings(port=server.port, sender="QMS 通知 <qms@factory.example>")).send(message())
    (mail,) = inbox.messages
    assert mail["From"].addresses[0].display_name == "QMS 通知"
    assert mail["From"].addresses[0].addr_spec == "qms@factory.example"
    assert mail["Subject"] == "新客户投诉 CP-2026-000001：华强电子"
    assert text_of(mail, "plain") == "收到投诉。\nComplaint received.\n"


def test_a_subject_with_newlines_stays_one_header(smtp_server):
    inbox, server = smtp_server
    SmtpSender(SmtpSettings(port=server.port)).send(message(subject="Claim\r\nBcc: evil@example.com"))
    (mail,) = inbox.messages
    assert mail["Subject"] == "Claim Bcc: evil@example.com" and mail["Bcc"] is None


def test_text_only_when_there_is_no_html(smtp_server):
    inbox, server = smtp_server
    SmtpSender(SmtpSettings(port=server.port)).send(message(html_body=None))
    (mail,) = inbox.messages
    assert mail.get_content_type() == "text/plain"


def test_one_session_is_reused_for_many_messages(smtp_server):
    inbox, server = smtp_server
    sender = SmtpSender(SmtpSettings(port=server.port))
    for n in range(5):
        sender.send(message(address=f"user{n}@example.com"))
    assert [m["To"] for m in inbox.messages] == [f"user{n}@example.com" for n in range(5)]
    assert len({session for session, _, _ in inbox.sessions}) == 1


def test_reconnects_when_the_server_dropped_the_session(smtp_server):
    inbox, server = smtp_server
    sender = SmtpSender(SmtpSettings(port=server.port))
    sender.send(message(address="first@example.com"))
    server.stop()          # the server goes away and comes back on the same port
    server.start()
    sender.send(message(address="second@example.com"))
    assert [m["To"] for m in inbox.messages] == ["first@example.com", "second@example.com"]


def test_refused_recipient_is_permanent_and_busy_mailbox_transient(smtp_server):
    _, server = smtp_server
    sender = SmtpSender(SmtpSettings(port=server.port))
    with pytest.raises(PermanentSendError, match="550"):
        sender.send(message(address="nobody@example.com"))
    with pytest.raises(TransientSendError, match="451"):
        sender.send(message(address="busy@example.com"))
    sender.send(message())     # the session still works afterwards


def test_unreachable_server_is_transient(unused_port):
    sender = SmtpSender(SmtpSettings(port=unused_port, timeout=2))
    with pytest.raises(TransientSendError, match="unreachable"):
        sender.send(message())


@pytest.fixture
def secure_server(certificate, start_smtp):
    cert, key = certificate
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls.load_cert_chain(cert, key)

    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and auth_data == (b"qms", b"s3cret p@ss")
        return AuthResult(success=ok, handled=False)  # not handled: aiosmtpd answers 535 itself

    inbox, server = start_smtp(tls_context=tls, require_starttls=True, authenticator=authenticate,
                               auth_required=True)
    return inbox, server, ssl.create_default_context(cafile=str(cert))


def test_starttls_and_login_from_the_url(secure_server):
    inbox, server, client_tls = secure_server
    url = f"smtp://qms:s3cret%20p%40ss@127.0.0.1:{server.port}?starttls=true&from=qms@factory.example"
    sender = SmtpSender(SmtpSettings.from_url(url), ssl_context=client_tls)
    sender.send(message())
    assert len(inbox.messages) == 1
    assert inbox.sessions[0][1:] == (True, True)      # over TLS, authenticated


def test_wrong_password_is_transient_so_fixing_the_config_lets_it_through(secure_server):
    inbox, server, client_tls = secure_server
    settings = SmtpSettings(port=server.port, starttls=True, username="qms", password="wrong")
    with pytest.raises(TransientSendError, match="login refused"):
        SmtpSender(settings, ssl_context=client_tls).send(message())
    assert inbox.messages == []


def test_a_server_requiring_starttls_refuses_plain_sessions(secure_server):
    inbox, server, _ = secure_server
    with pytest.raises(TransientSendError):
        SmtpSender(SmtpSettings(port=server.port)).send(message())
    assert inbox.messages == []
