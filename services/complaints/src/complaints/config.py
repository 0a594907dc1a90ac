"""Settings of the complaints service (environment first, working defaults)."""
from __future__ import annotations

from dataclasses import dataclass

from qms_shared.config import Config


@dataclass
class ComplaintsConfig(Config):
    """The shared settings; the complaints service adds its own here."""

    service: str = "complaints"
