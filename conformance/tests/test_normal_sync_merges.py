"""Normal-sync merges seen through the official client: both devices change the collection between
syncs, and after convergence (A, B, A, ... at most 4 rounds) every device - and a fresh device
that full-downloads the server's copy - holds exactly the same notes, cards, revlog, decks, deck
configs, notetypes, tags and config.

Every scenario starts from A full-uploaded and B full-downloaded, both confirmed at NO_CHANGES
(``harness.normal.synced_pair``)."""

from __future__ import annotations

import time

import pytest
from anki.sync import SyncOutput

from harness.content import CUSTOM_NOTETYPE, add_basic_note
from harness.devices import assert_same_state
from harness.normal import (assert_no_changes, converge, fresh_download, local_stamps,
                            server_meta, sync, synced_pair)

pytestmark = pytest.mark.normal_sync

# Card and note `mod` are whole seconds: sleeping this long makes a later edit strictly newer.
NEWER = 1.1


def _note_id(col, front: str) -> int:
    nids = col.find_notes(f'"Front:{front}"')
    assert len(nids) == 1, f"expected one note with Front {front!r}, got {nids}"
    return nids[0]


def _add_note(col, notetype: str, deck: str, fields: dict[str, str], tags=()) -> int:
    note = col.new_note(col.models.by_name(notetype))
    for k, v in fields.items():
        note[k] = v
    note.tags = list(tags)
    col.add_note(note, col.decks.id(deck))
    return note.id


def _edit(col, nid: int, field: str, value: str) -> None:
    note = col.get_note(nid)
    note[field] = value
    col.update_note(note)


def _answer(col, card_id: int, ease: int) -> None:
    card = col.get_card(card_id)
    card.start_timer()
    col.sched.answerCard(card, ease)


def _rows(snap: dict, section: str) -> dict[int, dict]:
    return {row["id"]: row for row in snap[section]}


# --- 1 ------------------------------------------------------------------------------------------

