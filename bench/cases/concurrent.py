"""Concurrent case: N users sync at once, each from its own OS process with two devices.

One fresh server per target. Pass 1 runs on the cold server, pass 2.. on the same server with new
accounts (warm), then the steady-state phase repeats passes on the same server until
--steady-secs have passed and reports the last one. Steady passes reuse the accounts of the
earlier passes: device A starts from a fresh copy with a new schema time, so its first sync is a
full sync that it resolves by uploading (the server replaces that account's collection), and B
full-downloads as in every pass.

Every process and the parent meet at three barriers, so the parent can read the server's CPU time
between them: [copy collections, open devices] | sign-ins | timed syncs | [compare devices].
"""

from __future__ import annotations

import multiprocessing as mp
import os
import queue as _queue
import random
import threading
import time
import traceback
from pathlib import Path

from anki.sync import SyncOutput

from harness.devices import Device, required_name
from harness.servers import Account, ServerUnderTest

from benchlib import content
from benchlib.devices import close_all
from benchlib.procstat import CpuMeter, idle_rss_kib, memory_kib
from benchlib.servers import make_server
from benchlib.stats import per_sync, summary

BARRIER_TIMEOUT_SECS = 300.0
ADD_PER_ROUND = 20
REVIEW_PER_ROUND = 10
EDIT_PER_ROUND = 10
MAX_STEADY_PASSES = 200  # a bound on the count; --steady-secs bounds the time

KIND = {SyncOutput.FULL_UPLOAD: "full_upload", SyncOutput.FULL_SYNC: "full_upload",
        SyncOutput.FULL_DOWNLOAD: "full_download", SyncOutput.NO_CHANGES: "normal_sync"}


def timed_sync(dev: Device, expect: int, ops: list, deadline: float, what: str) -> None:
    """One `Device.sync()` timed from the client's view, with the CPU the client process spent in
    it (all its threads); a FULL_SYNC is resolved by uploading."""
    if time.monotonic() > deadline:
        raise TimeoutError(f"phase deadline passed before {what}")
    t = time.monotonic()
    cpu = time.process_time()
    got = dev.sync(full_sync="upload")
    dt = time.monotonic() - t
    cpu = time.process_time() - cpu
    if got != expect:
        raise AssertionError(f"{what}: sync result {required_name(got)}, expected "
                             f"{required_name(expect)}")
    ops.append((KIND.get(got, f"other{got}"), t, dt, cpu))


def user_worker(index: int, account: tuple[str, str], endpoint: str, workdir: str, params: dict,
                barrier, results) -> None:
    """One user with devices A and B; puts one result dict on `results`."""
    out: dict = {"index": index, "user": account[0], "ops": [], "error": None, "phase": "setup"}
    devices: list[Device] = []
    try:
        root = Path(workdir) / f"user{index}"
        a = Device(root, "A", copy_of=Path(params["base"]))
        devices.append(a)
        if params["reuse"]:
            content.as_new_schema(a.col)
        b = Device(root, "B")
        devices.append(b)
        barrier.wait(BARRIER_TIMEOUT_SECS)
        out["phase"] = "sign-in"
        acct = Account(*account)
        a.login(acct, endpoint)
        b.login(acct, endpoint)
        barrier.wait(BARRIER_TIMEOUT_SECS)
        deadline = time.monotonic() + params["phase_timeout"]
        rng = random.Random(1000 + index)
        ops = out["ops"]
        out["t_start"] = time.monotonic()
        cpu_start = time.process_time()
        first = SyncOutput.FULL_SYNC if params["reuse"] else SyncOutput.FULL_UPLOAD
        out["phase"] = "A full upload"
        timed_sync(a, first, ops, deadline, "A full upload")
        out["phase"] = "B full download"
        timed_sync(b, SyncOutput.FULL_DOWNLOAD, ops, deadline, "B full download")
        next_note = params["notes"]
        for r in range(1, params["rounds"] + 1):
            out["phase"] = f"round {r}"
            content.add_notes(a.col, f"u{index}", next_note, ADD_PER_ROUND)
            next_note += ADD_PER_ROUND
            content.review(a.col, REVIEW_PER_ROUND)
            timed_sync(a, SyncOutput.NO_CHANGES, ops, deadline, f"round {r}: A pushes adds")
            timed_sync(b, SyncOutput.NO_CHANGES, ops, deadline, f"round {r}: B pulls adds")
            content.edit_notes(b.col, rng, EDIT_PER_ROUND, f"round {r}")
            timed_sync(b, SyncOutput.NO_CHANGES, ops, deadline, f"round {r}: B pushes edits")
            timed_sync(a, SyncOutput.NO_CHANGES, ops, deadline, f"round {r}: A pulls edits")
        out["t_end"] = time.monotonic()
        out["cpu_timed"] = time.process_time() - cpu_start
        try:
            barrier.wait(BARRIER_TIMEOUT_SECS)
        except threading.BrokenBarrierError:
            pass  # another user failed; this one's result is still worth checking
        out["phase"] = "compare devices"
        fa, fb = content.fingerprint(a.col), content.fingerprint(b.col)
        expected = params["notes"] + params["rounds"] * ADD_PER_ROUND
        problem = content.compare(fa, fb)
        if problem is None and fa["notes"] != expected:
            problem = f"A has {fa['notes']} notes, expected {expected}"
        out["verify_error"] = problem
        out["final_notes"] = fa["notes"]
        out["collection_bytes"] = a.path.stat().st_size
        out["phase"] = "done"
    except BaseException as e:  # reported to the parent, which marks the pass invalid
        out["error"] = f"{type(e).__name__}: {e}\n{traceback.format_exc(limit=6)}"
        try:
            barrier.abort()  # do not leave the others waiting for this one
        except Exception:
            pass
    finally:
        close_all(devices)
        results.put(out)


