"""Corrective action handlers: closing one with what was done (survey answers open them)."""
from __future__ import annotations

from ..domain.capa import CorrectiveAction
from ..domain.commands import CloseCorrectiveAction
from . import integration_events
from .loading import load


def close_corrective_action(cmd: CloseCorrectiveAction, *, uow, deps) -> CorrectiveAction:
    """Close a corrective action with what was done."""
    with uow:
        action = load(uow.corrective_actions, cmd.action_id, "corrective action")
        action.close(outcome=cmd.outcome, by=cmd.actor.label, at=deps.clock())
        integration_events.publish(uow, action)
        uow.commit()
        return action
