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
            "source": e.source, "source_id": e.source_id}


_COMPLAINT = {
    ev.ComplaintReceived: ("complaints.complaint.received", lambda c, e: {
        "channel": e.channel, "description": c.description, "returned_quantity": c.returned_quantity,
        "loss_amount": c.loss_amount}),
    ev.ComplaintContained: ("complaints.complaint.contained", lambda c, e: {"action": e.action, "on_time": e.on_time}),
    ev.ComplaintAnalysed: ("complaints.complaint.analysed", lambda c, e: {
        "cause_category": e.cause_category, "responsibility": e.responsibility, "root_cause": c.root_cause}),
    ev.ActionPlanned: ("complaints.complaint.action_planned", lambda c, e: {
        "approved_by": e.approved_by, "on_time": e.on_time}),
    ev.ActionImplemented: ("complaints.complaint.implemented", lambda c, e: {}),
    ev.ComplaintVerified: ("complaints.complaint.verified", lambda c, e: {"effective": e.effective}),
    ev.ComplaintReopened: ("complaints.complaint.reopened", lambda c, e: {"reopen_count": e.reopen_count}),
    ev.ComplaintClosed: ("complaints.complaint.closed", lambda c, e: {
        "reason": e.reason, "reopen_count": e.reopen_count}),
    ev.DeadlineExtended: ("complaints.complaint.deadline_extended", lambda c, e: {
        "deadline": e.deadline, "previous_due_at": e.previous_due_at, "new_due_at": e.new_due_at}),
    ev.DeadlineMissed: ("complaints.complaint.overdue", lambda c, e: {
        "deadline": e.deadline, "due_at": e.due_at, "escalation": e.escalation,
        "escalation_level": 1 if e.escalation == "department_head" else 2}),
    ev.FiguresChanged: ("complaints.complaint.figures_changed", lambda c, e: {"changes": e.changes}),
    ev.IncidentClassified: ("complaints.incident.classified", lambda c, e: {
        "previous_class": e.previous_class, "reasons": e.reasons, "returned_quantity": c.returned_quantity,
        "loss_amount": c.loss_amount}),
    ev.MajorIncidentRaised: ("complaints.major_incident.raised", lambda c, e: {
        "reasons": e.reasons, "returned_quantity": c.returned_quantity, "loss_amount": c.loss_amount,
        "injury": c.injury}),
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
}
# Internal only: the corrective action each of these opens is what goes on the wire.
_NOT_PUBLISHED = (sv.DissatisfactionReported,)


def publish(uow, aggregate) -> list:
    """Queue the integration events of everything the aggregate recorded; returns the domain events."""
    recorded = aggregate.pull_events()
    for event in recorded:
        if isinstance(event, _NOT_PUBLISHED):
            continue
        if type(event) in _COMPLAINT:
            event_type, build = _COMPLAINT[type(event)]
            data = {**complaint_facts(aggregate), **build(aggregate, event)}
        else:
            event_type, facts, build = _OTHER[type(event)]
            data = {**facts(event), **build(event)}
        uow.publish(event_type, aggregate.id, data)
    return recorded
