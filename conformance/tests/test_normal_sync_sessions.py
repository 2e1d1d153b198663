"""Sync sessions driven by hand on the wire (``harness.wire.RawSyncSession``), next to real clients:
a normal sync that stops half-way must leave the server as it was, and a second sync that starts
while the first is still running takes over (the first one's next call gets HTTP 409).

Raw argument-less calls send ``{}``; the real client sends ``{"_pad":null}``; the server accepts
both. Every scenario starts from A full-uploaded and B full-downloaded, both synced to NO_CHANGES.
"""

from __future__ import annotations

import copy
import time

import pytest

from harness.content import add_basic_note
from harness.devices import assert_same_state
from harness.normal import converge, fresh_download, local_stamps, server_meta, synced_pair
from harness.wire import RawSyncSession

pytestmark = pytest.mark.normal_sync

GHOST_TAG = "ghost::never_committed"
GHOST_DECK = "Ghost deck (never committed)"
EMPTY_GRAVES = {"cards": [], "notes": [], "decks": []}
MAX_CHUNK_CALLS = 50


def _note_id(col, front: str) -> int:
    nids = col.find_notes(f'"Front:{front}"')
    assert len(nids) == 1, (front, nids)
    return nids[0]


def _ghost_deck(col, server_usn: int) -> dict:
    """A deck as a client would send it in applyChanges: a real deck's JSON with a new id/name."""
    deck = copy.deepcopy(col.decks.get(col.decks.id_for_name("Misc")))
    deck["id"] = int(time.time() * 1000) + 777
    deck["name"] = GHOST_DECK
    deck["mod"] = int(time.time())
    deck["usn"] = server_usn
    return deck


def _edited_note_row(col, nid: int, server_usn: int) -> list:
    """NoteRow (wire format) of an existing note with a changed field and a newer mod."""
    nid_, guid, mid, mod, tags, flds = col.db.first(
        "select id, guid, mid, mod, tags, flds from notes where id = ?", nid)
    fields = flds.split("\x1f")
    fields[-1] = "GHOST EDIT (never committed)"
    return [nid_, guid, mid, mod + 100, server_usn, tags, "\x1f".join(fields), "", "", 0, ""]


def _sanity_counts(col) -> list:
    """SanityCheckCounts of a collection that is in sync with the server."""
    counts = [col.db.scalar(f"select count() from {t}")
              for t in ("cards", "notes", "revlog", "graves", "notetypes", "decks", "deck_config")]
    return [[0, 0, 0], *counts]


def _half_way(server, device, session: str) -> tuple[RawSyncSession, dict]:
    """meta, start, applyGraves (deleting a real note), applyChanges (a new deck and a tag),
    chunk, applyChunk (an edit to another note) and a sanity check that passes on the changed
    counts: everything a sync sends but `finish`. Returns the session and what it changed."""
    col = device.col
    raw = RawSyncSession(server.endpoint, device.auth.hkey, session)
    meta = raw.meta()
    client_usn = local_stamps(device)["usn"]
    assert meta["usn"] == client_usn, "the device should be in sync with the server"
    server_usn = meta["usn"]
    assert raw.json("start", {"minUsn": client_usn, "lnewer": True}) == EMPTY_GRAVES

    doomed = _note_id(col, "finir")
    doomed_cards = list(col.find_cards(f"nid:{doomed}"))
    assert raw.json("applyGraves", {"chunk": {"cards": doomed_cards, "notes": [doomed],
                                              "decks": []}}) is None
    reply = raw.json("applyChanges", {"changes": {
        "models": [], "decks": [[_ghost_deck(col, server_usn)], []], "tags": [GHOST_TAG]}})
    assert reply["models"] == [] and reply["decks"] == [[], []] and reply["tags"] == []
    edited = _note_id(col, "parler")
    chunk = raw.json("chunk")
    assert chunk["done"] is True and not chunk.get("notes") and not chunk.get("cards")
    assert raw.json("applyChunk", {"chunk": {
        "done": True, "notes": [_edited_note_row(col, edited, server_usn)]}}) is None
    # The server really holds these changes in the open session: its counts are the changed ones.
    counts = _sanity_counts(col)
    counts[1] -= len(doomed_cards)
    counts[2] -= 1
    counts[6] += 1
    sanity = raw.json("sanityCheck2", {"client": counts})
    assert sanity["status"] == "ok", f"server counts in the open session: {sanity}"
    return raw, {"deleted_note": doomed, "deleted_cards": doomed_cards, "edited_note": edited,
                 "edited_back": col.get_note(edited)["Back"]}


def _assert_ghost_not_applied(dev, ghost: dict) -> None:
    col = dev.col
    assert col.db.scalar("select count() from notes where id = ?", ghost["deleted_note"]) == 1, dev
    assert len(col.find_cards(f"nid:{ghost['deleted_note']}")) == len(ghost["deleted_cards"]), dev
    assert col.get_note(ghost["edited_note"])["Back"] == ghost["edited_back"], dev
    assert col.decks.id_for_name(GHOST_DECK) is None, dev
    assert GHOST_TAG not in col.tags.all(), dev


