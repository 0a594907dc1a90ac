"""The event catalogue: every event type a service publishes, its version and a JSON Schema of `data`.

Each service keeps `catalogue.json` in its package:
`{"complaints.complaint.received": {"version": 1, "description": "...", "schema": {...}}, ...}`.
"""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

import jsonschema

ENVELOPE_SCHEMA = {
    "type": "object",
    "required": ["id", "type", "version", "occurred_at", "source", "subject", "correlation_id",
                 "causation_id", "data"],
    "properties": {
        "id": {"type": "string", "format": "uuid"},
        "type": {"type": "string", "pattern": r"^[a-z_]+\.[a-z_]+\.[a-z_]+$"},
        "version": {"type": "integer", "minimum": 1},
        "occurred_at": {"type": "string", "format": "date-time"},
        "source": {"type": "string"},
        "subject": {"type": "string"},
        "correlation_id": {"type": "string"},
        "causation_id": {"type": ["string", "null"]},
        "data": {"type": "object"},
    },
    "additionalProperties": False,
}


class UnknownEvent(Exception):
    """An event type (or version) that is not in the catalogue."""


class Catalogue:
    """The events one service may publish, with their schemas."""

    def __init__(self, entries: dict):
        self.entries = entries

    @classmethod
    @lru_cache(maxsize=None)
    def of_package(cls, package: str) -> "Catalogue":
        """Load `<package>/catalogue.json`."""
        text = resources.files(package).joinpath("catalogue.json").read_text(encoding="utf-8")
        return cls(json.loads(text))

    def validate(self, envelope: dict) -> None:
        """Raise jsonschema.ValidationError / UnknownEvent when the envelope breaks the catalogue."""
        jsonschema.validate(envelope, ENVELOPE_SCHEMA, format_checker=jsonschema.FormatChecker())
        entry = self.entries.get(envelope["type"])
        if entry is None:
            raise UnknownEvent(f"{envelope['type']} is not in the catalogue")
        if entry["version"] != envelope["version"]:
            raise UnknownEvent(f"{envelope['type']} v{envelope['version']} is not in the catalogue")
        jsonschema.validate(envelope["data"], entry["schema"], format_checker=jsonschema.FormatChecker())
