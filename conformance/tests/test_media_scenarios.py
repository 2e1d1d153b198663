"""Media sync scenarios with the official client: names beyond ASCII (and given in NFD), deletions
and in-place replacements, a thousand files each way, files past the 2.5 MiB batch size, a server
restart in between, a sanity mismatch the client repairs, and one stored copy of a file two users
share.

Every scenario ends with the same check (``_assert_converged``): the devices hold the same file
names with byte-identical content (sha1 of every file), their media DBs have nothing left to
upload, agree with the folder, and have caught up to the same server USN.
"""

from __future__ import annotations

import hashlib
import os
import random
import sqlite3
import time
import unicodedata
from pathlib import Path

import pytest
from anki.errors import SyncError
from anki.sync import SyncOutput

from harness.servers import target_name

pytestmark = pytest.mark.media

# Payloads that look like what users add (headers of the real formats, then filler); the server
# never looks inside, so they do not need to decode.
PNG_HEAD = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
JPEG_HEAD = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
MP3_HEAD = b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x64"


def _payload(head: bytes, tag: str, size: int = 300) -> bytes:
    body = head + tag.encode() + b"|"
    rnd = random.Random(tag)  # deterministic per name, different between names
    return body + bytes(rnd.getrandbits(8) for _ in range(max(0, size - len(body))))


def _files(device) -> dict[str, str]:
    """name -> sha1 of every file in the device's media folder."""
    folder = device.col.media.dir()
    return {
        name: hashlib.sha1(Path(folder, name).read_bytes()).hexdigest()
        for name in os.listdir(folder)
    }


def _media_db(device) -> dict[str, int]:
    """The client's own media DB (collection.media.db2, WAL; read-only next to the backend)."""
    path = device.col.path.replace(".anki2", ".media.db2")
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        live = db.execute("select count(*) from media where csum is not null").fetchone()[0]
        dirty = db.execute("select count(*) from media where dirty = 1").fetchone()[0]
        last_usn = db.execute("select lastUsn from meta").fetchone()[0]
    finally:
        db.close()
    return {"live": live, "dirty": dirty, "lastUsn": last_usn}


def _assert_converged(*devices, expected: dict[str, bytes] | None = None) -> dict[str, str]:
    """All devices hold the same files byte for byte, nothing is pending, and every media DB has
    caught up to the same server USN. With ``expected`` the file set must be exactly that."""
    first, *rest = devices
    files = _files(first)
    for other in rest:
        mine = _files(other)
        if mine != files:
            only_first = sorted(set(files) - set(mine))[:10]
            only_other = sorted(set(mine) - set(files))[:10]
            differ = sorted(n for n in set(files) & set(mine) if files[n] != mine[n])[:10]
            raise AssertionError(
                f"{first} and {other} differ: {len(files)} vs {len(mine)} files; only on "
                f"{first}: {only_first}; only on {other}: {only_other}; content differs: {differ}"
            )
    if expected is not None:
        assert set(files) == set(expected), (sorted(set(files) ^ set(expected))[:10])
        wrong = [n for n, data in expected.items() if files[n] != hashlib.sha1(data).hexdigest()]
        assert not wrong, f"content differs from what was written: {wrong[:10]}"
    states = {repr(d): _media_db(d) for d in devices}
    for name, state in states.items():
        assert state["dirty"] == 0, f"{name} still has changes to upload: {states}"
        assert state["live"] == len(files), f"{name}'s media DB disagrees with its folder: {states}"
    assert len({s["lastUsn"] for s in states.values()}) == 1, f"devices at different USNs: {states}"
    return files


def _paired(server, account, make_device, names=("A", "B")):
    devices = [make_device(n) for n in names]
    for d in devices:
        d.login(account, server.endpoint)
        # Empty collections on both sides: nothing to sync but media (none yet).
        assert d.sync(media=True) == SyncOutput.NO_CHANGES
    return devices


def _replace_in_place(device, name: str, data: bytes) -> None:
    """Overwrite a media file the way an external editor would. The client notices only if the
    folder's mtime and the file's mtime (in seconds) moved, so move both explicitly."""
    folder = device.col.media.dir()
    path = Path(folder, name)
    old = path.stat().st_mtime
    path.write_bytes(data)
    later = max(time.time(), old) + 5
    os.utime(path, (later, later))
    os.utime(folder, (later, later))


# 1 -------------------------------------------------------------------------------------------

