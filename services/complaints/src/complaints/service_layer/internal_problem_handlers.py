"""Internal problem handlers: record a problem found in the plant, move it through the CAPA cycle, correct figures."""
from __future__ import annotations

import uuid

from ..domain.authority import FIGURES
from ..domain.batch import batch_key
from ..domain.commands import ChangeInternalProblem, ChangeProblemFigures, RecordInternalProblem
from ..domain.internal_problem import InternalProblem
from ..domain.statistics import local_day
from . import integration_events
from .batches import correct_figures, reclassify_batch
from .loading import load
from .supplier_handlers import open_correction_for

# endpoint step -> aggregate method (an internal problem has no customer to explain to or extend with)
PROBLEM_STEPS = {"containment": "contain", "analysis": "analyse", "action-plan": "plan_action",
                 "implementation": "implement", "verification": "verify"}


def load_problem(uow, problem_id: uuid.UUID, expected_version: int | None = None) -> InternalProblem:
    """The internal problem, checked against the version the client last read (If-Match)."""
    return load(uow.internal_problems, problem_id, "internal problem", expected_version)


def record_internal_problem(cmd: RecordInternalProblem, *, uow, deps) -> InternalProblem:
    """Record a problem, classify it over its shipped batch (scrap and rework count), and announce it."""
    now, by = deps.clock(), cmd.actor.label
    fields = {"found_at": now, **{k: v for k, v in cmd.fields.items() if v is not None}}
    with uow:
        batch = uow.internal_problems.lock_batch(batch_key(fields.get("product_code"), fields.get("product_batch"),
                                                           fields.get("production_date")))
        number = uow.next_number("IP", local_day(fields["found_at"]).year)
        problem = InternalProblem.record_found(id=uuid.uuid4(), number=number, by=by, at=now, policy=deps.policy,
                                               thresholds=deps.thresholds, batch=batch, **fields)
        uow.internal_problems.add(problem)
        reclassify_batch(uow, problem, batch, None, deps, by)
        integration_events.publish(uow, problem)
        uow.commit()
        return problem


def change_internal_problem(cmd: ChangeInternalProblem, *, uow, deps) -> InternalProblem:
    """Apply one step of the cycle; a refused step changes nothing and publishes nothing."""
    extra = {"policy": deps.policy} if cmd.step == "verification" else {}
    with uow:
        problem = load_problem(uow, cmd.problem_id, cmd.expected_version)
        problem.authorize(cmd.step, cmd.actor, cmd.arguments)
        arguments = dict(cmd.arguments)
        supplier_code = arguments.pop("supplier_code", None)  # the analysis may name the supplier responsible
        getattr(problem, PROBLEM_STEPS[cmd.step])(**arguments, **extra, by=cmd.actor.label, at=deps.clock())
        if cmd.step == "analysis":
            open_correction_for(uow, deps, problem, supplier_code, cmd.actor.label)
        integration_events.publish(uow, problem)
        uow.commit()
        return problem


def change_problem_figures(cmd: ChangeProblemFigures, *, uow, deps) -> InternalProblem:
    """Correct scrap, rework, loss or level; the problem and, at a threshold, its batch are reclassified."""
    with uow:
        problem = load_problem(uow, cmd.problem_id, cmd.expected_version)
        problem.authorize(FIGURES, cmd.actor)
        correct_figures(uow, uow.internal_problems, problem, cmd.changes, deps, cmd.actor.label)
        integration_events.publish(uow, problem)
        uow.commit()
        return problem
