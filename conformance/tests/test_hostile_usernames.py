"""User names from a directory or an administrator can hold anything. Deckhand must store each
user's data in its own safe folder however hostile the name, and keep look-alike names apart.

Deckhand only: the official server uses the name verbatim as a folder (a name like ``../x`` would
escape its data folder), which is exactly what this guards against.
"""

import secrets
from pathlib import Path

import pytest
from anki.sync import SyncOutput

from harness.content import add_basic_note
from harness.servers import Account, DeckhandServer

HOSTILE_NAMES = ["../x", "a/b", "..", "Alice", "alice", "名前 with spaces", "x\\..\\y"]


def _add(srv: DeckhandServer, name: str) -> Account:
    account = Account(name, secrets.token_urlsafe(12))
    res = srv.cli("user", "add", name, "--password-stdin", stdin=account.password + "\n")
    assert res.returncode == 0, res.stderr
    return account


def test_hostile_names_get_isolated_safe_storage(make_server, make_device):
    srv = make_server("hostile-names")
    if not isinstance(srv, DeckhandServer):
        pytest.skip("the official server uses user names verbatim as folder names")
    accounts = [_add(srv, name) for name in HOSTILE_NAMES]

    # Each user uploads a collection with one note naming its owner.
    for i, account in enumerate(accounts):
        device = make_device(f"up{i}")
        add_basic_note(device.col, f"owned by {account.user}")
        device.login(account, srv.endpoint)
        assert device.sync() == SyncOutput.FULL_UPLOAD

    # A fresh device of each user gets exactly that user's note, nobody else's.
    for i, account in enumerate(accounts):
        device = make_device(f"down{i}")
        device.login(account, srv.endpoint)
        assert device.sync() == SyncOutput.FULL_DOWNLOAD
        fronts = [row[0].split("\x1f")[0] for row in device.col.db.all("select flds from notes")]
        assert fronts == [f"owned by {account.user}"], (account.user, fronts)

    # On disk: one folder per user, all inside <data>/users, none named after a raw hostile name.
    users_dir = Path(srv.data_dir) / "users"
    folders = sorted(p.name for p in users_dir.iterdir())
    assert len(folders) == len(HOSTILE_NAMES), folders
    for folder in folders:
        assert all(c.isascii() and (c.isalnum() or c in "_-") for c in folder), folder
        assert (users_dir / folder).resolve().parent == users_dir.resolve()
    outside = [p for p in Path(srv.data_dir).resolve().parent.iterdir() if p.name in ("x", "b", "y")]
    assert not outside, f"something escaped the data folder: {outside}"