def test_edits_additions_and_deletions_on_both_sides_converge(server, account, make_device):
    a, b = synced_pair(server, account, make_device)

    parler, finir = _note_id(a.col, "parler"), _note_id(a.col, "finir")
    prendre, etre = _note_id(a.col, "prendre"), _note_id(a.col, "être")
    plain = _note_id(a.col, "plain")
    german = a.col.decks.id_for_name("Lang::German")
    german_nids = list(a.col.find_notes(f"did:{german}"))
    german_cids = list(a.col.find_cards(f"did:{german}"))
    prendre_cids = list(a.col.find_cards(f"nid:{prendre}"))
    french = a.col.decks.id_for_name("Lang::French")
    verbs = a.col.decks.id_for_name("Lang::French::Verbs")
    custom_id = a.col.models.by_name(CUSTOM_NOTETYPE)["id"]
    assert german_nids and german_cids and prendre_cids and french and verbs

    # --- A: adds notes (one with two cards), edits, deletes a note and a deck, tags, renames a deck.
    a_added = {
        add_basic_note(a.col, "added on A", "a1", deck="Lang::French::Verbs", tags=("side::a",)):
            "added on A",
        _add_note(a.col, "Basic (and reversed card)", "Default",
                  {"Front": "two cards from A", "Back": "a2"}, tags=("side::a",)): "two cards from A",
        _add_note(a.col, CUSTOM_NOTETYPE, "Misc",
                  {"Front": "custom from A", "Back": "a3", "Extra": "x"}): "custom from A",
    }
    _edit(a.col, etre, "Back", "to be (edited on A)")
    a.col.remove_notes([prendre])
    a.col.decks.remove([german])
    a.col.tags.bulk_add([parler], "tagged::on_a")
    a.col.decks.rename(french, "Lang::Français")
    a_cards = len(a.col.find_cards(" or ".join(f"nid:{n}" for n in a_added)))
    assert a_cards == 4

    # --- B: adds a deck with notes, a cloze note, edits, tags, renames a notetype (no schema change).
    added_deck = b.col.decks.id("Added on B")
    b_added = {
        add_basic_note(b.col, "added on B 1", "b1", deck="Added on B", tags=("side::b",)): "added on B 1",
        add_basic_note(b.col, "added on B 2", "b2", deck="Added on B"): "added on B 2",
    }
    b_cloze = _add_note(b.col, "Cloze", "Default",
                        {"Text": "{{c1::Rome}} is in {{c2::Italy}}"}, tags=("side::b", "geo"))
    _edit(b.col, plain, "Back", "default deck (edited on B)")
    b.col.tags.bulk_add([finir], "tagged::on_b")
    nt = b.col.models.get(custom_id)
    nt["name"] = "Renamed on B"
    b.col.models.update_dict(nt)
    assert local_stamps(b)["scm"] == server_meta(server, b)["scm"], "a rename must not change scm"

    converge([a, b])
    c = fresh_download(make_device, "C", a.auth)

    for dev in (a, b, c):
        col, who = dev.col, dev.name
        for nid, front in {**a_added, **b_added}.items():
            note = col.get_note(nid)
            assert note.fields[0] == front, who
        assert len(col.find_cards(" or ".join(f"nid:{n}" for n in a_added))) == 4, who
        assert sorted(col.find_cards(f"nid:{b_cloze}")) and len(col.find_cards(f"nid:{b_cloze}")) == 2, who
        assert set(col.find_cards(f"did:{added_deck}")) == {
            cid for n in b_added for cid in col.find_cards(f"nid:{n}")}, who
        # Deletions: the note, the deck and everything that was in it, cards included.
        assert not col.db.list(f"select id from notes where id in ({prendre}, {','.join(map(str, german_nids))})"), who
        assert not col.db.list(
            f"select id from cards where id in ({','.join(map(str, prendre_cids + german_cids))})"), who
        assert col.decks.get(german, default=False) is None, who
        assert col.decks.id_for_name("Lang::German") is None, who
        # Renames: the deck with its child (same ids), the notetype (same id, fields unchanged).
        assert col.decks.id_for_name("Lang::Français") == french, who
        assert col.decks.id_for_name("Lang::Français::Verbs") == verbs, who
        assert col.decks.id_for_name("Lang::French") is None, who
        assert col.models.by_name("Renamed on B")["id"] == custom_id, who
        assert col.models.by_name(CUSTOM_NOTETYPE) is None, who
        assert [f["name"] for f in col.models.get(custom_id)["flds"]] == ["Front", "Back", "Extra"], who
        # Edits and tags from both sides.
        assert col.get_note(etre)["Back"] == "to be (edited on A)", who
        assert col.get_note(plain)["Back"] == "default deck (edited on B)", who
        assert "tagged::on_a" in col.get_note(parler).tags, who
        assert "tagged::on_b" in col.get_note(finir).tags, who
        assert {"side::a", "side::b", "tagged::on_a", "tagged::on_b"} <= set(col.tags.all()), who
    assert_same_state(a.snapshot(), b.snapshot(), "A", "B")
    assert_same_state(a.snapshot(), c.snapshot(), "A", "server (fresh download)")


# --- 2 ------------------------------------------------------------------------------------------

def test_reviews_on_both_devices_merge_revlog_and_newer_card_wins(server, account, make_device):
    a, b = synced_pair(server, account, make_device)
    # New cards of single-card notes (no sibling burying can touch another picked card).
    picks = a.col.db.list(
        "select id from cards where queue = 0 and nid in "
        "(select nid from cards group by nid having count() = 1) order by id")
    assert len(picks) >= 4, picks
    x, y, z1, z2 = picks[:4]

    # z1: A first, B later (B newer). z2: B first, A later (A newer). The sleeps also keep every
    # other object both sides touch (the decks' today counters) from tying on mtime.
    _answer(a.col, x, 3)
    _answer(a.col, z1, 3)
    time.sleep(NEWER)
    _answer(b.col, y, 4)
    _answer(b.col, z2, 1)
    _answer(b.col, z1, 4)
    time.sleep(NEWER)
    _answer(a.col, z2, 3)

    sa, sb = a.snapshot(), b.snapshot()
    ca, cb = _rows(sa, "cards"), _rows(sb, "cards")
    assert cb[z1]["mod"] > ca[z1]["mod"] and ca[z2]["mod"] > cb[z2]["mod"]
    expected_cards = {x: ca[x], y: cb[y], z1: cb[z1], z2: ca[z2]}
    expected_revlog = {**_rows(sa, "revlog"), **_rows(sb, "revlog")}
    # Shared history is identical on both; the new entries are distinct ids.
    assert len(expected_revlog) == len(sa["revlog"]) + len(sb["revlog"]) - len(
        set(_rows(sa, "revlog")) & set(_rows(sb, "revlog")))
    new_entries = {rid: r for rid, r in expected_revlog.items()
                   if rid not in _rows(sa, "revlog") or rid not in _rows(sb, "revlog")}
    assert sorted(r["cid"] for r in new_entries.values()) == sorted([x, z1, y, z2, z1, z2])

    converge([a, b])
    c = fresh_download(make_device, "C", a.auth)

    for dev in (a, b, c):
        snap = dev.snapshot()
        assert _rows(snap, "revlog") == expected_revlog, f"{dev}: revlog is not the union of both"
        cards = _rows(snap, "cards")
        for cid, want in expected_cards.items():
            assert cards[cid] == want, f"{dev}: card {cid} is not the newer side's"
    assert_same_state(a.snapshot(), b.snapshot(), "A", "B")
    assert_same_state(a.snapshot(), c.snapshot(), "A", "server (fresh download)")


