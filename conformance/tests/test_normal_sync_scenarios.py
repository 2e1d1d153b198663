"""More normal-sync scenarios from the official client's point of view: renames and reviews on both
devices, a schema change forcing a full sync, filtered decks and FSRS options surviving another
device, and sync sessions that are interrupted or taken over."""

import http.client
import json
from urllib.parse import urlsplit

import pytest
from anki.sync import SyncOutput

from harness.content import add_basic_note
from harness.devices import assert_same_state, two_synced_devices
from harness.wire import sync_header, zstd_compress, zstd_decompress

pytestmark = pytest.mark.normal_sync


def _raw(endpoint: str, method: str, hkey: str, session: str, payload: dict) -> tuple[int, bytes]:
    """One v11 request with a chosen session key, as a second client process would send it."""
    url = urlsplit(endpoint)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    try:
        header = json.loads(sync_header(hkey))
        header["s"] = session
        conn.request("POST", (url.path or "/") + "sync/" + method, body=zstd_compress(json.dumps(payload).encode()),
                     headers={"anki-sync": json.dumps(header), "content-type": "application/octet-stream"})
        resp = conn.getresponse()
        body = resp.read()
        if resp.getheader("anki-original-size"):
            body = zstd_decompress(body)
        return resp.status, body
    finally:
        conn.close()


def _answer(col, card_id: int, ease: int) -> None:
    card = col.get_card(card_id)
    card.start_timer()
    col.sched.answerCard(card, ease)


def test_renames_and_reviews_on_both_devices_converge(server, account, make_device):
    a, b = two_synced_devices(server, account, make_device)

    # A deck nobody studies is renamed on A (studying a deck also changes it, which would make this a
    # conflict that the newer change wins); a notetype is renamed on B.
    quiet_deck = a.col.decks.id("Renamed later")
    assert a.sync() == SyncOutput.NO_CHANGES and b.sync() == SyncOutput.NO_CHANGES
    deck = a.col.decks.get(quiet_deck)
    deck["name"] = "Renamed on A"
    a.col.decks.save(deck)
    basic = b.col.models.by_name("Basic")
    basic["name"] = "Basic (renamed on B)"
    b.col.models.save(basic)
    # Each device reviews a different card.
    card_ids = sorted(a.col.db.list("select id from cards where queue = 0"))
    reviewed_on_a, reviewed_on_b = card_ids[0], card_ids[-1]
    _answer(a.col, reviewed_on_a, 3)
    _answer(b.col, reviewed_on_b, 4)
    revlog_before = a.col.db.scalar("select count() from revlog") + b.col.db.scalar("select count() from revlog")
    shared = a.col.db.scalar("select count() from revlog where id not in (select id from revlog where cid = ?)", reviewed_on_a)

    assert a.sync() == SyncOutput.NO_CHANGES
    assert b.sync() == SyncOutput.NO_CHANGES
    assert a.sync() == SyncOutput.NO_CHANGES

    assert_same_state(a.snapshot(), b.snapshot(), "A", "B")
    assert a.col.decks.id_for_name("Renamed on A") and b.col.decks.id_for_name("Renamed on A")
    assert a.col.models.by_name("Basic (renamed on B)")
    ids = set(a.col.db.list("select cid from revlog"))
    assert {reviewed_on_a, reviewed_on_b} <= ids
    # Every review made on either device is on both; the ones they shared are not doubled.
    assert a.col.db.scalar("select count() from revlog") == revlog_before - shared


def test_adding_a_field_forces_a_full_sync(server, account, make_device):
    a, b = two_synced_devices(server, account, make_device)

    basic = a.col.models.by_name("Basic")
    a.col.models.add_field(basic, a.col.models.new_field("Extra"))
    a.col.models.update_dict(basic, skip_checks=True)

    assert a.sync(full_sync="upload") in (SyncOutput.FULL_SYNC, SyncOutput.FULL_UPLOAD)
    assert b.sync(full_sync="download") in (SyncOutput.FULL_SYNC, SyncOutput.FULL_DOWNLOAD)
    assert_same_state(a.snapshot(), b.snapshot(), "A", "B")
    assert [f["name"] for f in b.col.models.by_name("Basic")["flds"]] == ["Front", "Back", "Extra"]


