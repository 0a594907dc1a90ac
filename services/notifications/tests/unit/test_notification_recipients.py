"""Recipient directory rules: addresses checked when saved, locale, roles, opt-outs."""
import uuid
from datetime import datetime, timedelta, timezone

import pytest
from qms_shared.domain import ValidationFailed

from notifications.domain.events import RecipientSaved
from notifications.domain.recipient import Recipient

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


def test_a_valid_recipient_is_saved_with_version_1_and_an_event(person):
    wei = person(mobile="+8613800138000", department="quality", roles=["quality"], locale="en")
    assert wei.version == 1
    assert wei.events == [RecipientSaved(wei.id, 1)]


@pytest.mark.parametrize("email", ["li.wei@example.com", "a+tag@mail.example.cn", "x@a.io"])
def test_emails_accepted(person, email):
    assert person(email=email).email == email


@pytest.mark.parametrize("email", ["li.wei", "li@", "@example.com", "li wei@example.com",
                                   "li@example", "li@@example.com", "li@-example.com"])
def test_emails_refused(person, email):
    with pytest.raises(ValidationFailed) as caught:
        person(email=email)
    assert "email" in caught.value.extra["errors"]


@pytest.mark.parametrize("mobile", ["+8613800138000", "+14155550123", "+4420123"])  # 7 digits: shortest
def test_e164_numbers_accepted(person, mobile):
    assert person(mobile=mobile).mobile == mobile


@pytest.mark.parametrize("mobile", ["13800138000", "+0861380013800", "+86 138 0013 8000",
                                    "+8613800138000123", "+123456", "+86-13800138000"])
def test_non_e164_numbers_refused(person, mobile):
    with pytest.raises(ValidationFailed) as caught:
        person(mobile=mobile)
    assert "mobile" in caught.value.extra["errors"]


def test_e164_edge_is_fifteen_digits(person):
    assert person(mobile="+123456789012345").mobile == "+123456789012345"
    with pytest.raises(ValidationFailed):
        person(mobile="+1234567890123456")


def test_every_bad_field_is_reported_at_once(person):
    with pytest.raises(ValidationFailed) as caught:
        person(email="nope", mobile="123", locale="fr", roles=["boss"], opt_out=["fax"], name=" ")
    assert set(caught.value.extra["errors"]) == {"email", "mobile", "locale", "roles", "opt_out", "name"}


def test_a_recipient_needs_some_address():
    with pytest.raises(ValidationFailed) as caught:
        Recipient(id=uuid.uuid4(), name="Nobody", at=T0)
    assert "email" in caught.value.extra["errors"]


def test_a_department_head_needs_a_department(person):
    with pytest.raises(ValidationFailed) as caught:
        person(department_head=True)
    assert "department_head" in caught.value.extra["errors"]


def test_update_bumps_version_and_records(person):
    wei = person()
    wei.pull_events()
    wei.update(T0 + timedelta(hours=1), mobile="+8613800138000", opt_out=["sms"])
    assert (wei.mobile, wei.opt_out, wei.version) == ("+8613800138000", ["sms"], 2)
    assert wei.updated_at == T0 + timedelta(hours=1)
    assert wei.pull_events() == [RecipientSaved(wei.id, 2)]


def test_a_refused_update_changes_nothing(person):
    wei = person(mobile="+8613800138000")
    with pytest.raises(ValidationFailed):
        wei.update(T0, mobile="123", locale="en")
    assert (wei.mobile, wei.locale, wei.version) == ("+8613800138000", "zh-CN", 1)


def test_update_refuses_unknown_fields(person):
    with pytest.raises(ValidationFailed) as caught:
        person().update(T0, id=uuid.uuid4())
    assert "id" in caught.value.extra["errors"]


def test_reachable_needs_address_no_opt_out_and_active(person):
    wei = person(mobile="+8613800138000", opt_out=["sms"])
    assert wei.reachable_by("email")
    assert not wei.reachable_by("sms")          # opted out
    assert not wei.reachable_by("webhook")      # no url
    wei.update(T0, active=False)
    assert not wei.reachable_by("email")


def test_webhook_url_must_be_http(person):
    assert person(webhook_url="https://erp.example.com/hooks/qms").reachable_by("webhook")
    with pytest.raises(ValidationFailed):
        person(webhook_url="ftp://erp.example.com")


def test_is_head_of_only_own_department(person):
    head = person(department="quality", department_head=True)
    assert head.is_head_of("quality")
    assert not head.is_head_of("sales")
    assert not person(department="quality").is_head_of("quality")
