"""A device that syncs, pauses, and syncs again reuses its kept-alive connection: the official
client's connection pool keeps an idle connection for 90 s. The many-accounts benchmark found
Deckhand closing such connections once the header timeout had passed since the last request, so a
device's first request after a pause could cross the close on the wire and fail with "error sending
request", a request Deckhand never logged. The link here delivers everything 0.4 s late, which makes
that crossing certain instead of rare. The client also opens spare connections it may use only
later; Deckhand closed those once the header timeout had passed since their opening, and a
conformance run failed the same way.

Deckhand only: the timeouts are its own.
"""

from __future__ import annotations

import socket
import time

import pytest
from anki.sync import SyncOutput

from harness import servers
from harness.content import add_basic_note
from harness.latent_link import LatentLink
from harness.servers import HOST, DeckhandServer

pytestmark = pytest.mark.skipif(servers.target_name() != "deckhand", reason="Deckhand's connection timeouts")

HEADER_TIMEOUT_SECS = 2
LINK_DELAY_SECS = 0.4
# Sent while the connection is still open as the client sees it (the server's close, if any, would
# reach it only at the header timeout plus the delay), arriving after the header timeout has passed.
PAUSE_SECS = HEADER_TIMEOUT_SECS - LINK_DELAY_SECS


def _server(tmp_path) -> DeckhandServer:
    server = DeckhandServer(tmp_path / "server", "idle", settings={
        "DECKHAND_HEADER_TIMEOUT_SECONDS": str(HEADER_TIMEOUT_SECS)})
    server.start()
    return server


def test_a_device_syncs_again_after_a_pause_longer_than_the_header_timeout(tmp_path, make_device):
    server = _server(tmp_path)
    try:
        account = server.new_account()
        device = make_device("device")
        add_basic_note(device.col, "before the first sync")
        with LatentLink(server.port, LINK_DELAY_SECS) as link:
            device.login(account, f"http://{HOST}:{link.port}/")
            assert device.sync() == SyncOutput.FULL_UPLOAD
            for round_number in range(3):
                add_basic_note(device.col, f"after pause {round_number}")
                time.sleep(PAUSE_SECS)
                assert device.sync() == SyncOutput.NO_CHANGES
    finally:
        server.stop()


def _request(path: str) -> bytes:
    return f"GET {path} HTTP/1.1\r\nHost: {HOST}\r\n\r\n".encode()


def _closed_by_server(sock: socket.socket) -> bool:
    try:
        return sock.recv(65536) == b""
    except ConnectionResetError:
        return True


def test_a_fresh_connection_may_wait_before_its_first_request(tmp_path):
    """A client that connects ahead of need (as the official client's pool does) sends its first
    request whenever it likes: the header timeout starts at that request's first byte."""
    server = _server(tmp_path)
    try:
        with socket.create_connection((HOST, server.port), timeout=5) as sock:
            time.sleep(HEADER_TIMEOUT_SECS + 1)
            sock.sendall(_request("/health"))
            assert b"200 OK" in sock.recv(65536), "a fresh connection was closed before its first request"
    finally:
        server.stop()


def test_a_kept_alive_connection_must_still_deliver_its_next_headers_in_time(tmp_path):
    """The header timeout starts at a request's first byte, on a fresh or a kept-alive connection:
    idling between requests is allowed, trickling a request's headers is not."""
    server = _server(tmp_path)
    try:
        with socket.create_connection((HOST, server.port), timeout=1) as sock:
            sock.sendall(_request("/health"))
            assert b"200 OK" in sock.recv(65536)
            time.sleep(HEADER_TIMEOUT_SECS + 1)
            sock.sendall(_request("/health"))
            assert b"200 OK" in sock.recv(65536), "an idle kept-alive connection was closed"

            started = time.monotonic()
            closed = False
            for byte in _request("/health")[:-2]:
                try:
                    sock.sendall(bytes([byte]))
                except OSError:
                    closed = True
                    break
                try:
                    if _closed_by_server(sock):
                        closed = True
                        break
                except TimeoutError:
                    pass  # nothing yet: the server is still waiting for the headers
            assert closed, "a trickled request on a kept-alive connection was never cut off"
            assert time.monotonic() - started < HEADER_TIMEOUT_SECS + 2
    finally:
        server.stop()
