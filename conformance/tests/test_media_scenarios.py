"""Media sync scenarios with the official client: names beyond ASCII, a thousand files each way,
files past the 2.5 MiB batch size, replacements, a restart in between, and one stored copy of a
file two users share."""

import hashlib
import os
import unicodedata
from pathlib import Path

import pytest
from anki.sync import SyncOutput

from harness.servers import DeckhandServer

pytestmark = pytest.mark.media


def _files(device) -> dict[str, str]:
    folder = device.col.media.dir()
    return {name: hashlib.sha1(Path(folder, name).read_bytes()).hexdigest() for name in os.listdir(folder)}


def _paired(server, account, make_device):
    a, b = make_device("A"), make_device("B")
    a.login(account, server.endpoint)
    b.login(account, server.endpoint)
    a.sync(media=True)
    b.sync(media=True)
    return a, b


def test_non_ascii_and_nfd_names_arrive_byte_identical(server, account, make_device):
    a, b = _paired(server, account, make_device)
    names = [a.col.media.write_data("café.png", b"\x89PNG cafe"),
             a.col.media.write_data("日本語.mp3", b"ID3 nihongo"),
             a.col.media.write_data(unicodedata.normalize("NFD", "crème.jpg"), b"\xff\xd8 creme")]

    a.sync_media()
    b.sync_media()

    assert all(unicodedata.is_normalized("NFC", n) for n in names), names
    assert _files(b) == _files(a)
    assert len(_files(b)) == 3


def test_a_thousand_small_files_sync_both_ways(server, account, make_device):
    a, b = _paired(server, account, make_device)
    for i in range(500):
        a.col.media.write_data(f"from-a-{i}.txt", f"file {i} written on A".encode())
        b.col.media.write_data(f"from-b-{i}.txt", f"file {i} written on B".encode())

    a.sync_media()
    b.sync_media()
    a.sync_media()

    assert len(_files(a)) == 1000
    assert _files(a) == _files(b)


def test_large_files_replacements_and_deletions(server, account, make_device):
    a, b = _paired(server, account, make_device)
    big = os.urandom(3 * 1024 * 1024)
    a.col.media.write_data("big.bin", big)
    a.col.media.write_data("small.txt", b"small")
    a.col.media.write_data("doomed.txt", b"to be deleted")
    a.sync_media()
    b.sync_media()
    assert Path(b.col.media.dir(), "big.bin").read_bytes() == big

    # B replaces a file's content; A deletes another.
    Path(b.col.media.dir(), "small.txt").write_bytes(b"replaced on B")
    os.utime(b.col.media.dir())  # the client rescans the folder only when its mtime moves
    a.col.media.trash_files(["doomed.txt"])
    b.sync_media()
    a.sync_media()
    b.sync_media()

    assert Path(a.col.media.dir(), "small.txt").read_bytes() == b"replaced on B"
    assert not Path(b.col.media.dir(), "doomed.txt").exists()
    assert _files(a) == _files(b)


def test_media_survives_a_server_restart(make_server, make_device):
    srv = make_server("media-restart")
    account = srv.new_account()
    a, b = _paired(srv, account, make_device)
    a.col.media.write_data("before.png", b"\x89PNG before restart")
    a.sync_media()

    srv.restart()

    a.col.media.write_data("after.png", b"\x89PNG after restart")
    a.sync_media()
    b.sync_media()
    assert set(_files(b)) == {"before.png", "after.png"}
    assert _files(a) == _files(b)


def test_two_users_share_one_stored_copy(make_server, make_device):
    srv = make_server("media-dedup")
    u1, u2 = srv.new_account(), srv.new_account()
    shared = b"\x89PNG the same picture in two collections " + os.urandom(64)
    d1, d2 = make_device("U1"), make_device("U2")
    d1.login(u1, srv.endpoint)
    d2.login(u2, srv.endpoint)
    d1.sync(media=True)
    d2.sync(media=True)
    d1.col.media.write_data("mine.png", shared)
    d2.col.media.write_data("theirs.png", shared)
    d1.sync_media()
    d2.sync_media()

    if isinstance(srv, DeckhandServer):
        digest = hashlib.sha256(shared).hexdigest()
        copies = [p for p in Path(srv.data_dir, "blobs").rglob(digest)]
        assert len(copies) == 1, copies

    # U1 deletes it; a fresh device of U2 still gets it.
    d1.col.media.trash_files(["mine.png"])
    d1.sync_media()
    fresh = make_device("U2-fresh")
    fresh.login(u2, srv.endpoint)
    # U2's collection has no cards, like the fresh device's, so there is nothing to sync but media.
    assert fresh.sync(media=True) == SyncOutput.NO_CHANGES
    assert Path(fresh.col.media.dir(), "theirs.png").read_bytes() == shared


def test_a_sanity_mismatch_recovers_as_the_client_expects(server, account, make_device):
    import sqlite3

    a, b = _paired(server, account, make_device)
    a.col.media.write_data("one.png", b"\x89PNG one")
    a.col.media.write_data("two.png", b"\x89PNG two")
    a.sync_media()
    b.sync_media()
    assert set(_files(b)) == {"one.png", "two.png"}

    # B loses a file together with its record: its count no longer matches the server's, and
    # it does not know anything is missing.
    media_folder = b.col.media.dir()
    db_path = b.col.path.replace(".anki2", ".media.db2")
    b.col.close()
    Path(media_folder, "two.png").unlink()
    with sqlite3.connect(db_path) as db:
        db.execute("delete from media where fname = 'two.png'")
    b.col.reopen()

    b.col.media.write_data("three.png", b"\x89PNG three")
    try:
        b.sync_media()  # the upload succeeds, then the sanity check fails and the client resets
    except Exception as err:  # noqa: BLE001 - the client reports the mismatch as an error
        assert "sync" in str(err).lower() or "media" in str(err).lower(), err
    for _ in range(2):
        try:
            b.sync_media()
            break
        except Exception:  # noqa: BLE001 - a second reset is allowed, a third would fail the test
            continue
    a.sync_media()

    assert set(_files(b)) == {"one.png", "two.png", "three.png"}
    assert _files(a) == _files(b)
