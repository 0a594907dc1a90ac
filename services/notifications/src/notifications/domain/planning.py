"""Which deliveries one event calls for: rules matched, audiences resolved, opt-outs honoured."""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Sequence

from .audience import resolve_audience
from .escalation import EscalationPolicy
from .incoming import IncomingEvent
from .recipient import Recipient
from .rule import Audience, Rule
from .topics import specificity


@dataclass(frozen=True)
class PlannedDelivery:
    """One message to send: who, on which channel, rendered from which template."""

    event_id: uuid.UUID
    recipient: Recipient
    channel: str
    template_key: str
    rule_id: uuid.UUID

    @property
    def key(self) -> str:
        """Idempotency key of the delivery this plan becomes."""
        return delivery_key(self.event_id, self.recipient.id, self.channel)


def delivery_key(source_id: uuid.UUID | str, recipient: uuid.UUID | str, channel: str) -> str:
    """(event id, recipient, channel): the same triple never yields a second delivery."""
    return f"{source_id}:{recipient}:{channel}"


def plan_deliveries(event: IncomingEvent, rules: Sequence[Rule], directory: Sequence[Recipient],
                    policy: EscalationPolicy = EscalationPolicy()) -> list[PlannedDelivery]:
    """Every (recipient, channel) the event should reach, once each.

    Rules are taken most specific pattern first, so an exact rule's template wins over a `#`
    catch-all for the same person and channel.
    """
    plans: list[PlannedDelivery] = []
    seen: set[tuple[uuid.UUID, str]] = set()
    matching = sorted((r for r in rules if r.applies_to(event.type, event.data)),
                      key=lambda r: (specificity(r.event_type), r.name))
    for rule in matching:
        for person in resolve_audience(_audience(rule, event, policy), event.data, directory):
            for channel in rule.channels:
                if (person.id, channel) in seen or not person.reachable_by(channel):
                    continue
                seen.add((person.id, channel))
                plans.append(PlannedDelivery(event.id, person, channel,
                                             rule.template_key(event.type), rule.id))
    return plans


def _audience(rule: Rule, event: IncomingEvent, policy: EscalationPolicy) -> Audience:
    if not rule.escalate:
        return rule.audience
    extra = policy.audience(event.data)
    base = rule.audience
    return Audience(roles=base.roles + extra.roles, departments=base.departments,
                    recipient_ids=base.recipient_ids, heads_of=base.heads_of + extra.heads_of,
                    recipient_fields=base.recipient_fields, department_fields=base.department_fields)
