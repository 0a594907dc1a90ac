"""AMQP topic matching: `*` is exactly one word, `#` zero or more, words separated by dots."""
from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=4096)
def matches(pattern: str, key: str) -> bool:
    """True when routing key `key` matches binding `pattern`, as RabbitMQ's topic exchange decides."""
    return _match(tuple(pattern.split(".")), tuple(key.split(".")))


def _match(pattern: tuple, words: tuple) -> bool:
    if not pattern:
        return not words
    head, rest = pattern[0], pattern[1:]
    if head == "#":
        return any(_match(rest, words[i:]) for i in range(len(words) + 1))
    if not words:
        return False
    if head == "*" or head == words[0]:
        return _match(rest, words[1:])
    return False
