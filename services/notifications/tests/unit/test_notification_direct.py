"""Direct notifications: to recipients or to one address that suits the channel."""
import uuid

import pytest
from qms_shared.domain import ValidationFailed

from notifications.domain.direct import DirectNotification


@pytest.mark.parametrize("request_", [
    DirectNotification(channel="email", subject="Hi", body="b", to={"email": "a@example.com"}),
    DirectNotification(channel="sms", body="b", to={"mobile": "+8613800138000"}),
    DirectNotification(channel="webhook", body="{}", to={"url": "http://127.0.0.1:8080/h"}),
    DirectNotification(channel="sms", body="b", recipient_ids=(uuid.uuid4(),)),
])
def test_valid_requests(request_):
    request_.validate()


@pytest.mark.parametrize("request_, field", [
    (DirectNotification(channel="fax", body="b", to={"email": "a@example.com"}), "channel"),
    (DirectNotification(channel="email", body="b", to={"email": "a@example.com"}), "subject"),
    (DirectNotification(channel="sms", body=" ", to={"mobile": "+8613800138000"}), "body"),
    (DirectNotification(channel="sms", body="b"), "recipient_ids"),
    (DirectNotification(channel="sms", body="b", to={"mobile": "+8613800138000"},
                        recipient_ids=(uuid.uuid4(),)), "recipient_ids"),
    (DirectNotification(channel="sms", body="b", to={"email": "a@example.com"}), "to.mobile"),
    (DirectNotification(channel="sms", body="b", to={"mobile": "13800138000"}), "to.mobile"),
    (DirectNotification(channel="email", subject="s", body="b", to={"email": "nope"}), "to.email"),
    (DirectNotification(channel="webhook", body="{}", to={"url": "file:///etc/passwd"}), "to.url"),
    (DirectNotification(channel="webhook", body="not json", to={"url": "http://127.0.0.1/h"}), "body"),
])
def test_invalid_requests_name_the_field(request_, field):
    with pytest.raises(ValidationFailed) as caught:
        request_.validate()
    assert field in caught.value.extra["errors"]
