"""Many-accounts case: a server with --many-accounts accounts (1,000), --many-clients client
processes (32) syncing at once, each working through its own --many-per-client accounts (4), drawn
at random from all of them.

Per account (devices A and B, A a copy of a small cached collection): A full upload, B full
download, then --many-rounds rounds of (A edits 5 notes, A pushes, B pulls; B edits 5 notes,
B pushes, A pulls). A failed sync is counted as an error and that account is left; the client
goes on with its next account, so one error does not hide the rest of the run. Afterwards A and B
of every account must be identical.

The accounts are declared at start-up with PBKDF2-SHA256 hashes, and Deckhand's per-address
limits are raised because every client comes from 127.0.0.1 (see benchlib/servers.py). As in
the concurrent case, the client processes and the parent meet at barriers so that the server's CPU
for the sign-ins and for the syncs are read separately.
"""

from __future__ import annotations

import multiprocessing as mp
import random
import threading
import time
import traceback
from pathlib import Path

from anki.sync import SyncOutput

from harness.devices import Device
from harness.servers import Account

from benchlib import content
from benchlib.devices import close_all
from benchlib.procstat import CpuMeter, memory_kib
from benchlib.servers import as_account, hashed_accounts, server_with_accounts
from benchlib.stats import per_sync, summary

from .concurrent import BARRIER_TIMEOUT_SECS, _collect, timed_sync

EDITS = 5
MANY_NOTES = 200
MANY_REVIEWS = 20


def client_worker(index: int, accounts: list[tuple[str, str]], endpoints: list[str], workdir: str,
                  params: dict, barrier, results) -> None:
    """One client process working through `accounts` one after another. Each device signs in at
    the next of `endpoints` in turn over all clients' devices, as a load balancer in front of
    several nodes would spread them; a device a node redirects keeps the node's URL."""
    out: dict = {"index": index, "user": f"client{index}", "ops": [], "errors": [],
                 "error": None, "phase": "setup", "accounts": len(accounts), "verified": 0,
                 "redirected": 0}
    devices: list[Device] = []
    try:
        pairs = []
        for k, (user, password) in enumerate(accounts):
            root = Path(workdir) / f"client{index}" / f"acct{k}"
            a = Device(root, "A", copy_of=Path(params["base"]))
            devices.append(a)
            b = Device(root, "B")
            devices.append(b)
            pairs.append((Account(user, password), a, b))
        barrier.wait(BARRIER_TIMEOUT_SECS)
        out["phase"] = "sign-in"
        live = []
        for k, (acct, a, b) in enumerate(pairs):
            turn = 2 * (index * len(pairs) + k)
            try:
                a.login(acct, endpoints[turn % len(endpoints)])
                b.login(acct, endpoints[(turn + 1) % len(endpoints)])
                live.append((acct, a, b))
            except Exception as e:
                out["errors"].append(f"{acct.user}: sign-in: {type(e).__name__}: {e}")
        barrier.wait(BARRIER_TIMEOUT_SECS)
        out["phase"] = "syncs"
        deadline = time.monotonic() + params["phase_timeout"]
        rng = random.Random(5000 + index)
        ops = out["ops"]
        out["t_start"] = time.monotonic()
        done = []
        for acct, a, b in live:
            step = "A full upload"
            try:
                timed_sync(a, SyncOutput.FULL_UPLOAD, ops, deadline, step)
                step = "B full download"
                timed_sync(b, SyncOutput.FULL_DOWNLOAD, ops, deadline, step)
                for r in range(params["rounds"]):
                    content.edit_notes(a.col, rng, EDITS, f"A round {r}")
                    step = f"round {r + 1}: A pushes"
                    timed_sync(a, SyncOutput.NO_CHANGES, ops, deadline, step)
                    step = f"round {r + 1}: B pulls"
                    timed_sync(b, SyncOutput.NO_CHANGES, ops, deadline, step)
                    content.edit_notes(b.col, rng, EDITS, f"B round {r}")
                    step = f"round {r + 1}: B pushes"
                    timed_sync(b, SyncOutput.NO_CHANGES, ops, deadline, step)
                    step = f"round {r + 1}: A pulls"
                    timed_sync(a, SyncOutput.NO_CHANGES, ops, deadline, step)
                done.append((acct, a, b))
            except Exception as e:
                out["errors"].append(f"{acct.user}: {step}: {type(e).__name__}: {e}")
        out["t_end"] = time.monotonic()
        out["redirected"] = sum(d.redirects for d in devices)
        try:
            barrier.wait(BARRIER_TIMEOUT_SECS)
        except threading.BrokenBarrierError:
            pass
        out["phase"] = "compare devices"
        for acct, a, b in done:
            problem = content.compare(content.fingerprint(a.col), content.fingerprint(b.col))
            if problem:
                out["errors"].append(f"{acct.user}: {problem}")
            else:
                out["verified"] += 1
        out["phase"] = "done"
    except BaseException as e:
        out["error"] = f"{type(e).__name__}: {e}\n{traceback.format_exc(limit=6)}"
        try:
            barrier.abort()
        except Exception:
            pass
    finally:
        close_all(devices)
        results.put(out)


