"""Online backups, restore and a user's own export (issue 11, parts 3 and 4), with the official
client. Deckhand only: the official server has no such commands.

* A backup taken while four devices keep syncing holds every sync acknowledged before it began; it
  restores into a new folder whose collections pass the official client's integrity check, and a
  server on that folder serves the same devices (same host keys) normal syncs.
* ``kill -9`` of a backup at different moments leaves the data folder and the previous backup
  intact and verifiable; the next backup clears what the killed ones left.
* ``deckhand export`` writes a ``.colpkg`` that the official importer opens with the same notes,
  cards, review log and media.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import threading
import time
from pathlib import Path

import pytest
from anki.collection import Collection
from anki.errors import SyncError
from anki.sync import SyncOutput

from harness import servers
from harness.content import add_basic_note, build_rich_collection
from harness.devices import Device, assert_same_state, snapshot

pytestmark = pytest.mark.skipif(servers.target_name() != "deckhand",
                                reason="Deckhand's backup, restore and export commands")

DEVICES = 4
# Each loop stops when the backup is done; these only bound it if something hangs.
LOOP_ROUNDS_MAX = 200
LOOP_JOIN_SECS = 60.0
# When to kill a backup: once it has begun writing (copying the databases) or copying media, plus a delay.
KILL_POINTS = (("media", 0.0), ("writing", 0.0), ("media", 0.005), ("writing", 1.0))
WAIT_FOR_BACKUP_SECS = 30.0


def _content(tag: str, size: int = 1500) -> bytes:
    """A media file's bytes: a PNG header, then filler that differs per tag."""
    rnd = random.Random(tag)
    return b"\x89PNG\r\n\x1a\n" + tag.encode() + b"|" + bytes(rnd.getrandbits(8) for _ in range(size))


def _media_files(folder: str | Path) -> dict[str, str]:
    """name -> sha1 of every file in a media folder."""
    return {name: hashlib.sha1(Path(folder, name).read_bytes()).hexdigest() for name in os.listdir(folder)}


@pytest.fixture
def unstarted_server(tmp_path):
    """Deckhand servers on folders of the test's choosing, started by the test, stopped after it."""
    made: list[servers.DeckhandServer] = []

    def _make(name: str) -> servers.DeckhandServer:
        srv = servers.DeckhandServer(tmp_path / name, name)
        made.append(srv)
        return srv

    yield _make
    for srv in made:
        srv.stop()


def _cli_ok(server: servers.DeckhandServer, *args: str) -> str:
    res = server.cli(*args)
    assert res.returncode == 0, f"`deckhand {' '.join(args)}` exit {res.returncode}\n{res.stdout}\n{res.stderr}"
    return res.stdout


class SyncLoop(threading.Thread):
    """One device adding a note with a new media file and syncing, again and again, until told to
    stop; remembers what each acknowledged sync carried and when it was acknowledged."""

    def __init__(self, index: int, device: Device, stop: threading.Event):
        super().__init__(name=f"sync-loop-{index}", daemon=True)
        self.index = index
        self.device = device
        self.stop = stop
        self.acknowledged: list[tuple[float, str, str, bytes]] = []  # (when, note text, media name, bytes)
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            for n in range(LOOP_ROUNDS_MAX):
                if self.stop.is_set():
                    return
                text = f"device {self.index} round {n}"
                data = _content(text)
                name = self.device.col.media.write_data(f"d{self.index}-{n}.png", data)
                add_basic_note(self.device.col, text, f'<img src="{name}">')
                assert self.device.sync(media=True) == SyncOutput.NO_CHANGES  # a normal sync, carried out
                self.acknowledged.append((time.monotonic(), text, name, data))
        except BaseException as e:  # reported by the test thread
            self.error = e

    def acknowledged_before(self, moment: float) -> list[tuple[float, str, str, bytes]]:
        return [ack for ack in self.acknowledged if ack[0] < moment]


def _notes_of(path: Path, scratch: Path) -> tuple[str, set[str]]:
    """The official client's integrity check of a collection file, and its notes' first fields.
    Opened on a copy: opening may write (journal mode, upgrades), and the backup must stay as it is."""
    scratch.mkdir(parents=True, exist_ok=True)
    copy = scratch / "collection.anki2"
    shutil.copyfile(path, copy)
    col = Collection(str(copy))
    try:
        integrity = col.db.scalar("pragma integrity_check")
        fronts = {flds.split("\x1f")[0] for flds in col.db.list("select flds from notes")}
        return integrity, fronts
    finally:
        col.close()


def _complete(destination: Path) -> list[Path]:
    return sorted(p for p in destination.glob("backup-*") if (p / "manifest.json").is_file())


def _incomplete(destination: Path) -> list[Path]:
    return sorted(destination.glob(".incomplete-*"))


def _identities(paths: list[Path]) -> set[tuple[int, int]]:
    """Tells a new folder from a deleted one of the same name (whose inode number may be reused)."""
    identities = set()
    for path in paths:
        try:
            st = path.stat()
        except FileNotFoundError:
            continue
        identities.add((st.st_ino, st.st_ctime_ns))
    return identities


