"""Scale-out (issue 16): three Deckhand nodes on one PostgreSQL and one S3Proxy, driven by the
official client. Deckhand only: the official server has no nodes.

* A user is placed, at their first meta, on the live node with the fewest users; any other node
  answers that user's meta with 308 to it, the client repeats meta there and reports
  ``new_endpoint``, and the collection file exists on that node only.
* Media sync works on every node: what one node stored in S3 another serves, stored once.
* ``deckhand node drain`` moves a running node's users elsewhere; each one's next sync from a device
  that still names the drained node is redirected and is a normal sync.
* Twelve users syncing at once across the nodes end with identical devices.
* ``deckhand node adopt`` puts the users of a killed node, from its backup, on another node (slow:
  it must first wait out the 90 s silence limit).

A device follows a redirect as the desktop does (harness/devices.py: ``Device.sync`` keeps
``new_endpoint``).
"""

from __future__ import annotations

import concurrent.futures
import hashlib
import os
import random
import time
from pathlib import Path

import pytest
from anki.sync import SyncAuth, SyncOutput

from harness import servers
from harness.cluster import SILENCE_LIMIT_SECS, Cluster, running_cluster
from harness.content import add_basic_note, build_rich_collection
from harness.devices import IO_TIMEOUT_SECS, Device, assert_same_state

pytestmark = pytest.mark.skipif(servers.target_name() != "deckhand", reason="Deckhand's cluster of nodes")

CONCURRENT_USERS = 12
CONCURRENT_JOIN_SECS = 240.0


@pytest.fixture
def cluster(tmp_path):
    with running_cluster(tmp_path, size=3) as started:
        yield started


def _content(tag: str, size: int = 2000) -> bytes:
    rnd = random.Random(tag)
    return b"\x89PNG\r\n\x1a\n" + tag.encode() + b"|" + bytes(rnd.getrandbits(8) for _ in range(size))


def _media(device: Device) -> dict[str, str]:
    folder = device.col.media.dir()
    return {name: hashlib.sha1(Path(folder, name).read_bytes()).hexdigest() for name in os.listdir(folder)}


def _add_media_note(device: Device, tag: str) -> tuple[str, bytes]:
    data = _content(tag)
    name = device.col.media.write_data(f"{tag}.png", data)
    add_basic_note(device.col, tag, f'<img src="{name}">')
    return name, data


def _redirect(device: Device) -> str | None:
    """Where the server's 308 sent the device's last sync (protobuf gives "" when unset)."""
    return device.last_output.new_endpoint or None


def _auth_at(device: Device, endpoint: str) -> SyncAuth:
    """The device's host key, sent to another node."""
    return SyncAuth(hkey=device.auth.hkey, endpoint=endpoint, io_timeout_secs=IO_TIMEOUT_SECS)


def _cli_ok(node, *args: str) -> str:
    res = node.cli(*args)
    assert res.returncode == 0, f"`deckhand {' '.join(args)}` on {node.node_id}: exit {res.returncode}\n{res.stdout}\n{res.stderr}"
    return res.stdout


def _placed_user(cluster: Cluster, via, make_device, label: str, rich: bool = False):
    """A new user whose first device signs in and full-uploads content with media through ``via``
    (with ``rich``, harness/content.py's whole collection); returns (account, device, media name, media bytes)."""
    account = via.new_account()
    device = make_device(label)
    if rich:
        build_rich_collection(device.col)
    add_basic_note(device.col, f"{label} front", "back")
    name, data = _add_media_note(device, label)
    device.login(account, via.endpoint)
    assert device.sync(media=True) == SyncOutput.FULL_UPLOAD
    return account, device, name, data


