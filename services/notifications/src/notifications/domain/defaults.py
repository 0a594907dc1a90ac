"""The default rule set and templates (zh-CN and en) for the other services' events, from data.

Ids are derived from names (uuid5), so loading the defaults twice finds the same rows again.
"""
from __future__ import annotations

import html
import json
import uuid
from datetime import datetime
from importlib import resources
from typing import Any

from .rule import Audience, Rule
from .template import Template
from .vocabulary import EMAIL, SMS

_NAMESPACE = uuid.UUID("6f1c9a52-3a57-4b53-9f0e-8d1c2b7a4e10")


def default_rules(at: datetime) -> list[Rule]:
    """One Rule per entry of `data/default_rules.json`."""
    return [_rule(entry, at) for entry in _load("default_rules.json")]


def default_templates(at: datetime) -> list[Template]:
    """An email and an SMS template per event type and locale of `data/default_templates.json`."""
    templates = []
    for event_type, by_locale in _load("default_templates.json").items():
        for locale, text in by_locale.items():
            templates.append(Template(
                id=template_id(event_type, EMAIL, locale), event_type=event_type, channel=EMAIL,
                locale=locale, subject=text["subject"], body=text["text"],
                html_body=_html(text["text"]), at=at))
            templates.append(Template(
                id=template_id(event_type, SMS, locale), event_type=event_type, channel=SMS,
                locale=locale, body=text["sms"], at=at))
    return templates


def rule_id(name: str) -> uuid.UUID:
    """The stable id of the default rule called `name`."""
    return uuid.uuid5(_NAMESPACE, f"rule:{name}")


def template_id(event_type: str, channel: str, locale: str) -> uuid.UUID:
    """The stable id of a default template."""
    return uuid.uuid5(_NAMESPACE, f"template:{event_type}:{channel}:{locale}")


def _rule(entry: dict[str, Any], at: datetime) -> Rule:
    return Rule(id=rule_id(entry["name"]), name=entry["name"], event_type=entry["event_type"],
                audience=Audience.from_dict(entry.get("audience", {})), channels=entry["channels"],
                template=entry.get("template"), escalate=entry.get("escalate", False),
                conditions=entry.get("conditions"), at=at)


def _html(text: str) -> str:
    # Each line of the plain text becomes a paragraph; the values are escaped at render time.
    paragraphs = "".join(f"<p>{html.escape(line, quote=False)}</p>" for line in text.split("\n"))
    return f'<html><body style="font-family:sans-serif">{paragraphs}</body></html>'


def _load(name: str) -> Any:
    return json.loads(resources.files(__package__).joinpath("data", name).read_text("utf-8"))