def test_images_and_audio_with_non_ascii_and_nfd_names(server, account, make_device):
    a, b = _paired(server, account, make_device)
    nfd_cafe = unicodedata.normalize("NFD", "café2.png")
    nfd_kana = unicodedata.normalize("NFD", "ガイド.mp3")  # カ + U+3099 in NFD
    assert nfd_cafe != "café2.png" and nfd_kana != "ガイド.mp3"
    wanted = {  # name given to write_data -> bytes
        "plain.png": _payload(PNG_HEAD, "plain"),
        "café.png": _payload(PNG_HEAD, "cafe", 700),
        "photo-ñandú.jpg": _payload(JPEG_HEAD, "nandu", 900),
        "日本語.mp3": _payload(MP3_HEAD, "nihongo", 1200),
        "Ελληνικά φωνή.mp3": _payload(MP3_HEAD, "greek", 500),
        "emoji 🎵.mp3": _payload(MP3_HEAD, "emoji", 400),
        nfd_cafe: _payload(PNG_HEAD, "cafe2", 600),
        nfd_kana: _payload(MP3_HEAD, "guide", 800),
    }
    # What the client stores them as: NFC, and (add_data_to_folder_uniquely in rslib) lowercased
    # when the lowercase name is free, so "Ελληνικά" arrives as "ελληνικά".
    expected = {unicodedata.normalize("NFC", n).lower(): d for n, d in wanted.items()}
    assert "café2.png" in expected and "ガイド.mp3" in expected and "ελληνικά φωνή.mp3" in expected
    stored = {}
    for name, data in wanted.items():
        got = a.col.media.write_data(name, data)
        assert got == unicodedata.normalize("NFC", name).lower(), (name, got)
        stored[got] = data

    a.sync_media()
    b.sync_media()

    assert stored == expected
    files = _assert_converged(a, b, expected=expected)
    assert all(unicodedata.is_normalized("NFC", n) for n in files), sorted(files)
    assert nfd_cafe not in files and nfd_kana not in files
    for name, data in expected.items():
        assert Path(b.col.media.dir(), name).read_bytes() == data, name
        assert b.col.media.have(name), name


# 2 -------------------------------------------------------------------------------------------

def test_deletion_on_a_and_replacement_on_b_converge(server, account, make_device):
    a, b = _paired(server, account, make_device)
    originals = {
        "keep.png": _payload(PNG_HEAD, "keep"),
        "doomed.jpg": _payload(JPEG_HEAD, "doomed"),
        "edited.mp3": _payload(MP3_HEAD, "edited v1"),
        "café-edit.png": _payload(PNG_HEAD, "cafe edit v1"),
    }
    for name, data in originals.items():
        a.col.media.write_data(name, data)
    a.sync_media()
    b.sync_media()
    _assert_converged(a, b, expected=originals)

    # A deletes one file; B replaces the content of two others (same names, new bytes).
    a.col.media.trash_files(["doomed.jpg"])
    new_mp3 = _payload(MP3_HEAD, "edited v2", 450)
    new_png = _payload(PNG_HEAD, "cafe edit v2", 520)
    _replace_in_place(b, "edited.mp3", new_mp3)
    _replace_in_place(b, "café-edit.png", new_png)

    a.sync_media()  # uploads the deletion
    b.sync_media()  # gets the deletion, uploads the replacements
    a.sync_media()  # gets the replacements

    expected = {"keep.png": originals["keep.png"], "edited.mp3": new_mp3, "café-edit.png": new_png}
    _assert_converged(a, b, expected=expected)
    assert not Path(b.col.media.dir(), "doomed.jpg").exists()
    assert Path(a.col.media.dir(), "edited.mp3").read_bytes() == new_mp3

    # A third device starting from nothing sees the same end state.
    c = make_device("C")
    c.login(account, server.endpoint)
    assert c.sync(media=True) == SyncOutput.NO_CHANGES
    _assert_converged(a, b, c, expected=expected)


# 3 -------------------------------------------------------------------------------------------

def test_a_thousand_small_files_sync_both_ways(server, account, make_device):
    a, b = _paired(server, account, make_device)
    written: dict[str, bytes] = {}
    for i in range(500):
        for dev, side, head in ((a, "a", PNG_HEAD), (b, "b", MP3_HEAD)):
            name = f"from-{side}-{i:03d}.{'png' if side == 'a' else 'mp3'}"
            data = _payload(head, name, 200 + (i % 7) * 50)  # 200..500 bytes
            assert dev.col.media.write_data(name, data) == name
            written[name] = data

    a.sync_media()  # uploads 500
    b.sync_media()  # downloads 500, uploads 500
    a.sync_media()  # downloads 500

    assert len(os.listdir(a.col.media.dir())) == 1000
    assert len(os.listdir(b.col.media.dir())) == 1000
    # Sample of contents, read back on the receiving side.
    for i in range(0, 500, 37):
        for dev, name in ((b, f"from-a-{i:03d}.png"), (a, f"from-b-{i:03d}.mp3")):
            assert Path(dev.col.media.dir(), name).read_bytes() == written[name], (dev, name)
    _assert_converged(a, b, expected=written)


