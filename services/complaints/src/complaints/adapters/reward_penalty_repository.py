"""Repositories of reward/penalty clauses and notices."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from ..domain.reward_penalty import Clause, RewardPenaltyNotice
from .repository import Repository
from . import reward_penalty_tables as r


class ClauseRepository(Repository):
    """Loads and stores the clauses of §5."""

    kind = Clause

    def by_codes(self, codes) -> list[Clause]:
        """The clauses with these codes (those that exist), in the order asked for."""
        found = {c.code: c for c in self.session.execute(
            select(Clause).where(r.reward_penalty_clauses.c.code.in_(list(codes)))).scalars()}
        return [found[code] for code in codes if code in found]

    def codes(self) -> set[str]:
        """Every clause code present."""
        return set(self.session.execute(select(r.reward_penalty_clauses.c.code)).scalars())


class NoticeRepository(Repository):
    """Loads and stores reward/penalty notices."""

    kind = RewardPenaltyNotice

    def of_month(self, month: date) -> list[RewardPenaltyNotice]:
        """Every notice counted in `month` (its first day)."""
        return list(self.session.execute(select(RewardPenaltyNotice).where(
            r.reward_penalty_notices.c.month == month.replace(day=1))).scalars())
