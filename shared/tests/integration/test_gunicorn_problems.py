"""Under the real gunicorn (the services' settings and worker class), what gunicorn refuses itself (414, 431)
and what is cut or oversized on the wire (a chunked 6 MiB body) are problem documents too."""
from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from qms_shared import testing

TESTS = Path(__file__).resolve().parent.parent
SECRET = "gunicorn-secret-" + "g" * 24


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(TESTS), os.environ.get("PYTHONPATH", "")]),
           "JWT_SECRET": SECRET, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path_factory.mktemp("metrics"))}
    proc = subprocess.Popen([sys.executable, "-m", "gunicorn", "--config", "python:qms_shared.gunicorn_conf",
                             "--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", "2",
                             "http_app:create_app()"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        testing.wait_until(lambda: _answers(port), timeout=30, interval=0.1)
        yield port
    finally:
        proc.terminate()
        proc.wait(30)


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def _raw(port: int, request: bytes) -> tuple[int, dict, bytes]:
    """Send bytes as they are and read the whole answer (the server closes after an error)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(request)
        data = b""
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, v in (line.split(":", 1) for line in lines[1:])}
    return int(lines[0].split()[1]), headers, body


def _assert_problem(status, headers, body, expected):
    import json
    assert status == expected, body
    assert headers["content-type"] == "application/problem+json"
    document = json.loads(body)
    assert document["status"] == expected and document["type"].startswith("urn:qms:problem:")
    assert b"<html" not in body
    return document


def test_a_request_line_over_4_kb_is_a_414_problem(server):
    status, headers, body = _raw(server, b"GET /api/v1/things?q=" + b"a" * 5000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
    assert _assert_problem(status, headers, body, 414)["type"] == "urn:qms:problem:UriTooLong"


def test_a_header_over_8_kb_is_a_431_problem(server):
    status, headers, body = _raw(server, b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + b"b" * 9000 + b"\r\n\r\n")
    assert _assert_problem(status, headers, body, 431)["type"] == "urn:qms:problem:HeadersTooLarge"


def test_a_malformed_request_line_is_a_400_problem(server):
    status, headers, body = _raw(server, b"GET\x01 / HTTP/1.1\r\nHost: x\r\n\r\n")
    _assert_problem(status, headers, body, 400)


def _token() -> str:
    from qms_shared.web.auth import mint_token
    return mint_token(SECRET, sub="t", roles=["quality"])


def test_a_chunked_body_over_the_limit_is_413_not_cut_and_400(server):
    conn = http.client.HTTPConnection("127.0.0.1", server, timeout=30)
    big = b'{"name": "' + b"x" * (6 * 1024 * 1024) + b'"}'
    chunks = (big[i:i + 65536] for i in range(0, len(big), 65536))
    try:
        conn.request("POST", "/api/v1/things", body=chunks, encode_chunked=True,
                     headers={"Content-Type": "application/json", "Authorization": f"Bearer {_token()}"})
        response = conn.getresponse()
        _assert_problem(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read(), 413)
    except (BrokenPipeError, ConnectionResetError):
        pytest.fail("the server hung up without an answer")
    finally:
        conn.close()


def test_a_small_chunked_body_reaches_the_view_whole(server):
    conn = http.client.HTTPConnection("127.0.0.1", server, timeout=30)
    conn.request("POST", "/api/v1/things", body=iter([b'{"name": ', b'"in two chunks"}']), encode_chunked=True,
                 headers={"Content-Type": "application/json", "Authorization": f"bearer {_token()}"})
    response = conn.getresponse()
    assert response.status == 201 and b"in two chunks" in response.read()
    conn.close()


def test_wrong_content_type_and_deep_json_are_problems_over_the_wire(server):
    conn = http.client.HTTPConnection("127.0.0.1", server, timeout=30)
    auth = {"Authorization": f"Bearer {_token()}"}
    conn.request("POST", "/api/v1/things", body=b'{"name": "x"}', headers={**auth, "Content-Type": "text/plain"})
    response = conn.getresponse()
    assert response.status == 415 and response.getheader("Content-Type") == "application/problem+json"
    response.read()
    conn.request("POST", "/api/v1/things", body=b"[" * 100_000, headers={**auth, "Content-Type": "application/json"})
    response = conn.getresponse()
    assert response.status == 400 and response.getheader("Content-Type") == "application/problem+json"
    response.read()
    conn.close()
