"""Login (POST /sync/hostKey) as the official client performs it."""

import pytest
from anki.errors import SyncError, SyncErrorKind
from anki.sync import SyncOutput


def test_good_password_gives_host_key(server, account, make_device):
    dev = make_device("A")
    auth = dev.login(account, server.endpoint)
    assert auth.hkey, "login returned an empty host key"
    assert auth.endpoint == server.endpoint
    # The key is usable: an authenticated request (meta) succeeds.
    assert dev.sync() == SyncOutput.NO_CHANGES


def test_each_login_gives_a_working_key(server, account, make_device):
    # Two devices of one user log in separately; both keys must work (a server may give every
    # login its own key, as Deckhand does, or derive one per user, as the reference server does).
    a, b = make_device("A"), make_device("B")
    a.login(account, server.endpoint)
    b.login(account, server.endpoint)
    assert a.sync() == SyncOutput.NO_CHANGES
    assert b.sync() == SyncOutput.NO_CHANGES


def _assert_auth_error(excinfo):
    err = excinfo.value
    # anki 26.9.3 maps the server's 403 to SyncError(kind=AUTH); its str() is the client's own
    # localized text ("Email or password was incorrect; please try again."), not the server's.
    assert type(err) is SyncError, f"expected SyncError, got {type(err).__name__}: {err}"
    assert err.kind == SyncErrorKind.AUTH, f"expected kind AUTH, got {err.kind}: {err}"


def test_bad_password_is_auth_error(server, account, make_device):
    dev = make_device("A")
    wrong = type(account)(account.user, account.password + "x")
    with pytest.raises(SyncError) as excinfo:
        dev.login(wrong, server.endpoint)
    _assert_auth_error(excinfo)


def test_unknown_user_is_auth_error(server, make_device):
    dev = make_device("A")
    from harness.servers import Account

    with pytest.raises(SyncError) as excinfo:
        dev.login(Account("nobody-such-user", "whatever"), server.endpoint)
    _assert_auth_error(excinfo)


def test_empty_password_is_auth_error(server, account, make_device):
    dev = make_device("A")
    with pytest.raises(SyncError) as excinfo:
        dev.login(type(account)(account.user, ""), server.endpoint)
    _assert_auth_error(excinfo)


def test_forged_host_key_is_auth_error(server, make_device):
    # An unknown host key on an authenticated request (meta) must be refused the same way.
    from anki.sync import SyncAuth

    dev = make_device("A")
    auth = SyncAuth(hkey="0" * 40, endpoint=server.endpoint, io_timeout_secs=30)
    with pytest.raises(SyncError) as excinfo:
        dev.sync(auth)
    _assert_auth_error(excinfo)
