"""Moving in from the official sync server and from ankisyncd (`deckhand import`).

The official server from the pinned anki package builds a data folder through real syncs of real
devices. Deckhand refuses to start on it, `import --apply` moves it in, and then the SAME devices
with the SAME host keys (no new login) go on with a normal sync: no full sync, and no media sent or
fetched again. A fresh device downloads everything, table by table equal to the official server's
copy. The same for an ankisyncd folder, built by placing those collections and media in ankisyncd's
layout with an auth.db and a session.db made as ankisyncd makes them.

Deckhand only.
"""

from __future__ import annotations

import hashlib
import random
import re
import secrets
import shutil
import sqlite3
import string
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from anki.collection import Collection
from anki.sync import SyncOutput

from harness import servers
from harness.content import add_basic_note, build_rich_collection
from harness.devices import Device, assert_same_state
from harness.servers import CLI_TIMEOUT_SECS, Account, DeckhandServer, ReferenceServer

pytestmark = pytest.mark.skipif(servers.target_name() != "deckhand", reason="Deckhand's import command")

# A colon in a password: the official server's host key hashes the whole `name:password` setting.
PASSWORDS = {"alice": "alice-pass", "bob": "b:pass:word"}
PNG = b"\x89PNG\r\n\x1a\n moved in " + bytes(range(200))
MP3 = b"ID3 moved-in sound " * 20
# Requests that would mean a full sync or media sent again.
TRANSFERS = ("/sync/upload", "/sync/download", "/msync/uploadChanges", "/msync/downloadFiles")
REQUEST = re.compile(r" (GET|POST) (/\S+) (\d{3}) user=(\S+)")


@dataclass
class OldServer:
    """What the official server built, and the devices that synced with it."""

    server: ReferenceServer
    accounts: dict[str, Account]
    devices: dict[str, Device]
    media_usn: dict[str, int]
    official: dict[str, dict] = field(default_factory=dict)
    official_media: dict[str, dict[str, bytes]] = field(default_factory=dict)


def _sync_expecting(device: Device, required: int):
    """One collection + media sync that must end as `required`; returns the client's answer."""
    out = device.col.sync_collection(device.auth, True)
    device.await_media()
    assert out.required == required, f"{device}: {out.required} instead of {required}"
    return out


def _media_files(device: Device) -> dict[str, bytes]:
    folder = Path(device.col.media.dir())
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def build_on_official_server(tmp_path: Path, make_device) -> OldServer:
    server = ReferenceServer(tmp_path / "official", "official", pool_size=0)
    server.pool = [Account(user, password) for user, password in PASSWORDS.items()]
    server.start()
    alice, bob = server.new_account(), server.new_account()

    a1 = make_device("alice1")
    build_rich_collection(a1.col)
    cat = a1.col.media.write_data("cat.png", PNG)
    hello = a1.col.media.write_data("hello.mp3", MP3)
    doomed = a1.col.media.write_data("doomed.txt", b"this file is deleted later")
    add_basic_note(a1.col, "with media", f'<img src="{cat}"> [sound:{hello}] <img src="{doomed}">')
    a1.login(alice, server.endpoint)
    assert a1.sync(media=True) == SyncOutput.FULL_UPLOAD
    # A deletion, a new file, a new note and a review: the media ledger gets a tombstone.
    a1.col.media.trash_files([doomed])
    later = a1.col.media.write_data("later.jpg", PNG[::-1])
    add_basic_note(a1.col, "later", f'<img src="{later}">')
    a1.col.sched.answerCard(a1.col.sched.getCard(), 3)
    # A carried-out normal sync reports NO_CHANGES.
    assert a1.sync(media=True) == SyncOutput.NO_CHANGES

    a2 = make_device("alice2")
    a2.login(alice, server.endpoint)
    assert a2.sync(media=True) == SyncOutput.FULL_DOWNLOAD

    b1 = make_device("bob1")
    dog = b1.col.media.write_data("dog.png", PNG + b"dog")
    add_basic_note(b1.col, "Hund", f'<img src="{dog}">')
    add_basic_note(b1.col, "Katze", "cat")
    b1.col.sched.answerCard(b1.col.sched.getCard(), 3)
    b1.login(bob, server.endpoint)
    assert b1.sync(media=True) == SyncOutput.FULL_UPLOAD

    old = OldServer(server, {"alice": alice, "bob": bob}, {"alice1": a1, "alice2": a2, "bob1": b1}, {})
    # The official server's copy, as a fresh device downloads it.
    for user, account in old.accounts.items():
        fresh = make_device(f"official-copy-{user}")
        fresh.login(account, server.endpoint)
        assert fresh.sync(media=True) == SyncOutput.FULL_DOWNLOAD
        old.official[user] = fresh.snapshot()
        old.official_media[user] = _media_files(fresh)
        fresh.close()
    # A full download changes the server's mod, so every device syncs once more: afterwards each
    # holds exactly the server's mod and media USN, and its next sync is a bare /sync/meta.
    for name, device in old.devices.items():
        old.media_usn[name.rstrip("0123456789")] = _sync_expecting(device, SyncOutput.NO_CHANGES).server_media_usn
    assert old.media_usn["alice"] >= 4, "alice's media should have had several changes"
    # SIGTERM, like a service stop: the server leaves collection and media.db -wal files behind.
    server.stop()
    return old


