"""Each service's OpenAPI document validates, and its docs page renders in headless Chromium offline."""
from __future__ import annotations

import importlib
import shutil
import subprocess
import threading

import pytest
from openapi_spec_validator import validate
from werkzeug.serving import make_server

SERVICES = ["complaints", "reviews", "compliance", "notifications"]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _app(service, tmp_path):
    create_app = importlib.import_module(f"{service}.entrypoints.app").create_app
    # the document is built without a database connection: the URL only has to be PostgreSQL's
    return create_app({"database_url": "postgresql://nobody@127.0.0.1:1/unused", "data_dir": str(tmp_path)})


@pytest.mark.parametrize("service", SERVICES)
def test_openapi_document_is_valid_and_documents_auth_and_problems(service, tmp_path):
    spec = _app(service, tmp_path).test_client().get("/api/v1/openapi.json").get_json()
    validate(spec)
    assert spec["openapi"].startswith("3.")
    assert spec["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    assert all(path.startswith("/api/v1/") for path in spec["paths"])
    assert len(spec["paths"]) >= 1


def _operations(spec):
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method in ("get", "post", "put", "patch", "delete"):
                yield path, method, operation


def _resolve(spec, node):
    while "$ref" in node:
        kind, name = node["$ref"].split("/")[-2:]
        node = spec["components"][kind][name]
    return node


@pytest.mark.parametrize("service", SERVICES)
def test_errors_are_documented_as_problem_json_that_may_carry_extra_members(service, tmp_path):
    spec = _app(service, tmp_path).test_client().get("/api/v1/openapi.json").get_json()
    problem = spec["components"]["schemas"]["Problem"]
    assert problem["additionalProperties"] is True and {"type", "title", "status"} <= set(problem["required"])
    for path, method, operation in _operations(spec):
        for status, response in operation["responses"].items():
            content = _resolve(spec, response).get("content", {})
            if status == "default" or status.startswith(("4", "5")):
                assert list(content) == ["application/problem+json"], (path, method, status)


@pytest.mark.parametrize("service", SERVICES)
def test_writes_document_their_body_errors_and_bodies_are_required_only_when_a_field_is(service, tmp_path):
    app = _app(service, tmp_path)
    spec = app.test_client().get("/api/v1/openapi.json").get_json()
    for path, method, operation in _operations(spec):
        if method in ("post", "put", "patch"):
            assert {"400", "413", "415"} <= set(operation["responses"]), (path, method)
        body = operation.get("requestBody")
        schema = ((body or {}).get("content", {}).get("application/json") or {}).get("schema")
        if schema and "$ref" in schema:
            required = bool(_resolve(spec, schema).get("required"))
            assert body["required"] == required or "application/xml" in body["content"], (path, method)


@pytest.mark.parametrize("service", SERVICES)
def test_idempotent_creates_document_the_idempotency_key(service, tmp_path):
    from qms_shared.web.idempotency import idempotent  # noqa: F401  (the decorator documents itself)
    app = _app(service, tmp_path)
    spec = app.test_client().get("/api/v1/openapi.json").get_json()
    documented = {(path, method) for path, method, operation in _operations(spec)
                  if any(p.get("name") == "Idempotency-Key" for p in operation.get("parameters", []))}
    idempotent_views = set()
    for rule in app.url_map.iter_rules():
        view_class = getattr(app.view_functions[rule.endpoint], "view_class", None)
        for method in ("post", "put", "patch"):
            view = getattr(view_class, method, None) if view_class else None
            if view is not None and getattr(view, "_apidoc", {}).get("qms", {}).get("idempotent"):
                path = rule.rule.replace("<", "{").replace(">", "}")
                idempotent_views.add((__import__("re").sub(r"\{[^:}]+:", "{", path), method))
    assert idempotent_views and idempotent_views <= documented


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is installed by scripts/system-deps.sh")
@pytest.mark.parametrize("service", SERVICES)
def test_docs_page_renders_in_headless_chromium_without_network(service, tmp_path):
    app = _app(service, tmp_path)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/api/v1/docs"
        dom = subprocess.run(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp_path}/chrome",
             "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",  # no network but this server
             "--virtual-time-budget=8000", "--dump-dom", url],
            capture_output=True, text=True, timeout=90).stdout
    finally:
        server.shutdown()
    # Swagger UI only builds these once its JavaScript ran and the spec was fetched and parsed.
    assert 'class="swagger-ui"' in dom
    assert "opblock" in dom and f"QMS {service} API" in dom
