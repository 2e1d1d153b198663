"""Prometheus metrics (/metrics), read with the Prometheus project's own text-format parser.

The official client makes a full upload with media, a full download and a normal sync from a
second device, and signs in once with a wrong password; the shared-deck media API checks a file.
The counters and histogram counts must move by exactly what that traffic was, no label value may
name the (distinctive) user, deck or file, and every metric the Grafana dashboard in
deploy/grafana/deckhand.json queries must be one the server exposes.

Privacy: with DECKHAND_METRICS_PORT the metrics are served there and not on the main port; without
it the main port serves them to 127.0.0.1 only, so a client bound to 127.0.0.2 (another socket
address, same machine) and a request relayed by a proxy (a forwarding header) are refused.

Deckhand only (the official server has no metrics).
"""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import re
import secrets
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections import defaultdict
from pathlib import Path

import pytest
from anki.errors import SyncError
from anki.sync import SyncOutput
from prometheus_client.parser import text_string_to_metric_families

from harness import servers
from harness.backends import S3_ACCESS_KEY, S3_SECRET_KEY, S3PROXY_JAR, Postgres, S3Proxy, postgres_bin_dir
from harness.content import add_basic_note
from harness.devices import Device
from harness.servers import CLI_TIMEOUT_SECS, HOST, LAUNCHER, Account, DeckhandServer, free_port
from harness.wire import RawSyncSession

pytestmark = pytest.mark.skipif(servers.target_name() != "deckhand", reason="Deckhand's metrics")

DASHBOARD = Path(__file__).resolve().parents[2] / "deploy" / "grafana" / "deckhand.json"
BUCKET = "shared-media"
PNG = b"\x89PNG\r\n\x1a\n metrics conformance " + bytes(range(256))
# Distinctive names: if any of them shows up as a label value, client text leaked into the metrics.
CANARY = f"canary_metrics_{secrets.token_hex(4)}"
CANARY_DECK = f"Canary deck {CANARY}"
CANARY_FILE = f"canary-file-{CANARY}.png"
CANARY_SHARED_DECK = f"canarydeck{secrets.token_hex(4)}"
HTTP_TIMEOUT_SECS = 30


