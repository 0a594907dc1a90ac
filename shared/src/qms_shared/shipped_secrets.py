"""Secrets that are known to everyone who has the repository, and the check that refuses them.

Outside `QMS_ENV=development`, `serve` and `worker` stop at start when a secret the service needs is
unset, shorter than 32 bytes, or one of these: whoever read the repository could sign admin tokens
or webhooks with it.
"""
from __future__ import annotations

from dataclasses import fields

MIN_SECRET_BYTES = 32

# Values written in the repository (defaults in code, examples, placeholders). The defaults of the
# config classes are added at run time, so a service's own default is refused without being listed.
SHIPPED = frozenset({
    "qms-development-secret-change-me-in-production",
    "qms-development-webhook-secret",
    "change-me", "changeme", "change-me-in-production", "secret", "jwt-secret", "webhook-secret",
    "please-change-me", "replace-me", "your-secret-here", "example",
})


def secrets_to_check(config) -> tuple[str, ...]:
    """The config fields holding secrets this service needs."""
    names = list(getattr(config, "required_secrets", ("jwt_secret",)))
    if hasattr(config, "webhook_secret") and "webhook_secret" not in names:
        names.append("webhook_secret")
    return tuple(names)


def insecure_secrets(config) -> list[str]:
    """One message per secret that is unset, too short or shipped (empty in development)."""
    if getattr(config, "development", False):
        return []
    by_name = {f.name: f for f in fields(config)}
    problems = []
    for name in secrets_to_check(config):
        spec = by_name.get(name)
        variable = spec.metadata.get("env", name.upper()) if spec else name.upper()
        shipped = SHIPPED | ({spec.metadata.get("default")} if spec else set())
        value = getattr(config, name, "") or ""
        if not value or value == (spec.metadata.get("default") if spec else None):
            problems.append(f"{variable} is not set")
        elif value.strip() in shipped or value.strip().lower() in shipped:
            problems.append(f"{variable} is a value shipped in the repository")
        elif len(value.encode()) < MIN_SECRET_BYTES:
            problems.append(f"{variable} is shorter than {MIN_SECRET_BYTES} bytes")
    return problems


def refusal_message(config, problems: list[str]) -> str:
    """What `serve` and `worker` print before exiting."""
    return (f"qms-{config.service}: refusing to start: " + "; ".join(problems) + ". "
            f"Set each to at least {MIN_SECRET_BYTES} random bytes (e.g. `head -c 32 /dev/urandom | base64`), "
            "or set QMS_ENV=development on a developer's machine.")
