"""Renames and reviews on both devices, from the official client's point of view. Merges of edits,
schema changes and filtered decks are in test_normal_sync_merges; interrupted and taken-over
sessions in test_normal_sync_sessions."""

import time

import pytest
from anki.sync import SyncOutput

from harness.devices import assert_same_state, two_synced_devices

pytestmark = pytest.mark.normal_sync


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
    # A review log entry's id is its millisecond: two devices answering in the same one would make
    # two entries with one id, and like Anki's own server, the server keeps the first.
    time.sleep(0.01)
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
