"""What every notifications view uses: the service context, the bus, page windows and role sets.

If-Match and ETag are qms_shared.web.versions'; the caller is qms_shared.web.auth.current_actor().
"""
from __future__ import annotations

from flask import current_app

from qms_shared.web.auth import ANY_ROLE

# Who maintains the directory, rules and templates.
MAINTAINERS = ("admin", "management_rep", "quality")
# Who may send directly, to any address or recipient with a body of their choosing: administrators
# and other systems, never people's roles (the service would be an open relay for everyone).
DIRECT_SENDERS = ("admin", "system")
# Who may resend a delivery (its stored text to its stored address): anyone at work, not viewers.
SENDERS = tuple(role for role in ANY_ROLE if role != "viewer")


def ctx():
    """The wired service of this app."""
    return current_app.extensions["qms"]


def handle(command):
    """Run a command through the service's message bus."""
    return ctx().bus.handle(command)


def page_window(args: dict) -> dict:
    """offset/limit of the page asked for."""
    return {"offset": (args["page"] - 1) * args["per_page"], "limit": args["per_page"]}
