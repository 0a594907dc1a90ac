"""Templates rendered within limits of output, loop iterations and wall time: on save as with real data."""
import time
import uuid

import pytest
from qms_shared.domain import ValidationFailed

from notifications.adapters.templates import RenderFailed, TemplateRenderer
from notifications.adapters.template_limits import TemplateLimits
from notifications.domain.template import Template

from conftest import T0

NESTED = "{% for i in range(100000) %}{% for j in range(100000) %}{{ j }}{% endfor %}{% endfor %}"


def template(body, channel="webhook"):
    return Template(id=uuid.uuid4(), event_type="default", channel=channel, locale="en", body=body, at=T0)


@pytest.mark.parametrize("body, limit", [
    ("{{ 'x' * 1.5e9 }}", "output limit"),
    ("{{ 'x' * n }}", "output limit"),
    ("{{ 'x'|center(1500000000) }}", "output limit"),
    ("{{ 'x'.rjust(1500000000) }}", "output limit"),
    ("{{ '{:>1500000000}'.format('x') }}", "output limit"),
    ("{{ '%1500000000s' % 'x' }}", "output limit"),
    ("{% set ns = namespace(s='xx') %}{% for i in range(60) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
     "output limit"),
    ("{{ (('x' * 50000)|replace('x', 'xxxx')) }}", "output limit"),
    ("{% for i in range(5000) %}{{ 'x' * 50 }}{% endfor %}", "output limit"),
    (NESTED.replace("{{ j }}", ""), "loop iterations"),
])
def test_what_would_exhaust_the_worker_fails_fast_with_the_limit_named(body, limit):
    started = time.monotonic()
    with pytest.raises(RenderFailed, match=f"template exceeded .*{limit}") as failed:
        TemplateRenderer().render(template(body), {"n": 1_500_000_000})
    assert failed.value.exceeded and time.monotonic() - started < 2


def test_a_slow_template_is_stopped_at_the_time_limit():
    slow = "{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}{{ f(40) }}"
    renderer = TemplateRenderer(TemplateLimits(steps=10**9, seconds=0.3))
    started = time.monotonic()
    with pytest.raises(RenderFailed, match="template exceeded the time limit of 0.3 s"):
        renderer.render(template(slow), {})
    assert time.monotonic() - started < 1.5


def test_a_template_past_its_limits_with_the_sample_data_is_refused_on_save():
    with pytest.raises(ValidationFailed) as refused:
        TemplateRenderer().check(template(NESTED))
    assert "template exceeded" in refused.value.extra["errors"]["body"][0]


def test_ordinary_templates_and_big_numbers_still_render():
    text = TemplateRenderer().render(template(
        "{{ customer.name }} {{ loss|int }} {{ '%5s|' % 'x' }} {{ '{:>4}'.format(7) }} "
        "{% for item in items %}{{ loop.index }}{{ item ~ '!' }}{% endfor %} {{ 'ab' * 2 }}"),
        {"customer": {"name": "华强电子"}, "loss": 2_000_000, "items": ["a", "b"]})
    assert text.body == "华强电子 2000000     x|    7 1a!2b! abab"
