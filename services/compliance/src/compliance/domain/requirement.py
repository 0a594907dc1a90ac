"""Customer-specific requirements (顾客特殊要求一览表, IATF 16949 CSR; seed 000 客户特殊要求识别程序 4.2)."""
from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from qms_shared.domain import Aggregate, FieldErrors, InvalidTransition, ValidationFailed

from compliance.domain.events import CustomerRequirementAdded, CustomerRequirementChanged
from compliance.domain.history import HistoryEntry
from compliance.domain.limits import SubstanceLimit, parse_limits

# 4.2.1 product (material, dimension, appearance, performance, measurement), 4.2.2 environmental /
# hazardous substances, 4.2.3 third-party suppliers, 4.2.4 other.
CATEGORIES = ("material", "dimension", "appearance", "performance", "measurement",
              "environmental", "third_party_supplier", "other")
STATUS_FLOW = ("identified", "reviewed", "communicated", "verified")
REVISABLE = ("category", "text", "source_document", "limits")


class CustomerRequirement(Aggregate):
    """One requirement of one customer; environmental ones may carry stricter substance limits."""

    def __init__(self, *, id: uuid.UUID, number: str, customer_id: str, customer_name: str, category: str,
                 text: str, source_document: str, limits: list[SubstanceLimit], status: str,
                 created_at: datetime, history: list[HistoryEntry] | None = None, version: int = 1):
        self.id, self.number = id, number
        self.customer_id, self.customer_name = customer_id, customer_name
        self.category, self.text, self.source_document = category, text, source_document
        self.limits, self.status = limits, status
        self.created_at, self.updated_at = created_at, created_at
        self.history = history if history is not None else []
        self.version = version
        self.events: list = []

    @classmethod
    def identify(cls, *, number: str, customer_id: str, customer_name: str, category: str, text: str,
                 at: datetime, by: str, source_document: str = "", limits: list[dict[str, Any]] = (),
                 id: uuid.UUID | None = None) -> "CustomerRequirement":
        """Record a newly identified requirement (status `identified`)."""
        errors = FieldErrors()
        for label, value in (("customer.id", customer_id), ("customer.name", customer_name), ("text", text)):
            if not isinstance(value, str) or not value.strip():
                errors.add(label, "is required")
        parsed = _check_content(category, limits, errors)
        errors.raise_if_any("the customer requirement is not valid")
        requirement = cls(id=id or uuid.uuid4(), number=number, customer_id=customer_id.strip(),
                          customer_name=customer_name.strip(), category=category, text=text.strip(),
                          source_document=(source_document or "").strip(), limits=parsed,
                          status=STATUS_FLOW[0], created_at=at)
        requirement._log(at, by, None, STATUS_FLOW[0], "identified")
        requirement.record(CustomerRequirementAdded(requirement.id, requirement.customer_id, category,
                                                    bool(parsed), at))
        return requirement

    def advance(self, to: str, *, at: datetime, by: str, note: str = "") -> None:
        """Move one step along identified -> reviewed -> communicated -> verified."""
        position = STATUS_FLOW.index(self.status)
        allowed = [STATUS_FLOW[position + 1]] if position + 1 < len(STATUS_FLOW) else []
        if to not in allowed:
            raise InvalidTransition(f"a requirement that is {self.status} cannot become {to}",
                                    current=self.status, allowed=allowed)
        self._log(at, by, self.status, to, note)
        self.status = to
        self._touch(at)
        self.record(CustomerRequirementChanged(self.id, self.customer_id, ["status"], to, False, at))

    def revise(self, changes: dict[str, Any], *, at: datetime, by: str) -> list[str]:
        """Change its content (a customer's new revision); limit changes trigger re-evaluation."""
        unknown = sorted(set(changes) - set(REVISABLE))
        if unknown:
            raise ValidationFailed("these fields cannot be changed", errors={f: ["cannot be changed"] for f in unknown})
        errors = FieldErrors()
        if "text" in changes and (not isinstance(changes["text"], str) or not changes["text"].strip()):
            errors.add("text", "is required")
        category = changes.get("category", self.category)
        raw_limits = changes.get("limits", [limit_as_dict(limit) for limit in self.limits])
        limits = _check_content(category, raw_limits, errors)
        errors.raise_if_any("the change is not valid")
        proposed = {"category": category, "text": changes.get("text", self.text).strip(),
                    "source_document": (changes.get("source_document", self.source_document) or "").strip(),
                    "limits": limits}
        changed = [name for name in REVISABLE if proposed[name] != getattr(self, name)]
        if changed:
            for name in changed:
                setattr(self, name, proposed[name])
            self._log(at, by, self.status, self.status, "revised: " + ", ".join(changed))
            self._touch(at)
            self.record(CustomerRequirementChanged(self.id, self.customer_id, changed, self.status,
                                                   "limits" in changed, at))
        return changed

    def _log(self, *entry) -> None:
        # A new list rather than append: the ORM stores history as one value and sees only reassignment.
        self.history = [*self.history, HistoryEntry(*entry)]

    def _touch(self, at: datetime) -> None:
        self.updated_at = at
        self.version += 1


def _check_content(category: str, limits: list[dict[str, Any]], errors: FieldErrors) -> list[SubstanceLimit]:
    """A known category; substance limits only on environmental (hazardous substance) requirements."""
    if category not in CATEGORIES:
        errors.add("category", f"must be one of {', '.join(CATEGORIES)}")
    parsed = parse_limits(limits or [], errors)
    if limits and category != "environmental":
        errors.add("limits", "only an environmental requirement can limit substances")
    return parsed


def limit_as_dict(limit: SubstanceLimit) -> dict[str, Any]:
    """A limit as the plain dict `parse_limits` takes."""
    return {"cas": limit.cas, "substance": limit.substance, "max_ppm": limit.max_ppm}
