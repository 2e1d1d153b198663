"""The shared-deck media API while its backends fail: PostgreSQL crashed (immediate shutdown) and
S3Proxy killed at a random moment while a client keeps uploading, confirming and referencing
files; each restarted a moment later.

During an outage every call that needs the failed backend answers 5xx with a reason, within a
bound, and never hangs; once the backend is back the API works again without restarting Deckhand;
and nothing half-written remains: after housekeeping (without its grace period), catalog and
bucket agree object for object (each stored file's bytes match its SHA-256 and size), every
reference count equals the references that resolve to the file, no staged object lacks its ticket,
and every reference the API acknowledged (204) resolves to a stored file whose bytes are the ones
uploaded.

Seeded (CONFORMANCE_FAULT_SEED); Deckhand only (the official server has no such API).
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import subprocess
import threading
import time
from dataclasses import dataclass, field

import pytest

from harness import servers
from harness import shared_media as shared
from harness.backends import Postgres, S3Proxy
from harness.shared_media import HTTP_TIMEOUT_SECS, Api
from harness.servers import DeckhandServer

pytestmark = [
    pytest.mark.faults,
    pytest.mark.skipif(servers.target_name() != "deckhand", reason="Deckhand's shared-media API"),
]

SEED = int(os.environ.get("CONFORMANCE_FAULT_SEED", "20261204"))
DECK = "faults"
FILES_PER_BATCH = 3
# A failing call must answer within this (PostgreSQL's pool gives up after its connection timeout).
OUTAGE_ANSWER_SECS = 10.0
OUTAGE_SECS = 2.0
RECOVERY_SECS = 60.0


def _mp3(rng: random.Random) -> bytes:
    """An MPEG audio frame header and random payload: an 'mp3' to the server's sniffing, unique."""
    return b"\xff\xfb\x90\x64" + rng.randbytes(1500)


@dataclass
class Ledger:
    """What the API acknowledged: note id -> {name: sha256 of the bytes uploaded}."""
    notes: dict[int, dict[str, str]] = field(default_factory=dict)


def _stage(api: Api, rng: random.Random, note_id: int) -> tuple[dict[str, bytes], list[str]] | None:
    """Check and PUT FILES_PER_BATCH new files for note ``note_id``; their tickets, or None."""
    files = {f"n{note_id}-{i}.mp3": _mp3(rng) for i in range(FILES_PER_BATCH)}
    announced = [{"name": n, "sha256": hashlib.sha256(b).hexdigest(), "size": len(b)} for n, b in files.items()]
    status, checked = api.json("check", "POST", f"/api/v1/decks/{DECK}/media/check", {"files": announced})
    if status != 200:
        return None
    tickets = []
    for upload in checked["uploads"]:
        spec = upload["upload"]
        put, _ = api.request("s3 put", spec["method"], spec["url"], files[upload["name"]], spec["headers"])
        if put != 200:
            return None
        tickets.append(upload["ticket"])
    return files, tickets


def _finish(api: Api, note_id: int, files: dict[str, bytes], tickets: list[str], ledger: Ledger) -> bool:
    """Confirm the tickets and reference the files from the note; True if both succeeded."""
    status, confirmed = api.json("confirm", "POST", f"/api/v1/decks/{DECK}/media/confirm", {"tickets": tickets})
    if status != 200 or confirmed["refused"]:
        return False
    status, _ = api.json("reference", "PUT", f"/api/v1/decks/{DECK}/notes/{note_id}/media", {"names": list(files)})
    if status != 204:
        return False
    ledger.notes[note_id] = {n: hashlib.sha256(b).hexdigest() for n, b in files.items()}
    return True


def _batch(api: Api, rng: random.Random, note_id: int, ledger: Ledger) -> bool:
    staged = _stage(api, rng, note_id)
    return staged is not None and _finish(api, note_id, *staged, ledger)


