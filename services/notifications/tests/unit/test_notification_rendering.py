"""Sandboxed rendering: values filled in, HTML escaped, unsafe templates refused when saved."""
import uuid
from datetime import datetime, timezone

import pytest
from qms_shared.domain import ValidationFailed

from notifications.adapters.templates import SMS_MAX_CHARS, RenderFailed, TemplateRenderer
from notifications.domain.defaults import default_templates
from notifications.domain.template import Template

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
renderer = TemplateRenderer()


def tpl(body, channel="email", subject="S {{ number }}", html_body=None):
    return Template(id=uuid.uuid4(), event_type="x.y.z", channel=channel, locale="en", body=body,
                    subject=subject if channel == "email" else None, html_body=html_body, at=T0)


def test_renders_subject_text_and_escaped_html():
    template = tpl("Complaint {{ number }} from {{ customer.name }}",
                   html_body="<p>{{ customer.name }}</p>")
    out = renderer.render(template, {"number": "CP-1", "customer": {"name": "A&B <Ltd>"}})
    assert out.subject == "S CP-1"
    assert out.body == "Complaint CP-1 from A&B <Ltd>"          # plain text is not escaped
    assert out.html_body == "<p>A&amp;B &lt;Ltd&gt;</p>"         # HTML is


def test_missing_fields_render_empty_even_when_nested():
    out = renderer.render(tpl("[{{ customer.name }}][{{ a.b.c }}]"), {})
    assert out.body == "[][]"


def test_subject_is_one_line():
    out = renderer.render(tpl("b", subject="{{ x }}"), {"x": "line one\r\nBcc: evil@example.com"})
    assert out.subject == "line one Bcc: evil@example.com"


def test_sms_is_cut_to_the_limit():
    out = renderer.render(tpl("{{ text }}", channel="sms"), {"text": "字" * (SMS_MAX_CHARS + 50)})
    assert len(out.body) == SMS_MAX_CHARS


@pytest.mark.parametrize("body, reason", [
    ("{{ number ", "TemplateSyntaxError"),
    ("{% for x in y %}", "TemplateSyntaxError"),
    ("{{ ''.__class__.__mro__ }}", "SecurityError"),
    ("{{ cycler.__init__.__globals__ }}", "SecurityError"),
    ("{{ 1 / 0 }}", "ZeroDivisionError"),
    ("{{ 'x' | no_such_filter }}", "TemplateAssertionError"),
])
def test_check_refuses_templates_that_do_not_render_and_says_why(body, reason):
    with pytest.raises(ValidationFailed) as caught:
        renderer.check(tpl(body))
    assert reason in caught.value.extra["errors"]["body"][0]


def test_check_reports_each_broken_part():
    with pytest.raises(ValidationFailed) as caught:
        renderer.check(tpl("ok", subject="{{ broken", html_body="{% if %}"))
    assert set(caught.value.extra["errors"]) == {"subject", "html_body"}


def test_render_raises_render_failed_on_bad_data():
    with pytest.raises(RenderFailed) as caught:
        renderer.render(tpl("{{ n + 1 }}"), {"n": "text"})
    assert caught.value.field == "body"


def test_every_default_template_passes_the_check_and_renders_chinese():
    for template in default_templates(T0):
        renderer.check(template)
    received = next(t for t in default_templates(T0) if t.event_type == "complaints.complaint.received"
                    and t.channel == "email" and t.locale == "zh-CN")
    out = renderer.render(received, {"number": "CP-2026-000007", "customer": {"name": "华强电子"},
                                     "owner_department": "quality"})
    assert out.subject == "新客户投诉 CP-2026-000007：华强电子"
    assert "责任部门：quality" in out.body and "<p>收到客户 华强电子" in out.html_body
