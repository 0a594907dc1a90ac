"""Delivery lifecycle: attempts, backoff with a cap, dead after the last, failed, resend."""
import uuid
from datetime import datetime, timedelta, timezone

import pytest
from qms_shared.domain import InvalidTransition

from notifications.domain.delivery import ERROR_MAX, Delivery
from notifications.domain.events import (DeliveryFailed, DeliveryQueued, DeliveryResent,
                                         DeliveryRetryScheduled, DeliverySent)
from notifications.domain.retry import RetryPolicy

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
POLICY = RetryPolicy(max_attempts=3, base_delay=timedelta(seconds=10), factor=2,
                     cap=timedelta(seconds=15))


def make_delivery():
    return Delivery(id=uuid.uuid4(), key="e:r:email", channel="email", address="a@example.com",
                    subject="s", body="b", at=T0, event_id=uuid.uuid4(), recipient_id=uuid.uuid4())


def test_new_delivery_is_pending_and_due_now():
    d = make_delivery()
    assert (d.status, d.attempts, d.version) == ("pending", [], 1)
    assert d.is_due(T0) and not d.is_due(T0 - timedelta(seconds=1))
    assert d.events == [DeliveryQueued(d.id)]


def test_sent_on_first_try():
    d = make_delivery()
    d.pull_events()
    d.mark_sent(T0 + timedelta(seconds=1))
    assert (d.status, d.sent_at, d.next_attempt_at) == ("sent", T0 + timedelta(seconds=1), None)
    assert [(a.number, a.succeeded) for a in d.attempts] == [(1, True)]
    assert d.pull_events() == [DeliverySent(d.id, d.event_id, d.recipient_id, "email", 1,
                                            T0 + timedelta(seconds=1))]
    assert not d.is_due(T0 + timedelta(days=1))


def test_retries_back_off_until_dead_after_the_last():
    d = make_delivery()
    d.pull_events()
    d.mark_failed(T0, "connection refused", POLICY)
    assert (d.status, d.next_attempt_at) == ("retrying", T0 + timedelta(seconds=10))
    assert not d.is_due(T0 + timedelta(seconds=9)) and d.is_due(T0 + timedelta(seconds=10))
    t1 = T0 + timedelta(seconds=10)
    d.mark_failed(t1, "connection refused", POLICY)
    # 10 × 2 = 20 s, capped at 15 s.
    assert (d.status, d.next_attempt_at) == ("retrying", t1 + timedelta(seconds=15))
    t2 = t1 + timedelta(seconds=15)
    d.mark_failed(t2, "timed out", POLICY)
    assert (d.status, d.next_attempt_at, d.last_error) == ("dead", None, "timed out")
    assert [a.error for a in d.attempts] == ["connection refused", "connection refused", "timed out"]
    events = d.pull_events()
    assert [type(e) for e in events] == [DeliveryRetryScheduled, DeliveryRetryScheduled, DeliveryFailed]
    assert events[-1] == DeliveryFailed(d.id, d.event_id, d.recipient_id, "email", "dead", 3,
                                        "timed out", t2)


def test_a_permanent_refusal_fails_at_once():
    d = make_delivery()
    d.mark_failed(T0, "550 no such user", POLICY, permanent=True)
    assert (d.status, len(d.attempts), d.next_attempt_at) == ("failed", 1, None)
    assert isinstance(d.events[-1], DeliveryFailed) and d.events[-1].status == "failed"


def test_retry_then_success():
    d = make_delivery()
    d.mark_failed(T0, "busy", POLICY)
    d.mark_sent(T0 + timedelta(seconds=10))
    assert d.status == "sent" and [a.succeeded for a in d.attempts] == [False, True]


@pytest.mark.parametrize("finish", ["sent", "dead", "failed"])
def test_finished_deliveries_take_no_more_attempts(finish):
    d = make_delivery()
    if finish == "sent":
        d.mark_sent(T0)
    else:
        d.mark_failed(T0, "x", RetryPolicy(max_attempts=1), permanent=finish == "failed")
    with pytest.raises(InvalidTransition):
        d.mark_sent(T0)
    with pytest.raises(InvalidTransition):
        d.mark_failed(T0, "x", POLICY)


def test_resend_a_dead_delivery_gets_a_fresh_budget_and_keeps_history():
    d = make_delivery()
    for n in range(3):
        d.mark_failed(T0 + timedelta(minutes=n), "down", POLICY)
    assert d.status == "dead"
    d.pull_events()
    later = T0 + timedelta(hours=1)
    d.resend(later, by="u-admin")
    assert (d.status, d.next_attempt_at, d.resend_count) == ("pending", later, 1)
    assert d.pull_events() == [DeliveryResent(d.id, "u-admin")]
    d.mark_failed(later, "down", POLICY)
    assert d.status == "retrying" and len(d.attempts) == 4


@pytest.mark.parametrize("state", ["pending", "retrying", "sent"])
def test_only_failed_or_dead_can_be_resent(state):
    d = make_delivery()
    if state == "retrying":
        d.mark_failed(T0, "x", POLICY)
    elif state == "sent":
        d.mark_sent(T0)
    with pytest.raises(InvalidTransition) as caught:
        d.resend(T0, by="u")
    assert caught.value.extra == {"current_status": state, "allowed": ["dead", "failed"]}


def test_long_errors_are_cut():
    d = make_delivery()
    d.mark_failed(T0, "x" * 2000, POLICY)
    assert len(d.attempts[0].error) == ERROR_MAX


def test_every_change_bumps_the_version():
    d = make_delivery()
    d.mark_failed(T0, "x", POLICY)
    d.mark_sent(T0)
    assert d.version == 3


class TestRetryPolicy:
    def test_delays_double_until_the_cap(self):
        policy = RetryPolicy(max_attempts=10, base_delay=timedelta(seconds=30), factor=2,
                             cap=timedelta(minutes=5))
        assert [policy.delay_after(n).total_seconds() for n in range(1, 7)] == [30, 60, 120, 240, 300, 300]

    def test_no_next_attempt_after_the_last(self):
        policy = RetryPolicy(max_attempts=2)
        assert policy.next_attempt_at(1, T0) == T0 + timedelta(seconds=30)
        assert policy.next_attempt_at(2, T0) is None
        assert policy.next_attempt_at(3, T0) is None

    @pytest.mark.parametrize("kw", [{"max_attempts": 0}, {"base_delay": timedelta(0)},
                                    {"factor": 0.5}, {"cap": timedelta(seconds=1)}])
    def test_nonsense_policies_are_refused(self, kw):
        with pytest.raises(ValueError):
            RetryPolicy(**kw)

    def test_attempts_are_one_based(self):
        with pytest.raises(ValueError):
            RetryPolicy().delay_after(0)


def test_defer_moves_the_next_try_without_counting_an_attempt():
    d = make_delivery()
    d.defer(T0 + timedelta(seconds=5), T0)
    assert (d.status, d.attempts, d.next_attempt_at, d.version) == ("pending", [], T0 + timedelta(seconds=5), 2)
    d.mark_sent(T0 + timedelta(seconds=5))
    with pytest.raises(InvalidTransition):
        d.defer(T0, T0)
