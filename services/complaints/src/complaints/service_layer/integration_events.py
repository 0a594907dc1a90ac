"""Domain events to the wire: each becomes a catalogued integration event, built explicitly.

Every complaint event carries what a notification needs to say (number, customer, owner department,
due dates), so consumers never call back.
"""
from __future__ import annotations

from ..domain import claim_events as cl
from ..domain import events as ev
from ..domain import survey_events as sv


def complaint_facts(complaint) -> dict:
    """The fields every complaint event starts with."""
    return {
        "number": complaint.number, "status": complaint.status,
        "customer": {"id": complaint.customer_id, "name": complaint.customer_name},
        "category": complaint.category, "owner_department": complaint.owner_department,
        "product": {"code": complaint.product_code, "batch": complaint.product_batch,
                    "production_date": complaint.production_date},
        "received_at": complaint.received_at, "containment_due_at": complaint.containment_due_at,
        "corrective_action_due_at": complaint.corrective_action_due_at,
        "incident_class": complaint.incident_class, "responsible_department": complaint.responsible_department,
    }


def _claim_facts(e: cl.ClaimEvent) -> dict:
    return {"number": e.number, "status": e.status, "complaint_id": e.complaint_id,
            "complaint_number": e.complaint_number, "customer": {"id": e.customer_id, "name": e.customer_name},
            "amount": e.amount, "currency": e.currency}


def _survey_facts(e: sv.SurveyEvent) -> dict:
    return {"year": e.year, "round": e.round}


def _action_facts(e: sv.CorrectiveActionEvent) -> dict:
    return {"number": e.number, "owner_department": e.owner_department, "customer_id": e.customer_id,
            "source": e.source, "source_id": e.source_id, "due_at": e.due_at}


def problem_facts(problem) -> dict:
    """The fields every internal problem event starts with."""
    return {
        "number": problem.number, "status": problem.status, "level": problem.level,
        "owner_department": problem.owner_department,
        "product": {"code": problem.product_code, "batch": problem.product_batch,
                    "production_date": problem.production_date},
        "found_at": problem.found_at, "found_in": problem.found_in,
        "quantity_scrapped": problem.quantity_scrapped, "quantity_reworked": problem.quantity_reworked,
        "containment_due_at": problem.containment_due_at, "corrective_action_due_at": problem.corrective_action_due_at,
        "incident_class": problem.incident_class, "responsible_department": problem.responsible_department,
    }


def _overdue(c, e) -> dict:
    return {"deadline": e.deadline, "due_at": e.due_at, "escalation": e.escalation,
            "escalation_level": e.escalation_level, "escalation_department": e.escalation_department}


# The steps both aggregates share: (verb of the event type, data besides the aggregate's facts).
_CYCLE = {
    ev.Contained: ("contained", lambda c, e: {"action": e.action, "on_time": e.on_time}),
    ev.Analysed: ("analysed", lambda c, e: {
        "cause_category": e.cause_category, "responsibility": e.responsibility, "root_cause": c.root_cause}),
    ev.ActionPlanned: ("action_planned", lambda c, e: {"approved_by": e.approved_by, "on_time": e.on_time}),
    ev.ActionImplemented: ("implemented", lambda c, e: {}),
    ev.Verified: ("verified", lambda c, e: {"effective": e.effective}),
    ev.Reopened: ("reopened", lambda c, e: {"reopen_count": e.reopen_count}),
    ev.Closed: ("closed", lambda c, e: {"reason": e.reason, "reopen_count": e.reopen_count}),
    ev.DeadlineMissed: ("overdue", _overdue),
    ev.FiguresChanged: ("figures_changed", lambda c, e: {"changes": e.changes}),
}
_COMPLAINT = {
    **{kind: (f"complaints.complaint.{verb}", build) for kind, (verb, build) in _CYCLE.items()},
    ev.Received: ("complaints.complaint.received", lambda c, e: {
        "channel": e.channel, "description": c.description, "returned_quantity": c.returned_quantity,
        "loss_amount": c.loss_amount}),
    ev.DeadlineExtended: ("complaints.complaint.deadline_extended", lambda c, e: {
        "deadline": e.deadline, "previous_due_at": e.previous_due_at, "new_due_at": e.new_due_at}),
    ev.IncidentClassified: ("complaints.incident.classified", lambda c, e: {
        "previous_class": e.previous_class, "reasons": e.reasons, "returned_quantity": c.returned_quantity,
        "loss_amount": c.loss_amount, "claims_loss": c.claims_loss}),
    ev.MajorIncidentRaised: ("complaints.major_incident.raised", lambda c, e: {
        "reasons": e.reasons, "returned_quantity": c.returned_quantity, "loss_amount": c.loss_amount,
        "injury": c.injury, "claims_loss": c.claims_loss}),
}
_PROBLEM = {
    **{kind: (f"complaints.internal_problem.{verb}", build) for kind, (verb, build) in _CYCLE.items()},
    ev.Received: ("complaints.internal_problem.received", lambda p, e: {
        "description": p.description, "loss_amount": p.loss_amount}),
    ev.IncidentClassified: ("complaints.internal_problem.classified", lambda p, e: {
        "previous_class": e.previous_class, "reasons": e.reasons, "loss_amount": p.loss_amount}),
}