def run_pass(server: ServerUnderTest, accounts: list[Account], clients_dir: Path,
             params: dict) -> dict:
    """One pass: one process per account, released together phase by phase."""
    users = len(accounts)
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(users + 1)  # + the parent, which reads the server's CPU between phases
    results = ctx.Queue()
    meter = CpuMeter(server.proc.pid)
    res: dict = {"users": users, "errors": []}
    procs = [ctx.Process(target=user_worker,
                         args=(i, (acct.user, acct.password), server.endpoint, str(clients_dir),
                               params, barrier, results),
                         name=f"bench-{server.target}-user{i}")
             for i, acct in enumerate(accounts)]
    for p in procs:
        p.start()
    try:
        barrier.wait(BARRIER_TIMEOUT_SECS)
        meter.mark("sign-in start")
        barrier.wait(BARRIER_TIMEOUT_SECS)
        meter.mark("sign-in end")
        barrier.wait(BARRIER_TIMEOUT_SECS + params["phase_timeout"])
        meter.mark("syncs end")
    except threading.BrokenBarrierError:
        res["errors"].append("a user process failed, so the phases did not complete together")
    outs = _collect(procs, results, users, BARRIER_TIMEOUT_SECS + params["phase_timeout"] + 60)
    res["peak_rss_kib"] = memory_kib(server.proc.pid).get("VmHWM")
    if not server.running:
        res["errors"].append("the server process is no longer running")
    if len(outs) < users:
        res["errors"].append(f"only {len(outs)} of {users} user processes reported")
    for o in outs:
        if o["error"]:
            res["errors"].append(f"user {o['index']} ({o['user']}) failed during "
                                 f"'{o['phase']}': {o['error']}")
        elif o.get("verify_error"):
            res["errors"].append(f"user {o['index']}: {o['verify_error']}")
    good = [o for o in outs if not o["error"]]
    res["valid"] = not res["errors"] and len(good) == users
    kinds: dict[str, list[float]] = {}
    client_cpu: dict[str, list[float]] = {}
    for o in good:
        for kind, _t, dt, cpu in o["ops"]:
            kinds.setdefault(kind, []).append(dt)
            client_cpu.setdefault(kind, []).append(cpu)
    res["lat"] = {k: summary(v) for k, v in kinds.items()}
    res["client_cpu"] = {k: summary(v) for k, v in client_cpu.items()}
    if good:
        res["wall_secs"] = max(o["t_end"] for o in good) - min(o["t_start"] for o in good)
        res["syncs"] = sum(len(o["ops"]) for o in good)
        res["throughput"] = res["syncs"] / res["wall_secs"] if res["wall_secs"] > 0 else None
        res["client_cpu_secs"] = sum(o["cpu_timed"] for o in good)
        res["final_notes"] = good[0]["final_notes"]
        res["collection_bytes"] = max(o["collection_bytes"] for o in good)
    res["sign_ins"] = 2 * users
    res["cpu_sign_in_secs"] = meter.between("sign-in start", "sign-in end")
    res["cpu_syncs_secs"] = meter.between("sign-in end", "syncs end")
    res["cpu_per_sign_in"] = per_sync(res["cpu_sign_in_secs"], res["sign_ins"])
    res["cpu_per_sync"] = per_sync(res["cpu_syncs_secs"], res.get("syncs", 0))
    if res.get("wall_secs") and res["cpu_syncs_secs"] is not None and "client_cpu_secs" in res:
        res["machine_busy"] = (res["cpu_syncs_secs"] + res["client_cpu_secs"]) / (res["wall_secs"] * os.cpu_count())
    return res


