"""Two devices of one account syncing at the same moment. The later `start` takes over; the first
device is told 409, which Anki shows as "Only one copy of Anki can sync to your account at
once", and, as the real client does, sends `abort` with
its own session key. Deckhand ignores an abort for a session that is no longer the active one, so
the other device's sync completes: every round, at least one device succeeds, and the next syncs
converge with nothing lost.

The official server ends whatever sync is open on any abort, so there both syncs of a colliding
round fail (docs/protocol.md): Deckhand only.
"""

from __future__ import annotations

import threading
import time

import pytest
from anki.errors import SyncError

from harness import servers
from harness.content import add_basic_note
from harness.devices import assert_same_state
from harness.normal import converge, sync, synced_pair

pytestmark = [
    pytest.mark.normal_sync,
    pytest.mark.skipif(servers.target_name() != "deckhand",
                       reason="the official server lets a superseded device's abort end the other sync"),
]

ROUNDS = 12
ROUND_TIMEOUT_SECS = 60


def _sync_together(devices) -> dict[str, str]:
    """Starts a sync on every device at the same moment; returns each device's outcome."""
    barrier = threading.Barrier(len(devices))
    outcomes: dict[str, str] = {}

    def run(device):
        barrier.wait(timeout=ROUND_TIMEOUT_SECS)
        try:
            sync(device)
            outcomes[device.name] = "ok"
        except SyncError as e:
            outcomes[device.name] = f"refused: {e}"

    threads = [threading.Thread(target=run, args=(d,), daemon=True) for d in devices]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(ROUND_TIMEOUT_SECS)
        assert not thread.is_alive(), "a sync did not end within the round's time"
    return outcomes


def test_two_devices_syncing_at_once_one_completes_and_both_converge(server, account, make_device):
    a, b = synced_pair(server, account, make_device)
    collisions = 0
    added = []
    for round_number in range(ROUNDS):
        for device in (a, b):
            front = f"round {round_number} on {device.name}"
            add_basic_note(device.col, front)
            added.append(front)
            # Note ids are creation times in milliseconds: two devices in one process must not
            # create notes in the same millisecond, or they make two different notes with one id.
            time.sleep(0.01)
        outcomes = _sync_together([a, b])
        assert "ok" in outcomes.values(), f"round {round_number}: no device completed its sync: {outcomes}"
        refused = [text for text in outcomes.values() if text != "ok"]
        collisions += len(refused)
        for text in refused:
            # The client's own words for HTTP 409.
            assert "only one copy of anki can sync to your account at once" in text.lower(), text

    converge([a, b])
    assert_same_state(a.snapshot(), b.snapshot(), "A", "B")
    for front in added:
        assert a.col.find_notes(f'"Front:{front}"'), f"lost: {front}"
    print(f"{ROUNDS} rounds, {collisions} syncs refused as 'another device is syncing', none lost")
