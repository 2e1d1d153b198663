"""The official client signing in through Deckhand's other sign-in backends: an LDAP directory and
AWS Cognito (as the cognito-local emulator), both real servers on loopback (harness/directories.py).

Deckhand only: the official server has built-in accounts alone.
"""

from __future__ import annotations

import secrets
import time
from pathlib import Path

import pytest
from anki.errors import SyncError, SyncErrorKind
from anki.sync import SyncOutput

from harness.content import add_basic_note
from harness.directories import CognitoLocal, LdapDirectory
from harness.servers import Account, DeckhandServer, target_name

pytestmark = pytest.mark.skipif(target_name() != "deckhand", reason="the official server has built-in accounts only")

HOSTILE_NAMES = ["../x", "a/b"]
# A login against a backend that is down must fail within this (Deckhand's backend timeout is 3 s).
DOWN_ANSWER_SECS = 20


def _password() -> str:
    return "Pw-" + secrets.token_urlsafe(12)


def _started(server: DeckhandServer):
    server.start()
    return server


@pytest.fixture(scope="module")
def ldap(tmp_path_factory):
    members = {name: _password() for name in ["alice", *HOSTILE_NAMES]}
    directory = LdapDirectory(tmp_path_factory.mktemp("ldap"), members, outsiders={"bob": _password()})
    directory.start()
    server = _started(DeckhandServer(tmp_path_factory.mktemp("deckhand-ldap"), "deckhand-ldap",
                                     settings=directory.deckhand_env()))
    yield directory, server
    server.stop()
    directory.stop()


@pytest.fixture(scope="module")
def cognito(tmp_path_factory):
    emulator = CognitoLocal(tmp_path_factory.mktemp("cognito"))
    emulator.start()
    server = _started(DeckhandServer(tmp_path_factory.mktemp("deckhand-cognito"), "deckhand-cognito",
                                     settings=emulator.deckhand_env()))
    yield emulator, server
    server.stop()
    emulator.stop()


def _assert_refused(device, account: Account, endpoint: str) -> None:
    with pytest.raises(SyncError) as excinfo:
        device.login(account, endpoint)
    assert excinfo.value.kind == SyncErrorKind.AUTH, excinfo.value


def _upload_then_download(make_device, account: Account, endpoint: str, label: str) -> list[str]:
    """Device 1 uploads a collection with one note; a fresh device 2 downloads it. Returns 2's fronts."""
    first = make_device(f"{label}-up")
    add_basic_note(first.col, f"owned by {account.user}")
    first.login(account, endpoint)
    assert first.sync() == SyncOutput.FULL_UPLOAD
    second = make_device(f"{label}-down")
    second.login(account, endpoint)
    assert second.sync() == SyncOutput.FULL_DOWNLOAD
    return [row[0].split("\x1f")[0] for row in second.col.db.all("select flds from notes")]


def _user_folder_count(server: DeckhandServer) -> int:
    users_dir = Path(server.data_dir) / "users"
    return len(list(users_dir.iterdir())) if users_dir.is_dir() else 0


def _assert_safe_user_folders(server: DeckhandServer, expected: int) -> None:
    users_dir = Path(server.data_dir) / "users"
    folders = sorted(p.name for p in users_dir.iterdir())
    assert len(folders) == expected, folders
    for folder in folders:
        assert all(c.isascii() and (c.isalnum() or c in "_-") for c in folder), folder
        assert (users_dir / folder).resolve().parent == users_dir.resolve()
    escaped = [p for p in Path(server.data_dir).resolve().parent.iterdir() if p.name in ("x", "b")]
    assert not escaped, f"something escaped the data folder: {escaped}"


# --- LDAP ---------------------------------------------------------------------------------------

def test_ldap_member_signs_in_and_two_devices_sync(ldap, make_device):
    directory, server = ldap
    alice = Account("alice", directory.members["alice"])
    assert _upload_then_download(make_device, alice, server.endpoint, "alice") == ["owned by alice"]


def test_ldap_wrong_password_unknown_user_and_non_member_are_refused(ldap, make_device):
    directory, server = ldap
    device = make_device("refused")
    _assert_refused(device, Account("alice", directory.members["alice"] + "x"), server.endpoint)
    _assert_refused(device, Account("mallory", _password()), server.endpoint)
    _assert_refused(device, Account("bob", directory.outsiders["bob"]), server.endpoint)
    _assert_refused(device, Account("alice)(uid=*", directory.members["alice"]), server.endpoint)
    _assert_refused(device, Account("alice", ""), server.endpoint)


def test_ldap_hostile_names_get_isolated_safe_storage(ldap, make_device):
    directory, server = ldap
    before = _user_folder_count(server)
    for i, name in enumerate(HOSTILE_NAMES):
        account = Account(name, directory.members[name])
        assert _upload_then_download(make_device, account, server.endpoint, f"hostile{i}") == [f"owned by {name}"]
    _assert_safe_user_folders(server, expected=before + len(HOSTILE_NAMES))


def test_ldap_directory_down_is_a_clear_error_not_a_hang(tmp_path, make_device):
    directory = LdapDirectory(tmp_path / "ldap", {"carol": _password()}, outsiders={})
    directory.start()
    server = _started(DeckhandServer(tmp_path / "deckhand", "deckhand-ldap-down", settings=directory.deckhand_env()))
    try:
        carol = Account("carol", directory.members["carol"])
        make_device("before").login(carol, server.endpoint)
        directory.stop()

        started = time.monotonic()
        with pytest.raises(SyncError) as excinfo:
            make_device("after").login(Account("carol", carol.password + "-new"), server.endpoint)
        assert time.monotonic() - started < DOWN_ANSWER_SECS
        assert excinfo.value.kind != SyncErrorKind.AUTH, "a directory outage is not a wrong password"
        assert "cannot reach the directory" in server.tail(200)
    finally:
        server.stop()
        directory.stop()


# --- Cognito ------------------------------------------------------------------------------------

def test_cognito_user_signs_in_and_two_devices_sync(cognito, make_device):
    emulator, server = cognito
    dave = Account("dave@example.org", _password())
    emulator.add_user(dave.user, dave.password)
    assert _upload_then_download(make_device, dave, server.endpoint, "dave") == ["owned by dave@example.org"]


def test_cognito_wrong_password_and_unknown_user_are_refused(cognito, make_device):
    emulator, server = cognito
    erin = Account("erin@example.org", _password())
    emulator.add_user(erin.user, erin.password)
    device = make_device("refused")
    _assert_refused(device, Account(erin.user, erin.password + "x"), server.endpoint)
    _assert_refused(device, Account("nobody@example.org", _password()), server.endpoint)
    _assert_refused(device, Account(erin.user, ""), server.endpoint)
    device.login(erin, server.endpoint)  # and the right password still works afterwards


def test_cognito_user_who_must_set_a_new_password_is_told_so(cognito, make_device):
    emulator, server = cognito
    frank = Account("frank@example.org", _password())
    emulator.add_user(frank.user, frank.password, permanent=False)
    _assert_refused(make_device("frank"), frank, server.endpoint)
    assert "sign-in needs another step first: the account needs a new password" in server.tail(200)


def test_cognito_hostile_names_get_isolated_safe_storage(cognito, make_device):
    emulator, server = cognito
    before = _user_folder_count(server)
    for i, name in enumerate(HOSTILE_NAMES):
        account = Account(name, _password())
        emulator.add_user(name, account.password)
        assert _upload_then_download(make_device, account, server.endpoint, f"hostile{i}") == [f"owned by {name}"]
    _assert_safe_user_folders(server, expected=before + len(HOSTILE_NAMES))
