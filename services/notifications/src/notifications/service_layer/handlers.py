"""Command handlers for the directory: recipients, rules, templates and the default set."""
from __future__ import annotations

import uuid
from typing import Any

from qms_shared.domain import Conflict, FieldErrors

from ..domain import commands
from ..domain.defaults import default_rules, default_templates
from ..domain.recipient import Recipient
from ..domain.rule import Audience, Rule
from ..domain.template import Template
from .dependencies import Dependencies


def check_destinations(deps: Dependencies, urls: dict[str, str | None]) -> None:
    """422 naming each field whose URL's host is (or resolves to) an address the service may not send to."""
    errors = FieldErrors()
    for name, url in urls.items():
        why = deps.outbound.check_url(url) if url else None
        errors.check(why is None, name, why or "")
    errors.raise_if_any("Destination not allowed")


def register_recipient(cmd: commands.RegisterRecipient, *, uow, deps: Dependencies) -> Recipient:
    """Add a recipient; addresses are checked by the domain, the webhook's host against the network rules."""
    with uow:
        recipient = Recipient(id=uuid.uuid4(), at=deps.clock(), **cmd.fields)
        check_destinations(deps, {"webhook_url": recipient.webhook_url})
        uow.recipients.add(recipient)
        uow.commit()
    return recipient


def update_recipient(cmd: commands.UpdateRecipient, *, uow, deps: Dependencies) -> Recipient:
    """Change a recipient."""
    with uow:
        recipient = uow.recipients.get(cmd.recipient_id)
        recipient.update(deps.clock(), expected_version=cmd.expected_version, **cmd.changes)
        if "webhook_url" in cmd.changes:
            check_destinations(deps, {"webhook_url": recipient.webhook_url})
        uow.commit()
    return recipient


def _rule_fields(fields: dict[str, Any]) -> dict[str, Any]:
    if isinstance(fields.get("audience"), dict):
        fields = {**fields, "audience": Audience.from_dict(fields["audience"])}
    return fields


def create_rule(cmd: commands.CreateRule, *, uow, deps: Dependencies) -> Rule:
    """Add a rule with a name no other rule has."""
    with uow:
        if uow.rules.by_name(cmd.fields["name"]) is not None:
            raise Conflict(f"A rule called {cmd.fields['name']!r} exists already")
        rule = Rule(id=uuid.uuid4(), at=deps.clock(), **_rule_fields(cmd.fields))
        uow.rules.add(rule)
        uow.commit()
    return rule


def update_rule(cmd: commands.UpdateRule, *, uow, deps: Dependencies) -> Rule:
    """Change a rule."""
    with uow:
        rule = uow.rules.get(cmd.rule_id)
        rule.check_version(cmd.expected_version)  # a stale If-Match is 412 before any other answer
        name = cmd.changes.get("name")
        if name and name != rule.name and uow.rules.by_name(name) is not None:
            raise Conflict(f"A rule called {name!r} exists already")
        rule.update(deps.clock(), expected_version=cmd.expected_version, **_rule_fields(cmd.changes))
        uow.commit()
    return rule


def create_template(cmd: commands.CreateTemplate, *, uow, deps: Dependencies) -> Template:
    """Add a template after checking that it renders."""
    with uow:
        template = Template(id=uuid.uuid4(), at=deps.clock(), **cmd.fields)
        deps.renderer.check(template)
        if uow.templates.find(template.event_type, template.channel, template.locale) is not None:
            raise Conflict("A template for this event type, channel and locale exists already: change it instead")
        uow.templates.add(template)
        uow.commit()
    return template


def update_template(cmd: commands.UpdateTemplate, *, uow, deps: Dependencies) -> Template:
    """Change a template's text; refused with the reason when it no longer renders."""
    with uow:
        template = uow.templates.get(cmd.template_id)
        template.update(deps.clock(), expected_version=cmd.expected_version, **cmd.changes)
        deps.renderer.check(template)
        uow.commit()
    return template


def load_defaults(cmd: commands.LoadDefaults, *, uow, deps: Dependencies) -> dict[str, int]:
    """Install the default rules and templates; existing ones stay unless `replace`."""
    now, counts = deps.clock(), {"rules": 0, "templates": 0}
    with uow:
        for rule in default_rules(now):
            if _install(uow.rules, uow.rules.by_name(rule.name), rule, cmd.replace, now):
                counts["rules"] += 1
        for template in default_templates(now):
            deps.renderer.check(template)
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
    # A rule's name is its key and whether it is enabled is the installation's choice: both stay.
    editable = [name for name in default.EDITABLE if name not in ("name", "enabled")]
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
