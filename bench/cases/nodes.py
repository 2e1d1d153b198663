"""Nodes case: the many-accounts workload on three Deckhand settings, on the same machine.

* sqlite: one server on the embedded default (SQLite, blobs on its disk), as the many case;
* shared: one server with its state in PostgreSQL and media in S3 (S3Proxy), which shows what
  the shared engines cost;
* cluster: --nodes nodes (3) on that same PostgreSQL and S3, each with its own DECKHAND_NODE_ID
  and DECKHAND_NODE_URL; the clients sign in round-robin over the node URLs, as a load balancer
  would spread them, and follow the nodes' redirects (docs/scaling.md).

The client side is the many case's (cases/many.py: `drive`, `client_worker`); every account has
devices A and B that must end identical. The accounts are declared with SYNC_USERn on every
node: they share one account table in PostgreSQL, and each node's start-up provisions them
idempotently. The nodes start one after another, so that the first one alone migrates the
database. Every run has its own fresh PostgreSQL and S3Proxy.

All servers, PostgreSQL, S3Proxy and the client processes share the machine's cores: on a
2-core machine the cluster run shows correctness and overhead under load, not what three
machines would add.
"""

from __future__ import annotations

import random
import secrets
import time
from pathlib import Path

from harness.backends import (S3_ACCESS_KEY, S3_SECRET_KEY, S3PROXY_JAR, Postgres, S3Proxy,
                              postgres_bin_dir)

from benchlib.procstat import CpuMeter, TreeCpuMeter
from benchlib.servers import hashed_accounts, server_with_accounts

from .many import drive

RUNS = ("sqlite", "shared", "cluster")
BUCKET = "deckhand-media"


def title(run: str, nodes: int) -> str:
    return {"sqlite": "1 node, SQLite + filesystem",
            "shared": "1 node, PostgreSQL + S3",
            "cluster": f"{nodes} nodes, PostgreSQL + S3"}[run]


def accounts_for(args, log) -> tuple[list, list]:
    """(every declared account, the active ones), as the many case draws them."""
    accounts = hashed_accounts(args.nodes_accounts, args.many_hash_iterations, log)
    per_client = max(1, min(args.nodes_per_client, len(accounts) // args.nodes_clients))
    active = random.Random(16).sample(accounts, per_client * args.nodes_clients)
    return accounts, active


def missing_backends() -> str | None:
    """Why the PostgreSQL runs cannot happen on this machine, or None."""
    if postgres_bin_dir() is None:
        return "PostgreSQL is not installed (scripts/install-test-deps.sh installs it)"
    if not S3PROXY_JAR.is_file():
        return f"{S3PROXY_JAR} is missing (`mvn package -DskipTests` copies it)"
    return None


def run(which: str, workdir: Path, args, log) -> dict:
    """One of RUNS; a result dict as the many case's, plus users per node and backends' CPU."""
    accounts, active = accounts_for(args, log)
    devices = 2 * len(active)
    count = args.nodes if which == "cluster" else 1
    if which == "sqlite":
        servers = [server_with_accounts("deckhand", workdir / "node-1", accounts, devices,
                                        name="node-1")]
        return _measure(which, servers, None, None, workdir, accounts, active, args, log)
    why = missing_backends()
    if why:
        return {"skipped": why, "errors": [], "valid": True}
    workdir.mkdir(parents=True, exist_ok=True)
    postgres = Postgres(workdir, postgres_bin_dir())
    servers = [server_with_accounts("deckhand", workdir / f"node-{i}", accounts, devices,
                                    name=f"node-{i}") for i in range(1, count + 1)]
    s3 = S3Proxy(workdir, servers[0].java, BUCKET)
    secret = secrets.token_urlsafe(33)
    for i, server in enumerate(servers, 1):
        server.settings.update({
            "DECKHAND_SERVER_DATABASE": "postgres",
            "DECKHAND_POSTGRES_URL": postgres.jdbc_url,
            "DECKHAND_POSTGRES_USER": "postgres",
            "DECKHAND_BLOB_STORE": "s3",
            "DECKHAND_S3_BUCKET": BUCKET,
            "DECKHAND_S3_ENDPOINT": s3.endpoint,
            "DECKHAND_S3_ACCESS_KEY_ID": S3_ACCESS_KEY,
            "DECKHAND_S3_SECRET_ACCESS_KEY": S3_SECRET_KEY,
        })
        if which == "cluster":
            server.settings.update({"DECKHAND_NODE_ID": f"node-{i}",
                                    "DECKHAND_NODE_URL": server.endpoint,  # its port is chosen
                                    "DECKHAND_CLUSTER_SECRET": secret})
    try:
        postgres.start()
        s3.start()
        return _measure(which, servers, postgres, s3, workdir, accounts, active, args, log)
    finally:
        s3.kill()
        postgres.stop()


def _measure(which: str, servers: list, postgres: Postgres | None, s3: S3Proxy | None,
             workdir: Path, accounts: list, active: list, args, log) -> dict:
    t = time.monotonic()
    try:
        for server in servers:  # one after another: the first migrates the database alone
            server.start()
        startup = time.monotonic() - t
        log(f"  {which}: {len(servers)} node(s) with {len(accounts)} accounts up in "
            f"{startup:.1f} s; {args.nodes_clients} clients x {len(active) // args.nodes_clients} "
            f"accounts")
        others = {}
        if postgres is not None:
            others = {"postgres": TreeCpuMeter(postgres.proc.pid), "s3proxy": CpuMeter(s3.proc.pid)}
        res = drive(f"nodes-{which}", servers, workdir / "clients", accounts, active,
                    args.nodes_clients, args.many_rounds, args.phase_timeout, log, others)
        res["startup_secs"] = startup
        if postgres is not None and which == "cluster":
            rows = postgres.sql("SELECT node_id, count(*) FROM user_placements "
                                "GROUP BY node_id ORDER BY node_id")
            res["users_per_node"] = {node: int(n) for node, n in rows}
            placed = sum(res["users_per_node"].values())
            if placed != len(active):
                res["errors"].append(f"{placed} users placed on nodes, expected {len(active)} "
                                     f"(one per active account)")
                res["valid"] = False
                res.setdefault("log_tail", "\n".join(s.tail(30) for s in servers))
        return res
    finally:
        for server in servers:
            server.stop()