def run(target: str, workdir: Path, args, log) -> dict:
    accounts = hashed_accounts(args.many_accounts, args.many_hash_iterations, log)
    per_client = max(1, min(args.many_per_client, len(accounts) // args.many_clients))
    active = random.Random(14).sample(accounts, per_client * args.many_clients)
    server = server_with_accounts(target, workdir / f"server-{target}", accounts, 2 * len(active))
    t = time.monotonic()
    server.start()
    startup = time.monotonic() - t
    log(f"  {target}: server with {len(accounts)} accounts up in {startup:.1f} s; "
        f"{args.many_clients} clients x {per_client} accounts")
    try:
        res = drive(target, [server], workdir / f"clients-{target}", accounts, active,
                    args.many_clients, args.many_rounds, args.phase_timeout, log)
    finally:
        server.stop()
    res.update(target=target, startup_secs=startup, peak_rss_kib=res["peak_rss_kib_sum"])
    return res


def drive(label: str, servers: list, workdir: Path, accounts: list, active: list, clients: int,
          rounds: int, phase_timeout: float, log, others: dict | None = None) -> dict:
    """The client side of the case against running `servers` (one, or the nodes of a cluster):
    `clients` processes, each on its share of `active`, signing in round-robin over the servers'
    endpoints. Returns the figures; CPU and peak RSS are summed over the servers. `others`: more
    processes' meters by name (e.g. PostgreSQL), whose CPU over the syncs lands in
    res["cpu_sync_others"][name]."""
    base = content.basic(MANY_NOTES, MANY_REVIEWS, log)
    per_client = len(active) // clients
    res: dict = {"errors": [], "accounts": len(accounts), "clients": clients,
                 "per_client": per_client, "active": len(active), "rounds": rounds,
                 "servers": len(servers)}
    endpoints = [s.endpoint for s in servers]
    params = {"base": str(base), "rounds": rounds, "phase_timeout": phase_timeout}
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(clients + 1)
    results = ctx.Queue()
    meters = [CpuMeter(s.proc.pid) for s in servers]

    others = others or {}

    def mark(name: str) -> None:
        for m in [*meters, *others.values()]:
            m.mark(name)

    def cpu(a: str, b: str) -> float | None:
        parts = [m.between(a, b) for m in meters]
        return None if None in parts else sum(parts)

    procs = []
    for c in range(clients):
        mine = [(u, pw) for u, pw, _h in active[c * per_client:(c + 1) * per_client]]
        procs.append(ctx.Process(target=client_worker,
                                 args=(c, mine, endpoints, str(workdir), params, barrier, results),
                                 name=f"bench-{label}-{c}"))
    for p in procs:
        p.start()
    try:
        barrier.wait(BARRIER_TIMEOUT_SECS)
        mark("sign-in start")
        barrier.wait(BARRIER_TIMEOUT_SECS)
        mark("sign-in end")
        barrier.wait(BARRIER_TIMEOUT_SECS + phase_timeout)
        mark("syncs end")
    except threading.BrokenBarrierError:
        res["errors"].append("a client process failed, so the phases did not complete together")
    outs = _collect(procs, results, clients, BARRIER_TIMEOUT_SECS + phase_timeout + 60)
    peaks = [memory_kib(s.proc.pid).get("VmHWM") for s in servers]
    res["peak_rss_kib_sum"] = None if None in peaks else sum(peaks)
    if len(outs) < clients:
        res["errors"].append(f"only {len(outs)} of {clients} clients reported")
    sync_errors = []
    for o in outs:
        if o["error"]:
            res["errors"].append(f"client {o['index']} failed during '{o['phase']}': "
                                 f"{o['error']}")
        sync_errors.extend(o["errors"])
    res["sync_errors"] = len(sync_errors)
    res["errors"].extend(sync_errors)
    res["verified"] = sum(o["verified"] for o in outs)
    if res["verified"] != len(active):
        res["errors"].append(f"only {res['verified']} of {len(active)} active accounts "
                             f"ended with identical devices")
    res["redirected"] = sum(o.get("redirected", 0) for o in outs)
    ran = [o for o in outs if "t_end" in o]
    all_ops = [dt for o in ran for _k, _t, dt, _cpu in o["ops"]]
    res["lat_all"] = summary(all_ops)
    res["lat_normal"] = summary([dt for o in ran for k, _t, dt, _cpu in o["ops"] if k == "normal_sync"])
    res["syncs"] = len(all_ops)
    if ran:
        res["wall_secs"] = max(o["t_end"] for o in ran) - min(o["t_start"] for o in ran)
        res["throughput"] = res["syncs"] / res["wall_secs"] if res["wall_secs"] > 0 else None
    res["sign_ins"] = 2 * len(active)
    res["cpu_sign_in_secs"] = cpu("sign-in start", "sign-in end")
    res["cpu_sync_secs"] = cpu("sign-in end", "syncs end")
    res["cpu_per_sign_in"] = per_sync(res["cpu_sign_in_secs"], res["sign_ins"])
    res["cpu_per_sync"] = per_sync(res["cpu_sync_secs"], res["syncs"])
    res["cpu_sync_others"] = {n: m.between("sign-in end", "syncs end") for n, m in others.items()}
    if res["errors"]:
        res["log_tail"] = "\n".join(f"--- {s.name} ---\n{s.tail(80 // len(servers))}"
                                    for s in servers)
    log(f"  {label}: {res['syncs']} syncs, {res['sync_errors']} errors, "
        f"{res.get('throughput') or 0:.1f} syncs/s")
    res["valid"] = not res["errors"]
    return res