def _start_expecting_refusal(server: DeckhandServer) -> subprocess.CompletedProcess:
    return subprocess.run(server.command(), env=server.environment(), cwd=server.workdir, capture_output=True,
                          text=True, timeout=CLI_TIMEOUT_SECS)


def _requests_since(server: DeckhandServer, offset: int) -> list[tuple[str, str, str]]:
    text = server.log_path.read_bytes()[offset:].decode("utf-8", "replace")
    return [(m.group(2), m.group(3), m.group(4)) for m in REQUEST.finditer(text)]


def _import(server: DeckhandServer, kind: str, folder: Path, *extra: str, env: dict[str, str] | None = None):
    res = server.cli("import", kind, str(folder), *extra, env_extra=env)
    assert res.returncode == 0, f"import {kind} {' '.join(extra)} -> {res.returncode}\n{res.stdout}\n{res.stderr}"
    return res.stdout


def _devices_go_on_with_a_normal_sync(old: OldServer, deckhand: DeckhandServer, make_device) -> None:
    # The same devices, the same host keys, only the server address changed: no login. Every
    # normal sync gives the server a new mod, so of alice's two devices only alice2, the last to
    # sync with the old server, is in step with it: its sync, like bob1's, is a bare /sync/meta.
    # alice1 makes the normal sync it would have made with the old server, with nothing to send.
    for name in ("alice2", "bob1", "alice1"):
        device = old.devices[name]
        device.auth.endpoint = deckhand.endpoint
        offset = deckhand.log_path.stat().st_size
        out = _sync_expecting(device, SyncOutput.NO_CHANGES)
        assert out.server_media_usn == old.media_usn[name.rstrip("0123456789")], f"{device}: media USN changed"
        requests = _requests_since(deckhand, offset)
        paths = [path for path, _, _ in requests]
        assert all(status == "200" for _, status, _ in requests), requests
        if name == "alice1":
            assert paths[0] == "/sync/meta" and paths[-1] == "/sync/finish", paths
        else:
            assert paths == ["/sync/meta"], paths
        # No full sync, no media sent or fetched (not even listed), no new sign-in.
        assert not [p for p in paths if p in TRANSFERS or p.startswith("/msync/") or p == "/sync/hostKey"], paths

    # A fresh device downloads everything: the official server's copy, table by table, and its media.
    for user, account in old.accounts.items():
        fresh = make_device(f"fresh-{user}")
        fresh.login(account, deckhand.endpoint)
        assert fresh.sync(media=True) == SyncOutput.FULL_DOWNLOAD
        assert_same_state(old.official[user], fresh.snapshot(), "official server", "Deckhand")
        assert _media_files(fresh) == old.official_media[user]

    # And life goes on: a review, a note and a file on one device reach the other by normal syncs.
    a1, a2 = old.devices["alice1"], old.devices["alice2"]
    offset = deckhand.log_path.stat().st_size
    a1.col.sched.answerCard(a1.col.sched.getCard(), 4)
    newer = a1.col.media.write_data("after-the-move.png", PNG + b"after")
    add_basic_note(a1.col, "after the move", f'<img src="{newer}">')
    assert a1.sync(media=True) == SyncOutput.NO_CHANGES
    assert a2.sync(media=True) == SyncOutput.NO_CHANGES
    assert_same_state(a1.snapshot(), a2.snapshot(), "alice1", "alice2")
    assert _media_files(a2)[newer] == PNG + b"after"
    paths = [path for path, _, _ in _requests_since(deckhand, offset)]
    assert paths.count("/sync/finish") == 2, paths
    assert not [p for p in paths if p in ("/sync/upload", "/sync/download")], paths