def fetch(port: int, path: str = "/metrics", source: str = HOST,
          headers: dict[str, str] | None = None) -> tuple[int, str, str]:
    """GET from a socket bound to ``source``: (status, content type, body)."""
    conn = http.client.HTTPConnection(HOST, port, timeout=HTTP_TIMEOUT_SECS, source_address=(source, 0))
    try:
        conn.request("GET", path, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, resp.getheader("Content-Type", ""), resp.read().decode()
    finally:
        conn.close()


class Scrape:
    """One scrape, parsed: every sample by name, and how long it took and how big it was."""

    def __init__(self, port: int):
        started = time.monotonic()
        status, content_type, text = fetch(port)
        self.millis = (time.monotonic() - started) * 1000
        assert status == 200, text
        assert content_type.startswith("text/plain"), content_type
        self.bytes = len(text.encode())
        self.samples: dict[str, list] = defaultdict(list)
        for family in text_string_to_metric_families(text):
            for sample in family.samples:
                self.samples[sample.name].append(sample)

    def value(self, name: str, **labels: str) -> float:
        """The sum of the samples of ``name`` whose labels include ``labels`` (0 if none)."""
        return sum(s.value for s in self.samples.get(name, [])
                   if all(s.labels.get(k) == v for k, v in labels.items()))

    def label_values(self) -> set[str]:
        return {v for samples in self.samples.values() for s in samples for v in s.labels.values()}


def api(base: str, method: str, path: str, payload=None, token: str = "") -> tuple[int, object]:
    headers = {"content-type": "application/json"}
    if token:
        headers["authorization"] = f"Bearer {token}"
    body = None if payload is None else json.dumps(payload).encode()
    req = urllib.request.Request(base + path, data=body, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=HTTP_TIMEOUT_SECS) as resp:
            status, data = resp.status, resp.read()
    except urllib.error.HTTPError as e:
        status, data = e.code, e.read()
    return status, json.loads(data) if data else None


@pytest.fixture(scope="module")
def shared_server(tmp_path_factory):
    """Deckhand with the shared-deck media service (PostgreSQL pool) and metrics on a private port."""
    bin_dir = postgres_bin_dir()
    if bin_dir is None:
        pytest.skip("PostgreSQL is not installed (scripts/install-test-deps.sh installs it)")
    if not S3PROXY_JAR.is_file():
        pytest.skip(f"{S3PROXY_JAR} is missing: `mvn package -DskipTests` copies it")
    tmp = tmp_path_factory.mktemp("metrics")
    postgres = Postgres(tmp, bin_dir)
    server = DeckhandServer(tmp / "deckhand", "metrics")
    s3 = S3Proxy(tmp, server.java, BUCKET)
    server.metrics_port = free_port()
    try:
        postgres.start()
        s3.start()
        server.settings.update({
            "DECKHAND_METRICS_PORT": str(server.metrics_port),
            "DECKHAND_SHARED_MEDIA": "on",
            "DECKHAND_POSTGRES_URL": postgres.jdbc_url,
            "DECKHAND_POSTGRES_USER": "postgres",
            "DECKHAND_SHARED_MEDIA_BUCKET": BUCKET,
            "DECKHAND_S3_ENDPOINT": s3.endpoint,
            "DECKHAND_S3_ACCESS_KEY_ID": S3_ACCESS_KEY,
            "DECKHAND_S3_SECRET_ACCESS_KEY": S3_SECRET_KEY,
        })
        server.start()
        yield server
    finally:
        server.stop()
        s3.kill()
        postgres.stop()


@pytest.fixture(scope="module")
def workload(shared_server, tmp_path_factory):
    """Scrapes before and after the client traffic; returns (before, after, account)."""
    server = shared_server
    account = Account(CANARY, secrets.token_urlsafe(12))
    added = server.cli("user", "add", account.user, "--password-stdin", stdin=account.password + "\n")
    assert added.returncode == 0, added.stderr
    root = tmp_path_factory.mktemp("metrics-devices")
    before = Scrape(server.metrics_port)
    a, b, c = Device(root, "A"), Device(root, "B"), Device(root, "C")
    try:
        name = a.col.media.write_data(CANARY_FILE, PNG)
        add_basic_note(a.col, "canary front", f'<img src="{name}">', deck=CANARY_DECK)
        a.login(account, server.endpoint)
        assert a.sync(media=True) == SyncOutput.FULL_UPLOAD

        b.login(account, server.endpoint)
        assert b.sync() == SyncOutput.FULL_DOWNLOAD
        add_basic_note(b.col, "from the second device", "b", deck=CANARY_DECK)
        assert b.sync() == SyncOutput.NO_CHANGES  # a normal sync, carried out

        with pytest.raises(SyncError):
            c.login(Account(account.user, account.password + "x"), server.endpoint)

        # A step of a sync that is not (or no longer) in progress: 409, as after a takeover.
        status, _ = RawSyncSession(server.endpoint, b.auth.hkey, "no-such-session").call("finish")
        assert status == 409
    finally:
        for dev in (a, b, c):
            dev.close()

    base = server.endpoint.rstrip("/")
    status, answer = api(base, "POST", "/api/v1/login", {"username": account.user, "password": account.password})
    assert status == 200, answer
    token = answer["token"]
    status, answer = api(base, "POST", "/api/v1/decks", {"id": CANARY_SHARED_DECK, "title": CANARY_DECK}, token)
    assert status == 201, answer
    announced = [{"name": CANARY_FILE, "sha256": hashlib.sha256(PNG).hexdigest(), "size": len(PNG)}]
    status, answer = api(base, "POST", f"/api/v1/decks/{CANARY_SHARED_DECK}/media/check", {"files": announced}, token)
    assert status == 200, answer

    after = Scrape(server.metrics_port)
    return before, after, account


def moved(before: Scrape, after: Scrape, name: str, **labels: str) -> float:
    return after.value(name, **labels) - before.value(name, **labels)


def test_syncs_and_requests_are_counted_by_what_the_client_did(workload):
    before, after, _ = workload
    syncs = "deckhand_syncs_total"
    assert moved(before, after, syncs, kind="full_upload", outcome="ok") == 1
    assert moved(before, after, syncs, kind="full_download", outcome="ok") == 1
    assert moved(before, after, syncs, kind="normal", outcome="ok") == 1
    # Device A's media sync uploads the file and ends with the sanity check.
    assert moved(before, after, syncs, kind="media", outcome="ok") == 1
    assert moved(before, after, "deckhand_http_requests_seconds_count", endpoint="/msync/mediaSanity") == 1
    assert moved(before, after, syncs, kind="normal", outcome="conflict") == 1
    for outcome in ("failed", "refused"):
        assert moved(before, after, syncs, outcome=outcome) == 0, outcome

    requests = "deckhand_http_requests_seconds_count"
    assert moved(before, after, requests, endpoint="/sync/upload", status="2xx") == 1
    assert moved(before, after, requests, endpoint="/sync/download", status="2xx") == 1
    assert moved(before, after, requests, endpoint="/sync/finish", status="2xx") == 1
    assert moved(before, after, requests, endpoint="/sync/finish", status="4xx") == 1
    assert moved(before, after, requests, endpoint="/sync/hostKey", status="2xx") == 2
    assert moved(before, after, requests, endpoint="/sync/hostKey", status="4xx") == 1
    # The histogram's +Inf bucket counts every request of its series.
    assert moved(before, after, "deckhand_http_requests_seconds_bucket", endpoint="/sync/upload", le="+Inf") == 1
    assert moved(before, after, "deckhand_http_conflicts_total", endpoint="/sync/finish") == 1
    assert moved(before, after, "deckhand_http_conflicts_total") == 1

    assert moved(before, after, "deckhand_http_received_bytes_total", endpoint="/sync/upload") > 0
    assert moved(before, after, "deckhand_http_received_bytes_total", endpoint="/msync/uploadChanges") > len(PNG) / 2
    assert moved(before, after, "deckhand_http_sent_bytes_total", endpoint="/sync/download") > 0
    assert moved(before, after, "deckhand_lock_waits_seconds_count", outcome="acquired") >= 4
    assert moved(before, after, "deckhand_lock_waits_seconds_count", outcome="timed_out") == 0
    assert after.value("deckhand_sync_sessions_active") == 0


def test_sign_ins_and_shared_media_verdicts_are_counted(workload):
    before, after, _ = workload
    sign_ins = "deckhand_sign_ins_total"
    # Two devices and the API sign in; one device with the wrong password.
    assert moved(before, after, sign_ins, backend="builtin", outcome="ok") == 3
    assert moved(before, after, sign_ins, backend="builtin", outcome="refused") == 1
    assert moved(before, after, "deckhand_shared_media_files_total", verdict="offered") == 1


def test_no_label_names_a_user_deck_or_file(workload):
    _, after, account = workload
    for value in after.label_values():
        for secret in (account.user, account.password, CANARY, CANARY_DECK, CANARY_FILE, CANARY_SHARED_DECK):
            assert secret not in value, f"label value {value!r} contains {secret!r}"


def test_the_build_the_jvm_jetty_and_the_pool_are_exposed(workload, shared_server):
    _, after, _ = workload
    build = after.samples["deckhand_build_info"]
    assert len(build) == 1 and build[0].value == 1
    version = shared_server.cli("--version").stdout
    assert build[0].labels["version"] in version and build[0].labels["commit"]
    assert after.value("jvm_memory_used_bytes", area="heap") > 0
    assert after.value("jetty_threads_current") > 0
    assert after.value("hikaricp_connections_max", pool="deckhand-postgres") > 0
    assert after.value("deckhand_housekeeping_runs_total", job="leftovers", outcome="ok") >= 1


STORAGE_GAUGES_MAX_AGE_SECS = 30  # StorageGauges.MAX_AGE


def test_the_storage_gauges_follow_what_users_store(workload, shared_server):
    """The figures are read at most every 30 s, so the media the workload synced shows within that."""
    _, after, _ = workload
    assert after.value("deckhand_users") >= 1
    deadline = time.monotonic() + STORAGE_GAUGES_MAX_AGE_SECS + 15
    scrape = after
    while scrape.value("deckhand_media_files") < 1 and time.monotonic() < deadline:
        time.sleep(2)
        scrape = Scrape(shared_server.metrics_port)
    assert scrape.value("deckhand_media_files") >= 1
    assert scrape.value("deckhand_media_blobs") >= 1
    assert 0 < scrape.value("deckhand_media_stored_bytes") <= scrape.value("deckhand_media_referenced_bytes")
    assert scrape.value("deckhand_media_dedup_ratio") >= 1
    assert scrape.value("deckhand_collection_bytes") > 0


def test_a_scrape_is_cheap(workload, record_property):
    _, after, _ = workload
    record_property("scrape_ms", round(after.millis, 1))
    record_property("scrape_bytes", after.bytes)
    assert after.millis < 2000, f"a scrape took {after.millis:.0f} ms"
    assert after.bytes < 256 * 1024


PROMQL_WORDS = {
    "sum", "rate", "increase", "histogram_quantile", "topk", "by", "without", "and", "or", "unless", "on",
    "ignoring", "group_left", "group_right", "bool", "offset", "avg", "max", "min", "count", "label_values",
}


def promql_metric_names(expr: str) -> set[str]:
    """Metric names in a PromQL expression: identifiers outside label matchers, grouping clauses,
    ranges and strings that are neither functions nor keywords."""
    expr = re.sub(r"label_values\(([^,)]+)(,[^)]*)?\)", r"\1", expr)
    expr = re.sub(r'"[^"]*"', "", expr)
    expr = re.sub(r"\{[^}]*\}", "", expr)
    expr = re.sub(r"\[[^\]]*\]", "", expr)
    expr = re.sub(r"\b(by|without)\s*\([^)]*\)", "", expr)
    names = set()
    for match in re.finditer(r"[A-Za-z_:][A-Za-z0-9_:]*", expr):
        word = match.group(0)
        following = expr[match.end():].lstrip()[:1]
        if word not in PROMQL_WORDS and following != "(":
            names.add(word)
    return names


def test_the_grafana_dashboard_queries_only_metrics_deckhand_exposes(workload):
    _, after, _ = workload
    dashboard = json.loads(DASHBOARD.read_text())
    assert {i["name"] for i in dashboard["__inputs"]} == {"DS_PROMETHEUS"}
    assert dashboard["schemaVersion"] >= 36 and dashboard["panels"]
    exprs = [t["expr"] for p in dashboard["panels"] for t in p.get("targets", [])]
    exprs += [v["query"]["query"] for v in dashboard["templating"]["list"]]
    for panel in dashboard["panels"]:
        if panel["type"] != "row":
            assert panel["datasource"]["uid"] == "${DS_PROMETHEUS}", panel["title"]
    referenced = set().union(*(promql_metric_names(e) for e in exprs))
    assert len(referenced) >= 15, referenced
    exposed = set(after.samples)
    assert referenced <= exposed, f"queried but not exposed: {sorted(referenced - exposed)}"


def test_a_private_port_takes_metrics_off_the_main_port(shared_server):
    status, _, _ = fetch(shared_server.port)
    assert status == 404
    status, _, body = fetch(shared_server.metrics_port)
    assert status == 200 and "deckhand_build_info" in body


@pytest.fixture
def plain_server(tmp_path):
    server = DeckhandServer(tmp_path / "server", "metrics-main-port")
    server.start()
    yield server
    server.stop()


def test_the_main_port_serves_metrics_to_loopback_only(plain_server):
    status, content_type, body = fetch(plain_server.port)
    assert status == 200 and content_type.startswith("text/plain; version=0.0.4")
    assert "deckhand_build_info" in body

    status, _, body = fetch(plain_server.port, source="127.0.0.2")
    assert status == 403, body
    assert "deckhand_" not in body

    # A proxy on this machine relays anybody: its requests are refused whatever the socket address.
    status, _, body = fetch(plain_server.port, headers={"X-Forwarded-For": "203.0.113.7"})
    assert status == 403, body


def test_metrics_off_serves_nothing(tmp_path):
    server = DeckhandServer(tmp_path / "server", "metrics-off", settings={"DECKHAND_METRICS": "off"})
    server.start()
    try:
        status, _, _ = fetch(server.port)
        assert status == 404
    finally:
        server.stop()


def test_a_metrics_port_in_use_stops_startup_in_one_line(tmp_path):
    with socket.socket() as taken:
        taken.bind((HOST, 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DECKHAND_", "SYNC_"))}
        env.update(DECKHAND_DATA_DIR=str(tmp_path / "data"), DECKHAND_HOST=HOST, DECKHAND_PORT=str(free_port()),
                   DECKHAND_METRICS_PORT=str(port))
        result = subprocess.run([str(LAUNCHER)], env=env, capture_output=True, text=True, timeout=CLI_TIMEOUT_SECS)
    assert result.returncode == 2, result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("deckhand: DECKHAND_METRICS_PORT: "), result.stderr
    assert f"{HOST}:{port}" in lines[0]

