"""Emergency handlers (重大质量问题应急预案): opened from a complaint, an internal problem or by hand, and by a
complaint's own figures (§三.2) in the complaint's unit of work."""
from __future__ import annotations

import uuid

from qms_shared.domain import Conflict

from ..domain.emergency import Emergency, Source, figures_trigger, source_facts
from ..domain.quality_commands import ChangeEmergency, OpenEmergency
from ..domain.statistics import local_day
from . import quality_events
from .loading import load

# endpoint step -> aggregate method
EMERGENCY_STEPS = {"meeting": "hold_meeting", "rectification-notice": "issue_rectification",
                   "approval": "approve_measures", "verification": "verify", "closure": "close"}


def _source_facts(uow, fields: dict) -> dict:
    """What the complaint or internal problem it is opened from tells: number, customer, product, department."""
    source, source_id = fields.get("source"), fields.get("source_id")
    if source == Source.COMPLAINT:
        record = load(uow.complaints, source_id, "complaint")
    elif source == Source.INTERNAL_PROBLEM:
        record = load(uow.internal_problems, source_id, "internal problem")
    else:
        return {}
    if uow.emergencies.for_source(source, record.id) is not None:
        raise Conflict(f"An emergency is already open for {record.number}.")
    return source_facts(record)


def open_emergency(cmd: OpenEmergency, *, uow, deps) -> Emergency:
    """Open an emergency when §三's conditions hold (the assembly batch rule from the figures)."""
    now = deps.clock()
    fields = {k: v for k, v in cmd.fields.items() if v is not None}
    with uow:
        facts = _source_facts(uow, fields)
        emergency = Emergency.open(id=uuid.uuid4(), number=uow.next_number("EM", local_day(now).year),
                                   by=cmd.actor.label, at=now, threshold=deps.quality.assembly_batch,
                                   **{**facts, **fields})
        uow.emergencies.add(emergency)
        quality_events.publish(uow, emergency)
        uow.commit()
        return emergency


def open_emergency_from_figures(uow, deps, complaint, by: str) -> Emergency | None:
    """§三.2 applied by itself: a complaint whose figures show the assembly batch opens its emergency in the
    caller's unit of work (no commit here), announced as one opened by hand; never a second one for it."""
    trigger = figures_trigger(complaint.assembly_failures, threshold=deps.quality.assembly_batch)
    if trigger is None or uow.emergencies.for_source(Source.COMPLAINT, complaint.id) is not None:
        return None
    now = deps.clock()
    emergency = Emergency.open_from_figures(complaint, id=uuid.uuid4(), number=uow.next_number(
        "EM", local_day(now).year), by=by, at=now, trigger=trigger)
    uow.emergencies.add(emergency)
    quality_events.publish(uow, emergency)
    return emergency


def change_emergency(cmd: ChangeEmergency, *, uow, deps) -> Emergency:
    """One step of §四: meeting, rectification notice, approval, verification, four-don'ts closure."""
    with uow:
        emergency = load(uow.emergencies, cmd.emergency_id, "emergency", cmd.expected_version)
        getattr(emergency, EMERGENCY_STEPS[cmd.step])(**cmd.arguments, by=cmd.actor.label, at=deps.clock())
        quality_events.publish(uow, emergency)
        uow.commit()
        return emergency
