"""Every command's handler, for the message bus."""
from __future__ import annotations

from . import product_handlers, register_handlers

HANDLERS = {**register_handlers.HANDLERS, **product_handlers.HANDLERS}
