"""docker-compose.yml, the Dockerfiles and the Procfile stay valid and agree with the contract.

No Docker engine runs on the development machines, so this checks what can be checked without one:
the file parses, every service, port, variable and file it names exists, and the images run the
same commands as the local runner.
"""
from __future__ import annotations

import dataclasses
import importlib
import re
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
PORTS = {"complaints": 8001, "reviews": 8002, "compliance": 8003, "notifications": 8004}
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]


def _config_env_names(service: str) -> set[str]:
    module = importlib.import_module(f"{service}.config")
    config_cls = next(v for k, v in vars(module).items() if k.endswith("Config") and k != "Config")
    return {f.metadata["env"] for f in dataclasses.fields(config_cls) if "env" in f.metadata}


def test_compose_has_infrastructure_and_an_api_and_worker_per_service():
    assert {"postgres", "rabbitmq", "mailpit"} <= set(SERVICES)
    for service in PORTS:
        assert {f"{service}-api", f"{service}-worker"} <= set(SERVICES)
    assert "management" in SERVICES["rabbitmq"]["image"]


@pytest.mark.parametrize("service,port", PORTS.items())
def test_api_publishes_the_contract_port_and_runs_the_local_command(service, port):
    api = SERVICES[f"{service}-api"]
    assert api["ports"] == [f"{port}:{port}"]
    assert api["command"][:2] == [f"qms-{service}", "serve"]
    assert SERVICES[f"{service}-worker"]["command"] == [f"qms-{service}", "worker"]
    procfile = (ROOT / "Procfile").read_text()
    assert f"qms-{service} serve --bind 127.0.0.1:{port}" in procfile
    assert f"qms-{service} worker" in procfile


@pytest.mark.parametrize("service", PORTS)
def test_one_dockerfile_builds_each_service_from_its_build_arguments(service):
    builds = [SERVICES[f"{service}-{role}"]["build"] for role in ("api", "worker")]
    assert builds[0] == builds[1] and builds[0]["args"] == {"SERVICE": service, "PORT": str(PORTS[service])}
    dockerfile = ROOT / builds[0]["context"] / builds[0]["dockerfile"]
    assert dockerfile == ROOT / "deploy" / "Dockerfile"
    text = dockerfile.read_text()
    assert "EXPOSE ${PORT}" in text and "ARG SERVICE" in text and "ARG PORT" in text
    assert "/app/services/${SERVICE}" in text and "-c /app/constraints.txt" in text
    for copied in re.findall(r"^COPY (\S+)", text, re.M):
        assert (ROOT / copied.replace("${SERVICE}", service)).exists(), copied
    scripts = tomllib.loads((ROOT / f"services/{service}/pyproject.toml").read_text())["project"]["scripts"]
    assert f"qms-{service}" in scripts


@pytest.mark.parametrize("name", [n for n in SERVICES if n.endswith(("-api", "-worker"))])
def test_every_variable_a_service_gets_is_one_its_config_reads(name):
    service = name.rsplit("-", 1)[0]
    known = _config_env_names(service)
    assert set(SERVICES[name]["environment"]) <= known, set(SERVICES[name]["environment"]) - known
    assert {"DATABASE_URL", "BROKER_URL", "JWT_SECRET"} <= set(SERVICES[name]["environment"])


def test_every_referenced_variable_has_a_default_or_is_in_env_example():
    text = (ROOT / "docker-compose.yml").read_text()
    example = {line.split("=", 1)[0] for line in (ROOT / ".env.example").read_text().splitlines()
               if "=" in line and not line.startswith("#")}
    for name, rest in re.findall(r"\$\{([A-Z0-9_]+)([^}]*)\}", text):
        assert rest.startswith((":-", "-")) or name in example, name


def test_dependencies_health_checks_and_restart_policies():
    for name, spec in SERVICES.items():
        assert spec.get("restart") == "unless-stopped", name
        assert "healthcheck" in spec, name
        for dependency, condition in (spec.get("depends_on") or {}).items():
            assert dependency in SERVICES and condition["condition"] == "service_healthy"
    for service in PORTS:
        assert {"postgres", "rabbitmq"} <= set(SERVICES[f"{service}-api"]["depends_on"])
    assert SERVICES["notifications-worker"]["environment"]["SMTP_URL"].endswith("mailpit:1025}")


def test_postgres_init_script_creates_each_service_database_and_user():
    mount = next(v for v in SERVICES["postgres"]["volumes"] if "docker-entrypoint-initdb.d" in v)
    script = (ROOT / mount.split(":")[0]).read_text()
    assert "complaints reviews compliance notifications" in script
    assert "CREATE USER" in script and "CREATE DATABASE" in script
    for service in PORTS:
        url = SERVICES[f"{service}-api"]["environment"]["DATABASE_URL"]
        assert url.startswith(f"postgresql://{service}:") and url.endswith(f"@postgres:5432/{service}")


def test_no_secret_has_a_default_so_compose_refuses_to_start_without_it():
    text = (ROOT / "docker-compose.yml").read_text()
    secrets = {name: rest for name, rest in re.findall(r"\$\{([A-Z0-9_]+)([^}]*)\}", text)
               if name.endswith(("PASSWORD", "SECRET"))}
    assert {"JWT_SECRET", "POSTGRES_PASSWORD", "RABBITMQ_ADMIN_PASSWORD", "COMPLAINTS_BROKER_PASSWORD"} <= set(secrets)
    assert all(rest.startswith(":?") for rest in secrets.values()), secrets
    example = (ROOT / ".env.example").read_text()
    assert all(f"{name}=\n" in example for name in secrets), "an example value would be usable as it is"


def test_each_service_connects_to_the_broker_as_its_own_user():
    for service in PORTS:
        for role in ("api", "worker"):
            url = SERVICES[f"{service}-{role}"]["environment"]["BROKER_URL"]
            assert url.startswith(f"amqp://{service}:${{{service.upper()}_BROKER_PASSWORD:?"), url
    rabbit = SERVICES["rabbitmq"]
    assert rabbit["entrypoint"] == ["/etc/qms/entrypoint.sh"]
    assert {f"{s.upper()}_BROKER_PASSWORD" for s in PORTS} <= set(rabbit["environment"])


def test_the_management_ui_and_mailpit_listen_on_the_host_loopback_only():
    published = [port for name in ("rabbitmq", "mailpit") for port in SERVICES[name]["ports"]]
    assert published and all(port.startswith("127.0.0.1:") for port in published)
