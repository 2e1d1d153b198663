"""A seeded kill campaign: the server is killed (SIGKILL) at random moments while the official
client syncs, and must lose nothing it acknowledged.

Each round picks, from a seeded RNG, one of: a normal sync of changes on two devices, a full upload
of a multi-MiB collection, or a media sync of many files; and a moment within that operation's
usual duration (measured once, un-killed, at the start) to kill the server. After each kill:

* the server restarts on the same data folder;
* every SQLite database it keeps (collections, accounts, host keys, media ledger) passes
  ``PRAGMA integrity_check``, opened read-only here with Anki's ``unicase`` collation;
* every change a sync acknowledged (it returned successfully) is on a fresh device's full
  download: notes by their text, media files byte for byte;
* the official client syncs again and both devices converge.

Counts are printed (injected, interrupted mid-operation, survived, lost) and asserted: lost is 0.
CONFORMANCE_FAULT_SEED changes the seed; Deckhand only (it is about Deckhand's storage).
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import threading
import time
from pathlib import Path

import pytest
from anki.sync import SyncOutput

from harness import servers
from harness.content import MEBIBYTE, add_basic_note, add_incompressible_notes
from harness.devices import Device, assert_same_state
from harness.normal import sync
from harness.servers import DeckhandServer

pytestmark = [
    pytest.mark.faults,
    pytest.mark.skipif(servers.target_name() != "deckhand", reason="kills Deckhand and reads its data folder"),
]

SEED = int(os.environ.get("CONFORMANCE_FAULT_SEED", "20261204"))
KILLS = 20
OPERATIONS = ("normal sync", "full upload", "media sync")
COLLECTION_BYTES = 8 * MEBIBYTE
MEDIA_FILES_PER_ROUND = 60
STOP_SECS = 15
SQLITE_MAGIC = b"SQLite format 3\x00"


def _unicase(a: str, b: str) -> int:
    # Anki's collation for names (decks, notetypes, tags): case-insensitive, Unicode-aware.
    a, b = a.casefold(), b.casefold()
    return (a > b) - (a < b)


def server_databases(data_dir: Path) -> list[Path]:
    """Every SQLite database file in the server's data folder."""
    found = []
    for path in sorted(data_dir.rglob("*")):
        if path.is_file() and not path.name.endswith(("-wal", "-shm", "-journal")):
            with open(path, "rb") as fh:
                if fh.read(16) == SQLITE_MAGIC:
                    found.append(path)
    return found


def integrity(path: Path) -> str:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)
    try:
        conn.create_collation("unicase", _unicase)
        return "; ".join(row[0] for row in conn.execute("pragma integrity_check"))
    finally:
        conn.close()


def fronts(device: Device) -> set[str]:
    return set(device.col.db.list("select sfld from notes where sfld like 'k%' or sfld = 'start'"))


def media_files(device: Device) -> dict[str, bytes]:
    folder = Path(device.col.media.dir())
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


class Campaign:
    def __init__(self, server: DeckhandServer, make_device, rng: random.Random):
        self.server, self.make_device, self.rng = server, make_device, rng
        self.a = make_device("A")
        self.b = make_device("B")
        self.acknowledged: set[str] = set()
        self.acknowledged_media: dict[str, bytes] = {}
        self.checks = 0

    # --- operations, each as the desktop client does it --------------------------------------
    def prepare(self, round_number: int, operation: str) -> None:
        if operation == "normal sync":
            add_basic_note(self.a.col, f"k{round_number} on A")
            time.sleep(0.01)  # note ids are milliseconds: no two devices in one millisecond
            add_basic_note(self.b.col, f"k{round_number} on B")
        elif operation == "full upload":
            add_basic_note(self.a.col, f"k{round_number} uploaded")
            self.a.col.mod_schema(check=False)  # what a notetype change does: the next sync is a full one
        else:
            for i in range(MEDIA_FILES_PER_ROUND):
                self.a.col.media.write_data(f"k{round_number}-{i}.bin", self.rng.randbytes(self.rng.randint(1024, 24 * 1024)))

    def run(self, operation: str) -> bool:
        """Carries out the operation; True if every sync in it returned (was acknowledged)."""
        if operation == "normal sync":
            done = True
            for device in (self.a, self.b):
                try:
                    sync(device)
                    self.acknowledged |= fronts(device)
                except Exception:  # the server died under the client
                    done = False
            return done
        try:
            if operation == "full upload":
                sync(self.a, full_sync="upload")
                self.acknowledged |= fronts(self.a)
            else:
                self.a.sync_media()
                self.acknowledged_media.update(media_files(self.a))
        except Exception:
            return False
        return True

    # --- after a kill -------------------------------------------------------------------------
    def check_server(self) -> tuple[list[str], list[str]]:
        """Integrity of every database, then a fresh device's download: (problems, what was lost)."""
        problems = []
        for path in server_databases(self.server.data_dir):
            result = integrity(path)
            if result != "ok":
                problems.append(f"{path.relative_to(self.server.data_dir)}: {result}")
        self.checks += 1
        fresh = self.make_device(f"fresh{self.checks}")
        fresh.auth = self.a.auth
        try:
            assert sync(fresh, media=True) == SyncOutput.FULL_DOWNLOAD
            downloaded = media_files(fresh)
            lost = sorted(self.acknowledged - fronts(fresh))
            lost += sorted(n for n, data in self.acknowledged_media.items() if downloaded.get(n) != data)
        finally:
            fresh.close()
        return problems, lost

    def converge(self) -> None:
        """The official client syncs again: A (uploading if a full sync is due, since A holds
        everything acknowledged), then B (downloading), until both match."""
        sync(self.a, full_sync="upload")
        sync(self.b, full_sync="download")
        sync(self.a)
        sync(self.b)
        self.a.sync_media()
        self.b.sync_media()
        assert_same_state(self.a.snapshot(), self.b.snapshot(), "A", "B")
        assert media_files(self.a) == media_files(self.b)
        self.acknowledged |= fronts(self.a)
        self.acknowledged_media.update(media_files(self.a))

    def kill(self) -> None:
        proc = self.server.proc
        if proc is not None and proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            proc.wait(STOP_SECS)


