"""Template validation and selection with fallback across key and locale."""
import uuid
from datetime import datetime, timezone

import pytest
from qms_shared.domain import ValidationFailed

from notifications.domain.template import Template, select_template

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


def tpl(event_type, channel="email", locale="zh-CN", body="b", subject="s", **kw):
    return Template(id=uuid.uuid4(), event_type=event_type, channel=channel, locale=locale,
                    body=body, subject=subject if channel == "email" else None, at=T0, **kw)


@pytest.mark.parametrize("overrides, field", [
    ({"event_type": "Bad Type"}, "event_type"),
    ({"channel": "fax"}, "channel"),
    ({"locale": "fr"}, "locale"),
    ({"body": " "}, "body"),
    ({"subject": None}, "subject"),
])
def test_invalid_templates_name_the_field(overrides, field):
    fields = dict(id=uuid.uuid4(), event_type="complaints.complaint.received", channel="email",
                  locale="en", body="b", subject="s", at=T0)
    fields.update(overrides)
    with pytest.raises(ValidationFailed) as caught:
        Template(**fields)
    assert field in caught.value.extra["errors"]


def test_html_only_for_email():
    with pytest.raises(ValidationFailed) as caught:
        tpl("x.y", channel="sms", html_body="<p>x</p>")
    assert "html_body" in caught.value.extra["errors"]


def test_sms_template_length_edge():
    assert tpl("x.y", channel="sms", body="a" * 1000)
    with pytest.raises(ValidationFailed):
        tpl("x.y", channel="sms", body="a" * 1001)


def test_update_keeps_key_and_bumps_version():
    template = tpl("x.y")
    template.update(T0, subject="new", body="new body")
    assert (template.subject, template.version) == ("new", 2)
    with pytest.raises(ValidationFailed):
        template.update(T0, locale="en")
    with pytest.raises(ValidationFailed):
        template.update(T0, body="")
    assert template.body == "new body" and template.version == 2


def test_sources_lists_the_texts_to_check():
    assert tpl("x.y", html_body="<p/>").sources == {"subject": "s", "body": "b", "html_body": "<p/>"}


KEY = "complaints.complaint.received"


def test_exact_key_and_locale_first():
    exact_en, exact_zh = tpl(KEY, locale="en"), tpl(KEY, locale="zh-CN")
    templates = [tpl("default", locale="en"), tpl("complaints.#", locale="en"), exact_zh, exact_en]
    assert select_template(templates, KEY, "email", "en", "zh-CN") is exact_en


def test_locale_falls_back_to_the_service_locale_then_any():
    zh, only_en = tpl(KEY, locale="zh-CN"), tpl(KEY, locale="en")
    assert select_template([zh], KEY, "email", "en", "zh-CN") is zh
    assert select_template([only_en], KEY, "email", "zh-CN", "zh-CN") is only_en


def test_an_exact_key_in_another_locale_beats_a_pattern_in_the_right_one():
    exact_zh, pattern_en = tpl(KEY, locale="zh-CN"), tpl("complaints.#", locale="en")
    assert select_template([pattern_en, exact_zh], KEY, "email", "en", "zh-CN") is exact_zh


def test_most_specific_pattern_then_default():
    star, hash_, default = tpl("complaints.*.received"), tpl("complaints.#"), tpl("default")
    assert select_template([default, hash_, star], KEY, "email", "zh-CN", "zh-CN") is star
    assert select_template([default, hash_], KEY, "email", "zh-CN", "zh-CN") is hash_
    assert select_template([default, tpl("reviews.#")], KEY, "email", "zh-CN", "zh-CN") is default


def test_other_channels_never_serve_and_none_when_nothing_fits():
    assert select_template([tpl(KEY, channel="sms")], KEY, "email", "zh-CN", "zh-CN") is None
    assert select_template([], KEY, "email", "zh-CN", "zh-CN") is None
