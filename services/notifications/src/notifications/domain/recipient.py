"""Recipient: a person or system in the directory, with addresses, locale and opt-outs."""
from __future__ import annotations

import uuid
from datetime import datetime
from typing import Iterable

from qms_shared.domain import FieldErrors

from .editable import Editable
from .events import RecipientSaved
from .validation import is_e164, is_email, is_http_url, is_slug
from .vocabulary import CHANNELS, EMAIL, LOCALES, ROLES, SMS, WEBHOOK, ZH_CN

EDITABLE = ("name", "email", "mobile", "department", "department_head", "roles", "locale",
            "opt_out", "webhook_url", "webhook_secret", "active")


class Recipient(Editable):
    """Someone the service may notify; addresses are checked when saved, never at send time."""

    EDITABLE, LISTS = EDITABLE, ("roles", "opt_out")
    REFUSED = ("unknown field", "Recipient has no such fields")

    def __init__(self, *, id: uuid.UUID, name: str, at: datetime, email: str | None = None,
                 mobile: str | None = None, department: str | None = None,
                 department_head: bool = False, roles: Iterable[str] = (), locale: str = ZH_CN,
                 opt_out: Iterable[str] = (), webhook_url: str | None = None,
                 webhook_secret: str | None = None, active: bool = True):
        self.id = id
        self.name = name
        self.email = email
        self.mobile = mobile
        self.department = department
        self.department_head = department_head
        self.roles = list(roles)
        self.locale = locale
        self.opt_out = list(opt_out)
        self.webhook_url = webhook_url
        self.webhook_secret = webhook_secret
        self.active = active
        self._created(at)

    def address_for(self, channel: str) -> str | None:
        """The address this recipient is reached at on `channel`, or None."""
        return {EMAIL: self.email, SMS: self.mobile, WEBHOOK: self.webhook_url}.get(channel)

    def reachable_by(self, channel: str) -> bool:
        """True when active, not opted out of `channel` and holding an address for it."""
        return self.active and channel not in self.opt_out and bool(self.address_for(channel))

    def is_head_of(self, department: str) -> bool:
        """True when this recipient heads `department`."""
        return self.department_head and self.department == department

    def _validate(self) -> None:
        errors = FieldErrors()
        errors.check(bool(self.name and self.name.strip()), "name", "must not be empty")
        errors.check(self.email is None or is_email(self.email), "email", "is not an email address")
        errors.check(self.mobile is None or is_e164(self.mobile), "mobile",
                     "is not an E.164 number such as +8613800138000")
        errors.check(self.department is None or is_slug(self.department), "department",
                     "must be a lower-case name such as quality")
        errors.check(not self.department_head or self.department is not None, "department_head",
                     "a department head needs a department")
        errors.check_subset(self.roles, ROLES, "roles")
        errors.check(self.locale in LOCALES, "locale", f"must be one of {', '.join(LOCALES)}")
        errors.check_subset(self.opt_out, CHANNELS, "opt_out")
        errors.check(self.webhook_url is None or is_http_url(self.webhook_url), "webhook_url",
                     "is not an http(s) URL")
        errors.check(bool(self.email or self.mobile or self.webhook_url), "email",
                     "a recipient needs an email, a mobile or a webhook_url")
        errors.raise_if_any("Recipient is not valid")

    def _saved(self) -> RecipientSaved:
        return RecipientSaved(self.id, self.version)
