"""Helpers for normal-sync scenarios: a synced pair of devices, bounded convergence, the server's
own view (raw ``meta``, a fresh device's full download)."""

from __future__ import annotations

from anki.sync import SyncOutput

from .devices import Device, assert_same_state, diff_snapshots, required_name, two_synced_devices
from .wire import RawSyncSession

# "sync A, B, A ... as needed": never more than this many passes over the devices.
MAX_ROUNDS = 4


def sync(device: Device, **kwargs) -> int:
    """``device.sync(...)`` followed by what the desktop does after every collection sync
    (``on_collection_sync_finished`` in qt/aqt/main.py): drop pylib's notetype cache.
    ``col.models`` keeps notetype dicts in a Python-side cache that a sync does not invalidate, so
    without this a snapshot after a normal sync shows notetypes as they were before it."""
    required = device.sync(**kwargs)
    device.col.models._clear_cache()
    return required


def server_meta(server, device: Device, session: str = "meta-probe") -> dict:
    """The server's SyncMeta for the device's account, fetched raw (nothing is synced). Note: on
    the reference server a `meta` also aborts a stateful sync the account has in progress."""
    return RawSyncSession(server.endpoint, device._auth(None).hkey, session).meta()


def local_stamps(device: Device) -> dict:
    mod, scm, usn = device.col.db.first("select mod, scm, usn from col")
    return {"mod": mod, "scm": scm, "usn": usn}


def assert_no_changes(server, device: Device) -> None:
    """The client would decide NoChanges: its `mod` equals the server's (same `scm` too); then a
    real sync reports NO_CHANGES and leaves the collection as it was."""
    meta = server_meta(server, device)
    local = local_stamps(device)
    assert (meta["mod"], meta["scm"]) == (local["mod"], local["scm"]), (
        f"{device}: server meta {meta} vs local {local}: a sync would not be NO_CHANGES")
    before = device.snapshot()
    assert sync(device) == SyncOutput.NO_CHANGES
    assert_same_state(before, device.snapshot(), f"{device.name} before", f"{device.name} after")


def synced_pair(server, account, make_device) -> tuple[Device, Device]:
    """A (rich content) full-uploaded, B full-downloaded, then both synced to NO_CHANGES.

    Right after its download B is strictly at NoChanges (same `mod` as the server). A is not: a
    download bumps the server's `usn` and `mod` (`server_download`), so A's next sync is an empty
    normal sync, which the client reports as NO_CHANGES once done. (Every normal sync ends with
    `finish` setting a new server `mod`, so two devices are never both strictly at NoChanges.)"""
    a, b = two_synced_devices(server, account, make_device)
    assert_no_changes(server, b)
    assert sync(a) == SyncOutput.NO_CHANGES
    assert sync(b) == SyncOutput.NO_CHANGES
    assert_same_state(a.snapshot(), b.snapshot(), "A", "B")
    return a, b


def converge(devices: list[Device], max_rounds: int = MAX_ROUNDS) -> int:
    """Normal-syncs the devices in order (A, B, A, B, ...) until every device's state is
    identical, at most ``max_rounds`` passes. Every sync must be a normal one (the client reports
    NO_CHANGES once it has carried it out); a full sync here is a failure. Returns the number of
    single syncs it took."""
    synced = 0
    for _round in range(max_rounds):
        for dev in devices:
            required = sync(dev)
            assert required == SyncOutput.NO_CHANGES, (
                f"{dev}: expected a normal sync, got {required_name(required)}")
            synced += 1
            if synced >= len(devices):
                snaps = [d.snapshot() for d in devices]
                if all(s == snaps[0] for s in snaps[1:]):
                    return synced
    snaps = [d.snapshot() for d in devices]
    diffs = [diff_snapshots(snaps[0], s, devices[0].name, d.name)
             for d, s in zip(devices[1:], snaps[1:])]
    raise AssertionError(f"devices still differ after {max_rounds} rounds:\n" + "\n".join(diffs))


def fresh_download(make_device, name: str, auth) -> Device:
    """A new, empty device that full-downloads the server's collection with ``auth`` (the same
    account's host key, so no extra login): the server's own state, as a client sees it."""
    dev = make_device(name)
    dev.auth = auth
    assert sync(dev) == SyncOutput.FULL_DOWNLOAD
    return dev