def _blob_count(destination: Path) -> int:
    return len(list(destination.glob("blobs/[0-9a-f][0-9a-f]/*")))


def test_backup_during_continuous_syncs_restores_every_acknowledged_sync(make_server, make_device, unstarted_server,
                                                                        tmp_path):
    server = make_server("live")
    accounts = [server.new_account() for _ in range(DEVICES)]
    devices = []
    for i, account in enumerate(accounts):
        device = make_device(f"d{i}")
        add_basic_note(device.col, f"device {i} first note")
        device.login(account, server.endpoint)
        assert device.sync(media=True) == SyncOutput.FULL_UPLOAD
        devices.append(device)

    stop = threading.Event()
    loops = [SyncLoop(i, device, stop) for i, device in enumerate(devices)]
    for loop in loops:
        loop.start()
    try:
        # Let every device get a few syncs acknowledged, then back up while they go on.
        deadline = time.monotonic() + 30
        while any(len(loop.acknowledged) < 2 for loop in loops) and time.monotonic() < deadline:
            if any(loop.error for loop in loops):
                break
            time.sleep(0.05)
        began = time.monotonic()
        destination = tmp_path / "backups"
        _cli_ok(server, "backup", str(destination))
        ended = time.monotonic()
    finally:
        stop.set()
        for loop in loops:
            loop.join(LOOP_JOIN_SECS)
    for loop in loops:
        assert not loop.is_alive(), f"{loop.name} did not stop"
        if loop.error:
            raise AssertionError(f"{loop.name} failed") from loop.error
    during = [len([a for a in loop.acknowledged if began <= a[0] <= ended]) for loop in loops]
    assert sum(during) > 0, "no sync was acknowledged while the backup ran; the test proved nothing"

    # Restore into a new, empty folder, and check it with the official client before anyone syncs.
    restored = unstarted_server("restored")
    _cli_ok(restored, "restore", str(destination))
    collections = sorted(restored.data_dir.glob("users/*/collection.anki2"))
    assert len(collections) == DEVICES
    restored_fronts: set[str] = set()
    for n, path in enumerate(collections):
        integrity, fronts = _notes_of(path, tmp_path / "scratch" / str(n))
        assert integrity == "ok", f"{path}: {integrity}"
        restored_fronts |= fronts
    for loop in loops:
        missing = [text for _, text, _, _ in loop.acknowledged_before(began) if text not in restored_fronts]
        assert not missing, f"device {loop.index}: syncs acknowledged before the backup began are not in it: {missing}"

    restored.start()
    # A fresh device per account downloads the restored collection and its media from the new server.
    for loop, account in zip(loops, accounts):
        fresh = make_device(f"fresh{loop.index}")
        fresh.login(account, restored.endpoint)
        assert fresh.sync(media=True) == SyncOutput.FULL_DOWNLOAD
        fronts = {fresh.col.get_note(nid)["Front"] for nid in fresh.col.find_notes("")}
        media = _media_files(fresh.col.media.dir())
        for _, text, name, data in loop.acknowledged_before(began):
            assert text in fronts, f"{text} not downloaded from the restored server"
            assert media.get(name) == hashlib.sha1(data).hexdigest(), f"{name} not downloaded intact"

    # The same devices, with the host keys they already have, sync with the restored server. A device
    # that synced after the backup was taken is ahead of it: Anki's own sanity check notices on the
    # first normal sync and asks for a one-way sync, and the device with the newest data uploads (the
    # restore drill in docs/operations.md). From then on, normal syncs.
    for loop in loops:
        device = loop.device
        device.auth.endpoint = restored.endpoint
        try:
            first = device.sync()
        except SyncError as e:
            # What Anki shows for a failed sanity check; the client now wants a one-way sync.
            assert "force a one-way sync" in str(e), f"device {loop.index}: {e}"
            first = device.sync(full_sync="upload")
        assert first in (SyncOutput.NO_CHANGES, SyncOutput.FULL_SYNC), f"device {loop.index}: {first}"
        add_basic_note(device.col, f"device {loop.index} after the restore")
        assert device.sync() == SyncOutput.NO_CHANGES, "a normal sync"
        assert device.col.db.scalar("select count() from notes where usn = -1") == 0, "the change went up"
        try:
            device.sync_media()
        except SyncError as e:
            # The device holds media the restored server never had, which Anki's media sanity check
            # notices; the client then forgets what it had synced, and the next media sync sends it.
            assert "Please sync again" in str(e), f"device {loop.index}: {e}"
            device.sync_media()

    # Every device's collection and media are now on the restored server, nothing lost.
    for loop, account in zip(loops, accounts):
        check = make_device(f"check{loop.index}")
        check.login(account, restored.endpoint)
        assert check.sync(media=True) == SyncOutput.FULL_DOWNLOAD
        assert_same_state(loop.device.snapshot(), check.snapshot(), f"device {loop.index}", "fresh download")
        assert _media_files(check.col.media.dir()) == _media_files(loop.device.col.media.dir())


