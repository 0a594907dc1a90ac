"""Corrective action handlers: implementation, verification, or closing at once (survey answers open them)."""
from __future__ import annotations

from ..domain.capa import CorrectiveAction
from ..domain.commands import ChangeCorrectiveAction, CloseCorrectiveAction
from . import integration_events
from .loading import load


def close_corrective_action(cmd: CloseCorrectiveAction, *, uow, deps) -> CorrectiveAction:
    """Close a corrective action with what was done (implemented and verified effective in one step)."""
    with uow:
        action = load(uow.corrective_actions, cmd.action_id, "corrective action")
        action.authorize("closure", cmd.actor)
        action.close(outcome=cmd.outcome, by=cmd.actor.label, at=deps.clock())
        integration_events.publish(uow, action)
        uow.commit()
        return action


def change_corrective_action(cmd: ChangeCorrectiveAction, *, uow, deps) -> CorrectiveAction:
    """Record the implementation, or the verification (not effective reopens it with a new due date)."""
    by, now = cmd.actor.label, deps.clock()
    with uow:
        action = load(uow.corrective_actions, cmd.action_id, "corrective action", cmd.expected_version)
        action.authorize(cmd.step, cmd.actor)
        if cmd.step == "implementation":
            action.implement(**cmd.arguments, by=by, at=now)
        else:
            action.verify(**cmd.arguments, policy=deps.policy, by=by, at=now)
        integration_events.publish(uow, action)
        uow.commit()
        return action