_OTHER = {
    cl.ClaimSubmitted: ("complaints.claim.submitted", _claim_facts, lambda e: {}),
    cl.ClaimAnalysed: ("complaints.claim.analysed", _claim_facts, lambda e: {
        "responsibility": e.responsibility, "proposed_amount": e.proposed_amount}),
    cl.ClaimApproved: ("complaints.claim.approved", _claim_facts, lambda e: {"proposed_amount": e.proposed_amount}),
    cl.ClaimDecided: ("complaints.claim.decided", _claim_facts, lambda e: {
        "outcome": e.outcome, "proposed_amount": e.proposed_amount}),
    cl.ClaimProposalDeclined: ("complaints.claim.declined", _claim_facts, lambda e: {"rounds": e.rounds}),
    cl.ClaimSettled: ("complaints.claim.settled", _claim_facts, lambda e: {
        "settled_amount": e.settled_amount, "reference": e.reference}),
    sv.PraiseReceived: ("complaints.praise.received", lambda e: {
        "customer": {"id": e.customer_id, "name": e.customer_name}}, lambda e: {"received_at": e.received_at}),
    sv.SurveyOpened: ("complaints.survey.opened", _survey_facts, lambda e: {
        "customer_ids": e.customer_ids, "items": e.items}),
    sv.SurveyResponseRecorded: ("complaints.survey.responded", _survey_facts, lambda e: {
        "customer_id": e.customer_id, "response_rate": e.response_rate}),
    sv.FollowUpRoundStarted: ("complaints.survey.followed_up", _survey_facts, lambda e: {
        "response_rate": e.response_rate, "pending_customer_ids": e.pending_customer_ids}),
    sv.SurveyClosed: ("complaints.survey.closed", _survey_facts, lambda e: {
        "response_rate": e.response_rate, "survey_score": e.survey_score, "objective_score": e.objective_score,
        "total_score": e.total_score}),
    sv.CorrectiveActionOpened: ("complaints.corrective_action.opened", _action_facts, lambda e: {
        "description": e.description}),
    sv.CorrectiveActionClosed: ("complaints.corrective_action.closed", _action_facts, lambda e: {
        "outcome": e.outcome}),
    sv.CorrectiveActionImplemented: ("complaints.corrective_action.implemented", _action_facts, lambda e: {
        "note": e.note}),
    sv.CorrectiveActionVerified: ("complaints.corrective_action.verified", _action_facts, lambda e: {
        "effective": e.effective}),
    sv.CorrectiveActionOverdue: ("complaints.corrective_action.overdue", _action_facts, lambda e: {
        "escalation": e.escalation, "escalation_level": e.escalation_level,
        "escalation_department": e.escalation_department}),
}
# Internal only: the corrective action each of these opens is what goes on the wire.
_NOT_PUBLISHED = (sv.DissatisfactionReported,)
# What the CAPA cycle's events are called, and start with, for each aggregate that records them.
_CYCLE_AGGREGATES = {"complaint": (_COMPLAINT, complaint_facts), "internal problem": (_PROBLEM, problem_facts)}


def publish(uow, aggregate) -> list:
    """Queue the integration events of everything the aggregate recorded; returns the domain events."""
    recorded = aggregate.pull_events()
    names, facts = _CYCLE_AGGREGATES.get(getattr(aggregate, "kind", None), ({}, None))
    for event in recorded:
        if isinstance(event, _NOT_PUBLISHED):
            continue
        if isinstance(event, ev.CycleEvent):
            if type(event) not in names:
                continue  # e.g. an internal problem's major class: its `classified` event says so
            event_type, build = names[type(event)]
            data = {**facts(aggregate), **build(aggregate, event)}
        else:
            event_type, facts, build = _OTHER[type(event)]
            data = {**facts(event), **build(event)}
        uow.publish(event_type, aggregate.id, data)
    return recorded
