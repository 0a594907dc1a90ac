"""Template: the words of a notification per event type, channel and locale."""
from __future__ import annotations

import uuid
from datetime import datetime
from typing import Sequence

from qms_shared.domain import FieldErrors

from .editable import Editable
from .events import TemplateSaved
from .topics import pattern_error, specificity, topic_matches
from .vocabulary import CHANNELS, EMAIL, LOCALES, SMS

DEFAULT_KEY = "default"  # the catch-all template used when nothing more specific exists
SMS_MAX_TEMPLATE = 1000  # the rendered text is cut to the gateway's limit; the source may be longer
EDITABLE = ("subject", "body", "html_body")


class Template(Editable):
    """Subject and body (and HTML for email) in one locale; the text is Jinja2 source.

    Only the text changes (`update`): the key (event type, channel, locale) never does.
    """

    EDITABLE = EDITABLE
    REFUSED = ("cannot be changed", "Template cannot be changed that way")

    def __init__(self, *, id: uuid.UUID, event_type: str, channel: str, locale: str,
                 body: str, at: datetime, subject: str | None = None, html_body: str | None = None):
        self.id = id
        self.event_type = event_type
        self.channel = channel
        self.locale = locale
        self.subject = subject
        self.body = body
        self.html_body = html_body
        self._created(at)

    @property
    def sources(self) -> dict[str, str]:
        """The Jinja2 sources to check when saved, by field name."""
        parts = {"subject": self.subject, "body": self.body, "html_body": self.html_body}
        return {name: text for name, text in parts.items() if text is not None}

    def _validate(self) -> None:
        errors = FieldErrors()
        problem = None if self.event_type == DEFAULT_KEY else pattern_error(self.event_type)
        errors.check(problem is None, "event_type", problem or "")
        errors.check(self.channel in CHANNELS, "channel", f"must be one of {', '.join(CHANNELS)}")
        errors.check(self.locale in LOCALES, "locale", f"must be one of {', '.join(LOCALES)}")
        errors.check(bool(self.body and self.body.strip()), "body", "must not be empty")
        errors.check(self.channel != EMAIL or bool(self.subject and self.subject.strip()),
                     "subject", "an email template needs a subject")
        errors.check(self.channel == EMAIL or self.html_body is None, "html_body",
                     "only email templates have an HTML body")
        errors.check(self.channel != SMS or len(self.body or "") <= SMS_MAX_TEMPLATE, "body",
                     f"an SMS template is at most {SMS_MAX_TEMPLATE} characters")
        errors.raise_if_any("Template is not valid")


    def _saved(self) -> TemplateSaved:
        return TemplateSaved(self.id, self.version)

def select_template(templates: Sequence[Template], key: str, channel: str, locale: str,
                    fallback_locale: str) -> Template | None:
    """The best template for (key, channel, locale), falling back step by step.

    Key: the exact event type first, then the most specific pattern that matches it, then
    `default`. Locale, within each: the recipient's, then `fallback_locale`, then any other.
    """
    def rank(t: Template) -> tuple:
        if t.event_type == key:
            key_rank = (0, (0, 0))
        elif t.event_type != DEFAULT_KEY and topic_matches(t.event_type, key):
            key_rank = (1, specificity(t.event_type))
        else:
            key_rank = (2, (0, 0))
        locale_rank = 0 if t.locale == locale else 1 if t.locale == fallback_locale else 2
        return key_rank, locale_rank, t.event_type

    candidates = [t for t in templates if t.channel == channel and _could_serve(t, key)]
    return min(candidates, key=rank, default=None)


def _could_serve(template: Template, key: str) -> bool:
    return (template.event_type in (key, DEFAULT_KEY)
            or topic_matches(template.event_type, key))
