"""Event type patterns with the semantics of AMQP topic bindings.

Words are separated by dots; `*` stands for exactly one word and `#` for zero or more words,
so `complaints.*.overdue` matches `complaints.complaint.overdue` and `#.overdue` matches it too.
"""
from __future__ import annotations

import re

from qms_shared.topic import matches  # the one AMQP matcher of the project (pure Python)

_WORD = re.compile(r"^[a-z0-9_-]+$")


def pattern_error(pattern: str) -> str | None:
    """Why `pattern` is not a valid topic pattern, or None when it is."""
    if not pattern:
        return "must not be empty"
    for word in pattern.split("."):
        if word in ("*", "#"):
            continue
        if not _WORD.match(word):
            return f"word {word!r} must be lower-case letters, digits, _ or -, or * or #"
    return None


def topic_matches(pattern: str, event_type: str) -> bool:
    """True when the event type (routing key) is matched by the pattern; never for an empty type."""
    return bool(event_type) and matches(pattern, event_type)


def specificity(pattern: str) -> tuple[int, int]:
    """Sort key: exact words first, then `*`, then `#` (lower sorts as more specific)."""
    words = pattern.split(".")
    return (words.count("#"), words.count("*"))
