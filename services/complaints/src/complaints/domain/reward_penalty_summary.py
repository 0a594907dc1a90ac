"""The month's reward/penalty summary for finance (§4.9, §6.3): approved notices summed per department and per
person; notices still awaiting approval are counted apart, so finance sees what may still come."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from .quality_base import money
from .reward_penalty import Kind, NoticeStatus


@dataclass
class Sums:
    """Rewards and penalties of one department or person."""

    rewards: Decimal = Decimal("0.00")
    penalties: Decimal = Decimal("0.00")
    notices: list = field(default_factory=list)

    def add(self, notice) -> None:
        """Count one approved notice."""
        if notice.kind == Kind.REWARD:
            self.rewards += notice.amount
        else:
            self.penalties += notice.amount
        self.notices.append(notice.number)

    def figures(self) -> dict:
        """Rewards, penalties and the net (rewards less penalties) with the notice numbers."""
        return {"rewards": money(self.rewards), "penalties": money(self.penalties),
                "net": money(self.rewards - self.penalties), "notices": list(self.notices)}


def monthly_summary(notices, *, month: date) -> dict:
    """The summary of `month` from its notices (any status)."""
    departments: dict[str, Sums] = {}
    people: dict[tuple, Sums] = {}
    total = Sums()
    pending = rejected = 0
    for notice in sorted(notices, key=lambda n: n.number):
        if notice.status == NoticeStatus.ISSUED:
            pending += 1
            continue
        if notice.status == NoticeStatus.REJECTED:
            rejected += 1
            continue
        departments.setdefault(notice.department, Sums()).add(notice)
        people.setdefault((notice.department, notice.person_name, notice.person_id or ""), Sums()).add(notice)
        total.add(notice)
    return {
        "month": f"{month:%Y-%m}", "currency": "CNY",
        "departments": [{"department": name, **sums.figures()} for name, sums in sorted(departments.items())],
        "people": [{"department": dept, "person_name": name, "person_id": pid or None, **sums.figures()}
                   for (dept, name, pid), sums in sorted(people.items())],
        "total": total.figures(), "pending_approval": pending, "rejected": rejected,
    }
