"""Readiness against the real jar: ``GET /ready`` checks every configured backend and ``/health``
stays the plain liveness answer.

Deckhand runs with sync media in one S3Proxy bucket and shared-deck media on PostgreSQL and another
bucket. PostgreSQL is stopped, then S3Proxy: each time ``/ready`` must answer 503 naming the backend
within 2 s of every request (and report it within about 2 s of the outage, answers being reused for
a second), an ``/api/v1`` call that needs the backend must fail with 503 and ``Retry-After`` within
2 s, ``/health`` must stay 200, and once the backend is back ``/ready`` is 200 again without a
restart. Measured times are printed (``-s`` shows them).

And a data folder whose server database a newer Deckhand wrote is refused at start-up: one line,
exit 2, naming both schema versions and the writer.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import subprocess
import time
import urllib.error
import urllib.request

import pytest

from harness import servers
from harness.backends import shared_media_server
from harness.servers import DeckhandServer, free_port

pytestmark = pytest.mark.skipif(servers.target_name() != "deckhand", reason="Deckhand's readiness check")

SHARED_BUCKET = "shared-media"
SYNC_BUCKET = "sync-media"
DECK = "ready"
BOUND_SECS = 2.0
RECOVERY_SECS = 60.0
POLL_SECS = 0.1


def _get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes, float]:
    started = time.monotonic()
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            status, head, body = response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as e:
        status, head, body = e.code, dict(e.headers), e.read()
    return status, head, body, time.monotonic() - started


def _json(url: str, method: str, payload, token: str = "") -> tuple[int, object]:
    headers = {"content-type": "application/json"}
    if token:
        headers["authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, data=json.dumps(payload).encode(), method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode(errors="replace")


@pytest.fixture
def backed(tmp_path):
    with shared_media_server(tmp_path, "readiness", SHARED_BUCKET, {"DECKHAND_BLOB_STORE": "s3", "DECKHAND_S3_BUCKET": SYNC_BUCKET},
                             buckets=(SYNC_BUCKET,)) as running:
        yield running


def _ready(server: DeckhandServer) -> tuple[int, dict, dict[str, str], float]:
    status, head, body, took = _get(server.endpoint.rstrip("/") + "/ready")
    return status, json.loads(body), head, took


def _health(server: DeckhandServer) -> int:
    return _get(server.endpoint.rstrip("/") + "/health")[0]


def _until(server: DeckhandServer, want: int, since: float) -> tuple[dict, float, float]:
    """Polls /ready until it answers ``want``; its body, the slowest answer, and when it came (s after ``since``)."""
    slowest = 0.0
    deadline = time.monotonic() + RECOVERY_SECS
    while True:
        status, body, _, took = _ready(server)
        slowest = max(slowest, took)
        assert took < BOUND_SECS, (took, body)
        assert _health(server) == 200
        if status == want:
            return body, slowest, time.monotonic() - since
        assert time.monotonic() < deadline, f"/ready never answered {want}: {body}"
        time.sleep(POLL_SECS)


def _failed(body: dict) -> dict[str, str]:
    return {check["name"]: check["problem"] for check in body["checks"] if not check["ok"]}


def _upload_one(base: str, token: str) -> str:
    """One file stored through check, the pre-signed PUT and confirm; its name."""
    data = b"\xff\xfb\x90\x64" + b"readiness" * 100
    name = "ready.mp3"
    status, checked = _json(base + f"/api/v1/decks/{DECK}/media/check", "POST",
                            {"files": [{"name": name, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}]}, token)
    assert status == 200, checked
    upload = checked["uploads"][0]
    spec = upload["upload"]
    put = urllib.request.Request(spec["url"], data=data, method=spec["method"], headers=spec["headers"])
    with urllib.request.urlopen(put, timeout=30) as response:
        assert response.status == 200
    status, confirmed = _json(base + f"/api/v1/decks/{DECK}/media/confirm", "POST", {"tickets": [upload["ticket"]]}, token)
    assert status == 200 and not confirmed["refused"], confirmed
    return name


def _outage_call(url: str, token: str) -> tuple[int, dict[str, str], str, float]:
    status, head, body, took = _get(url, {"authorization": f"Bearer {token}"})
    return status, head, body.decode(errors="replace"), took


def _outage(server: DeckhandServer, what: str, stop, start, failing: set[str], needs_it: str, token: str,
            reason: str) -> dict[str, float]:
    """Stops a backend, checks /ready, /health and a call that needs it, starts it again; the figures."""
    url = server.endpoint.rstrip("/") + needs_it
    stopped = time.monotonic()
    stop()
    body, slowest, after = _until(server, 503, stopped)
    assert set(_failed(body)) == failing, body
    status, head, text, api_took = _outage_call(url, token)
    assert status == 503, text
    assert head.get("Retry-After") == "5"
    assert reason in text, text
    assert api_took < BOUND_SECS, api_took
    started = time.monotonic()
    start()
    _, _, recovered = _until(server, 200, started)
    assert _outage_call(url, token)[0] == 200
    return {f"{what}_down_ready_503_after_s": round(after, 3), f"{what}_down_slowest_ready_s": round(slowest, 3),
            f"{what}_down_api_503_s": round(api_took, 3), f"{what}_back_ready_200_after_s": round(recovered, 3)}


def test_ready_names_a_stopped_backend_within_two_seconds_and_recovers(backed):
    server, postgres, s3 = backed
    base = server.endpoint.rstrip("/")
    status, body, _, took = _ready(server)
    assert status == 200, body
    assert body["status"] == "ready"
    assert [c["name"] for c in body["checks"]] == ["server-database", "blobs-s3", "postgres", "shared-media-s3"]
    assert all(c["ok"] and c["ms"] >= 0 for c in body["checks"]), body
    figures = {"ready_ok_s": round(took, 3)}

    account = server.new_account()
    status, answer = _json(base + "/api/v1/login", "POST", {"username": account.user, "password": account.password})
    assert status == 200, answer
    token = answer["token"]
    status, answer = _json(base + "/api/v1/decks", "POST", {"id": DECK, "title": "Readiness"}, token)
    assert status == 201, answer
    name = _upload_one(base, token)

    figures |= _outage(server, "postgres", postgres.stop, postgres.start, {"postgres"},
                       f"/api/v1/decks/{DECK}/role", token, "PostgreSQL is not answering")
    status, answer = _json(base + "/api/v1/login", "POST", {"username": account.user, "password": account.password})
    assert status == 200, answer
    figures |= _outage(server, "s3", s3.kill, s3.start, {"blobs-s3", "shared-media-s3"},
                       f"/api/v1/decks/{DECK}/files/{name}", token, "S3 is not answering")
    assert _health(server) == 200
    print("readiness figures:", json.dumps(figures))


def test_a_newer_server_database_is_refused_in_one_line(tmp_path):
    server = DeckhandServer(tmp_path / "deckhand", "newer-schema")
    server.start()
    server.stop()
    database = server.data_dir / "deckhand.sqlite"
    with sqlite3.connect(database) as db:
        ours = db.execute("PRAGMA user_version").fetchone()[0]
        writer = db.execute("SELECT written_by FROM deckhand_schema").fetchone()[0]
        assert writer.startswith("Deckhand "), writer
        db.execute("UPDATE deckhand_schema SET schema_version = 99, written_by = 'Deckhand 9.9.9 (commit fffffff)'")
        db.execute("PRAGMA user_version = 99")
    env = {**server.environment(), "DECKHAND_PORT": str(free_port())}
    for args in ([], ["user", "list"]):
        result = subprocess.run([*server.command(), *args], env=env, cwd=server.workdir, capture_output=True,
                                text=True, timeout=servers.CLI_TIMEOUT_SECS)
        assert result.returncode == 2, result
        lines = result.stderr.strip().splitlines()
        if args:  # an admin command says which data folder it opens before it opens it
            assert lines[0].startswith("data folder: "), lines
            lines = lines[1:]
        assert len(lines) == 1, result.stderr
        assert lines[0] == (f"deckhand: deckhand.sqlite has schema version 99, written by Deckhand 9.9.9 (commit fffffff); "
                            f"{writer} knows schema versions up to {ours}: run that newer Deckhand, or restore a backup "
                            f"made by this one"), lines[0]
