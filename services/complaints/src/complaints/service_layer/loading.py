"""Loading an aggregate for a change: 404 when it does not exist, 412 when the client read an older version."""
from __future__ import annotations

import uuid

from qms_shared.domain import NotFound, PreconditionFailed


def load(repository, aggregate_id: uuid.UUID, what: str, expected_version: int | None = None):
    """The aggregate, checked against the version the client last read (If-Match)."""
    found = repository.get(aggregate_id)
    if found is None:
        raise NotFound(f"No {what} {aggregate_id}.")
    if expected_version is not None and expected_version != found.version:
        raise PreconditionFailed(f"The {what} is at version {found.version}, not {expected_version}; read it again.")
    return found
