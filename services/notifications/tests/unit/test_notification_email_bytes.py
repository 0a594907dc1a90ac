"""The email written directly reads back exactly like the EmailMessage the email package builds."""
import copy
import io
import itertools
import uuid
from email import generator, message_from_bytes, policy

import pytest

from notifications.adapters.senders.base import Message
from notifications.adapters.senders.smtp import build_email, email_bytes

SUBJECTS = ["新客户投诉 CP-2026-000001：华强电子", "Claim\r\nBcc: evil@example.com", "", None, "x" * 69, "x" * 70,
            "word " * 30, "中" * 60, "Re: =?utf-8?q?looks_encoded?=", "tab\tand bell\x07"]
BODIES = ["收到投诉。\nComplaint received.", "ascii only\r\nCRLF\rCR\n", "", "x" * 78, "x" * 79,
          ("a long ASCII line " * 10 + "\n") * 12, ("很长的中文行" * 20 + "\n") * 3,
          "From the quality team\n. a dot line\n.\n", "trailing space \nand = signs =3D\n"]
HTMLS = [None, "", "<p>收到投诉 &amp; received</p>", "<p>" + "long html " * 20 + "</p>", "<p>" + "中文" * 60 + "</p>"]


def as_smtplib_sends(mail) -> bytes:
    """What smtplib.send_message puts on the wire for an EmailMessage."""
    out = io.BytesIO()
    generator.BytesGenerator(out).flatten(copy.copy(mail), linesep="\r\n")
    return out.getvalue()


@pytest.mark.parametrize("subject", SUBJECTS)
def test_reads_back_like_the_email_package_message(subject):
    for body, html in itertools.product(BODIES, HTMLS):
        sent = Message(delivery_id=uuid.uuid4(), channel="email", address="li.wei@example.com",
                       subject=subject, body=body, html_body=html)
        envelope_from, envelope_to, raw = email_bytes(sent, "qms@factory.example")
        assert (envelope_from, envelope_to) == ("qms@factory.example", "li.wei@example.com")
        old_raw = as_smtplib_sends(build_email(sent, "qms@factory.example"))
        new, old = (message_from_bytes(r, policy=policy.default) for r in (raw, old_raw))
        assert not new.defects
        for header in ("From", "To", "Subject", "X-QMS-Delivery", "MIME-Version"):
            assert new[header] == old[header], header
        assert new.get_content_type() == old.get_content_type()
        for subtype in ("plain", "html"):
            new_part, old_part = new.get_body((subtype,)), old.get_body((subtype,))
            assert (new_part is None) == (old_part is None)
            if old_part is not None:
                assert new_part.get_content() == old_part.get_content()
                assert new_part["Content-Transfer-Encoding"] == old_part["Content-Transfer-Encoding"]
        # the Subject line itself, folded and encoded, is the email package's
        assert raw.split(b"\r\nDate:")[0].split(b"Subject:")[1] == old_raw.split(b"\r\nDate:")[0].split(b"Subject:")[1]
        assert all(len(line) <= 998 for line in raw.split(b"\r\n"))  # SMTP's line limit


def test_addresses_that_are_not_bare_go_through_the_email_package():
    sent = Message(delivery_id=uuid.uuid4(), channel="email", address="li.wei@example.com", subject="s", body="b")
    assert email_bytes(sent, "QMS <qms@factory.example>") is None
    assert email_bytes(Message(**{**sent.__dict__, "address": "li.wei@example.com\n"}), "qms@x.example") is None
    assert email_bytes(Message(**{**sent.__dict__, "address": "李@example.com"}), "qms@x.example") is None