def test_sync_stopped_before_finish_changes_nothing(server, account, make_device):
    """(a) The client dies after its (passing) sanity check: no finish, no abort. The server must
    not keep any of it: a fresh full download and the other devices' normal syncs see the old
    state, the next real syncs succeed and converge, and the dead session can never commit later."""
    a, b = synced_pair(server, account, make_device)
    before = server_meta(server, b)
    ghost, changed = _half_way(server, b, "ghost-dies")  # B synced last: it is at the server's usn

    # Another device looks at the server (on the reference server this `meta` drops the dead
    # session): nothing was committed.
    after = server_meta(server, a, session="other-device")
    assert (after["mod"], after["usn"], after["scm"]) == (before["mod"], before["usn"], before["scm"])
    c = fresh_download(make_device, "C", a.auth)
    _assert_ghost_not_applied(c, changed)
    assert_same_state(b.snapshot(), c.snapshot(), "B", "fresh download")

    # Real clients carry on: A changes something, everyone syncs normally and converges.
    added = add_basic_note(a.col, "after the dead sync", "a")
    converge([a, b, c])
    for dev in (a, b, c):
        _assert_ghost_not_applied(dev, changed)
        assert dev.col.get_note(added)["Front"] == "after the dead sync", dev
    # The dead session is gone for good: it cannot resume and commit its changes now.
    assert ghost.call("sanityCheck2", {"client": _sanity_counts(b.col)})[0] == 409
    assert ghost.call("finish")[0] == 409
    d = fresh_download(make_device, "D", a.auth)
    _assert_ghost_not_applied(d, changed)
    assert_same_state(a.snapshot(), d.snapshot(), "A", "fresh download")


def test_aborted_sync_changes_nothing_and_next_sync_works(server, account, make_device):
    """(a') The same half-way sync, ended with `abort` (what the real client sends after an
    error); the very next call is a real client's normal sync with changes of its own."""
    a, b = synced_pair(server, account, make_device)
    before = server_meta(server, b)
    ghost, changed = _half_way(server, b, "ghost-aborts")
    status, body = ghost.call("abort")
    assert status == 200 and body == b"null"

    added = add_basic_note(a.col, "after the aborted sync", "a")
    syncs = converge([a, b])
    assert server_meta(server, a)["usn"] == before["usn"] + syncs  # the aborted one committed nothing
    for dev in (a, b):
        _assert_ghost_not_applied(dev, changed)
        assert dev.col.get_note(added)["Front"] == "after the aborted sync", dev
    assert ghost.call("finish")[0] == 409
    c = fresh_download(make_device, "C", b.auth)
    _assert_ghost_not_applied(c, changed)
    assert_same_state(a.snapshot(), c.snapshot(), "A", "fresh download")


def test_second_session_takes_over_and_first_gets_409(server, account, make_device):
    """(b) Session s1 is mid-sync (started, sent a change); a second device's session s2 starts.
    s1's next calls get 409 and its change is dropped; s2 runs a complete sync and commits; real
    clients then sync normally and see s2's change only."""
    a, b = synced_pair(server, account, make_device)
    hkey = b.auth.hkey
    before = server_meta(server, b)
    usn = local_stamps(b)["usn"]  # B synced last: it is at the server's usn
    assert before["usn"] == usn

    s1 = RawSyncSession(server.endpoint, hkey, "first-device")
    s1.meta()
    assert s1.json("start", {"minUsn": usn, "lnewer": True}) == EMPTY_GRAVES
    s1.json("applyChanges", {"changes": {"models": [], "decks": [[], []],
                                         "tags": ["takeover::first"]}})

    s2 = RawSyncSession(server.endpoint, hkey, "second-device")
    assert s2.json("start", {"minUsn": usn, "lnewer": False}) == EMPTY_GRAVES
    status, _ = s1.call("applyGraves", {"chunk": EMPTY_GRAVES})
    assert status == 409, f"first session's applyGraves after a takeover: HTTP {status}"
    status, _ = s1.call("chunk")
    assert status == 409, f"first session's chunk after a takeover: HTTP {status}"

    # s2 is unaffected by s1's refused calls and completes a whole sync.
    assert s2.json("applyGraves", {"chunk": EMPTY_GRAVES}) is None
    reply = s2.json("applyChanges", {"changes": {"models": [], "decks": [[], []],
                                                 "tags": ["takeover::second"]}})
    assert "takeover::first" not in reply["tags"]
    for _ in range(MAX_CHUNK_CALLS):
        if s2.json("chunk")["done"]:
            break
    else:
        pytest.fail(f"server chunks not done after {MAX_CHUNK_CALLS} calls")
    assert s2.json("applyChunk", {"chunk": {"done": True}}) is None
    sanity = s2.json("sanityCheck2", {"client": _sanity_counts(b.col)})
    assert sanity["status"] == "ok", sanity
    finished = s2.json("finish")
    assert isinstance(finished, int)
    assert s1.call("finish")[0] == 409

    after = server_meta(server, a)
    assert after["usn"] == usn + 1 and after["mod"] == finished

    # Real clients sync fine and get s2's change, never s1's.
    converge([a, b])
    c = fresh_download(make_device, "C", a.auth)
    for dev in (a, b, c):
        tags = dev.col.tags.all()
        assert "takeover::second" in tags and "takeover::first" not in tags, (dev, tags)
    assert_same_state(a.snapshot(), c.snapshot(), "A", "fresh download")