def test_filtered_decks_and_fsrs_options_survive_another_device(server, account, make_device):
    a, b = two_synced_devices(server, account, make_device)
    filtered_id = a.col.decks.new_filtered("Due soon")
    filtered = a.col.decks.get(filtered_id)
    filtered["terms"] = [["deck:Default", 30, 1], ["tag:hard", 10, 6]]
    filtered["resched"] = False
    a.col.decks.save(filtered)
    conf_id = a.col.decks.add_config_returning_id("FSRS preset")
    conf = a.col.decks.get_config(conf_id)
    conf["fsrsParams6"] = [0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796,
                           1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542]
    conf["desiredRetention"] = 0.87
    a.col.decks.update_config(conf)
    assert a.sync() == SyncOutput.NO_CHANGES
    filtered_before = a.col.decks.get(filtered_id)
    conf_before = a.col.decks.get_config(conf_id)

    assert b.sync() == SyncOutput.NO_CHANGES
    add_basic_note(b.col, "unrelated change on B")
    assert b.sync() == SyncOutput.NO_CHANGES
    assert a.sync() == SyncOutput.NO_CHANGES

    assert b.col.decks.get(filtered_id) == filtered_before
    assert b.col.decks.get_config(conf_id) == conf_before
    assert a.col.decks.get(filtered_id) == filtered_before
    assert a.col.decks.get_config(conf_id) == conf_before


def test_an_interrupted_sync_changes_nothing_and_the_next_one_works(server, account, make_device):
    a, b = two_synced_devices(server, account, make_device)
    hkey = a.auth.hkey
    status, meta = _raw(server.endpoint, "meta", hkey, "ghost", {"v": 11, "cv": "conformance"})
    assert status == 200
    usn = json.loads(meta)["usn"]
    assert _raw(server.endpoint, "start", hkey, "ghost", {"minUsn": usn, "lnewer": True})[0] == 200
    status, _ = _raw(server.endpoint, "applyChanges", hkey, "ghost",
                     {"changes": {"models": [], "decks": [[], []], "tags": ["ghost::tag"]}})
    assert status == 200
    # The client dies here: no finish. Its abort (as the real client sends after an error) ends it.
    assert _raw(server.endpoint, "abort", hkey, "ghost", {})[0] == 200

    add_basic_note(b.col, "after the interrupted sync")
    assert b.sync() == SyncOutput.NO_CHANGES
    assert a.sync() == SyncOutput.NO_CHANGES
    assert "ghost::tag" not in a.col.tags.all() and "ghost::tag" not in b.col.tags.all()
    assert_same_state(a.snapshot(), b.snapshot(), "A", "B")


def test_a_second_device_takes_over_a_sync_in_progress(server, account, make_device):
    a, b = two_synced_devices(server, account, make_device)
    hkey = a.auth.hkey
    usn = json.loads(_raw(server.endpoint, "meta", hkey, "first", {"v": 11, "cv": "conformance"})[1])["usn"]
    assert _raw(server.endpoint, "start", hkey, "first", {"minUsn": usn, "lnewer": False})[0] == 200

    # Another device starts its own sync; the first session is over and its next call gets 409.
    assert _raw(server.endpoint, "start", hkey, "second", {"minUsn": usn, "lnewer": False})[0] == 200
    assert _raw(server.endpoint, "chunk", hkey, "first", {})[0] == 409
    assert _raw(server.endpoint, "abort", hkey, "second", {})[0] == 200

    add_basic_note(a.col, "after the takeover")
    assert a.sync() == SyncOutput.NO_CHANGES
    assert b.sync() == SyncOutput.NO_CHANGES
    assert_same_state(a.snapshot(), b.snapshot(), "A", "B")
