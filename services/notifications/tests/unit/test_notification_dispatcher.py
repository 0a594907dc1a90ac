"""The dispatcher's scheduling through an in-memory unit of work: what is sent, retried, deferred."""
import uuid
from datetime import datetime, timedelta, timezone

from notifications.adapters.senders.base import PermanentSendError, TransientSendError
from notifications.adapters.templates import TemplateRenderer
from notifications.domain.delivery import Delivery
from notifications.domain.retry import RetryPolicy
from notifications.service_layer.dependencies import Dependencies
from notifications.service_layer.dispatcher import DEFER, Dispatcher

from notification_fakes import FakeUnitOfWork

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
POLICY = RetryPolicy(max_attempts=3, base_delay=timedelta(seconds=60), cap=timedelta(seconds=90))


class Sender:
    """Answers by address: `down@` times out, `nobody@` is refused, anyone else is accepted."""

    def __init__(self):
        self.sent = []

    def send(self, message):
        if message.address.startswith("down@"):
            raise TransientSendError("timed out")
        if message.address.startswith("nobody@"):
            raise PermanentSendError("550 no such user")
        self.sent.append(message.address)


def dispatcher_over(*addresses):
    deliveries = [Delivery(id=uuid.uuid4(), key=f"k:{n}:email", channel="email", address=address, subject="s",
                           body="b", at=T0 - timedelta(seconds=len(addresses) - n))
                  for n, address in enumerate(addresses)]
    uow = FakeUnitOfWork(deliveries=deliveries)
    deps = Dependencies(renderer=TemplateRenderer(), policy=POLICY, senders={"email": Sender()}, clock=lambda: T0)
    return Dispatcher(uow_factory=lambda: uow, deps=deps), uow, deliveries


def test_each_outcome_is_recorded_and_published():
    dispatcher, uow, (ok, refused) = dispatcher_over("li@example.com", "nobody@example.com")
    assert dispatcher.drain() == 2
    assert (ok.status, refused.status) == ("sent", "failed")
    assert [t for t, _, _ in uow.published] == ["notifications.delivery.sent", "notifications.delivery.failed"]
    assert uow.deliveries.claimed_until.keys() == {ok.id}  # the failed one may be resent: its lease is given back


def test_a_server_that_times_out_costs_one_try_per_batch_the_rest_wait():
    dispatcher, uow, (first, second) = dispatcher_over("down@example.com", "li@example.com")
    assert dispatcher.drain() == 2
    assert (first.status, first.next_attempt_at, len(first.attempts)) == ("retrying", T0 + timedelta(seconds=60), 1)
    assert (second.status, second.next_attempt_at, second.attempts) == ("pending", T0 + DEFER, [])
    assert uow.deliveries.claimed_until == {} and uow.published == []
