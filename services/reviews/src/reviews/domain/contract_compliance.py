"""Compliance hold, waiver and the customer-requirement checklist of a contract."""
from __future__ import annotations

import uuid
from datetime import datetime

from qms_shared.domain import Conflict, InvalidTransition, NotFound, ValidationFailed

from . import events
from .compliance import HOLD, NON_COMPLIANT, ChecklistItem, contract_compliance_status, non_compliant_products
from .policy import require_aware
from .states import OPEN_STATUSES


class ComplianceRules:
    """Mixin of Contract: reacting to product results, quality's waiver and checklist acknowledgement."""

    def apply_product_status(self, *, product_code: str, status: str, at: datetime) -> bool:
        """Take a product's new compliance result; True when the contract's compliance status changed."""
        if not self.is_open or product_code not in self.product_compliance:
            return False
        if self.product_compliance[product_code] == status:
            return False
        # Reassigned, not mutated in place, so the ORM sees the change.
        self.product_compliance = {**self.product_compliance, product_code: status}
        if status != NON_COMPLIANT and product_code in self.waived_products:
            # The waiver covered that finding only; failing again later is a new finding.
            self.waived_products = [c for c in self.waived_products if c != product_code]
        return self._recompute_compliance(at)

    def waive_compliance(self, *, reason: str, by: str, at: datetime) -> None:
        """Quality accepts the current non-compliant products with a reason, lifting the hold."""
        require_aware(at)
        self._require_open()
        if self.compliance_status != HOLD:
            raise Conflict(f"contract {self.number} is not on compliance hold")
        if not (reason or "").strip():
            raise ValidationFailed("a waiver needs a reason", {"reason": ["required"]})
        products = non_compliant_products(self.product_compliance)
        self.waiver_reason, self.waived_by, self.waived_at = reason.strip(), by, at
        self.waived_products = products
        self.record(self._event(events.ComplianceWaived, reason=self.waiver_reason, product_codes=products,
                                waived_by=by))
        self._recompute_compliance(at, waived=True)

    def acknowledge_checklist_item(self, *, item_id: uuid.UUID, by: str, at: datetime) -> ChecklistItem:
        """Quality acknowledges one customer requirement for this contract."""
        require_aware(at)
        self._require_open()
        item = next((i for i in self.checklist if i.id == item_id), None)
        if item is None:
            raise NotFound(f"no checklist item {item_id} on contract {self.number}")
        if item.acknowledged:
            raise Conflict("checklist item already acknowledged")
        item.acknowledged_by, item.acknowledged_at = by, at
        self._changed(at)
        self.record(self._event(events.ChecklistItemAcknowledged, item_id=item.id,
                                requirement_id=item.requirement_id, acknowledged_by=by))
        return item

    def sync_requirements(self, requirements, at: datetime) -> bool:
        """Bring the checklist up to date with the customer's known requirements; True when it changed."""
        if not self.is_open:
            return False
        changed = self._sync_checklist(requirements)
        if changed:
            self._changed(at)
        return changed

    def _sync_checklist(self, requirements) -> bool:
        items = {item.requirement_id: item for item in self.checklist}
        changed = False
        for requirement in requirements:
            item = items.get(requirement.requirement_id)
            if item is None:
                self.checklist.append(ChecklistItem(id=uuid.uuid4(), requirement_id=requirement.requirement_id,
                                                    category=requirement.category, text=requirement.text))
                changed = True
            elif (item.category, item.text) != (requirement.category, requirement.text):
                # A reworded requirement must be acknowledged again.
                item.category, item.text = requirement.category, requirement.text
                item.acknowledged_by = item.acknowledged_at = None
                changed = True
        return changed

    def _recompute_compliance(self, at: datetime, waived: bool = False) -> bool:
        before = self.compliance_status
        self.compliance_status = contract_compliance_status(self.product_compliance, self.waived_products)
        self._changed(at)
        if before == self.compliance_status:
            return False
        if self.compliance_status == HOLD:
            self.record(self._event(events.ComplianceHoldPlaced,
                                    product_codes=self._unwaived_non_compliant()))
        elif before == HOLD:
            self.record(self._event(events.ComplianceHoldLifted, waived=waived))
        return True

    def _unwaived_non_compliant(self) -> list[str]:
        return [c for c in non_compliant_products(self.product_compliance) if c not in set(self.waived_products)]

    def _require_open(self) -> None:
        if not self.is_open:
            raise InvalidTransition(f"contract is {self.status}", current=self.status, allowed=list(OPEN_STATUSES))
