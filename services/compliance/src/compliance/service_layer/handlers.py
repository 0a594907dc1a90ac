"""Every command's handler, for the message bus."""
from __future__ import annotations

from . import catalogue_handlers, product_handlers, register_handlers

HANDLERS = {**register_handlers.HANDLERS, **product_handlers.HANDLERS, **catalogue_handlers.HANDLERS}