def test_new_user_is_redirected_to_the_least_loaded_node(cluster, make_device):
    n1, n2, n3 = cluster.nodes

    # A is the first user: every node has none, so the asking node keeps them.
    a_account = n1.new_account()
    a = make_device("A")
    add_basic_note(a.col, "A's note", "a")
    a.login(a_account, n1.endpoint)
    assert a.sync() == SyncOutput.FULL_UPLOAD
    assert _redirect(a) is None, "A's first sync went to the node that keeps A; nothing to follow"
    assert cluster.home(a_account.user) is n1
    assert cluster.holders(a_account.user) == ["node-1"]

    # B signs in through node 1 too, which now has more users than the others: node 1 places B
    # elsewhere and answers meta with 308; the client follows and uploads there.
    before = cluster.users_per_node()
    b_account = n1.new_account()
    b1 = make_device("B1")
    build_rich_collection(b1.col)
    b_media = {tag: _content(tag) for tag in ("b-one", "b-two")}
    names = {tag: b1.col.media.write_data(f"{tag}.png", data) for tag, data in b_media.items()}
    add_basic_note(b1.col, "B's pictures", "".join(f'<img src="{n}">' for n in names.values()))
    b1.login(b_account, n1.endpoint)
    assert b1.sync(media=True) == SyncOutput.FULL_UPLOAD
    home = cluster.home(b_account.user)
    assert home is not n1
    assert before[home.node_id] < before["node-1"], f"B went to {home.node_id} though the counts were {before}"
    assert _redirect(b1) == home.endpoint
    assert b1.auth.endpoint == home.endpoint
    assert cluster.holders(b_account.user) == [home.node_id], "B's collection must live on B's node only"
    listed = cluster.node_list(via=n3)
    assert {node_id: row.users for node_id, row in listed.items()} == cluster.users_per_node()
    assert listed["node-1"].users == 1 and listed[home.node_id].users == 1
    assert all(row.url == cluster.node(node_id).endpoint and row.accepts_new_users and not row.down
               for node_id, row in listed.items())
    for tag, data in b_media.items():
        assert cluster.blobs_of(data), f"{tag} was not stored in S3"

    # B's second device signs in through the node that is neither node 1 nor B's: redirected to
    # B's node, it downloads the same collection and media.
    other = next(n for n in (n2, n3) if n is not home)
    b2 = make_device("B2")
    b2.login(b_account, other.endpoint)
    assert b2.sync(media=True) == SyncOutput.FULL_DOWNLOAD
    assert _redirect(b2) == home.endpoint
    assert cluster.home(b_account.user) is home
    assert cluster.holders(b_account.user) == [home.node_id]
    assert_same_state(b1.snapshot(), b2.snapshot(), "B1", "B2")
    assert _media(b2) == _media(b1)
    assert set(_media(b2)) == set(names.values())

    # Both devices now talk to B's node directly: a normal sync in each direction, no redirect.
    add_basic_note(b2.col, "from B2", "b2")
    assert b2.sync(media=True) == SyncOutput.NO_CHANGES
    assert _redirect(b2) is None
    assert b1.sync(media=True) == SyncOutput.NO_CHANGES
    assert _redirect(b1) is None
    assert_same_state(b1.snapshot(), b2.snapshot(), "B1", "B2")


def test_media_uploaded_through_one_node_downloads_through_another(cluster, make_device):
    n1, n2, n3 = cluster.nodes
    account = n1.new_account()
    d1 = make_device("D1")
    add_basic_note(d1.col, "collection first", "")
    d1.login(account, n1.endpoint)
    assert d1.sync() == SyncOutput.FULL_UPLOAD
    assert cluster.home(account.user) is n1

    # Media only, through node 2, which does not hold the collection.
    name, data = _add_media_note(d1, "through-node-2")
    d1.sync_media(_auth_at(d1, n2.endpoint))
    assert cluster.blobs_of(data) != [], "node 2 did not store the upload in S3"

    # A second device downloads the collection from node 1, then media through node 3.
    d2 = make_device("D2")
    d2.login(account, n3.endpoint)
    assert d2.sync() == SyncOutput.FULL_DOWNLOAD
    assert _redirect(d2) == n1.endpoint
    d2.sync_media(_auth_at(d2, n3.endpoint))
    assert _media(d2) == {name: hashlib.sha1(data).hexdigest()}

    # The same bytes under another name, uploaded through node 3: still one object in S3.
    copy = d2.col.media.write_data("same-bytes.png", data)
    assert copy != name
    d2.sync_media(_auth_at(d2, n3.endpoint))
    d1.sync_media(_auth_at(d1, n2.endpoint))
    assert _media(d1) == _media(d2) == {name: hashlib.sha1(data).hexdigest(), copy: hashlib.sha1(data).hexdigest()}
    assert len(cluster.blobs_of(data)) == 1, cluster.s3.objects("blobs/")
    assert cluster.holders(account.user) == ["node-1"], "media sync must not create a collection on another node"