# --- 3 ------------------------------------------------------------------------------------------

def test_same_note_edited_on_both_devices_newer_edit_wins(server, account, make_device):
    a, b = synced_pair(server, account, make_device)
    n1, n2 = _note_id(a.col, "finir"), _note_id(a.col, "parler")

    # n1: B edits first, A later -> A's text is newer, although B syncs after A.
    # n2: A edits first, B later -> B's text is newer.
    _edit(b.col, n1, "Back", "n1: older text from B")
    _edit(a.col, n2, "Back", "n2: older text from A")
    time.sleep(NEWER)
    _edit(a.col, n1, "Back", "n1: newer text from A")
    b.col.tags.bulk_add([n2], "n2::newer_on_b")
    _edit(b.col, n2, "Back", "n2: newer text from B")
    assert a.col.get_note(n1).mod > b.col.get_note(n1).mod
    assert b.col.get_note(n2).mod > a.col.get_note(n2).mod
    want = {n1: _rows(a.snapshot(), "notes")[n1], n2: _rows(b.snapshot(), "notes")[n2]}

    converge([a, b])
    c = fresh_download(make_device, "C", a.auth)

    for dev in (a, b, c):
        assert dev.col.get_note(n1)["Back"] == "n1: newer text from A", dev
        assert dev.col.get_note(n2)["Back"] == "n2: newer text from B", dev
        assert "n2::newer_on_b" in dev.col.get_note(n2).tags, dev
        notes = _rows(dev.snapshot(), "notes")
        assert notes[n1] == want[n1] and notes[n2] == want[n2], dev
    assert_same_state(a.snapshot(), b.snapshot(), "A", "B")
    assert_same_state(a.snapshot(), c.snapshot(), "A", "server (fresh download)")


# --- 4 ------------------------------------------------------------------------------------------

def test_adding_a_field_forces_full_sync_and_other_device_downloads(server, account, make_device):
    a, b = synced_pair(server, account, make_device)
    scm_before = server_meta(server, a)["scm"]

    basic = a.col.models.by_name("Basic")
    a.col.models.add_field(basic, a.col.models.new_field("Added field"))
    a.col.models.update_dict(basic)
    assert local_stamps(a)["scm"] != scm_before, "adding a field must be a schema change"

    # Both sides have cards, so the client asks the user (FULL_SYNC); FULL_UPLOAD is fine too.
    assert sync(a, full_sync="upload") in (SyncOutput.FULL_SYNC, SyncOutput.FULL_UPLOAD)
    assert_no_changes(server, a)  # the server keeps the uploaded file's mod and scm as they are
    assert server_meta(server, b)["scm"] != local_stamps(b)["scm"], "B must not normal-sync now"
    assert sync(b, full_sync="download") in (SyncOutput.FULL_SYNC, SyncOutput.FULL_DOWNLOAD)
    assert_same_state(a.snapshot(), b.snapshot(), "A", "B")
    assert_no_changes(server, b)  # strictly: B's download left B and the server at the same mod
    assert [f["name"] for f in b.col.models.by_name("Basic")["flds"]] == ["Front", "Back", "Added field"]
    assert b.col.get_note(_note_id(b.col, "parler"))["Added field"] == ""

    # Normal sync works again on the new schema, in both directions.
    parler = _note_id(b.col, "parler")
    _edit(b.col, parler, "Added field", "set on B")
    add_basic_note(a.col, "after the schema change", "from A")
    converge([b, a])
    assert a.col.get_note(parler)["Added field"] == "set on B"
    assert b.col.find_notes('"Front:after the schema change"')
    c = fresh_download(make_device, "C", a.auth)
    assert_same_state(a.snapshot(), c.snapshot(), "A", "server (fresh download)")


