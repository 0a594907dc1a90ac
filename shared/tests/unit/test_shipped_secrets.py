"""Which secrets a service needs, and when they are refused."""
from __future__ import annotations

from dataclasses import dataclass

from qms_shared.config import Config, env
from qms_shared.shipped_secrets import insecure_secrets, secrets_to_check

GOOD = "p" * 40


@dataclass
class WithWebhook(Config):
    service: str = "hooks"
    webhook_secret: str = env("WEBHOOK_SECRET", "hooks-default-secret-shipped-in-the-repository")


def test_production_is_the_default_and_development_must_be_said(monkeypatch):
    monkeypatch.delenv("QMS_ENV", raising=False)
    assert Config().qms_env == "production" and not Config().development
    monkeypatch.setenv("QMS_ENV", "Development")
    assert Config().development


def test_a_config_with_a_webhook_secret_has_it_checked_too():
    assert secrets_to_check(Config()) == ("jwt_secret",)
    assert secrets_to_check(WithWebhook()) == ("jwt_secret", "webhook_secret")


def test_unset_short_and_shipped_secrets_are_named(monkeypatch):
    monkeypatch.delenv("QMS_ENV", raising=False)
    monkeypatch.delenv("JWT_SECRET", raising=False)
    monkeypatch.delenv("WEBHOOK_SECRET", raising=False)
    assert insecure_secrets(WithWebhook()) == ["JWT_SECRET is not set", "WEBHOOK_SECRET is not set"]
    short = WithWebhook(jwt_secret="short", webhook_secret="qms-development-webhook-secret")
    assert insecure_secrets(short) == ["JWT_SECRET is shorter than 32 bytes",
                                       "WEBHOOK_SECRET is a value shipped in the repository"]
    assert insecure_secrets(WithWebhook(jwt_secret=GOOD, webhook_secret=GOOD[::-1] + "q")) == []
    assert insecure_secrets(WithWebhook(qms_env="development")) == []


def test_a_service_may_list_more_required_secrets():
    @dataclass
    class NeedsToken(Config):
        required_secrets = ("jwt_secret", "sms_token")
        sms_token: str = env("SMS_TOKEN", "")

    assert insecure_secrets(NeedsToken(jwt_secret=GOOD)) == ["SMS_TOKEN is not set"]