# 4 -------------------------------------------------------------------------------------------

def test_large_file_alone_and_mixed_with_small_files(server, account, make_device):
    a, b = _paired(server, account, make_device)
    big_a = os.urandom(3 * 1024 * 1024)  # above the client's 2.5 MiB zip target
    written = {"big-a.bin": big_a}
    a.col.media.write_data("big-a.bin", big_a)
    for i in range(30):  # more than one 25-file batch around the big file
        name = f"small-a-{i:02d}.png"
        written[name] = _payload(PNG_HEAD, name)
        a.col.media.write_data(name, written[name])
    a.sync_media()
    b.sync_media()
    assert hashlib.sha1(Path(b.col.media.dir(), "big-a.bin").read_bytes()).digest() == \
        hashlib.sha1(big_a).digest()
    _assert_converged(a, b, expected=written)

    # The other way round, with a big file that has a non-ASCII name and a few small ones.
    big_b = os.urandom(3 * 1024 * 1024 + 12345)
    written["grand-été.bin"] = big_b
    b.col.media.write_data("grand-été.bin", big_b)
    for i in range(5):
        name = f"small-b-{i}.mp3"
        written[name] = _payload(MP3_HEAD, name)
        b.col.media.write_data(name, written[name])
    b.sync_media()
    a.sync_media()
    assert Path(a.col.media.dir(), "grand-été.bin").read_bytes() == big_b
    _assert_converged(a, b, expected=written)


# 5 -------------------------------------------------------------------------------------------

def test_media_survives_a_server_restart(make_server, make_device):
    srv = make_server("media-restart")
    account = srv.new_account()
    a, b = _paired(srv, account, make_device)
    written = {}
    for name, head in (("before-1.png", PNG_HEAD), ("before-ü.mp3", MP3_HEAD),
                       ("before-3.jpg", JPEG_HEAD)):
        written[name] = _payload(head, name)
        a.col.media.write_data(name, written[name])
    a.sync_media()
    b.sync_media()  # B is up to date before the restart
    _assert_converged(a, b, expected=written)

    srv.restart()

    for name, head in (("after-1.png", PNG_HEAD), ("after-日.mp3", MP3_HEAD)):
        written[name] = _payload(head, name)
        a.col.media.write_data(name, written[name])
    a.col.media.trash_files(["before-3.jpg"])
    del written["before-3.jpg"]
    a.sync_media()  # old host key, media USN continues from before the restart
    b.sync_media()  # incremental: only what changed after its last USN
    _assert_converged(a, b, expected=written)

    c = make_device("C")  # and a device that starts from nothing
    c.login(account, srv.endpoint)
    assert c.sync(media=True) == SyncOutput.NO_CHANGES
    _assert_converged(a, b, c, expected=written)


# 6 -------------------------------------------------------------------------------------------

def test_a_sanity_mismatch_recovers_as_the_client_expects(server, account, make_device):
    a, b = _paired(server, account, make_device)
    written = {"one.png": _payload(PNG_HEAD, "one"), "two.png": _payload(PNG_HEAD, "two")}
    for name, data in written.items():
        a.col.media.write_data(name, data)
    a.sync_media()
    b.sync_media()
    _assert_converged(a, b, expected=written)

    # B loses a file together with its media DB row, behind the client's back: its count no
    # longer matches the server's, and it does not know anything is missing.
    media_folder = b.col.media.dir()
    db_path = b.col.path.replace(".anki2", ".media.db2")
    b.col.close()
    Path(media_folder, "two.png").unlink()
    with sqlite3.connect(db_path) as db:
        db.execute("delete from media where fname = 'two.png'")
    db.close()
    b.col.reopen()
    usn_before = _media_db(b)["lastUsn"]
    assert usn_before > 0

    # A change on B makes its next sync do something, so it ends with the sanity check:
    # the upload succeeds, the server counts 3 files, B counts 2 -> "mediaSanity".
    written["three.png"] = _payload(PNG_HEAD, "three")
    b.col.media.write_data("three.png", written["three.png"])
    with pytest.raises(SyncError) as err:
        b.sync_media()
    # The client's reaction to "mediaSanity" (ResyncRequired, shown as the text below): it
    # clears its media DB, so the next sync starts over from USN 0.
    assert "Please sync again" in str(err.value), str(err.value)
    state = _media_db(b)
    assert state["lastUsn"] == 0 and state["live"] == 0, (state, str(err.value))
    assert not Path(media_folder, "two.png").exists()

    # At most two more syncs repair it: B rescans, refetches from USN 0 and gets two.png back.
    errors = []
    for _ in range(2):
        try:
            b.sync_media()
            break
        except SyncError as e:
            errors.append(str(e))
    else:
        raise AssertionError(f"B did not recover within 2 syncs: {errors}")
    a.sync_media()
    _assert_converged(a, b, expected=written)


