"""Host keys and collections survive a restart of the server process (same data dir)."""

from anki.sync import SyncOutput

from harness.content import build_rich_collection
from harness.devices import assert_same_state


def test_restart_keeps_host_keys_and_data(make_server, make_device):
    # A private server, so restarting it cannot disturb other tests.
    srv = make_server("restart")
    account = srv.new_account()

    a = make_device("A")
    build_rich_collection(a.col)
    auth = a.login(account, srv.endpoint)
    assert a.sync() == SyncOutput.FULL_UPLOAD
    a_state = a.snapshot()

    srv.restart()

    # Same auth object, no new login: the host key must still be accepted.
    assert a.sync(auth) == SyncOutput.NO_CHANGES
    b = make_device("B")
    b.login(account, srv.endpoint)
    assert b.sync() == SyncOutput.FULL_DOWNLOAD
    assert_same_state(a_state, b.snapshot(), "A", "B")


def test_restart_keeps_accounts(make_server, make_device):
    # Accounts created before a restart can still log in afterwards, and a device that never
    # synced before the restart sees the same empty account.
    srv = make_server("restart-accounts")
    account = srv.new_account()
    srv.restart()
    a = make_device("A")
    a.login(account, srv.endpoint)
    assert a.sync() == SyncOutput.NO_CHANGES
