"""Behind a proxy, Deckhand limits and logs by the real client's address, and nobody else can claim
one: the forwarded header is believed only from DECKHAND_TRUSTED_PROXIES. Wrong passwords are
limited per address (and per account) with a clear 429, before any password is hashed.

Two client machines on one host: requests from 127.0.0.1 play the trusted proxy, requests bound to
127.0.0.2 play a client that reaches Deckhand directly. Deckhand only (the official server has no
sign-in limits and trusts its IP header from anyone).
"""

from __future__ import annotations

import json
import re

import pytest
from anki.errors import NetworkError, SyncError, SyncErrorKind

from harness import servers
from harness.servers import DeckhandServer
from harness.wire import post_sync

pytestmark = [
    pytest.mark.deployment,
    pytest.mark.skipif(servers.target_name() != "deckhand", reason="Deckhand's sign-in limits"),
]

PROXY = "127.0.0.1"
DIRECT_CLIENT = "127.0.0.2"
LIMIT = 10


@pytest.fixture
def proxied_server(tmp_path):
    server = DeckhandServer(tmp_path / "server", "proxied", settings={
        "DECKHAND_TRUSTED_PROXIES": PROXY,
        "DECKHAND_CLIENT_IP_HEADER": "X-Forwarded-For",
        "DECKHAND_SIGN_IN_FAILURES_PER_ADDRESS": str(LIMIT),  # the defaults, which the harness raises
        "DECKHAND_SIGN_IN_FAILURES_PER_ACCOUNT": "30",
    })
    server.start()
    yield server
    server.stop()


def _sign_in(server: DeckhandServer, user: str, password: str, *, source: str = PROXY,
             forwarded_for: str | None = None) -> tuple[int, dict[str, str], bytes]:
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    return post_sync(server.endpoint, "hostKey", "", json.dumps({"u": user, "p": password}).encode(),
                     timeout=30, source_address=source, headers=headers)


def _request_lines(server: DeckhandServer) -> list[str]:
    return [line for line in server.log_path.read_text(errors="replace").splitlines() if "POST /sync/hostKey" in line]


def test_ten_wrong_passwords_from_one_forwarded_address_limit_that_address_only(proxied_server):
    account = proxied_server.new_account()
    for attempt in range(LIMIT):
        status, _, _ = _sign_in(proxied_server, account.user, "wrong", forwarded_for="203.0.113.7")
        assert status == 403, f"attempt {attempt + 1}"

    status, headers, body = _sign_in(proxied_server, account.user, account.password, forwarded_for="203.0.113.7")
    assert status == 429
    assert int(headers["retry-after"]) >= 1
    assert b"too many wrong passwords from this address" in body

    # Another client behind the same proxy is not affected, and signs in.
    assert _sign_in(proxied_server, account.user, "wrong", forwarded_for="203.0.113.8")[0] == 403
    status, _, body = _sign_in(proxied_server, account.user, account.password, forwarded_for="203.0.113.8")
    assert status == 200 and b'"key"' in body

    lines = _request_lines(proxied_server)
    assert any(" 203.0.113.7 " in line and " 429 " in line for line in lines), lines[-5:]
    assert any(" 203.0.113.8 " in line and " 200 " in line for line in lines), lines[-5:]


def test_an_untrusted_client_cannot_claim_another_address(proxied_server):
    account = proxied_server.new_account()
    for attempt in range(LIMIT):
        # A fresh made-up address each time: were the header believed, no limit would ever bite.
        status, _, _ = _sign_in(proxied_server, account.user, "wrong", source=DIRECT_CLIENT,
                                forwarded_for=f"198.51.100.{attempt}")
        assert status == 403, f"attempt {attempt + 1}"
    status, _, _ = _sign_in(proxied_server, account.user, "wrong", source=DIRECT_CLIENT, forwarded_for="192.0.2.1")
    assert status == 429

    lines = _request_lines(proxied_server)
    assert not any("198.51.100." in line or "192.0.2.1" in line for line in lines), "a spoofed address was logged"
    assert sum(f" {DIRECT_CLIENT} " in line for line in lines) == LIMIT + 1

    # The proxy's own clients are unaffected.
    assert _sign_in(proxied_server, account.user, account.password, forwarded_for="203.0.113.20")[0] == 200


def test_the_official_client_is_told_429(proxied_server, make_device):
    """Through the real client, which sends no forwarded header, so its address is the proxy's own.
    Anki shows only the status of a refused request ("429 Too Many Requests"), never its body."""
    account = proxied_server.new_account()
    device = make_device("guesser")
    for _ in range(LIMIT):
        with pytest.raises(SyncError) as wrong:
            device.col.sync_login(account.user, "wrong", proxied_server.endpoint)
        assert wrong.value.kind == SyncErrorKind.AUTH
    with pytest.raises(NetworkError) as refused:
        device.col.sync_login(account.user, account.password, proxied_server.endpoint)
    assert re.search(r"429 Too Many Requests", str(refused.value)), str(refused.value)
