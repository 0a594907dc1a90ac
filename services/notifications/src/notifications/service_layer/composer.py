"""Turning a planned delivery into a Delivery with its text rendered once, at planning time.

The text is stored with the delivery, so a retry or a resend sends exactly what was first meant,
even if the template changed since.
"""
from __future__ import annotations

import json
import logging
import uuid
from datetime import datetime
from typing import Sequence

from ..adapters.templates import Rendered, RenderFailed, TemplateRenderer
from ..domain.defaults import default_templates
from ..domain.delivery import Delivery
from ..domain.incoming import IncomingEvent
from ..domain.planning import PlannedDelivery
from ..domain.template import DEFAULT_KEY, Template, select_template
from ..domain.vocabulary import WEBHOOK

log = logging.getLogger(__name__)


class Composer:
    """Renders planned deliveries; falls back to the built-in default text when nothing fits."""

    def __init__(self, renderer: TemplateRenderer, fallback_locale: str, at: datetime):
        self.renderer = renderer
        self.fallback_locale = fallback_locale
        self.builtin = [t for t in default_templates(at) if t.event_type == DEFAULT_KEY]
        self._chosen_from: Sequence[Template] | None = None
        self._chosen: dict[tuple[str, str, str], Template | None] = {}
        # the texts of the event being composed, by template: every recipient in a locale reads the same
        self._texts_of: uuid.UUID | None = None
        self._texts: dict[tuple, Rendered | RenderFailed] = {}

    def compose(self, plan: PlannedDelivery, event: IncomingEvent, templates: Sequence[Template],
                at: datetime) -> Delivery:
        """The delivery for one plan, its text rendered from the best template.

        A template that exceeds its limits gives a delivery failed at once, with the reason.
        """
        person, failure = plan.recipient, None
        if plan.channel == WEBHOOK:
            text = Rendered(None, webhook_body(event), None)
        else:
            try:
                text = self._render(plan, event, templates, person.locale)
            except RenderFailed as exceeded:
                text, failure = Rendered(None, "", None), exceeded.reason
        delivery = Delivery(id=uuid.uuid4(), key=plan.key, channel=plan.channel,
                            address=person.address_for(plan.channel), subject=text.subject, body=text.body,
                            html_body=text.html_body, event_id=event.id, event_type=event.type,
                            recipient_id=person.id, rule_id=plan.rule_id, locale=person.locale, at=at)
        if failure is not None:
            delivery.fail_unrendered(at, failure)
        return delivery

    def _render(self, plan, event, templates, locale) -> Rendered:
        """The text from the chosen template; RenderFailed only when it exceeded its limits."""
        context = event.template_context()
        chosen = self._choose(templates, plan.template_key, plan.channel, locale)
        if chosen is not None:
            text = self._text(event, chosen, context)
            if isinstance(text, Rendered):
                return text
            if text.exceeded:
                log.warning("template exceeded its limits",
                            extra={"template_id": str(chosen.id), "reason": text.reason})
                raise text
            # bad data for this template: say so, still notify
            log.warning("template failed; using the built-in text",
                        extra={"template_id": str(chosen.id), "reason": text.reason})
        builtin = select_template(self.builtin, DEFAULT_KEY, plan.channel, locale, self.fallback_locale)
        return self.renderer.render(builtin, context)

    def _text(self, event: IncomingEvent, template: Template, context: dict) -> Rendered | RenderFailed:
        """Rendered once per event and template (a template at its time limit costs that once, not per recipient)."""
        if event.id != self._texts_of:
            self._texts_of, self._texts = event.id, {}
        key = (template.id, template.version)
        if key not in self._texts:
            try:
                self._texts[key] = self.renderer.render(template, context)
            except RenderFailed as failure:
                self._texts[key] = failure
        return self._texts[key]

    def _choose(self, templates: Sequence[Template], key: str, channel: str, locale: str) -> Template | None:
        """select_template, remembered while the same template list (snapshot) comes in: every
        event asks for the same few choices, and ranking all templates each time was measurable."""
        if templates is not self._chosen_from:
            self._chosen_from, self._chosen = templates, {}
        if (key, channel, locale) not in self._chosen:
            self._chosen[key, channel, locale] = select_template(templates, key, channel, locale,
                                                                 self.fallback_locale)
        return self._chosen[key, channel, locale]


def webhook_body(event: IncomingEvent) -> str:
    """What a webhook receiver gets: the event itself, as JSON."""
    return json.dumps({"id": str(event.id), "type": event.type, "source": event.source,
                       "subject": event.subject, "occurred_at": event.occurred_at.isoformat(),
                       "data": event.data}, ensure_ascii=False, default=str)