@pytest.mark.timeout(300)
def test_kills_at_random_moments_lose_nothing_acknowledged(tmp_path, make_device):
    rng = random.Random(SEED)
    server = DeckhandServer(tmp_path / "server", "killed")
    server.start()
    try:
        account = server.new_account()
        campaign = Campaign(server, make_device, rng)
        a, b = campaign.a, campaign.b
        add_incompressible_notes(a.col, COLLECTION_BYTES, deck="Large")
        add_basic_note(a.col, "start")
        a.login(account, server.endpoint)
        b.auth = a.auth
        assert sync(a) == SyncOutput.FULL_UPLOAD
        assert sync(b) == SyncOutput.FULL_DOWNLOAD
        campaign.converge()

        # How long each operation takes here, un-killed: the window a kill is drawn from.
        usual: dict[str, float] = {}
        for operation in OPERATIONS:
            campaign.prepare(-1 - len(usual), operation)
            started = time.monotonic()
            assert campaign.run(operation), f"{operation} failed with no fault injected"
            usual[operation] = time.monotonic() - started
            campaign.converge()

        injected = interrupted = survived = 0
        lost: list[str] = []
        problems: list[str] = []
        by_operation = {operation: {"kills": 0, "interrupted": 0} for operation in OPERATIONS}
        started = time.monotonic()
        for round_number in range(KILLS):
            operation = rng.choice(OPERATIONS)
            delay = rng.uniform(0.0, usual[operation])
            campaign.prepare(round_number, operation)
            timer = threading.Timer(delay, campaign.kill)
            timer.start()
            completed = campaign.run(operation)
            timer.join(STOP_SECS + usual[operation])
            campaign.kill()  # already dead unless the operation outran the timer
            injected += 1
            interrupted += not completed
            by_operation[operation]["kills"] += 1
            by_operation[operation]["interrupted"] += not completed
            server.stop()
            server.start()
            round_problems, round_lost = campaign.check_server()
            label = f"kill {round_number + 1} ({operation} at {delay:.2f}s)"
            problems += [f"{label}: {p}" for p in round_problems]
            lost += [f"{label}: {item}" for item in round_lost]
            campaign.converge()
            survived += not round_problems and not round_lost

        report = {"seed": SEED, "injected": injected, "interrupted mid-operation": interrupted, "survived": survived,
                  "lost": len(lost), "by operation": by_operation, "acknowledged notes": len(campaign.acknowledged),
                  "acknowledged media files": len(campaign.acknowledged_media),
                  "usual seconds": {k: round(v, 2) for k, v in usual.items()},
                  "campaign seconds": round(time.monotonic() - started, 1)}
        print(json.dumps(report))
        assert not problems, problems
        assert not lost, lost
        assert (injected, survived) == (KILLS, KILLS), report
        # Kills drawn from each operation's usual duration mostly land inside it; a campaign whose
        # kills all came after the work would prove nothing.
        assert interrupted >= KILLS // 3, report
    finally:
        server.stop()
