"""The shipped default rules and templates are valid, stable and complete."""
from datetime import datetime, timezone

from notifications.domain.defaults import default_rules, default_templates, rule_id
from notifications.domain.template import select_template

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


def test_default_rules_build_and_have_stable_ids():
    rules = default_rules(T0)
    assert len({r.name for r in rules}) == len(rules)
    assert [r.id for r in rules] == [r.id for r in default_rules(T0)]
    assert rules[0].id == rule_id(rules[0].name)


def test_the_events_the_issue_names_are_covered():
    types = {"complaints.complaint.received", "complaints.complaint.overdue",
             "complaints.major_incident.raised", "reviews.review.requested",
             "reviews.contract.accepted", "reviews.production_order.issued",
             "reviews.compliance_hold.placed", "compliance.product.status_changed",
             "compliance.regulation.changed", "compliance.regulation.published"}
    rules = default_rules(T0)
    for event_type in types:
        assert any(r.applies_to(event_type, {"incident_class": "major", "status": "non_compliant"})
                   for r in rules if "webhook" not in r.channels), event_type


def test_every_rule_channel_has_a_template_in_both_locales():
    templates = default_templates(T0)
    for rule in default_rules(T0):
        key = rule.template_key(rule.event_type)
        for channel in set(rule.channels) - {"webhook"}:  # webhooks carry the event itself
            for locale in ("zh-CN", "en"):
                found = select_template(templates, key, channel, locale, "zh-CN")
                assert found is not None and found.event_type == key and found.locale == locale, (key, channel, locale)


def test_email_templates_carry_html_with_the_same_placeholders():
    email = [t for t in default_templates(T0) if t.channel == "email"]
    assert email and all(t.html_body.startswith("<html>") for t in email)
    received = next(t for t in email if t.event_type == "complaints.complaint.received" and t.locale == "en")
    assert "{{ customer.name }}" in received.html_body and "{{ number }}" in received.subject


def test_non_compliance_alerts_only_when_a_product_turns_non_compliant():
    (rule,) = [r for r in default_rules(T0) if r.name == "product-non-compliant"]
    assert rule.applies_to("compliance.product.status_changed", {"status": "non_compliant"})
    assert not rule.applies_to("compliance.product.status_changed", {"status": "compliant"})


def _review_requested(person, data):
    """Who the default rule for review requests tells, and the English e-mail they get, for `data`."""
    from notifications.adapters.templates import TemplateRenderer
    from notifications.domain.audience import resolve_audience
    (rule,) = [r for r in default_rules(T0) if r.event_type == "reviews.review.requested"]
    people = [person("Chen Sales", department="sales"), person("Wu Plant", department="production"),
              person("Zhang Quality", department="quality"), person("Qian Money", department="finance")]
    template = select_template(default_templates(T0), "reviews.review.requested", "email", "en", "zh-CN")
    text = TemplateRenderer().render(template, {"number": "CT-2026-000001", "customer": {"name": "Acme"},
                                                "type": "special", "due_at": "2026-03-04T09:00:00+08:00", **data})
    return [p.name for p in resolve_audience(rule.audience, data, people)], text.body


def test_one_review_request_reaches_every_department_it_names(person):
    told, body = _review_requested(person, {"departments": ["sales", "production", "finance"]})
    assert told == ["Chen Sales", "Wu Plant", "Qian Money"]
    assert "needs the review of sales, production, finance by 2026-03-04" in body


def test_a_version_1_review_request_still_reaches_its_department(person):
    # events written before the upgrade, still in an outbox or a queue, named one department each
    told, body = _review_requested(person, {"department": "quality"})
    assert told == ["Zhang Quality"] and "needs the review of quality by" in body
