"""Built-in HTTPS: Deckhand serves TLS itself from the PEM files certbot writes, so people without a
reverse proxy can still sync phones. The official client connects over HTTPS (it trusts only the
system CA store and refuses self-signed leaves, so the test installs a throw-away CA), TLS 1.0 and
1.1 are refused, and renewed certificate files are served without a restart.

Deckhand only: the official server has no TLS of its own.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time

import pytest
from anki.sync import SyncOutput

from harness import servers
from harness.content import add_basic_note, build_rich_collection
from harness.devices import assert_same_state
from harness.servers import DeckhandServer
from harness.tls import TestCA

pytestmark = [
    pytest.mark.deployment,
    pytest.mark.skipif(servers.target_name() != "deckhand", reason="the official server has no built-in TLS"),
    pytest.mark.skipif(os.geteuid() != 0, reason="trusting a test CA needs root (the system CA store)"),
]

RENEWAL_WAIT_SECS = 20
OPENSSL_TIMEOUT_SECS = 20
PNG = b"\x89PNG\r\n\x1a\n built-in tls " + bytes(range(256))


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("builtin-tls")
    ca = TestCA(folder / "ca")
    chain, key = ca.issue("first", ["localhost"], ["127.0.0.1"])
    live = folder / "live"
    live.mkdir()
    shutil.copyfile(chain, live / "fullchain.pem")
    shutil.copyfile(key, live / "privkey.pem")
    with ca.trusted():
        server = DeckhandServer(folder / "server", "builtin-tls", settings={
            "DECKHAND_TLS_CERT": str(live / "fullchain.pem"),
            "DECKHAND_TLS_KEY": str(live / "privkey.pem"),
            "DECKHAND_TLS_RELOAD_SECONDS": "1",
        })
        server.start()
        try:
            yield server, ca, live
        finally:
            server.stop()


def _handshake(port: int, *options: str) -> str:
    """What `openssl s_client` prints for one handshake with the given protocol options."""
    result = subprocess.run(
        ["openssl", "s_client", "-connect", f"127.0.0.1:{port}", "-servername", "localhost", *options],
        input=b"", capture_output=True, timeout=OPENSSL_TIMEOUT_SECS)
    return (result.stdout + result.stderr).decode("utf-8", "replace")


def _served_serial(port: int) -> str:
    match = re.search(r"serial=([0-9A-F]+)", subprocess.run(
        ["openssl", "x509", "-noout", "-serial"], input=_handshake(port).encode(), capture_output=True,
        timeout=OPENSSL_TIMEOUT_SECS).stdout.decode())
    assert match, "no certificate was served"
    return match.group(1)


def test_official_client_syncs_collection_and_media_over_builtin_https(tls_server, make_device):
    server, _, _ = tls_server
    assert server.endpoint.startswith("https://")
    account = server.new_account()
    a, b = make_device("A"), make_device("B")
    build_rich_collection(a.col)
    name = a.col.media.write_data("over-tls.png", PNG)
    add_basic_note(a.col, "with image", f'<img src="{name}">')
    a.login(account, server.endpoint)
    b.login(account, server.endpoint)

    assert a.sync(media=True) == SyncOutput.FULL_UPLOAD
    assert b.sync(media=True) == SyncOutput.FULL_DOWNLOAD

    assert_same_state(a.snapshot(), b.snapshot())
    with open(os.path.join(b.col.media.dir(), name), "rb") as fh:
        assert fh.read() == PNG
    add_basic_note(b.col, "normal sync over TLS")
    # A normal sync: no full sync is required ("required" stays NO_CHANGES) and the note travels.
    assert b.sync() == SyncOutput.NO_CHANGES
    assert a.sync() == SyncOutput.NO_CHANGES
    assert a.col.find_notes('"normal sync over TLS"')
    assert_same_state(a.snapshot(), b.snapshot())


@pytest.mark.parametrize("old", ["-tls1", "-tls1_1"])
def test_tls_1_0_and_1_1_are_refused(tls_server, old):
    server, _, _ = tls_server
    # SECLEVEL=0 makes this client willing to offer the old protocol, so a failure is the server's refusal.
    output = _handshake(server.port, old, "-cipher", "DEFAULT@SECLEVEL=0")
    assert "alert protocol version" in output, output
    assert not re.search(r"Cipher is (?!\(NONE\))", output), output


@pytest.mark.parametrize("current, protocol", [("-tls1_2", "TLSv1.2"), ("-tls1_3", "TLSv1.3")])
def test_tls_1_2_and_1_3_are_spoken(tls_server, current, protocol):
    server, _, _ = tls_server
    output = _handshake(server.port, current)
    assert f"New, {protocol}, Cipher is" in output, output


def test_renewed_certificate_files_are_served_without_a_restart(tls_server, make_device):
    server, ca, live = tls_server
    pid = server.proc.pid
    before = _served_serial(server.port)

    chain, key = ca.issue("renewed", ["localhost"], ["127.0.0.1"])
    # certbot renews by pointing live/ at new files; a copy over the old ones is the harder case.
    shutil.copyfile(chain, live / "fullchain.pem")
    shutil.copyfile(key, live / "privkey.pem")
    deadline = time.monotonic() + RENEWAL_WAIT_SECS
    after = before
    while after == before and time.monotonic() < deadline:
        time.sleep(0.5)
        after = _served_serial(server.port)

    assert after != before, "the renewed certificate was not served within the wait"
    assert server.proc.pid == pid and server.running, "the server restarted"
    device = make_device("after-renewal")
    add_basic_note(device.col, "synced with the renewed certificate")
    device.login(server.new_account(), server.endpoint)
    assert device.sync() == SyncOutput.FULL_UPLOAD
