"""The end-of-run secret scan (harness/secret_scan.py, run by conftest.py) finds what it must: a host
key the official client received, written into a Deckhand log, is reported with its log and line."""

from __future__ import annotations

import pytest

from harness import secret_scan, servers

pytestmark = pytest.mark.skipif(servers.target_name() != "deckhand", reason="scans Deckhand's logs")


def test_a_host_key_in_a_server_log_is_found(make_server, make_device):
    server = make_server("secret-scan")
    account = server.new_account()
    auth = make_device("scanned").login(account, server.endpoint)
    server.stop()
    log = server.log_path
    clean = log.read_bytes()
    assert secret_scan.leaks([log]) == []
    try:
        log.write_bytes(clean + f"a careless line with {auth.hkey} in it\n".encode())
        assert secret_scan.leaks([log]) == [secret_scan.Leak(log, clean.count(b"\n") + 1, "host key")]
        log.write_bytes(clean + f"and a password: {account.password}\n".encode())
        assert [leak.kind for leak in secret_scan.leaks([log])] == ["password"]
    finally:
        log.write_bytes(clean)
