"""SMS gateway and webhook senders against a real http.server on 127.0.0.1."""
import json
import time
import uuid

import pytest

from notifications.adapters.outbound import OutboundGuard
from notifications.adapters.senders.base import Message, PermanentSendError, TransientSendError
from notifications.adapters.senders.sms import JsonHttpProvider, SmsSender, build_provider
from notifications.adapters.senders.webhook import WebhookSender
from notifications.domain.signature import verify

LOOPBACK = OutboundGuard("127.0.0.1/32")  # the receiver listens there


def sms(address="+8613800138000", body="【QMS】新投诉CP-2026-000001"):
    return Message(delivery_id=uuid.uuid4(), channel="sms", address=address, body=body)


def hook(url, body='{"type": "complaints.complaint.received", "data": {"number": "CP-1"}}', secret=None):
    return Message(delivery_id=uuid.uuid4(), channel="webhook", address=url, body=body,
                   event_type="complaints.complaint.received", secret=secret)


class TestSms:
    def test_gateway_receives_number_text_reference_and_token(self, receiver):
        sender = SmsSender(build_provider("json", receiver.url("/sms/send"), token="t0k"))
        message = sms()
        sender.send(message)
        ((path, headers, body),) = receiver.requests
        assert path == "/sms/send"
        assert headers["Authorization"] == "Bearer t0k"
        assert json.loads(body) == {"to": "+8613800138000", "text": "【QMS】新投诉CP-2026-000001",
                                    "reference": str(message.delivery_id)}

    @pytest.mark.parametrize("status", [500, 503, 429, 408])
    def test_gateway_trouble_is_transient(self, receiver, status):
        receiver.statuses = [status]
        with pytest.raises(TransientSendError, match=str(status)):
            SmsSender(JsonHttpProvider(receiver.url())).send(sms())

    @pytest.mark.parametrize("status", [400, 401, 404, 422])
    def test_refusals_are_permanent(self, receiver, status):
        receiver.statuses = [status]
        with pytest.raises(PermanentSendError, match=str(status)):
            SmsSender(JsonHttpProvider(receiver.url())).send(sms())

    def test_unreachable_gateway_is_transient(self, closed_url):
        with pytest.raises(TransientSendError, match="unreachable"):
            SmsSender(JsonHttpProvider(closed_url, timeout=2)).send(sms())

    def test_a_slow_gateway_times_out_as_transient(self, receiver):
        receiver.delay = 1.0
        with pytest.raises(TransientSendError, match="did not answer within 0.2 s"):
            SmsSender(JsonHttpProvider(receiver.url(), timeout=0.2)).send(sms())

    def test_a_number_that_is_not_e164_never_reaches_the_gateway(self, receiver):
        with pytest.raises(PermanentSendError):
            SmsSender(JsonHttpProvider(receiver.url())).send(sms(address="13800138000"))
        assert receiver.requests == []

    def test_unknown_provider_is_a_configuration_error(self):
        with pytest.raises(ValueError, match="json"):
            build_provider("carrier-pigeon", "http://127.0.0.1/")


class TestWebhook:
    def test_the_receiver_can_verify_the_signature(self, receiver):
        sender = WebhookSender("default-secret", guard=LOOPBACK, clock=lambda: 1_800_000_000.7)
        message = hook(receiver.url("/hooks/qms"))
        sender.send(message)
        ((path, headers, body),) = receiver.requests
        assert path == "/hooks/qms" and body == message.body.encode()
        assert headers["Content-Type"] == "application/json"
        assert headers["X-QMS-Timestamp"] == "1800000000"
        assert headers["X-QMS-Delivery"] == str(message.delivery_id)
        assert headers["X-QMS-Event-Type"] == "complaints.complaint.received"
        assert verify("default-secret", headers["X-QMS-Timestamp"], headers["X-QMS-Signature"],
                      body, now=1_800_000_010)
        assert not verify("other-secret", headers["X-QMS-Timestamp"], headers["X-QMS-Signature"],
                          body, now=1_800_000_010)

    def test_a_recipient_secret_wins_over_the_default(self, receiver):
        WebhookSender("default-secret", guard=LOOPBACK).send(hook(receiver.url(), secret="erp-secret"))
        ((_, headers, body),) = receiver.requests
        assert verify("erp-secret", headers["X-QMS-Timestamp"], headers["X-QMS-Signature"], body,
                      now=time.time())

    def test_non_ascii_bodies_are_signed_as_the_bytes_sent(self, receiver):
        WebhookSender("s", guard=LOOPBACK).send(hook(receiver.url(), body='{"customer": "华强电子"}'))
        ((_, headers, body),) = receiver.requests
        assert json.loads(body) == {"customer": "华强电子"}
        assert verify("s", headers["X-QMS-Timestamp"], headers["X-QMS-Signature"], body, now=time.time())

    def test_server_errors_retry_and_client_errors_fail(self, receiver):
        sender = WebhookSender("s", guard=LOOPBACK)
        receiver.statuses = [503, 410]
        with pytest.raises(TransientSendError, match="503"):
            sender.send(hook(receiver.url()))
        with pytest.raises(PermanentSendError, match="410"):
            sender.send(hook(receiver.url()))

    def test_unreachable_receiver_is_transient(self, closed_url):
        with pytest.raises(TransientSendError):
            WebhookSender("s", timeout=2, guard=LOOPBACK).send(hook(closed_url))

    def test_never_sends_unsigned(self, receiver):
        with pytest.raises(PermanentSendError, match="secret"):
            WebhookSender("", guard=LOOPBACK).send(hook(receiver.url()))
        assert receiver.requests == []
