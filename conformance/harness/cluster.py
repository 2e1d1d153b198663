"""Several Deckhand nodes sharing one PostgreSQL (accounts, host keys, media ledgers, placements)
and one S3Proxy (media blobs), all on loopback (issue 16, docs in ``NodeCommand``).

Each node is a ``DeckhandServer`` with its own data folder and port, started with
``DECKHAND_NODE_ID`` / ``DECKHAND_NODE_URL`` / ``DECKHAND_CLUSTER_SECRET``; its admin commands run
with the same settings (so ``user add`` writes the account to PostgreSQL, and ``node ...`` sees the
cluster). ``Cluster`` answers the questions the tests ask of the shared state: where a user is
placed, which node's data folder holds a collection file, which blobs S3 holds.
"""

from __future__ import annotations

import contextlib
import hashlib
import secrets
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from .backends import S3_ACCESS_KEY, S3_SECRET_KEY, S3PROXY_JAR, Postgres, S3Proxy, postgres_bin_dir
from .servers import DeckhandServer

BUCKET = "cluster-media"
# The server's silence limit (NodeConfig.SILENCE_LIMIT): a node not heard from for this long is down.
SILENCE_LIMIT_SECS = 90


def storage_key(user: str) -> str:
    """The folder name of a user's data (UserId.storageKey): up to 32 safe characters of the
    lower-cased name, then 12 bytes of the name's SHA-256 in hex."""
    readable = "".join(c if ("a" <= c <= "z" or "0" <= c <= "9" or c in "_-") else "_" for c in user.lower()[:32])
    return readable + "-" + hashlib.sha256(user.encode()).hexdigest()[:24]


def blob_key(data: bytes) -> str:
    """The S3 key of a media blob (S3BlobStore.keyOf): ``blobs/<first two hex digits>/<sha256>``."""
    digest = hashlib.sha256(data).hexdigest()
    return f"blobs/{digest[:2]}/{digest}"


class ClusterNode(DeckhandServer):
    """One node; ``cli`` runs admin commands with the node's settings, as an operator on its machine would."""

    def __init__(self, workdir: Path, node_id: str):
        super().__init__(workdir, node_id)
        self.node_id = node_id

    def cli(self, *args: str, stdin: str | None = None,
            env_extra: dict[str, str] | None = None) -> subprocess.CompletedProcess:
        return super().cli(*args, stdin=stdin, env_extra={**self.settings, **(env_extra or {})})

    def collection_file(self, user: str) -> Path:
        return self.data_dir / "users" / storage_key(user) / "collection.anki2"

    def kill(self) -> None:
        """SIGKILL: the node is gone without a goodbye (no last announcement, nothing flushed)."""
        proc = self.proc
        if proc is not None and proc.poll() is None:
            proc.kill()
            proc.wait(15)
        self.stop()


@dataclass
class NodeRow:
    """A line of ``deckhand node list``."""
    node_id: str
    url: str
    users: int
    accepts_new_users: bool
    down: bool


