"""Full (one-way) sync: meta decisions, upload, download, and exact state round trips."""

from anki.sync import SyncOutput

from harness.content import CUSTOM_NOTETYPE, CUSTOM_TEMPLATE, NESTED_DECK, build_rich_collection
from harness.devices import assert_same_state, required_name


def expect(actual: int, wanted: int, what: str) -> None:
    assert actual == wanted, f"{what}: expected {required_name(wanted)}, got {required_name(actual)}"


def test_empty_device_new_account_no_changes(server, account, make_device):
    # A new, empty collection against a new, empty account: nothing to do, no full sync offered.
    dev = make_device("A")
    dev.login(account, server.endpoint)
    expect(dev.sync(), SyncOutput.NO_CHANGES, "empty device, empty account")
    # and again (a second meta must agree)
    expect(dev.sync(), SyncOutput.NO_CHANGES, "empty device, empty account, second sync")


def test_upload_then_download_round_trips_everything(server, account, make_device):
    a = make_device("A")
    built = build_rich_collection(a.col)
    a_before = a.snapshot()
    # sanity: the content really has what the round trip is meant to prove
    assert len(a_before["notes"]) == 11 and len(a_before["cards"]) > 11
    assert len(a_before["revlog"]) >= 4
    assert any(d["name"] == NESTED_DECK for d in a_before["decks"])
    assert "a::b::deep" in a_before["tags"] and "grammar::verbs" in a_before["tags"]
    custom = next(m for m in a_before["notetypes"] if m["name"] == CUSTOM_NOTETYPE)
    assert [f["name"] for f in custom["flds"]] == ["Front", "Back", "Extra"]
    assert custom["tmpls"][0]["name"] == CUSTOM_TEMPLATE

    a.login(account, server.endpoint)
    expect(a.sync(), SyncOutput.FULL_UPLOAD, "A (content) against an empty account")
    a_snap = a.snapshot()
    # The upload must not change content on A (only sync bookkeeping such as usn/scm/ls).
    before = dict(a_before, collection=None)
    after = dict(a_snap, collection=None)
    assert_same_state(before, after, "A before upload", "A after upload")

    b = make_device("B")
    b.login(account, server.endpoint)
    expect(b.sync(), SyncOutput.FULL_DOWNLOAD, "empty B against the uploaded account")
    assert_same_state(a_snap, b.snapshot(), "A", "B")

    # Spot checks in the user's terms, in case a snapshot section was empty on both sides.
    assert b.col.note_count() == 11
    assert b.col.decks.id_for_name(NESTED_DECK) == built.deck_ids[NESTED_DECK]
    assert b.col.decks.get_config(1)["rev"]["perDay"] == 321
    assert b.col.decks.get(built.deck_ids[NESTED_DECK])["conf"] == built.custom_config_id
    assert b.col.db.scalar("select count() from revlog") == len(a_snap["revlog"])

    # Both are now in sync with the server. (On the reference server the download bumps the
    # server collection's usn and mod, so A's next sync is a normal sync that transfers nothing;
    # either way the client must end with NO_CHANGES.)
    expect(b.sync(), SyncOutput.NO_CHANGES, "B right after its download")
    expect(a.sync(), SyncOutput.NO_CHANGES, "A after B's download")
    expect(b.sync(), SyncOutput.NO_CHANGES, "B after A's re-sync")
    assert_same_state(a.snapshot(), b.snapshot(), "A", "B")


def test_second_download_to_third_device(server, account, make_device):
    # Downloads are repeatable: a third device gets the same collection as the second.
    a = make_device("A")
    build_rich_collection(a.col)
    a.login(account, server.endpoint)
    expect(a.sync(), SyncOutput.FULL_UPLOAD, "A")
    b, c = make_device("B"), make_device("C")
    b.login(account, server.endpoint)
    c.login(account, server.endpoint)
    expect(b.sync(), SyncOutput.FULL_DOWNLOAD, "B")
    expect(c.sync(), SyncOutput.FULL_DOWNLOAD, "C")
    assert_same_state(b.snapshot(), c.snapshot(), "B", "C")
    assert_same_state(a.snapshot(), c.snapshot(), "A", "C")


def test_full_sync_conflict_upload_replaces_server(server, account, make_device):
    # Two devices with unrelated collections: the second is offered FULL_SYNC (the user must
    # choose). Choosing upload replaces the server copy; another device then downloads it.
    a, b, c = make_device("A"), make_device("B"), make_device("C")
    build_rich_collection(a.col, tag=" [A]")
    build_rich_collection(b.col, tag=" [B]")
    a.login(account, server.endpoint)
    b.login(account, server.endpoint)
    c.login(account, server.endpoint)
    expect(a.sync(), SyncOutput.FULL_UPLOAD, "A")
    expect(b.sync(full_sync="upload"), SyncOutput.FULL_SYNC, "B (unrelated content)")
    expect(c.sync(), SyncOutput.FULL_DOWNLOAD, "C")
    assert_same_state(b.snapshot(), c.snapshot(), "B", "C")
    assert all("[B]" in n["flds"] for n in c.snapshot()["notes"])


def test_full_sync_conflict_download_replaces_local(server, account, make_device):
    # Same conflict, the user chooses download: the device gets the server copy.
    a, b = make_device("A"), make_device("B")
    build_rich_collection(a.col, tag=" [A]")
    build_rich_collection(b.col, tag=" [B]")
    a.login(account, server.endpoint)
    b.login(account, server.endpoint)
    expect(a.sync(), SyncOutput.FULL_UPLOAD, "A")
    expect(b.sync(full_sync="download"), SyncOutput.FULL_SYNC, "B (unrelated content)")
    assert_same_state(a.snapshot(), b.snapshot(), "A", "B")