def test_drain_moves_users_and_their_next_sync_is_normal(cluster, make_device):
    n1, n2, n3 = cluster.nodes
    # Two users per node: each user's first sync goes through the node that then has fewest users.
    users = []
    for i, via in enumerate((n1, n2, n3, n1, n2, n3)):
        account, d1, name, data = _placed_user(cluster, via, make_device, f"U{i}a")
        assert cluster.home(account.user) is via
        d2 = make_device(f"U{i}b")
        d2.login(account, via.endpoint)
        assert d2.sync(media=True) == SyncOutput.FULL_DOWNLOAD
        users.append((account, d1, d2))
    assert cluster.users_per_node() == {"node-1": 2, "node-2": 2, "node-3": 2}
    drained = [u for u in users if cluster.home(u[0].user) is n1]
    stay = {u[0].user: cluster.home(u[0].user).node_id for u in users if u not in drained}

    out = _cli_ok(n1, "node", "drain", "node-1")
    assert "draining node-1: 2 users" in out, out

    listed = cluster.node_list(via=n2)
    assert listed["node-1"].users == 0 and not listed["node-1"].accepts_new_users, listed
    assert sum(row.users for row in listed.values()) == len(users)
    for account, d1, d2 in drained:
        home = cluster.home(account.user)
        assert home is not n1
        assert cluster.holders(account.user) == [home.node_id], "a moved collection lives on its new node only"
    assert {u[0].user: cluster.home(u[0].user).node_id for u in users if u not in drained} == stay

    # Each moved user's devices still name node 1: it redirects them, and the sync is a normal one
    # (NO_CHANGES once carried out; a full sync would be FULL_* or an error without a direction).
    for i, (account, d1, d2) in enumerate(drained):
        home = cluster.home(account.user)
        assert d1.auth.endpoint == n1.endpoint
        _add_media_note(d1, f"after-drain-{i}")
        assert d1.sync(media=True) == SyncOutput.NO_CHANGES
        assert _redirect(d1) == home.endpoint
        assert d2.sync(media=True) == SyncOutput.NO_CHANGES
        assert _redirect(d2) == home.endpoint
        assert d1.sync(media=True) == SyncOutput.NO_CHANGES
        assert_same_state(d1.snapshot(), d2.snapshot(), f"{account.user}/1", f"{account.user}/2")
        assert _media(d1) == _media(d2)
        assert f"after-drain-{i}.png" in _media(d2)

    # Node 1 takes no new users while drained, and takes them again after `node accept`.
    newcomer = n1.new_account()
    probe = make_device("newcomer")
    probe.login(newcomer, n1.endpoint)
    assert probe.sync() == SyncOutput.NO_CHANGES
    assert cluster.home(newcomer.user) is not n1
    _cli_ok(n2, "node", "accept", "node-1")
    assert cluster.node_list()["node-1"].accepts_new_users


