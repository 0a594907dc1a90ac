"""Every 4xx is a problem document of the right code, with nothing reaching a view that it cannot hold."""
from __future__ import annotations

import pytest

import http_app
from qms_shared import testing

SECRET = "contract-secret-" + "z" * 24


@pytest.fixture(scope="module")
def app():
    return http_app.create_app({"jwt_secret": SECRET})


@pytest.fixture
def client(app):
    return app.test_client()


def _auth(app, *roles):
    return testing.bearer(app.config["QMS"], list(roles) or ["quality"])


def _problem(response, status):
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["status"] == status and body["type"].startswith("urn:qms:problem:")
    return body


@pytest.mark.parametrize("body", ['{"name": "\\ud800"}', '{"name": "a", "tags": [{"label": "x\\udc00"}]}',
                                  '{"owner": {"label": "\\ud83d"}, "name": "a"}', '{"name": "a",}', "{",
                                  '{"name": NaN}', '{"name": "a"} trailing', b'{"name": "\xff"}'])
def test_malformed_json_and_invalid_unicode_are_400(app, client, body):
    response = client.post("/api/v1/things", data=body, content_type="application/json", headers=_auth(app))
    assert "not valid JSON" in _problem(response, 400)["detail"]


def test_json_nested_a_hundred_thousand_deep_is_400_not_a_recursion_error(app, client):
    for body in ("[" * 100_000 + "]" * 100_000, '{"a":' * 100_000 + "1" + "}" * 100_000, "[" * 100_000):
        response = client.post("/api/v1/things", data=body, content_type="application/json", headers=_auth(app))
        _problem(response, 400)


def test_a_body_over_the_limit_is_413_by_content_length_or_chunked(app, client):
    big = b'{"name": "' + b"x" * (6 * 1024 * 1024) + b'"}'
    _problem(client.post("/api/v1/things", data=big, content_type="application/json", headers=_auth(app)), 413)
    chunked = {**_auth(app), "Transfer-Encoding": "chunked", "Content-Type": "application/json"}
    import io
    response = client.post("/api/v1/things", input_stream=io.BytesIO(big), headers=chunked)
    _problem(response, 413)
    small = io.BytesIO(b'{"name": "chunked"}')
    assert client.post("/api/v1/things", input_stream=small, headers=chunked).status_code == 201


def test_the_limit_is_configurable():
    small = http_app.create_app({"jwt_secret": SECRET, "max_body_bytes": 100})
    client = small.test_client()
    body = '{"name": "' + "x" * 200 + '"}'
    _problem(client.post("/api/v1/things", data=body, content_type="application/json",
                         headers=_auth(small)), 413)


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", "application/xml",
                                          "multipart/form-data; boundary=x", None])
def test_a_body_in_another_media_type_than_json_is_415(app, client, content_type):
    headers = {**_auth(app), **({"Content-Type": content_type} if content_type else {})}
    body = _problem(client.post("/api/v1/things", data=b'{"name": "x"}', headers=headers), 415)
    assert body["accepted"] == ["application/json"]


def test_json_variants_are_json_and_an_endpoint_may_accept_other_types(app, client):
    ok = client.post("/api/v1/things", data='{"name": "x"}', content_type="application/merge-patch+json",
                     headers=_auth(app))
    assert ok.status_code == 201
    xml = client.post("/api/v1/things/upload", data="<a/>", content_type="application/xml", headers=_auth(app))
    assert xml.status_code == 200
    body = _problem(client.post("/api/v1/things/upload", data="{}", content_type="application/json",
                                headers=_auth(app)), 415)
    assert body["accepted"] == ["application/xml"]


def test_a_nul_character_in_any_text_field_is_422_naming_the_field(app, client):
    body = {"name": "a\u0000b", "tags": [{"label": "ok"}, {"label": "\u0000"}], "owner": {"label": "x\u0000"}}
    errors = _problem(client.post("/api/v1/things", json=body, headers=_auth(app)), 422)["errors"]
    assert set(errors) == {"name", "tags.1.label", "owner.label"}
    assert all("NUL" in messages[0] for messages in errors.values())


def test_a_nul_character_in_a_query_string_is_422_naming_the_parameter(client):
    from qms_shared.web.schemas import PageArgs
    from marshmallow import fields

    class Search(PageArgs):
        q = fields.String()

    with pytest.raises(Exception) as raised:
        Search().load({"q": "a\x00"})
    assert raised.value.messages == {"q": ["Must not contain a NUL character (U+0000)."]}


def test_bearer_is_accepted_in_any_case_and_unknown_roles_are_401(app, client):
    token = _auth(app)["Authorization"].split(" ", 1)[1]
    for scheme in ("bearer", "BEARER"):
        response = client.post("/api/v1/things", json={"name": "x"}, headers={"Authorization": f"{scheme} {token}"})
        assert response.status_code == 201
    import jwt
    import time
    forged = jwt.encode({"sub": "x", "roles": ["quality", "root"], "iat": int(time.time()),
                         "exp": int(time.time()) + 60}, SECRET)
    body = _problem(client.post("/api/v1/things", json={"name": "x"}, headers={"Authorization": f"Bearer {forged}"}),
                    401)
    assert "unknown roles: root" in body["detail"]


def test_an_unexpected_error_leaks_nothing(app):
    failing = http_app.create_app({"jwt_secret": SECRET})

    @failing.get("/boom")
    def boom():
        raise RuntimeError("password=hunter2 at /srv/secret.py")

    body = _problem(failing.test_client().get("/boom"), 500)
    assert "hunter2" not in str(body) and "secret.py" not in str(body)


def test_every_response_says_nosniff_and_html_pages_allow_only_their_own_scripts(client):
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200 and docs.mimetype == "text/html"
    policy = docs.headers["Content-Security-Policy"]
    assert "script-src 'self' 'sha256-" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert "http" not in policy  # no other origin
    assert docs.headers["X-Content-Type-Options"] == "nosniff"
    for path in ("/healthz", "/api/v1/openapi.json", "/nowhere", "/api/v1/things"):
        response = client.get(path)
        assert response.headers["X-Content-Type-Options"] == "nosniff", path
        assert response.headers["Content-Security-Policy"].startswith("default-src 'none'"), path


def test_the_docs_page_hash_matches_its_inline_script(client):
    import base64
    import hashlib
    import re
    docs = client.get("/api/v1/docs")
    script = re.search(r"<script>(.*?)</script>", docs.get_data(as_text=True), re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in docs.headers["Content-Security-Policy"]


def test_metric_labels_are_url_rules_and_known_methods(app, client):
    from qms_shared import metrics
    client.get("/api/v1/things/" + "x" * 50)
    client.open("/api/v1/things", method="FROBNICATE")
    text = metrics.render("notes", lambda: 0).decode()
    assert "x" * 50 not in text
    assert 'method="FROBNICATE"' not in text and 'method="other"' in text
