"""Rendering templates with Jinja2's sandbox, and checking them when they are saved.

Templates are written by administrators through the API, so they run sandboxed: no attribute
tricks reach Python internals, and each rendering is held to limits of output size, loop iterations
and wall time (adapters/template_limits.py), on save with sample data as in the worker with the
event's. A missing field renders empty (chainable undefined) rather than losing the notification
over one absent value.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jinja2 import ChainableUndefined, TemplateError
from jinja2.exceptions import SecurityError
from qms_shared.domain import ValidationFailed

from notifications.domain.template import Template
from notifications.domain.vocabulary import SMS

from .template_limits import LimitedSandbox, TemplateLimitExceeded, TemplateLimits, render_limited

SMS_MAX_CHARS = 500  # longer texts are cut: gateways split and bill per 70 Chinese characters
SUBJECT_MAX_CHARS = 200

# What a template sees when it is checked on save: the shape of a typical event.
SAMPLE_CONTEXT: dict[str, Any] = {
    "number": "CP-2026-000001", "customer": {"id": "C-001", "name": "示例客户"},
    "event": {"id": "00000000-0000-0000-0000-000000000000", "type": "sample.event.checked",
              "source": "notifications", "subject": None, "occurred_at": "2026-01-05T09:00:00+08:00"},
}


class RenderFailed(Exception):
    """A template could not be rendered with the given data; `reason` says why, `exceeded` whether
    it went past its limits (then no other text is made for it: the delivery fails with the reason)."""

    def __init__(self, field: str, reason: str, exceeded: bool = False):
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason
        self.exceeded = exceeded


@dataclass(frozen=True)
class Rendered:
    """The text of one message, ready for a sender."""

    subject: str | None
    body: str
    html_body: str | None


class _StrictSandbox(LimitedSandbox):
    """The sandbox, but reaching for an unsafe attribute fails loudly instead of rendering empty.

    Chainable undefined values print as "", which would hide such an attempt; raising makes the
    template refused when it is saved.
    """

    def unsafe_undefined(self, obj: Any, attribute: str) -> Any:
        """Raise instead of returning an undefined value."""
        raise SecurityError(f"access to attribute {attribute!r} of {type(obj).__name__!r} is unsafe")


class TemplateRenderer:
    """Compiles each source once and renders text (no escaping) and HTML (autoescaped)."""

    def __init__(self, limits: TemplateLimits = TemplateLimits()) -> None:
        self.limits = limits
        self._text = _StrictSandbox(limits, undefined=ChainableUndefined, autoescape=False)
        self._html = _StrictSandbox(limits, undefined=ChainableUndefined, autoescape=True)
        self._compiled: dict[tuple[bool, str], Any] = {}

    def check(self, template: Template) -> None:
        """Raise ValidationFailed with the reason when any part does not compile or render."""
        errors: dict[str, list[str]] = {}
        for field, source in template.sources.items():
            try:
                self._render_one(field, source, SAMPLE_CONTEXT)
            except RenderFailed as failure:
                errors[field] = [failure.reason]
        if errors:
            raise ValidationFailed("Template does not render", errors=errors)

    def render(self, template: Template, context: dict[str, Any]) -> Rendered:
        """Render every part of `template` with `context`; RenderFailed if one breaks."""
        subject = None
        if template.subject is not None:
            # A header must be one line: a newline from the data would end it early.
            subject = " ".join(self._render_one("subject", template.subject, context).split())
            subject = subject[:SUBJECT_MAX_CHARS]
        body = self._render_one("body", template.body, context)
        if template.channel == SMS:
            body = body.strip()[:SMS_MAX_CHARS]
        html_body = None
        if template.html_body is not None:
            html_body = self._render_one("html_body", template.html_body, context)
        return Rendered(subject, body, html_body)

    def _render_one(self, field: str, source: str, context: dict[str, Any]) -> str:
        html = field == "html_body"
        try:
            compiled = self._compiled.get((html, source))
            if compiled is None:
                if len(self._compiled) > 2000:  # edited templates leave old sources behind
                    self._compiled.clear()
                compiled = (self._html if html else self._text).compile_limited(source)
                self._compiled[(html, source)] = compiled
            return render_limited(compiled, context, self.limits)
        except TemplateLimitExceeded as error:
            raise RenderFailed(field, str(error), exceeded=True) from error
        except TemplateError as error:  # syntax errors, sandbox refusals, undefined misuse
            raise RenderFailed(field, f"{type(error).__name__}: {error}") from error
        except (ArithmeticError, TypeError, ValueError, LookupError, AttributeError) as error:
            raise RenderFailed(field, f"{type(error).__name__}: {error}") from error
