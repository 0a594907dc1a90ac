"""Claim handlers: register a claim against a complaint, then move it to settlement."""
from __future__ import annotations

import uuid

from ..domain.claim import Claim
from ..domain.commands import ChangeClaim, SubmitClaim
from ..domain.statistics import local_day
from . import integration_events
from .complaint_handlers import count_claims
from .loading import load

# endpoint step -> aggregate method; nothing else can be called through ChangeClaim
CLAIM_STEPS = {"analysis": "analyse", "approval": "approve", "customer-response": "record_customer_response",
               "settlement": "settle"}


def submit_claim(cmd: SubmitClaim, *, uow, deps) -> Claim:
    """Register a claim against an existing complaint."""
    now = deps.clock()
    with uow:
        complaint = load(uow.complaints, cmd.complaint_id, "complaint")
        claim = Claim.submit(id=uuid.uuid4(), number=uow.next_number("CL", local_day(now).year),
                             complaint_id=complaint.id, complaint_number=complaint.number,
                             customer_id=complaint.customer_id, customer_name=complaint.customer_name,
                             amount=cmd.amount, currency=cmd.currency, description=cmd.description,
                             evidence=cmd.evidence, by=cmd.actor.label, at=now)
        uow.claims.add(claim)
        integration_events.publish(uow, claim)
        uow.commit()
        return claim


def change_claim(cmd: ChangeClaim, *, uow, deps) -> Claim:
    """Apply one claim step; the complaint's loss (and so its incident class) follows the approved amounts."""
    by = cmd.actor.label
    with uow:
        claim = load(uow.claims, cmd.claim_id, "claim", cmd.expected_version)
        getattr(claim, CLAIM_STEPS[cmd.step])(**cmd.arguments, by=by, at=deps.clock())
        complaint = load(uow.complaints, claim.complaint_id, "complaint")
        count_claims(uow, complaint, deps, by)
        integration_events.publish(uow, claim)
        integration_events.publish(uow, complaint)
        uow.commit()
        return claim