class Cluster:
    def __init__(self, nodes: list[ClusterNode], postgres: Postgres, s3: S3Proxy):
        self.nodes = nodes
        self.postgres = postgres
        self.s3 = s3

    def node(self, node_id: str) -> ClusterNode:
        return next(n for n in self.nodes if n.node_id == node_id)

    def by_url(self, url: str) -> ClusterNode:
        return next(n for n in self.nodes if n.endpoint == url)

    def placement(self, user: str) -> tuple[str, bool] | None:
        """(node id, moving) of the user's placement in PostgreSQL, or None before their first meta."""
        rows = self.postgres.sql(
            f"select node_id, moving from user_placements where user_name = '{user.replace(chr(39), chr(39) * 2)}'")
        return (rows[0][0], rows[0][1] == "t") if rows else None

    def home(self, user: str) -> ClusterNode:
        """The node the user is placed on (and not being moved)."""
        placed = self.placement(user)
        assert placed is not None, f"{user} has no placement"
        assert not placed[1], f"{user} is still marked as moving to {placed[0]}"
        return self.node(placed[0])

    def users_per_node(self) -> dict[str, int]:
        counts = {n.node_id: 0 for n in self.nodes}
        for node_id, count in self.postgres.sql("select node_id, count(*) from user_placements group by node_id"):
            counts[node_id] = int(count)
        return counts

    def holders(self, user: str) -> list[str]:
        """The nodes whose data folder holds a collection file of the user."""
        return [n.node_id for n in self.nodes if n.collection_file(user).is_file()]

    def node_list(self, via: ClusterNode | None = None) -> dict[str, NodeRow]:
        """``deckhand node list`` run with a node's settings, parsed."""
        res = (via or self.nodes[0]).cli("node", "list")
        assert res.returncode == 0, f"`deckhand node list` exit {res.returncode}\n{res.stdout}\n{res.stderr}"
        rows = {}
        for line in res.stdout.splitlines()[1:]:
            parts = line.split()
            if not parts:
                continue
            # NODE URL USERS NEW-USERS... LAST SEEN: "yes" or "no (drained)", then "<n> s ago [(down)]"
            rows[parts[0]] = NodeRow(parts[0], parts[1], int(parts[2]), parts[3] == "yes", line.rstrip().endswith("(down)"))
        return rows

    def blobs_of(self, data: bytes) -> list[str]:
        """The S3 objects holding this content (content-addressed: at most one is expected)."""
        key = blob_key(data)
        return [k for k in self.s3.objects("blobs/") if k == key]


def node_settings(node: ClusterNode, postgres: Postgres, s3: S3Proxy, secret: str) -> dict[str, str]:
    return {
        "DECKHAND_SERVER_DATABASE": "postgres",
        "DECKHAND_POSTGRES_URL": postgres.jdbc_url,
        "DECKHAND_POSTGRES_USER": "postgres",
        "DECKHAND_BLOB_STORE": "s3",
        "DECKHAND_S3_BUCKET": s3.bucket,
        "DECKHAND_S3_ENDPOINT": s3.endpoint,
        "DECKHAND_S3_ACCESS_KEY_ID": S3_ACCESS_KEY,
        "DECKHAND_S3_SECRET_ACCESS_KEY": S3_SECRET_KEY,
        "DECKHAND_NODE_ID": node.node_id,
        "DECKHAND_NODE_URL": node.endpoint,
        "DECKHAND_CLUSTER_SECRET": secret,
        # Three nodes' warm-up rounds on 2 cores take 20 s; none of these tests measures speed.
        "DECKHAND_WARMUP": "off",
    }


@contextlib.contextmanager
def running_cluster(tmp_path: Path, size: int = 3):
    """``size`` nodes (node-1 ...) on a fresh PostgreSQL and S3Proxy, started one after the other;
    yields a Cluster, stops everything after. Skips without PostgreSQL or the S3Proxy jar."""
    bin_dir = postgres_bin_dir()
    if bin_dir is None:
        pytest.skip("PostgreSQL is not installed (scripts/install-test-deps.sh installs it)")
    if not S3PROXY_JAR.is_file():
        pytest.skip(f"{S3PROXY_JAR} is missing: `mvn package -DskipTests` copies it")
    postgres = Postgres(tmp_path, bin_dir)
    nodes = [ClusterNode(tmp_path / f"node-{i}", f"node-{i}") for i in range(1, size + 1)]
    s3 = S3Proxy(tmp_path, nodes[0].java, BUCKET)
    secret = secrets.token_urlsafe(32)
    try:
        postgres.start()
        s3.start()
        for node in nodes:
            node.settings.update(node_settings(node, postgres, s3, secret))
            node.start()
        yield Cluster(nodes, postgres, s3)
    finally:
        for node in nodes:
            node.stop()
        s3.kill()
        postgres.stop()
