"""Reward/penalty handlers (质量问题处理管理规定 §5-7): the clauses as reference data, and the notices."""
from __future__ import annotations

import uuid

from qms_shared.domain import Conflict, ValidationFailed

from ..domain.quality_commands import ChangeClause, ChangeNotice, DefineClause, IssueNotice, LoadClauses
from ..domain.reward_penalty import Clause, RewardPenaltyNotice, shipped_clauses
from ..domain.statistics import local_day
from . import quality_events
from .loading import load


def load_clauses(cmd: LoadClauses, *, uow, deps) -> dict:
    """Add the shipped clauses of §5 that are missing; those present (edited or not) are kept as they are."""
    now = deps.clock()
    with uow:
        present = uow.reward_penalty_clauses.codes()
        added = [Clause.define(id=uuid.uuid4(), by=cmd.actor.label, at=now, **entry)
                 for entry in shipped_clauses() if entry["code"] not in present]
        for clause in added:
            uow.reward_penalty_clauses.add(clause)
        uow.commit()
        return {"added": [c.code for c in added], "kept": sorted(present)}


def define_clause(cmd: DefineClause, *, uow, deps) -> Clause:
    """Add a clause (§6.7: new cases join the rules every two months)."""
    with uow:
        if uow.reward_penalty_clauses.by_codes([cmd.fields.get("code")]):
            raise Conflict(f"Clause {cmd.fields.get('code')} exists already; change it instead.")
        clause = Clause.define(id=uuid.uuid4(), by=cmd.actor.label, at=deps.clock(), **cmd.fields)
        uow.reward_penalty_clauses.add(clause)
        uow.commit()
        return clause


def change_clause(cmd: ChangeClause, *, uow, deps) -> Clause:
    """Change a clause's text, amounts, unit, department or whether it is in force."""
    with uow:
        clause = load(uow.reward_penalty_clauses, cmd.clause_id, "clause", cmd.expected_version)
        clause.change(changes=cmd.changes, by=cmd.actor.label, at=deps.clock())
        uow.commit()
        return clause


def issue_notice(cmd: IssueNotice, *, uow, deps) -> RewardPenaltyNotice:
    """Issue a notice under the named clauses; it counts in its month (the month of issue by default)."""
    now = deps.clock()
    fields = {k: v for k, v in cmd.fields.items() if v is not None}
    fields.setdefault("month", local_day(now).replace(day=1))
    codes = list(dict.fromkeys(cmd.clause_codes))
    with uow:
        clauses = uow.reward_penalty_clauses.by_codes(codes)
        missing = sorted(set(codes) - {c.code for c in clauses})
        if missing:
            raise ValidationFailed("Unknown clause.", errors={"clauses": [f"No clause {c}." for c in missing]})
        notice = RewardPenaltyNotice.issue(id=uuid.uuid4(), number=uow.next_number("RP", local_day(now).year),
                                           clauses=clauses, by=cmd.actor.label, by_id=cmd.actor.id, at=now, **fields)
        uow.reward_penalty_notices.add(notice)
        quality_events.publish(uow, notice)
        uow.commit()
        return notice


def change_notice(cmd: ChangeNotice, *, uow, deps) -> RewardPenaltyNotice:
    """Quality's head approves or rejects a notice."""
    actor = cmd.actor
    with uow:
        notice = load(uow.reward_penalty_notices, cmd.notice_id, "reward/penalty notice", cmd.expected_version)
        step = notice.approve if cmd.step == "approval" else notice.reject
        step(**cmd.arguments, by=actor.label, by_id=actor.id, department=actor.department, at=deps.clock())
        quality_events.publish(uow, notice)
        uow.commit()
        return notice
