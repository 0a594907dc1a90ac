"""What every handler of the reviews service checks on what it loaded: that it exists, at the version asked."""
from __future__ import annotations

from qms_shared.domain import NotFound, PreconditionFailed


def found(item, what: str, item_id):
    """`item`, or NotFound (404) naming what was looked for."""
    if item is None:
        raise NotFound(f"No {what} {item_id}.")
    return item


def require_version(item, expected: int | None, what: str) -> None:
    """PreconditionFailed (412) when an `If-Match` version was given and `item` is at another one."""
    if expected is not None and expected != item.version:
        raise PreconditionFailed(f"The {what} is at version {item.version}, not {expected}.")
