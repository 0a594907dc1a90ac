"""Loading an aggregate for a change: 404 when it is missing, 412 when the caller read an older version."""
from __future__ import annotations

from typing import Any

from qms_shared.domain import NotFound, PreconditionFailed


def get_or_404(repository, item_id, label: str) -> Any:
    """The aggregate `item_id` from `repository`, or NotFound naming it as `label`."""
    item = repository.get(item_id)
    if item is None:
        raise NotFound(f"no {label} {item_id}")
    return item


def check_version(aggregate, expected: int | None) -> None:
    """If-Match: refuse a change made against an older version (412)."""
    if expected is not None and expected != aggregate.version:
        raise PreconditionFailed(f"the resource is at version {aggregate.version}, not {expected}; read it again")