class Worker:
    """Runs batches back to back in a thread until stopped; each batch a new note."""

    def __init__(self, api: Api, rng: random.Random, ledger: Ledger, first_note: int):
        self.api, self.rng, self.ledger = api, rng, ledger
        self.next_note = first_note
        self.ok_batches: list[float] = []  # end times of the batches that fully succeeded
        self.stop_flag = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self.stop_flag.is_set():
            note, self.next_note = self.next_note, self.next_note + 1
            if _batch(self.api, self.rng, note, self.ledger):
                self.ok_batches.append(time.monotonic())
            else:
                time.sleep(0.1)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop_flag.set()
        self.thread.join(HTTP_TIMEOUT_SECS * 4)
        assert not self.thread.is_alive(), "the API client is stuck"


@pytest.fixture
def shared_media(tmp_path):
    with shared.running(tmp_path) as started:
        yield started


def _signed_in(server: DeckhandServer) -> Api:
    return shared.signed_in(server, DECK, "Fault injection")


def _housekeeping(server: DeckhandServer) -> str:
    """Housekeeping with no grace period, so it removes now what it would remove a day later: an
    object staged for a ticket that a confirm consumed while its delete failed, for one."""
    res = subprocess.run([*server.command(), "housekeeping", "--grace-hours", "0"], env=server.environment(), cwd=server.workdir, capture_output=True,
                         text=True, timeout=120)
    assert res.returncode == 0, res.stdout + res.stderr
    return res.stdout


def _assert_catalog_and_bucket_agree(postgres: Postgres, s3: S3Proxy, ledger: Ledger) -> dict[str, int]:
    stored = {h: (key, int(size), int(count)) for h, key, size, count in
              postgres.sql("select hash, storage_key, size, reference_count from stored_media_files")}
    objects = s3.objects("media/")
    keys = {key for key, _, _ in stored.values()}
    assert set(objects) == keys, (f"objects without a catalog row: {sorted(set(objects) - keys)[:5]}; "
                                  f"catalog rows without an object: {sorted(keys - set(objects))[:5]}")
    for sha, (key, size, _) in stored.items():
        data = objects[key].read_bytes()
        assert (hashlib.sha256(data).hexdigest(), len(data)) == (sha, size), f"{key} does not hold its bytes"
    counted = dict(postgres.sql(
        "select f.hash, count(r.filename) from stored_media_files f "
        "left join deck_media m on m.hash = f.hash "
        "left join media_references r on r.deck_id = m.deck_id and r.filename = m.filename group by f.hash"))
    wrong = {h: (c, counted.get(h)) for h, (_, _, c) in stored.items() if str(c) != counted.get(h, "0")}
    assert not wrong, f"reference counts that differ from the references (stored, counted): {wrong}"
    tickets = {k for (k,) in postgres.sql("select staging_key from upload_tickets")}
    stray = set(s3.objects("incoming/")) - tickets
    assert not stray, f"staged uploads no ticket owns: {sorted(stray)[:5]}"

    mapped = {(note, name): sha for note, name, sha in postgres.sql(
        "select r.holder_id, r.filename, m.hash from media_references r join deck_media m "
        f"on m.deck_id = r.deck_id and m.filename = r.filename where r.deck_id = '{DECK}' and r.holder_kind = 'NOTE'")}
    lost = [(note, name) for note, names in ledger.notes.items() for name, sha in names.items()
            if mapped.get((str(note), name)) != sha]
    assert not lost, f"acknowledged references that do not resolve to the uploaded bytes: {lost[:5]}"
    return {"stored files": len(stored), "objects": len(objects), "acknowledged notes": len(ledger.notes)}