def test_kill_9_during_a_backup_leaves_the_data_folder_and_the_previous_backup_intact(make_server, make_device,
                                                                                     tmp_path):
    server = make_server("kill")
    account = server.new_account()
    device = make_device("A")
    build_rich_collection(device.col)
    device.login(account, server.endpoint)
    assert device.sync(media=True) == SyncOutput.FULL_UPLOAD
    destination = tmp_path / "backups"
    _cli_ok(server, "backup", str(destination))
    previous = _complete(destination)
    assert len(previous) == 1
    # Plenty of new media, so that the next backups have real work to be killed in.
    for n in range(500):
        device.col.media.write_data(f"bulk-{n}.png", _content(f"bulk {n}", 2000))
    add_basic_note(device.col, "after the first backup")
    assert device.sync(media=True) == SyncOutput.NO_CHANGES

    outcomes = []
    for phase, delay in KILL_POINTS:
        left_before = _identities(_incomplete(destination))
        blobs_before = _blob_count(destination)
        backup = server.cli_process("backup", str(destination))
        try:
            reached = {
                "writing": lambda: bool(_identities(_incomplete(destination)) - left_before),
                "media": lambda: _blob_count(destination) > blobs_before,
            }[phase]
            deadline = time.monotonic() + WAIT_FOR_BACKUP_SECS
            while not reached() and backup.poll() is None and time.monotonic() < deadline:
                time.sleep(0.002)
            time.sleep(delay)
            backup.kill()
        finally:
            backup.wait(servers.STOP_TIMEOUT_SECS)
        # Killed before it renamed its folder into place, it left an .incomplete- one behind.
        midway = backup.returncode == -9 and bool(_incomplete(destination))
        outcomes.append((phase, delay, "killed midway" if midway else f"exit {backup.returncode}",
                         _blob_count(destination) - blobs_before))

        # The previous backup, and one the attempt completed, are whole; the data folder serves on.
        assert previous[0] in _complete(destination)
        _cli_ok(server, "restore", "--verify-only", str(previous[0]))
        if not midway and _complete(destination)[-1] != previous[0]:
            _cli_ok(server, "restore", "--verify-only", str(_complete(destination)[-1]))
        assert device.sync() == SyncOutput.NO_CHANGES
    assert any(o[2] == "killed midway" and o[3] > 0 for o in outcomes), (
        f"no attempt was killed while copying media; the test proved less than it should: {outcomes}")

    # The next backup clears what the killed ones left, and completes.
    _cli_ok(server, "backup", str(destination))
    assert not _incomplete(destination)
    assert not list((destination / "blobs" / "incoming").iterdir())
    _cli_ok(server, "restore", "--verify-only", str(destination))

    # And the data folder is whole: a new device downloads all of it.
    fresh = make_device("fresh")
    fresh.login(account, server.endpoint)
    assert fresh.sync(media=True) == SyncOutput.FULL_DOWNLOAD
    assert_same_state(device.snapshot(), fresh.snapshot(), "device", "fresh download")
    assert _media_files(fresh.col.media.dir()) == _media_files(device.col.media.dir())


def test_export_is_a_colpkg_that_the_official_importer_opens_with_the_same_content(make_server, make_device,
                                                                                  tmp_path):
    server = make_server("export")
    account = server.new_account()
    device = make_device("A")
    build_rich_collection(device.col)
    stored = {}
    for name in ("cat.png", "Straße ♪.mp3", "later.jpg", "doomed.png"):
        stored[name] = device.col.media.write_data(name, _content(name, 3000))
        add_basic_note(device.col, f"with {name}", f'<img src="{stored[name]}">')
    device.login(account, server.endpoint)
    assert device.sync(media=True) == SyncOutput.FULL_UPLOAD
    device.col.media.trash_files([stored["doomed.png"]])  # a deleted file stays out of the package
    device.sync_media()

    package = tmp_path / "A.colpkg"
    _cli_ok(server, "export", account.user, str(package))

    # Desktop Anki's File > Import of a .colpkg (qt/aqt/import_export/importing.py), into a new profile.
    target = tmp_path / "imported"
    target.mkdir()
    col = Collection(str(target / "collection.anki2"))
    col.close()
    col._backend.import_collection_package(col_path=str(target / "collection.anki2"), backup_path=str(package),
                                           media_folder=str(target / "collection.media"),
                                           media_db=str(target / "collection.media.db2"))
    col.reopen()
    try:
        imported, expected = snapshot(col), device.snapshot()
        # An import stamps the collection as changed in structure (scm = now), as for any package.
        assert imported.pop("collection")["crt"] == expected.pop("collection")["crt"]
        assert_same_state(expected, imported, "device", "imported package")
        assert imported["revlog"], "the review log came along"
        assert _media_files(target / "collection.media") == _media_files(device.col.media.dir())
        assert stored["doomed.png"] not in _media_files(target / "collection.media")
    finally:
        col.close()
