"""The service names the secrets it cannot run without, and ships no webhook secret that works in production."""
from qms_shared.shipped_secrets import insecure_secrets

from notifications.config import NotificationsConfig


def test_jwt_and_webhook_secrets_are_required_and_the_default_is_for_development_only(monkeypatch):
    monkeypatch.delenv("WEBHOOK_SECRET", raising=False)
    monkeypatch.delenv("QMS_ENV", raising=False)
    config = NotificationsConfig()
    assert NotificationsConfig.required_secrets == ("jwt_secret", "webhook_secret")
    assert config.webhook_secret.startswith("dev-")
    assert "WEBHOOK_SECRET is not set" in insecure_secrets(config)
    monkeypatch.setenv("QMS_ENV", "development")
    assert insecure_secrets(NotificationsConfig()) == []


def test_the_outbound_allow_list_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("QMS_OUTBOUND_ALLOWED_NETWORKS", "10.20.0.0/16")
    assert NotificationsConfig().outbound_allowed_networks == "10.20.0.0/16"
    monkeypatch.delenv("QMS_OUTBOUND_ALLOWED_NETWORKS")
    assert NotificationsConfig().outbound_allowed_networks == ""
