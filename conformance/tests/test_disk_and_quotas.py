"""A full disk, per-user quotas and crash leftovers, driven with the official client.

* Quotas: a collection or media past the configured limit is refused with a message the client
  shows, and nothing is stored.
* A full disk (a small tmpfs mounted by the test as the data folder): uploads are refused before
  they start once the disk is down to its reserve, a full upload that fills the disk half-way is
  refused cleanly (no staged file left, the old collection intact), reads and normal syncs go on,
  and everything works again once space is freed.
* Crash leftovers: the server is killed (SIGKILL) while a full upload or a media upload is being
  received; after the next start no staged file or temporary folder is left.

Deckhand only (the official server has neither quotas nor a disk reserve).
"""

from __future__ import annotations

import http.client
import io
import json
import os
import signal
import subprocess
import time
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from anki.errors import BackendError, SyncError
from anki.sync import SyncOutput

from harness import servers
from harness.content import MEBIBYTE, add_basic_note, add_incompressible_notes
from harness.devices import assert_same_state
from harness.servers import DeckhandServer
from harness.wire import sync_header, zstd_compress

pytestmark = [
    pytest.mark.faults,
    pytest.mark.skipif(servers.target_name() != "deckhand", reason="Deckhand's quotas, disk reserve and clean-up"),
]

KILL_ROUNDS = 3
WAIT_SECS = 30


def _private_server(tmp_path, name: str, data_dir: Path | None = None, **settings) -> DeckhandServer:
    server = DeckhandServer(tmp_path / name, name, settings=settings)
    if data_dir is not None:
        server.data_dir = data_dir
    server.start()
    return server


def _staged_files(data_dir: Path) -> list[Path]:
    users = data_dir / "users"
    found = list(users.glob("*/upload-*")) if users.exists() else []
    tmp = data_dir / "tmp"
    if tmp.exists():
        found += [p for p in tmp.rglob("*")]
    incoming = data_dir / "blobs" / "incoming"
    if incoming.exists():
        found += list(incoming.iterdir())
    return found


# --- quotas -------------------------------------------------------------------------------------

def test_quotas_refuse_with_a_message_the_client_shows(tmp_path, make_device):
    server = _private_server(tmp_path, "quotas", DECKHAND_COLLECTION_QUOTA_MB="2", DECKHAND_MEDIA_QUOTA_MB="1")
    try:
        account = server.new_account()
        big = make_device("big")
        add_incompressible_notes(big.col, 3 * MEBIBYTE)
        big.login(account, server.endpoint)
        with pytest.raises(BackendError) as refused:
            big.sync()
        assert "DECKHAND_COLLECTION_QUOTA_MB" in str(refused.value), str(refused.value)

        small = make_device("small")
        add_basic_note(small.col, "fits")
        first = small.col.media.write_data("first.bin", os.urandom(700 * 1024))
        small.login(account, server.endpoint)
        assert small.sync() == SyncOutput.FULL_UPLOAD
        small.sync_media()
        small.col.media.write_data("second.bin", os.urandom(700 * 1024))
        small.col.sync_media(small.auth)
        with pytest.raises(Exception) as media_refused:
            small.await_media()
        assert "past your 1 MiB limit" in str(media_refused.value), str(media_refused.value)

        fresh = make_device("fresh")
        fresh.login(account, server.endpoint)
        assert fresh.sync(media=True) == SyncOutput.FULL_DOWNLOAD
        assert sorted(os.listdir(fresh.col.media.dir())) == [first], "only the file within the quota"
    finally:
        server.stop()


# --- a full disk --------------------------------------------------------------------------------

@pytest.fixture
def small_disk(tmp_path):
    """A 48 MiB tmpfs mounted for the test (root only), unmounted afterwards."""
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    mount_point = tmp_path / "small-disk"
    mount_point.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=48m,mode=0700", "tmpfs", str(mount_point)], check=True,
                   timeout=WAIT_SECS)
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], timeout=WAIT_SECS)


def _fill(disk: Path, leave_free_mib: float) -> Path:
    """A filler file that leaves about ``leave_free_mib`` MiB free on ``disk``."""
    filler = disk / "filler"
    filler.unlink(missing_ok=True)
    stats = os.statvfs(disk)
    free = stats.f_bavail * stats.f_frsize
    size = max(0, free - int(leave_free_mib * 1024 * 1024))
    with open(filler, "wb") as fh:
        fh.truncate(0)
        chunk = b"\0" * (1024 * 1024)
        while size > 0:
            n = min(size, len(chunk))
            fh.write(chunk[:n])
            size -= n
    return filler


