"""The administrators' dashboard (/admin) and `deckhand user usage`, against the real jar.

The official client syncs three users (notes and media, one file shared by two of them, one user
named like an HTML tag); `user usage --json` must report them, and headless Chromium, signed in with
the administrator token from `deckhand admin token`, must show the same figures, render the hostile
name as text, refuse a sync user's password and host key, and sign a user's devices out so that the
device has to sign in again. The run also takes the README's screenshots at phone and desktop width
(written to docs/images/ when CONFORMANCE_UPDATE_SCREENSHOTS=1, see scripts/admin-screenshots.sh).
"""

from __future__ import annotations

import json
import os
import secrets
import time
from pathlib import Path

import pytest
import requests
from anki.errors import SyncError

from harness import browser, servers
from harness.browser import Browser
from harness.content import add_basic_note
from harness.devices import Device
from harness.servers import Account, DeckhandServer

HOSTILE = "<img src=x onerror=alert(1)>"
SHARED_IMAGE = b"\x89PNG\r\n\x1a\n" + b"shared by alice and bob " * 400
FIELDS = ("collection_bytes", "notes", "cards", "media_files", "media_bytes", "last_sync", "devices")
TOTALS = ("users", "collections", "collection_bytes", "media_files", "media_referenced_bytes", "media_stored_bytes",
          "deduplication_saved_bytes")
DOCS_IMAGES = Path(__file__).resolve().parents[2] / "docs" / "images"
WAIT_SECS = 15.0

pytestmark = pytest.mark.skipif(servers.target_name() != "deckhand", reason="the dashboard is Deckhand's own")


@pytest.fixture(scope="module")
def admin_server(tmp_path_factory):
    srv = DeckhandServer(tmp_path_factory.mktemp("admin"), "admin")
    srv.start()
    yield srv
    srv.stop()


def _account(srv: DeckhandServer, name: str) -> Account:
    account = Account(name, secrets.token_urlsafe(12))
    res = srv.cli("user", "add", name, "--password-stdin", stdin=account.password + "\n")
    assert res.returncode == 0, res.stderr
    return account


def _usage(srv: DeckhandServer, *args: str) -> dict:
    res = srv.cli("user", "usage", "--json", *args)
    assert res.returncode == 0, res.stderr
    return json.loads(res.stdout)


def _synced(srv, root: Path, account: Account, notes: int, media: dict[str, bytes]) -> Device:
    device = Device(root, account.user.encode().hex())
    device.login(account, srv.endpoint)
    for n in range(notes):
        add_basic_note(device.col, f"{account.user} front {n}", "back")
    for name, data in media.items():
        device.col.media.write_data(name, data)
    device.sync(media=True)
    return device


@pytest.fixture(scope="module")
def synced(admin_server, tmp_path_factory):
    root = tmp_path_factory.mktemp("admin-devices")
    alice, bob, hostile = (_account(admin_server, name) for name in ("alice", "bob", HOSTILE))
    devices = {
        "alice": _synced(admin_server, root, alice, 3, {"shared.png": SHARED_IMAGE, "alice.png": b"\x89PNGalice" * 50}),
        "bob": _synced(admin_server, root, bob, 2, {"same-bytes.png": SHARED_IMAGE}),
        HOSTILE: _synced(admin_server, root, hostile, 1, {}),
    }
    yield {"accounts": {"alice": alice, "bob": bob, HOSTILE: hostile}, "devices": devices}
    for device in devices.values():
        device.close()


@pytest.fixture(scope="module")
def token(admin_server) -> str:
    res = admin_server.cli("admin", "token")
    assert res.returncode == 0, res.stderr
    assert "data folder" in res.stderr and res.stdout.strip() not in res.stderr
    return res.stdout.strip()


def test_user_usage_reports_what_the_client_synced(admin_server, synced):
    usage = _usage(admin_server)
    users = {row["user"]: row for row in usage["users"]}
    assert set(users) == {"alice", "bob", HOSTILE}
    assert (users["alice"]["notes"], users["alice"]["cards"], users["alice"]["media_files"]) == (3, 3, 2)
    assert (users["bob"]["notes"], users["bob"]["media_files"], users["bob"]["media_bytes"]) == (2, 1, len(SHARED_IMAGE))
    assert (users[HOSTILE]["notes"], users[HOSTILE]["media_files"]) == (1, 0)
    for row in users.values():
        assert row["collection_bytes"] > 0 and row["devices"] == 1 and row["last_sync"] is not None
    totals = usage["totals"]
    assert totals["media_files"] == 3
    assert totals["media_referenced_bytes"] == totals["media_stored_bytes"] + len(SHARED_IMAGE)
    assert totals["deduplication_saved_bytes"] == len(SHARED_IMAGE)

    one = admin_server.cli("user", "usage", HOSTILE)
    assert one.returncode == 0 and HOSTILE in one.stdout and "data folder" not in one.stdout
    missing = admin_server.cli("user", "usage", "nobody")
    assert missing.returncode == 1 and missing.stdout == "" and missing.stderr.strip().endswith("no user nobody")
    assert admin_server.cli("user", "usage", "--help").returncode == 0


