"""Webhook signature: HMAC-SHA256 over timestamp and body, verified with a tolerance."""
import hashlib
import hmac

from notifications.domain.signature import sign, verify

BODY = b'{"type":"complaints.complaint.received"}'


def test_signature_is_hmac_sha256_of_timestamp_dot_body():
    expected = hmac.new(b"s3cret", b"1700000000." + BODY, hashlib.sha256).hexdigest()
    assert sign("s3cret", 1700000000, BODY) == "sha256=" + expected


def test_verify_accepts_the_genuine_message_within_tolerance():
    signature = sign("s3cret", 1700000000, BODY)
    assert verify("s3cret", "1700000000", signature, BODY, now=1700000000 + 300)
    assert verify("s3cret", "1700000000", signature, BODY, now=1700000000 - 300)


def test_verify_refuses_old_tampered_or_wrongly_keyed_messages():
    signature = sign("s3cret", 1700000000, BODY)
    assert not verify("s3cret", "1700000000", signature, BODY, now=1700000000 + 301)
    assert not verify("s3cret", "1700000000", signature, BODY + b" ", now=1700000000)
    assert not verify("other", "1700000000", signature, BODY, now=1700000000)
    assert not verify("s3cret", "1700000001", signature, BODY, now=1700000000)
    assert not verify("s3cret", "soon", signature, BODY, now=1700000000)
    assert not verify("s3cret", "1700000000", "", BODY, now=1700000000)
