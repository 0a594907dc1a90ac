"""Configuration from the environment and the event envelope."""
import uuid
from datetime import date
from decimal import Decimal

from qms_shared.config import Config
from qms_shared.correlation import correlated
from qms_shared.envelope import new_envelope, parse


def test_defaults_let_a_service_start_with_no_configuration(monkeypatch):
    for name in ("DATABASE_URL", "BROKER_URL", "JWT_SECRET"):
        monkeypatch.delenv(name, raising=False)
    config = Config(service="complaints")
    assert config.database_url == "postgresql://postgres@127.0.0.1:5432/qms_complaints"
    assert config.broker_url.startswith("amqp://") and len(config.jwt_secret) >= 32
    assert config.queue == "complaints.events" and config.dead_letter_queue == "complaints.events.dead"
    assert config.retry_queue(2) == "complaints.events.retry.2"


def test_environment_wins_and_is_typed(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://x@h/db")
    monkeypatch.setenv("QMS_RETRY_DELAYS_MS", "10,20,30,40")
    monkeypatch.setenv("QMS_VALIDATE_EVENTS", "yes")
    config = Config(service="reviews")
    assert config.database_url == "postgresql://x@h/db"
    assert config.retry_delays_ms == (10, 20, 30, 40) and config.validate_events is True


def test_envelope_has_the_contract_fields_and_carries_the_correlation():
    with correlated("corr-1", "cause-1"):
        env = new_envelope(source="complaints", type="complaints.complaint.received", subject=uuid.UUID(int=1),
                           data={"amount": Decimal("1.50"), "on": date(2026, 1, 2)})
    assert env["correlation_id"] == "corr-1" and env["causation_id"] == "cause-1"
    assert env["subject"] == "00000000-0000-0000-0000-000000000001"
    assert env["data"] == {"amount": "1.50", "on": "2026-01-02"}
    assert parse(__import__("json").dumps(env)) == env


def test_parse_refuses_what_is_not_an_envelope():
    import pytest
    with pytest.raises(ValueError):
        parse('{"id": "x"}')
    with pytest.raises(ValueError):
        parse("[1, 2]")


def test_an_aggregate_loaded_without_init_reads_no_events_and_can_record():
    from qms_shared.domain import Aggregate

    class Thing(Aggregate):
        pass
    loaded = Thing.__new__(Thing)  # as the ORM builds it
    assert list(loaded.events) == [] and loaded.pull_events() == []
    loaded.record("changed")
    other = Thing.__new__(Thing)
    assert loaded.pull_events() == ["changed"] and list(other.events) == []