# --- 5 ------------------------------------------------------------------------------------------

FSRS6_PARAMS = [0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796,
                1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542]


def _without_usn(obj: dict) -> dict:
    return {k: v for k, v in obj.items() if k != "usn"}


def test_filtered_decks_and_fsrs_options_survive_a_round_trip(server, account, make_device):
    a, b = synced_pair(server, account, make_device)

    # FSRS on, and a preset with FSRS-6 weights and a desired retention, used by a deck.
    a.col.set_config("fsrs", True)
    conf_id = a.col.decks.add_config_returning_id("FSRS preset (conformance)")
    conf = a.col.decks.get_config(conf_id)
    conf["desiredRetention"] = 0.87
    conf["fsrsParams6"] = FSRS6_PARAMS
    conf["rev"]["maxIvl"] = 3650
    a.col.decks.update_config(conf)
    misc = a.col.decks.get(a.col.decks.id_for_name("Misc"))
    a.col.decks.set_config_id_for_deck_dict(misc, conf_id)

    # A filtered deck through the scheduler API: no rescheduling, preview delays, two terms...
    fd = a.col.sched.get_or_create_filtered_deck(0)
    fd.name = "Preview (conformance)"
    fd.config.reschedule = False
    del fd.config.search_terms[:]
    fd.config.search_terms.add(search="deck:Lang* -is:suspended", limit=25, order=1)  # RANDOM
    fd.config.search_terms.add(search="tag:a::b", limit=7, order=5)  # ADDED
    fd.config.preview_again_secs = 90
    fd.config.preview_hard_secs = 900
    fd.config.preview_good_secs = 0
    preview_id = a.col.sched.add_or_update_filtered_deck(fd).id
    # ... and one through the legacy deck API, rescheduling, rebuilt so it holds cards.
    legacy_id = a.col.decks.new_filtered("Cram (conformance)")
    legacy = a.col.decks.get(legacy_id)
    legacy["terms"] = [["deck:Misc", 40, 6], ["is:new tag:custom", 3, 0]]
    legacy["resched"] = True
    a.col.decks.save(legacy)
    a.col.sched.rebuild_filtered_deck(legacy_id)

    def state(col):
        return {"decks": [col.decks.get(preview_id), col.decks.get(legacy_id)],
                "conf": col.decks.get_config(conf_id), "fsrs": col.get_config("fsrs")}

    before = state(a.col)
    assert before["decks"][0]["dyn"] == 1 and before["decks"][1]["dyn"] == 1
    assert before["decks"][0]["resched"] is False and before["decks"][1]["resched"] is True
    assert before["conf"]["fsrsParams6"] and before["conf"]["desiredRetention"] == pytest.approx(0.87)
    assert a.col.find_cards(f"did:{preview_id}") and a.col.find_cards(f"did:{legacy_id}")

    assert sync(a) == SyncOutput.NO_CHANGES
    assert sync(b) == SyncOutput.NO_CHANGES
    assert state(b.col) == state(a.col), "B did not receive A's filtered decks / FSRS preset as sent"

    # Something unrelated on B, then B syncs, then A.
    add_basic_note(b.col, "unrelated note from B", deck="Default", tags=("unrelated",))
    _edit(b.col, _note_id(b.col, "plain"), "Back", "unrelated edit on B")
    assert sync(b) == SyncOutput.NO_CHANGES
    assert sync(a) == SyncOutput.NO_CHANGES
    after = state(a.col)

    # `usn` legitimately changes: the objects were pending (-1) when `before` was taken and the
    # client rewrote them to the server's usn when it sent them. Nothing else may change, `mod`
    # included: no device modified them after A created them.
    assert [_without_usn(d) for d in after["decks"]] == [_without_usn(d) for d in before["decks"]]
    assert _without_usn(after["conf"]) == _without_usn(before["conf"])
    assert before["decks"][0]["usn"] == -1 and after["decks"][0]["usn"] >= 0
    assert after["fsrs"] is True
    assert state(b.col) == after
    assert a.col.find_notes('"Front:unrelated note from B"')
    assert_same_state(a.snapshot(), b.snapshot(), "A", "B")
    c = fresh_download(make_device, "C", a.auth)
    assert state(c.col) == after
    assert_same_state(a.snapshot(), c.snapshot(), "A", "server (fresh download)")