def test_a_full_disk_refuses_uploads_cleanly_keeps_serving_and_recovers(tmp_path, small_disk, make_device):
    data = small_disk / "data"
    server = _private_server(tmp_path, "small-disk", data, DECKHAND_DISK_RESERVE_MB="4")
    try:
        account = server.new_account()
        a = make_device("A")
        add_basic_note(a.col, "before the disk filled")
        a.col.media.write_data("kept.png", b"\x89PNG kept")
        a.login(account, server.endpoint)
        assert a.sync(media=True) == SyncOutput.FULL_UPLOAD
        before = a.snapshot()

        # 1. A full upload that fills the disk half-way: refused, nothing half-written, old copy kept.
        _fill(small_disk, 12)
        big = make_device("big")
        add_incompressible_notes(big.col, 20 * MEBIBYTE)
        big.login(account, server.endpoint)
        with pytest.raises(BackendError) as filled:
            big.sync(full_sync="upload")
        assert "out of disk space" in str(filled.value), str(filled.value)
        assert not _staged_files(data), _staged_files(data)

        # 2. Down to the reserve: uploads are refused before they start, with the message.
        _fill(small_disk, 2)
        with pytest.raises(BackendError) as reserve:
            big.sync(full_sync="upload")
        assert "out of disk space" in str(reserve.value)
        a.col.media.write_data("refused.png", b"\x89PNG refused " + os.urandom(64))
        a.col.sync_media(a.auth)
        with pytest.raises(Exception) as media_refused:
            a.await_media()
        assert "out of disk space" in str(media_refused.value), str(media_refused.value)

        # 3. Reads and small normal syncs go on.
        reader = make_device("reader")
        reader.login(account, server.endpoint)
        assert reader.sync() == SyncOutput.FULL_DOWNLOAD
        assert_same_state(before, reader.snapshot(), "A before", "downloaded")
        add_basic_note(a.col, "a small change while the disk is nearly full")
        assert a.sync() == SyncOutput.NO_CHANGES
        assert reader.sync() == SyncOutput.NO_CHANGES
        assert reader.col.find_notes('"a small change while the disk is nearly full"')

        # 4. Space freed: everything works again.
        (small_disk / "filler").unlink()
        a.sync_media()
        later = make_device("later")
        add_incompressible_notes(later.col, 5 * MEBIBYTE)
        later.login(account, server.endpoint)
        later.sync(full_sync="upload")
        check = make_device("check")
        check.login(account, server.endpoint)
        assert check.sync(media=True) == SyncOutput.FULL_DOWNLOAD
        assert_same_state(later.snapshot(), check.snapshot(), "uploaded", "downloaded")
        assert check.col.db.scalar("pragma integrity_check") == "ok"
    finally:
        server.stop()


# --- crash leftovers ----------------------------------------------------------------------------

def _slow_post(endpoint: str, path: str, hkey: str, body: bytes, stop_when, then=lambda: None,
               pieces: int = 200) -> None:
    """Streams ``body`` in pieces until ``stop_when()`` is true, then calls ``then()`` while the
    upload is still open, and returns with it unfinished."""
    url = urlsplit(endpoint)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=WAIT_SECS)
    conn.putrequest("POST", path)
    conn.putheader("anki-sync", sync_header(hkey))
    conn.putheader("content-type", "application/octet-stream")
    conn.putheader("content-length", str(len(body)))
    conn.endheaders()
    step = max(1, len(body) // pieces)
    deadline = time.monotonic() + WAIT_SECS
    try:
        for offset in range(0, len(body), step):
            conn.send(body[offset:offset + step])
            if stop_when():
                then()
                return
            assert time.monotonic() < deadline, "the server never started receiving"
            time.sleep(0.02)
    except OSError:
        return  # the server died under us: that is the point
    finally:
        conn.close()


def _wait_until_no_staged_files(data_dir: Path) -> None:
    deadline = time.monotonic() + WAIT_SECS
    while _staged_files(data_dir):
        assert time.monotonic() < deadline, f"staged files stayed: {_staged_files(data_dir)}"
        time.sleep(0.05)


def _staged_and_staying(data_dir: Path) -> bool:
    if not _staged_files(data_dir):
        return False
    time.sleep(0.05)
    return bool(_staged_files(data_dir))


def _media_zip(size: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("0", os.urandom(size))
        zf.writestr("_meta", json.dumps([["killed.bin", "0"]]))
    return out.getvalue()


def test_no_leftovers_after_kills_during_uploads(tmp_path, make_device):
    server = _private_server(tmp_path, "kills")
    try:
        account = server.new_account()
        device = make_device("A")
        add_basic_note(device.col, "survives the kills")
        device.login(account, server.endpoint)
        assert device.sync() == SyncOutput.FULL_UPLOAD
        hkey = device.auth.hkey
        collection_body = zstd_compress(os.urandom(8 * 1024 * 1024))
        media_body = zstd_compress(_media_zip(4 * 1024 * 1024))
        left_behind = []
        for round_number in range(KILL_ROUNDS):
            for path, body in (("/sync/upload", collection_body), ("/msync/uploadChanges", media_body)):
                # From no staged file at all, and only on a file that stays, so that the post stops on
                # its own upload (once, right after a sync and a start, it stopped on a file that was
                # gone a moment later).
                # The kill comes while the upload's connection is open: after the client hangs up, the
                # server deletes the unfinished upload itself, sometimes before it could be counted.
                _wait_until_no_staged_files(server.data_dir)

                def count_and_kill():
                    left_behind.append(len(_staged_files(server.data_dir)))
                    server.proc.send_signal(signal.SIGKILL)
                    server.proc.wait(WAIT_SECS)

                _slow_post(server.endpoint, path, hkey, body, lambda: _staged_and_staying(server.data_dir),
                           then=count_and_kill)
                assert server.proc.poll() is not None, (round_number, path, "the post ended before its upload was staged")
                server.start()
                assert not _staged_files(server.data_dir), (round_number, path, _staged_files(server.data_dir))
        assert all(n > 0 for n in left_behind), f"a kill missed its upload: {left_behind}"

        fresh = make_device("fresh")
        fresh.login(account, server.endpoint)
        assert fresh.sync() == SyncOutput.FULL_DOWNLOAD
        assert fresh.col.find_notes('"survives the kills"')
        assert fresh.col.db.scalar("pragma integrity_check") == "ok"
    finally:
        server.stop()