def _collect(procs, results, expected: int, limit: float) -> list[dict]:
    outs: list[dict] = []
    deadline = time.monotonic() + limit
    while len(outs) < expected and time.monotonic() < deadline:
        try:
            outs.append(results.get(timeout=1.0))
        except _queue.Empty:
            if not any(p.is_alive() for p in procs) and results.empty():
                break
    for p in procs:
        p.join(timeout=10)
        if p.is_alive():
            p.terminate()
            p.join(timeout=10)
        if p.is_alive():
            p.kill()
            p.join(timeout=5)
    return sorted(outs, key=lambda o: o["index"])


def run(target: str, workdir: Path, args, log) -> dict:
    """Cold and warm passes, then the steady-state phase, all on one fresh server."""
    base = content.basic(args.notes, args.reviews, log)
    params = {"base": str(base), "notes": args.notes, "rounds": args.rounds,
              "phase_timeout": args.phase_timeout, "reuse": False}
    res: dict = {"target": target, "errors": [], "passes": [], "steady": None}
    server = make_server(target, workdir / f"server-{target}", args.users * args.passes)
    t = time.monotonic()
    server.start()
    res["startup_secs"] = time.monotonic() - t
    res["idle_rss_kib"] = idle_rss_kib(server.proc.pid)
    try:
        t = time.monotonic()
        accounts = [server.new_account() for _ in range(args.users * args.passes)]
        log(f"  {target}: server up in {res['startup_secs']:.1f} s, {len(accounts)} accounts in "
            f"{time.monotonic() - t:.1f} s")
        groups = [accounts[k * args.users:(k + 1) * args.users] for k in range(args.passes)]
        for k, group in enumerate(groups):
            pr = run_pass(server, group, workdir / f"clients-{target}-pass{k + 1}", params)
            res["passes"].append(pr)
            log(f"  {target}: pass {k + 1}: {'valid' if pr['valid'] else 'INVALID'}, "
                f"wall {pr.get('wall_secs', 0):.2f} s")
            if not pr["valid"]:
                res["errors"].extend(f"pass {k + 1}: {e}" for e in pr["errors"])
                break
        if not res["errors"] and args.steady_secs > 0:
            res["steady"] = _steady(server, groups, workdir, params, args, log)
            if not res["steady"]["last"]["valid"]:
                res["errors"].extend(f"steady pass: {e}" for e in res["steady"]["last"]["errors"])
        mem = memory_kib(server.proc.pid)
        res["peak_rss_kib"], res["end_rss_kib"] = mem.get("VmHWM"), mem.get("VmRSS")
        res["idle_after_rss_kib"] = idle_rss_kib(server.proc.pid)
        if res["errors"]:
            res["log_tail"] = server.tail(80)
    finally:
        server.stop()
    res["valid"] = not res["errors"] and len(res["passes"]) == args.passes
    return res


def _steady(server, groups, workdir: Path, params: dict, args, log) -> dict:
    """Passes on the same server, reusing accounts, until --steady-secs; the last is reported."""
    steady_params = dict(params, reuse=True)
    t0 = time.monotonic()
    count = 0
    last: dict = {}
    while count < MAX_STEADY_PASSES:
        count += 1
        group = groups[(count - 1) % len(groups)]
        last = run_pass(server, group, workdir / f"clients-{server.target}-steady{count}",
                        steady_params)
        elapsed = time.monotonic() - t0
        if not last["valid"] or elapsed >= args.steady_secs:
            break
    log(f"  {server.target}: steady state: {count} pass(es) in {time.monotonic() - t0:.0f} s, "
        f"last {'valid' if last['valid'] else 'INVALID'}, wall {last.get('wall_secs', 0):.2f} s")
    return {"passes": count, "secs": time.monotonic() - t0, "last": last}
