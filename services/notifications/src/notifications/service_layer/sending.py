"""Command handlers for sending: a notification asked for directly, and a resend by hand."""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from qms_shared.domain import ValidationFailed

from ..domain import commands
from ..domain.delivery import Delivery
from ..domain.direct import DirectNotification
from ..domain.planning import delivery_key
from ..domain.vocabulary import DIRECT, WEBHOOK
from .dependencies import Dependencies
from .handlers import check_destinations


@dataclass
class Accepted:
    """What a direct notification became: its id, the deliveries queued and who was skipped."""

    id: uuid.UUID
    deliveries: list[Delivery]
    skipped: list[dict] = field(default_factory=list)


def send_notification(cmd: commands.SendNotification, *, uow, deps: Dependencies) -> Accepted:
    """Queue one delivery per reachable recipient (or the one address given)."""
    request = DirectNotification(channel=cmd.channel, body=cmd.body, subject=cmd.subject,
                                 recipient_ids=tuple(cmd.recipient_ids), to=dict(cmd.to))
    request.validate()
    if request.channel == WEBHOOK and request.to:
        check_destinations(deps, {"to.url": request.address()})
    accepted, now = Accepted(uuid.uuid4(), []), deps.clock()
    with uow:
        for recipient_key, address, recipient_id in _targets(request, uow, accepted):
            delivery = Delivery(id=uuid.uuid4(), key=delivery_key(accepted.id, recipient_key, cmd.channel),
                                channel=cmd.channel, address=address, subject=cmd.subject,
                                body=cmd.body, event_id=accepted.id, event_type=DIRECT,
                                recipient_id=recipient_id, at=now)
            uow.deliveries.add(delivery)
            accepted.deliveries.append(delivery)
        uow.wake_dispatcher()
        uow.commit()
    return accepted


def _targets(request: DirectNotification, uow, accepted: Accepted):
    if request.to:
        yield request.address(), request.address(), None
        return
    found = {r.id: r for r in uow.recipients.by_ids(request.recipient_ids)}
    missing = [str(i) for i in request.recipient_ids if i not in found]
    if missing:
        raise ValidationFailed("Unknown recipients", errors={"recipient_ids": [f"no recipient {i}" for i in missing]})
    for recipient_id in dict.fromkeys(request.recipient_ids):  # each once, in the order given
        person = found[recipient_id]
        if person.reachable_by(request.channel):
            yield person.id, person.address_for(request.channel), person.id
        else:
            accepted.skipped.append({"recipient_id": str(person.id),
                                     "reason": f"not reachable by {request.channel} (inactive, opted out or no address)"})


def resend_delivery(cmd: commands.ResendDelivery, *, uow, deps: Dependencies) -> Delivery:
    """Put a failed or dead delivery back in the queue."""
    with uow:
        delivery = uow.deliveries.get(cmd.delivery_id)
        delivery.resend(deps.clock(), by=cmd.actor.id)
        delivery.pull_events()  # a resend is internal: the outcome is what others hear about
        uow.wake_dispatcher()
        uow.commit()
    return delivery


HANDLERS = {
    commands.SendNotification: send_notification,
    commands.ResendDelivery: resend_delivery,
}