def _outage(name: str, api: Api, rng: random.Random, ledger: Ledger, first_note: int, fail, recover,
            needs_backend: set[str], probe=None, after=None) -> tuple[dict, int]:
    """Fails the backend at a random moment while a client works, then ``probe()`` (calls that need
    it), restores it, waits for the client's work to succeed again, then ``after()``. Returns what
    was seen and the next free note id."""
    with Worker(api, random.Random(rng.random()), ledger, first_note) as worker:
        deadline = time.monotonic() + RECOVERY_SECS
        while not worker.ok_batches and time.monotonic() < deadline:
            time.sleep(0.05)
        assert worker.ok_batches, f"no batch succeeded before the {name} outage"
        time.sleep(rng.uniform(0.0, 1.0))  # a random moment inside the next batches
        failed_at = time.monotonic()
        fail()
        if probe is not None:
            probe()
        time.sleep(OUTAGE_SECS)
        recover()
        recovered_at = time.monotonic()
        deadline = recovered_at + RECOVERY_SECS
        while not [t for t in worker.ok_batches if t > recovered_at + 0.5] and time.monotonic() < deadline:
            time.sleep(0.2)
        back = [t for t in worker.ok_batches if t > recovered_at]
        assert back, (f"the API did not work again within {RECOVERY_SECS:.0f}s of {name} coming back; last calls: "
                      f"{[(c.what, c.status, round(c.seconds, 2), round(c.at - recovered_at, 2), c.error) for c in api.calls[-3:]]}")
        next_note = worker.next_note
    if after is not None:
        after()

    during = [c for c in api.calls if failed_at <= c.at and c.at + c.seconds <= recovered_at and c.what in needs_backend]
    answered = [c for c in api.calls if failed_at <= c.at <= recovered_at and c.what in needs_backend]
    assert during, f"no call needing {name} was made during its outage"
    assert all(c.status >= 500 for c in during), [(c.what, c.status) for c in during]
    slowest = max(c.seconds for c in answered)
    assert slowest <= OUTAGE_ANSWER_SECS, f"a call took {slowest:.1f}s during the {name} outage"
    return {"failed calls": len(during), "statuses": sorted({c.status for c in during}), "slowest answer s": round(slowest, 2),
            "back after s": round(back[0] - recovered_at, 2)}, next_note


@pytest.mark.timeout(240)
def test_postgres_and_s3_outages_fail_cleanly_and_leave_nothing_half_written(shared_media):
    server, postgres, s3 = shared_media
    rng = random.Random(SEED)
    api = _signed_in(server)
    ledger = Ledger()

    pg, next_note = _outage("PostgreSQL", api, rng, ledger, 1, postgres.crash, postgres.start,
                 needs_backend={"check", "confirm", "reference", "list"},
                 probe=lambda: api.json("list", "GET", f"/api/v1/decks/{DECK}/media?limit=10"))

    # Files staged in the bucket before S3 goes away: confirming them needs S3 (the server reads the
    # bytes back), and so does serving a stored file; after S3 is back the same tickets confirm.
    held_note = 1_000_000
    held = _stage(api, rng, held_note)
    assert held is not None
    stored_name = next(name for names in ledger.notes.values() for name in names)

    def probe_s3():
        _finish(api, held_note, *held, Ledger())
        api.request("file", "GET", f"{api.base}/api/v1/decks/{DECK}/files/{stored_name}",
                    headers={"authorization": f"Bearer {api.token}"})

    def confirm_held():
        assert _finish(api, held_note, *held, ledger), "tickets staged before the S3 outage do not confirm after it"

    s3_report, _ = _outage("S3", api, rng, ledger, next_note, s3.kill, s3.start, needs_backend={"confirm", "file"},
                        probe=probe_s3, after=confirm_held)

    swept = _housekeeping(server)
    agreed = _assert_catalog_and_bucket_agree(postgres, s3, ledger)
    status, page = api.json("list", "GET", f"/api/v1/decks/{DECK}/media?limit=1000")
    assert status == 200
    listed = {f["name"]: f["sha256"] for f in page["files"]}
    for names in ledger.notes.values():
        for name, sha in names.items():
            assert listed.get(name) == sha, name
    print(json.dumps({"seed": SEED, "postgres": pg, "s3": s3_report, "after housekeeping": agreed,
                      "housekeeping": [line for line in swept.splitlines() if line.startswith("shared media")]}))