def test_official_server_data_moves_in_in_place_and_devices_go_on(tmp_path, make_device):
    old = build_on_official_server(tmp_path, make_device)
    data = old.server.data_dir
    settings = {f"SYNC_USER{i}": f"{a.user}:{a.password}" for i, a in enumerate(old.server.pool, start=1)}
    # SYNC_BASE reused: Deckhand's data folder is the official server's.
    deckhand = DeckhandServer(tmp_path / "deckhand", "deckhand", settings=settings)
    deckhand.data_dir = data
    try:
        refused = _start_expecting_refusal(deckhand)
        assert refused.returncode == 2, refused.stdout + refused.stderr
        message = [line for line in refused.stderr.splitlines() if line.startswith("deckhand: ")]
        assert len(message) == 1 and f"deckhand import official {data}" in message[0], refused.stderr
        assert not (data / "deckhand.sqlite").exists() and not (data / "users").exists()

        dry = _import(deckhand, "official", data, env=settings)
        assert "alice: ready to move in" in dry and "bob: ready to move in" in dry, dry
        assert not (data / "deckhand.sqlite").exists(), "a dry run wrote to the data folder"

        applied = _import(deckhand, "official", data, "--apply", env=settings)
        assert "alice: moved in" in applied and "bob: moved in" in applied, applied
        again = _import(deckhand, "official", data, "--apply", env=settings)
        assert "Nothing changed: every user was moved in before." in again, again
        assert (data / "alice" / "collection.anki2").exists(), "the old files stay until the operator removes them"

        deckhand.start()
        _devices_go_on_with_a_normal_sync(old, deckhand, make_device)
    finally:
        deckhand.stop()


# --- ankisyncd ------------------------------------------------------------------------------------

def _read_official_media(media_db: Path, scratch: Path) -> list[tuple[str, int, str | None]]:
    """The rows of a stopped official server's media.db, read from a copy taken with its -wal."""
    copy = scratch / "media.db"
    shutil.copyfile(media_db, copy)
    if Path(f"{media_db}-wal").exists():
        shutil.copyfile(f"{media_db}-wal", f"{copy}-wal")
    db = sqlite3.connect(copy)
    try:
        return [(name, usn, csum.hex() if size else None)
                for name, csum, size, usn in db.execute("select fname, csum, size, usn from media order by usn")]
    finally:
        db.close()


def _copy_collection(source: Path, target: Path, scratch: Path) -> None:
    """A consistent copy of a collection that may have newer pages in its -wal."""
    copy = scratch / "collection.anki2"
    shutil.copyfile(source, copy)
    if Path(f"{source}-wal").exists():
        shutil.copyfile(f"{source}-wal", f"{copy}-wal")
    src, dst = sqlite3.connect(copy), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()


def _ankisyncd_hash(user: str, password: str) -> str:
    # ankisyncd users/sqlite_manager.py: 8 random bytes of salt as hex, sha256(user + password + salt) + salt.
    salt = secrets.token_hex(8)
    return hashlib.sha256((user + password + salt).encode()).hexdigest() + salt