def test_twelve_users_sync_at_once_across_the_nodes(cluster, make_device):
    nodes = cluster.nodes
    with concurrent.futures.ThreadPoolExecutor(max_workers=3) as pool:
        accounts = list(pool.map(lambda i: nodes[i % 3].new_account(), range(CONCURRENT_USERS)))
    devices = [(make_device(f"C{i}a"), make_device(f"C{i}b")) for i in range(CONCURRENT_USERS)]

    def one_user(i: int) -> None:
        account, (d1, d2) = accounts[i], devices[i]
        first, second = nodes[i % 3], nodes[(i + 1) % 3]
        add_basic_note(d1.col, f"user {i} first", "")
        _add_media_note(d1, f"c{i}-one")
        d1.login(account, first.endpoint)
        d2.login(account, second.endpoint)
        assert d1.sync(media=True) == SyncOutput.FULL_UPLOAD
        assert d2.sync(media=True) == SyncOutput.FULL_DOWNLOAD
        _add_media_note(d2, f"c{i}-two")
        assert d2.sync(media=True) == SyncOutput.NO_CHANGES
        assert d1.sync(media=True) == SyncOutput.NO_CHANGES
        assert d1.auth.endpoint == d2.auth.endpoint, "both devices must end up at the user's node"

    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(max_workers=CONCURRENT_USERS) as pool:
        futures = [pool.submit(one_user, i) for i in range(CONCURRENT_USERS)]
        done, not_done = concurrent.futures.wait(futures, timeout=CONCURRENT_JOIN_SECS)
    assert not not_done, f"{len(not_done)} users still syncing after {CONCURRENT_JOIN_SECS:.0f}s"
    errors = [f"user {i}: {f.exception()!r}" for i, f in enumerate(futures) if f.exception() is not None]
    assert not errors, "\n".join(errors)
    print(f"{CONCURRENT_USERS} users x 2 devices synced in {time.monotonic() - started:.1f}s; "
          f"users per node: {cluster.users_per_node()}")

    for i, (account, (d1, d2)) in enumerate(zip(accounts, devices)):
        home = cluster.home(account.user)
        assert d1.auth.endpoint == home.endpoint
        assert cluster.holders(account.user) == [home.node_id]
        assert_same_state(d1.snapshot(), d2.snapshot(), f"C{i}a", f"C{i}b")
        assert _media(d1) == _media(d2) and len(_media(d1)) == 2
    assert sum(cluster.users_per_node().values()) == CONCURRENT_USERS


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_adopt_restores_a_dead_nodes_users_from_its_backup(cluster, make_device, tmp_path):
    n1, n2, n3 = cluster.nodes
    # The user's first sync goes through node 2, which has no users: node 2 keeps them.
    account, d1, name, data = _placed_user(cluster, n2, make_device, "survivor", rich=True)
    assert cluster.home(account.user) is n2
    backups = tmp_path / "node-2-backups"
    _cli_ok(n2, "backup", str(backups))
    backed_up = d1.snapshot()

    n2.kill()
    refused = n1.cli("node", "adopt", "node-2", "--from", str(backups))
    assert refused.returncode == 1, f"adopt of a node that announced itself seconds ago: {refused.stdout}{refused.stderr}"
    assert "not gone" in refused.stderr
    assert cluster.home(account.user) is n2

    # Wait out the silence limit, measured from the node's last announcement in PostgreSQL.
    silent_for = float(cluster.postgres.sql(
        "select extract(epoch from now() - last_seen) from cluster_nodes where id = 'node-2'")[0][0])
    time.sleep(max(0.0, SILENCE_LIMIT_SECS - silent_for + 2))
    assert cluster.node_list(via=n1)["node-2"].down

    out = _cli_ok(n1, "node", "adopt", "node-2", "--from", str(backups))
    assert f"adopted {account.user}" in out, out
    assert cluster.home(account.user) is n1
    assert n1.collection_file(account.user).is_file()

    # The device cannot reach node 2; its user points it at node 3, which redirects to node 1.
    d1.auth.endpoint = n3.endpoint
    assert d1.sync(media=True) == SyncOutput.NO_CHANGES
    assert _redirect(d1) == n1.endpoint
    assert_same_state(backed_up, d1.snapshot(), "backup", "device")

    # A new device of the user, signing in through node 3, gets the backup's content and media.
    d2 = make_device("survivor-2")
    d2.login(account, n3.endpoint)
    assert d2.sync(media=True) == SyncOutput.FULL_DOWNLOAD
    assert _redirect(d2) == n1.endpoint
    assert_same_state(backed_up, d2.snapshot(), "backup", "new device")
    assert _media(d2) == {name: hashlib.sha1(data).hexdigest()}