# 7 -------------------------------------------------------------------------------------------

def _blob_stats(srv) -> tuple[int, int]:
    """(number of blob files, total bytes) under <data>/blobs, temporary uploads excluded."""
    root = Path(srv.data_dir, "blobs")
    files = [p for p in root.rglob("*")
             if p.is_file() and "incoming" not in p.relative_to(root).parts]
    return len(files), sum(p.stat().st_size for p in files)


def _stored_copies(srv, data: bytes) -> list[Path]:
    """Deckhand's blob files holding ``data``: <data>/blobs/<2 hex>/<sha256>."""
    digest = hashlib.sha256(data).hexdigest()
    return [p for p in Path(srv.data_dir, "blobs").rglob(digest) if p.is_file()]


def _two_users_share_a_file(srv, make_device, check_disk: bool) -> None:
    u1, u2 = srv.new_account(), srv.new_account()
    shared = _payload(PNG_HEAD, "the same picture in two collections", 4096) + os.urandom(64)
    d1, d2 = make_device("U1"), make_device("U2")
    for dev, acct in ((d1, u1), (d2, u2)):
        dev.login(acct, srv.endpoint)
        assert dev.sync(media=True) == SyncOutput.NO_CHANGES
    assert d1.col.media.write_data("mine.png", shared) == "mine.png"
    assert d2.col.media.write_data("theirs.png", shared) == "theirs.png"
    d1.sync_media()
    d2.sync_media()

    if check_disk:
        copies = _stored_copies(srv, shared)
        assert len(copies) == 1, f"blob of the shared file stored {len(copies)} times: {copies}"
        assert copies[0].parent.name == hashlib.sha256(shared).hexdigest()[:2], copies
        assert copies[0].read_bytes() == shared

    # U1 deletes it: gone for U1 (also on a fresh device of U1) ...
    d1.col.media.trash_files(["mine.png"])
    d1.sync_media()
    assert _files(d1) == {}
    fresh1 = make_device("U1-fresh")
    fresh1.login(u1, srv.endpoint)
    assert fresh1.sync(media=True) == SyncOutput.NO_CHANGES
    assert _files(fresh1) == {}

    # ... while U2's copy is untouched and a fresh device of U2 still downloads it.
    fresh2 = make_device("U2-fresh")
    fresh2.login(u2, srv.endpoint)
    # U2's collection has no cards, like the fresh device's, so there is nothing to sync but media.
    assert fresh2.sync(media=True) == SyncOutput.NO_CHANGES
    assert Path(fresh2.col.media.dir(), "theirs.png").read_bytes() == shared
    _assert_converged(d2, fresh2, expected={"theirs.png": shared})

    if check_disk:
        copies = _stored_copies(srv, shared)
        assert len(copies) == 1 and copies[0].read_bytes() == shared, copies
        count, size = _blob_stats(srv)
        print(f"\nshared-file scenario: {count} blob file(s), {size} bytes under "
              f"{srv.data_dir}/blobs (shared file: {len(shared)} bytes)")


def test_two_users_same_file_deleted_by_one_kept_for_the_other(make_server, make_device):
    _two_users_share_a_file(make_server("media-shared"), make_device, check_disk=False)


@pytest.mark.skipif(target_name() == "reference",
                    reason="on-disk check of Deckhand's content-addressed blob store "
                           "(<data>/blobs/<2 hex>/<sha256>); the official server keeps a "
                           "separate media folder per user")
def test_two_users_same_file_is_stored_once(make_server, make_device):
    _two_users_share_a_file(make_server("media-dedup"), make_device, check_disk=True)