def _ankisyncd_host_key(user: str) -> str:
    # ankisyncd sync_app.py: md5 of "<user>:<unix seconds>:<8 random letters and digits>", a new one per login.
    nonce = "".join(random.choice(string.ascii_letters + string.digits) for _ in range(8))
    return hashlib.md5(f"{user}:{int(time.time())}:{nonce}".encode()).hexdigest()


def build_ankisyncd_folder(old: OldServer, folder: Path, schema11: set[str]) -> dict[str, str]:
    """ankisyncd's working folder holding the official server's users; returns device -> host key.

    Users in `schema11` get their collection downgraded by the official client, as ankisyncd leaves
    it after serving a full download (it closes the collection with downgrade=True).
    """
    collections = folder / "collections"
    for user in old.accounts:
        source = old.server.data_dir / user
        target = collections / user
        target.mkdir(parents=True)
        scratch = folder.parent / f"scratch-{user}"
        scratch.mkdir()
        _copy_collection(source / "collection.anki2", target / "collection.anki2", scratch)
        if user in schema11:
            # Opening it also makes the client's collection.media/ beside it: ankisyncd's folder too.
            Collection(str(target / "collection.anki2")).close(downgrade=True)
        shutil.copytree(source / "media", target / "collection.media", dirs_exist_ok=True)
        media = sqlite3.connect(target / "collection.media.server.db")
        media.execute("CREATE TABLE media (fname TEXT NOT NULL PRIMARY KEY, usn INT NOT NULL, csum TEXT)")
        media.execute("CREATE INDEX idx_media_usn ON media (usn)")
        media.executemany("INSERT INTO media VALUES (?, ?, ?)", _read_official_media(source / "media.db", scratch))
        media.commit()
        media.close()
        shutil.rmtree(scratch)

    auth = sqlite3.connect(folder / "auth.db")
    auth.execute("CREATE TABLE auth (username VARCHAR PRIMARY KEY, hash VARCHAR)")
    auth.executemany("INSERT INTO auth VALUES (?, ?)",
                     [(user, _ankisyncd_hash(user, a.password)) for user, a in old.accounts.items()])
    auth.commit()
    auth.close()

    keys = {name: _ankisyncd_host_key(name.rstrip("0123456789")) for name in old.devices}
    session = sqlite3.connect(folder / "session.db")
    session.execute("CREATE TABLE session (hkey VARCHAR PRIMARY KEY, skey VARCHAR, username VARCHAR, path VARCHAR)")
    session.executemany("INSERT INTO session VALUES (?, ?, ?, ?)", [
        (key, secrets.token_hex(4), name.rstrip("0123456789"), str(collections / name.rstrip("0123456789")))
        for name, key in keys.items()])
    session.commit()
    session.close()
    return keys


def test_ankisyncd_data_moves_in_and_devices_go_on(tmp_path, make_device):
    old = build_on_official_server(tmp_path, make_device)
    folder = tmp_path / "ankisyncd"
    keys = build_ankisyncd_folder(old, folder, schema11={"bob"})
    # The devices signed in to ankisyncd: they hold the keys its session table remembers.
    for name, device in old.devices.items():
        device.auth.hkey = keys[name]

    refusing = DeckhandServer(tmp_path / "refusing", "refusing")
    refusing.data_dir = folder
    refused = _start_expecting_refusal(refusing)
    assert refused.returncode == 2, refused.stdout + refused.stderr
    assert f"deckhand import ankisyncd {folder}" in refused.stderr, refused.stderr

    deckhand = DeckhandServer(tmp_path / "deckhand", "deckhand")
    try:
        dry = _import(deckhand, "ankisyncd", folder)
        assert "alice: ready to move in" in dry and "bob: ready to move in" in dry, dry
        assert "schema 11 upgraded to 18" in dry, dry
        assert "from auth.db" in dry and "host keys: 2" in dry, dry
        assert _import(deckhand, "ankisyncd", folder, "--apply").count(": moved in") == 2
        assert "Nothing changed" in _import(deckhand, "ankisyncd", folder, "--apply")

        deckhand.start()
        _devices_go_on_with_a_normal_sync(old, deckhand, make_device)
    finally:
        deckhand.stop()
