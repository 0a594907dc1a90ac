"""Command handlers for the directory: recipients, rules, templates and the default set."""
from __future__ import annotations

import uuid
from typing import Any

from qms_shared.domain import Conflict, PreconditionFailed

from ..domain import commands
from ..domain.defaults import default_rules, default_templates
from ..domain.recipient import Recipient
from ..domain.rule import Audience, Rule
from ..domain.template import Template


def _check_version(item, expected: int | None) -> None:
    if expected is not None and item.version != expected:
        raise PreconditionFailed(f"It is at version {item.version}, not {expected}: reload and retry")


def register_recipient(cmd: commands.RegisterRecipient, *, uow, clock, **_) -> Recipient:
    """Add a recipient; addresses are checked by the domain."""
    with uow:
        recipient = Recipient(id=uuid.uuid4(), at=clock(), **cmd.fields)
        uow.recipients.add(recipient)
        uow.commit()
    return recipient


def update_recipient(cmd: commands.UpdateRecipient, *, uow, clock, **_) -> Recipient:
    """Change a recipient."""
    with uow:
        recipient = uow.recipients.get(cmd.recipient_id)
        _check_version(recipient, cmd.expected_version)
        recipient.update(clock(), **cmd.changes)
        uow.commit()
    return recipient


def _rule_fields(fields: dict[str, Any]) -> dict[str, Any]:
    if isinstance(fields.get("audience"), dict):
        fields = {**fields, "audience": Audience.from_dict(fields["audience"])}
    return fields


def create_rule(cmd: commands.CreateRule, *, uow, clock, **_) -> Rule:
    """Add a rule with a name no other rule has."""
    with uow:
        if uow.rules.by_name(cmd.fields["name"]) is not None:
            raise Conflict(f"A rule called {cmd.fields['name']!r} exists already")
        rule = Rule(id=uuid.uuid4(), at=clock(), **_rule_fields(cmd.fields))
        uow.rules.add(rule)
        uow.commit()
    return rule


def update_rule(cmd: commands.UpdateRule, *, uow, clock, **_) -> Rule:
    """Change a rule."""
    with uow:
        rule = uow.rules.get(cmd.rule_id)
        _check_version(rule, cmd.expected_version)
        name = cmd.changes.get("name")
        if name and name != rule.name and uow.rules.by_name(name) is not None:
            raise Conflict(f"A rule called {name!r} exists already")
        rule.update(clock(), **_rule_fields(cmd.changes))
        uow.commit()
    return rule


def create_template(cmd: commands.CreateTemplate, *, uow, clock, renderer, **_) -> Template:
    """Add a template after checking that it renders."""
    with uow:
        template = Template(id=uuid.uuid4(), at=clock(), **cmd.fields)
        renderer.check(template)
        if uow.templates.find(template.event_type, template.channel, template.locale) is not None:
            raise Conflict("A template for this event type, channel and locale exists already: change it instead")
        uow.templates.add(template)
        uow.commit()
    return template


def update_template(cmd: commands.UpdateTemplate, *, uow, clock, renderer, **_) -> Template:
    """Change a template's text; refused with the reason when it no longer renders."""
    with uow:
        template = uow.templates.get(cmd.template_id)
        _check_version(template, cmd.expected_version)
        template.update(clock(), **cmd.changes)
        renderer.check(template)
        uow.commit()
    return template


def load_defaults(cmd: commands.LoadDefaults, *, uow, clock, renderer, **_) -> dict[str, int]:
    """Install the default rules and templates; existing ones stay unless `replace`."""
    now, counts = clock(), {"rules": 0, "templates": 0}
    with uow:
        for rule in default_rules(now):
            if _install(uow.rules, uow.rules.by_name(rule.name), rule, cmd.replace, now):
                counts["rules"] += 1
        for template in default_templates(now):
            renderer.check(template)
            existing = uow.templates.find(template.event_type, template.channel, template.locale)
            if _install(uow.templates, existing, template, cmd.replace, now):
                counts["templates"] += 1
        uow.commit()
    return counts


def _install(repository, existing, default, replace: bool, now) -> bool:
    if existing is None:
        repository.add(default)
        return True
    if not replace:
        return False
    editable = ("subject", "body", "html_body") if isinstance(default, Template) else (
        "event_type", "audience", "channels", "template", "escalate", "conditions")
    existing.update(now, **{name: getattr(default, name) for name in editable})
    return True


HANDLERS = {
    commands.RegisterRecipient: register_recipient,
    commands.UpdateRecipient: update_recipient,
    commands.CreateRule: create_rule,
    commands.UpdateRule: update_rule,
    commands.CreateTemplate: create_template,
    commands.UpdateTemplate: update_template,
    commands.LoadDefaults: load_defaults,
}