def test_the_api_refuses_everything_but_the_admin_token(admin_server, synced, token):
    api = f"{admin_server.endpoint}admin/api/overview"
    alice = synced["accounts"]["alice"]
    host_key = synced["devices"]["alice"].auth.hkey
    assert requests.get(api, timeout=10).status_code == 401
    for wrong in (alice.password, host_key, token[:-1] + ("A" if token[-1] != "A" else "B")):
        assert requests.get(api, headers={"Authorization": f"Bearer {wrong}"}, timeout=10).status_code == 401
    reply = requests.get(api, headers={"Authorization": f"Bearer {token}"}, timeout=10)
    assert reply.status_code == 200 and reply.headers["Cache-Control"] == "no-store"
    page = requests.get(f"{admin_server.endpoint}admin", timeout=10)
    assert page.status_code == 200
    assert page.headers["Content-Security-Policy"].startswith("default-src 'self';")
    assert "<script>" not in page.text and "://" not in page.text  # no inline script, nothing from elsewhere


def _page_users(b: Browser) -> dict[str, dict]:
    rows = {}
    for row in b.find_all("#users tbody tr"):
        name = b.attribute(row, "data-user")
        values = b.script("""
            const out = {};
            for (const td of arguments[0].querySelectorAll('td[data-label]')) { out[td.dataset.label] = td.dataset.value; }
            out.nameText = arguments[0].querySelector('td.name').textContent;
            return out;""", b.ref(row))
        rows[name] = values
    return rows


LABELS = {"collection_bytes": "Collection", "notes": "Notes", "cards": "Cards", "media_files": "Media files",
          "media_bytes": "Media", "last_sync": "Last sync", "devices": "Devices"}


def _expect(row: dict, field: str) -> str:
    value = row[field]
    return "" if value is None else str(value)


def _wait_for_rows(b: Browser, count: int) -> None:
    deadline = time.monotonic() + WAIT_SECS
    while len(b.find_all("#users tbody tr")) != count:
        assert time.monotonic() < deadline, "the users table never filled"
        time.sleep(0.1)


def _sign_in(b: Browser, srv: DeckhandServer, secret: str) -> None:
    b.get(f"{srv.endpoint}admin")
    field = b.wait_for("#token")
    b.type(field, secret)
    b.click(b.wait_for("#sign-in button[type=submit]"))


def test_the_dashboard_shows_the_same_figures_and_signs_a_user_out(admin_server, synced, token, tmp_path):
    reason = browser.available()
    if reason:
        pytest.fail(reason)
    usage = _usage(admin_server)
    with Browser(tmp_path / "browser") as b:
        # A sync user's password is not the administrator token.
        _sign_in(b, admin_server, synced["accounts"]["alice"].password)
        status = b.wait_for("#status.error")
        assert "not accepted" in b.text(status)
        assert not b.script("return document.getElementById('dashboard').hidden === false;")

        _sign_in(b, admin_server, token)
        b.wait_for("#dashboard")
        _wait_for_rows(b, len(usage["users"]))
        shown = _page_users(b)
        assert set(shown) == {row["user"] for row in usage["users"]}
        for row in usage["users"]:
            page = shown[row["user"]]
            assert page["nameText"] == row["user"]  # the hostile name is text, exactly as it is
            for field in FIELDS:
                assert page[LABELS[field]] == _expect(row, field), (row["user"], field)
        for total in TOTALS:
            dd = b.wait_for(f'[data-total="{total}"]')
            assert b.attribute(dd, "data-value") == str(usage["totals"][total]), total
        assert b.find_all("#users img") == [] and b.alert_text() is None
        b.wait_for("#requests tbody tr")  # the clients' syncs are listed
        b.wait_for("#ready-checks li")
        assert b.text(b.wait_for("#ready")) == "ready"
        ready_checks = [b.text(li) for li in b.find_all("#ready-checks li")]
        assert [c.split(":")[0] for c in ready_checks] == ["server-database", "blobs"], ready_checks
        assert all(": ok, " in c for c in ready_checks), ready_checks

        _screenshots(b, tmp_path)

        # Sign alice out from the page, confirming in its dialog.
        alice_row = next(r for r in b.find_all("#users tbody tr") if b.attribute(r, "data-user") == "alice")
        sign_out = b.script("return arguments[0].querySelector('td.actions button');", b.ref(alice_row))
        b.click(sign_out[browser.ELEMENT])
        b.click(b.wait_for("#confirm-ok"))
        deadline = time.monotonic() + WAIT_SECS
        while "Signed out 1 device(s) of alice" not in b.text(b.wait_for("#status")):
            assert time.monotonic() < deadline, b.text(b.wait_for("#status"))
            time.sleep(0.1)

    assert _usage(admin_server, "alice")["users"][0]["devices"] == 0
    device = synced["devices"]["alice"]
    add_basic_note(device.col, "after sign-out", "back")
    with pytest.raises(SyncError):
        device.sync()
    device.login(synced["accounts"]["alice"], admin_server.endpoint)
    device.sync()
    assert _usage(admin_server, "alice")["users"][0]["notes"] == 4


def _screenshots(b: Browser, tmp_path: Path) -> None:
    """The README's pictures: the whole page at desktop width, the first screen of a phone."""
    folder = DOCS_IMAGES if os.environ.get("CONFORMANCE_UPDATE_SCREENSHOTS") == "1" else tmp_path
    b.cdp("Emulation.setScrollbarsHidden", {"hidden": True})
    for name, width, height, mobile in (("admin-desktop.png", 1280, 800, False), ("admin-phone.png", 390, 844, True)):
        b.viewport(width, height, mobile)
        time.sleep(0.3)
        path = b.screenshot(folder / name, full_page=not mobile)
        assert path.stat().st_size > 10_000, path
    b.cdp("Emulation.clearDeviceMetricsOverride")
