"""Event type patterns with the semantics of AMQP topic bindings.

Words are separated by dots; `*` stands for exactly one word and `#` for zero or more words,
so `complaints.*.overdue` matches `complaints.complaint.overdue` and `#.overdue` matches it too.
"""
from __future__ import annotations

import re
from functools import lru_cache

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
    if not event_type:
        return False
    return _match(tuple(pattern.split(".")), tuple(event_type.split(".")))


@lru_cache(maxsize=4096)
def _match(pattern: tuple[str, ...], words: tuple[str, ...]) -> bool:
    if not pattern:
        return not words
    head, rest = pattern[0], pattern[1:]
    if head == "#":
        # `#` swallows zero words, or one word and stays in place to swallow more.
        return _match(rest, words) or (bool(words) and _match(pattern, words[1:]))
    if not words:
        return False
    return (head == "*" or head == words[0]) and _match(rest, words[1:])


def specificity(pattern: str) -> tuple[int, int]:
    """Sort key: exact words first, then `*`, then `#` (lower sorts as more specific)."""
    words = pattern.split(".")
    return (words.count("#"), words.count("*"))
