"""Normal (incremental) sync with merges. Not in Deckhand's first milestone: marked normal_sync."""

import pytest
from anki.sync import SyncOutput

from harness.content import add_basic_note
from harness.devices import assert_same_state, two_synced_devices

pytestmark = pytest.mark.normal_sync


def test_edits_on_both_devices_converge(server, account, make_device):
    a, b = two_synced_devices(server, account, make_device)

    # A edits a note, adds a deck and a tag, reviews a card; B adds notes and changes an option.
    nid = a.col.find_notes("parler")[0]
    note = a.col.get_note(nid)
    note["Back"] = "to speak (edited on A)"
    a.col.update_note(note)
    add_basic_note(a.col, "from A", "a", deck="Lang::Spanish", tags=("from::a",))
    a.col.decks.select(a.col.decks.id_for_name("Misc"))
    card = a.col.sched.getCard()
    a.col.sched.answerCard(card, 2)

    b_nids = [add_basic_note(b.col, f"from B {i}", "b", tags=("from::b",)) for i in range(3)]
    conf = b.col.decks.get_config(1)
    conf["new"]["perDay"] = 44
    b.col.decks.update_config(conf)

    # Normal syncs report NO_CHANGES once they have been carried out.
    assert a.sync() == SyncOutput.NO_CHANGES
    assert b.sync() == SyncOutput.NO_CHANGES
    assert a.sync() == SyncOutput.NO_CHANGES

    assert_same_state(a.snapshot(), b.snapshot(), "A", "B")
    assert b.col.get_note(nid)["Back"] == "to speak (edited on A)"
    assert all(a.col.get_note(n)["Front"].startswith("from B") for n in b_nids)
    assert a.col.decks.get_config(1)["new"]["perDay"] == 44
    assert b.col.decks.id_for_name("Lang::Spanish")
    assert "from::a" in b.col.tags.all() and "from::b" in a.col.tags.all()


def test_deletions_propagate(server, account, make_device):
    a, b = two_synced_devices(server, account, make_device)
    victim = b.col.find_notes("tag:chem")
    assert victim
    b.col.remove_notes(victim)
    assert b.sync() == SyncOutput.NO_CHANGES
    assert a.sync() == SyncOutput.NO_CHANGES
    assert not a.col.find_notes("tag:chem")
    assert_same_state(a.snapshot(), b.snapshot(), "A", "B")


def test_same_note_edited_on_both_newest_wins(server, account, make_device):
    a, b = two_synced_devices(server, account, make_device)
    nid = a.col.find_notes("finir")[0]
    na = a.col.get_note(nid)
    na["Back"] = "A's version"
    a.col.update_note(na)
    import time

    time.sleep(1.1)  # note mod is in seconds; make B's edit strictly newer
    nb = b.col.get_note(nid)
    nb["Back"] = "B's version"
    b.col.update_note(nb)
    assert a.sync() == SyncOutput.NO_CHANGES
    assert b.sync() == SyncOutput.NO_CHANGES
    assert a.sync() == SyncOutput.NO_CHANGES
    assert a.col.get_note(nid)["Back"] == "B's version"
    assert_same_state(a.snapshot(), b.snapshot(), "A", "B")
