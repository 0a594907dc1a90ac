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
