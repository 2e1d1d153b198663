#!/usr/bin/env python3
"""Deckhand vs. the official Anki sync server on the same official-client workload.

Run with the conformance venv (it has the pinned ``anki`` package):

    conformance/.venv/bin/python bench/sync_bench.py [--users 8] [--notes 2000] [--rounds 5]
        [--large-notes 20000] [--targets deckhand,reference] [--out bench/results/latest.md]

For every target a fresh server is started (the conformance harness's ``DeckhandServer`` /
``ReferenceServer``), N users are created, and every user is driven from its own OS process
(multiprocessing, "spawn") that owns two ``anki.collection.Collection`` objects, device A and
device B, in its own temp dir. All users start the timed phase together (a barrier); with
--passes P (default 2) this is repeated P times on the same server with fresh accounts, so pass 1
shows the cold server and later passes the warm one:

  1. A full-uploads its prepared collection (built before the barrier: --notes notes on Basic
     with some HTML, --reviews reviews);
  2. B full-downloads;
  3. --rounds rounds of: A adds 20 notes and reviews 10 cards, sync A, sync B;
     B edits 10 notes, sync B, sync A.

Every sync is timed from the client's view (the whole ``Device.sync`` call: meta + transfer,
close/reopen for full syncs). Afterwards both devices of every user must hold the same notes
(count + order-independent hash of id and fields, plus card and revlog counts) and the expected
note count, otherwise the target's run is marked invalid.

A second, small case starts one more fresh server per target: one user, --large-notes notes, full
upload + full download, and the server's peak RSS (VmHWM).

Everything listens on 127.0.0.1; every wait is bounded (barrier, phase deadline, per-request
client I/O timeout from the harness).
"""

from __future__ import annotations

import argparse
import datetime as _dt
import hashlib
import multiprocessing as mp
import os
import platform
import queue as _queue
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "conformance"))

from anki.sync import SyncOutput  # noqa: E402

from harness.devices import Device, required_name  # noqa: E402
from harness.servers import (  # noqa: E402
    DEFAULT_JAR,
    Account,
    DeckhandServer,
    ReferenceServer,
    ServerError,
    ServerUnderTest,
)

TARGETS = ("deckhand", "reference")
LABEL = {"deckhand": "Deckhand", "reference": "official (anki.syncserver)"}
BARRIER_TIMEOUT_SECS = 300.0
START_LOADAVG: tuple[float, float, float] | None = None
ADD_PER_ROUND = 20
REVIEW_PER_ROUND = 10
EDIT_PER_ROUND = 10


# ------------------------------------------------------------------------------------------------
# Client side (runs in the per-user worker processes)
# ------------------------------------------------------------------------------------------------

def _front(tag: str, i: int) -> str:
    return f"<b>{tag} word {i}</b>"


def _back(tag: str, i: int, extra: str = "") -> str:
    return (
        f'<div class="def">meaning of <i>word {i}</i>{extra}<br>'
        f'<span style="color:#555">An example sentence for {tag} #{i}, long enough to look like '
        f"a real card &amp; with an entity.</span><ul><li>one</li><li>two</li></ul></div>"
    )


def add_notes(col, tag: str, start: int, count: int) -> None:
    nt = col.models.by_name("Basic")
    deck_id = col.decks.id_for_name("Default")
    for i in range(start, start + count):
        note = col.new_note(nt)
        note["Front"] = _front(tag, i)
        note["Back"] = _back(tag, i)
        note.tags = ["bench", f"bench::{tag}"]
        col.add_note(note, deck_id)


def review(col, count: int) -> int:
    done = 0
    for _ in range(count):
        card = col.sched.getCard()
        if card is None:
            break
        col.sched.answerCard(card, 3)
        done += 1
    return done


def build_collection(col, tag: str, notes: int, reviews: int) -> None:
    conf = col.decks.get_config(1)
    conf["new"]["perDay"] = 100000  # so that the reviews below find enough new cards
    conf["rev"]["perDay"] = 100000
    col.decks.update_config(conf)
    add_notes(col, tag, 0, notes)
    review(col, reviews)


def edit_notes(col, rng: random.Random, count: int, round_no: int) -> None:
    nids = col.find_notes("")
    for nid in rng.sample(list(nids), min(count, len(nids))):
        note = col.get_note(nid)
        note["Back"] = note["Back"] + f"<p>edited on B in round {round_no}</p>"
        col.update_note(note)


def cheap_snapshot(col) -> dict:
    """Note count + order-independent hash of (id, flds), plus card and revlog counts."""
    total = 0
    count = 0
    for nid, flds in col.db.all("select id, flds from notes"):
        h = hashlib.blake2b(f"{nid}\x1e{flds}".encode(), digest_size=8).digest()
        total = (total + int.from_bytes(h, "big")) % (1 << 64)
        count += 1
    return {
        "notes": count,
        "flds_hash": f"{total:016x}",
        "cards": col.db.scalar("select count() from cards"),
        "revlog": col.db.scalar("select count() from revlog"),
    }


def user_worker(index: int, account: tuple[str, str], endpoint: str, workdir: str,
                params: dict, barrier, results) -> None:
    """One user: devices A and B in their own folder; reports a dict on `results`."""
    user, password = account
    out: dict = {"index": index, "user": user, "ops": [], "error": None, "phase": "setup"}
    devices: list[Device] = []
    try:
        root = Path(workdir) / f"user{index}"
        a = Device(root, "A")
        devices.append(a)
        b = Device(root, "B")
        devices.append(b)
        out["phase"] = "build collection"
        build_collection(a.col, f"u{index}", params["notes"], params["reviews"])
        out["phase"] = "login"
        acct = Account(user, password)
        a.login(acct, endpoint)
        b.login(acct, endpoint)
        out["phase"] = "barrier"
        barrier.wait(BARRIER_TIMEOUT_SECS)
        deadline = time.monotonic() + params["phase_timeout"]

        def timed_sync(dev: Device, what: str, expect: int) -> None:
            out["phase"] = what
            if time.monotonic() > deadline:
                raise TimeoutError(f"phase deadline passed before {what}")
            t = time.monotonic()
            required = dev.sync()
            dt = time.monotonic() - t
            kind = {SyncOutput.FULL_UPLOAD: "full_upload",
                    SyncOutput.FULL_DOWNLOAD: "full_download",
                    SyncOutput.NO_CHANGES: "normal_sync"}.get(required, f"other{required}")
            if required != expect:
                raise AssertionError(f"{what}: sync result {required_name(required)}, "
                                     f"expected {required_name(expect)}")
            out["ops"].append((kind, t, dt))

        rng = random.Random(1000 + index)
        out["t_start"] = time.monotonic()
        timed_sync(a, "A full upload", SyncOutput.FULL_UPLOAD)
        timed_sync(b, "B full download", SyncOutput.FULL_DOWNLOAD)
        next_note = params["notes"]
        for r in range(1, params["rounds"] + 1):
            out["phase"] = f"round {r}: A adds/reviews"
            add_notes(a.col, f"u{index}", next_note, ADD_PER_ROUND)
            next_note += ADD_PER_ROUND
            review(a.col, REVIEW_PER_ROUND)
            timed_sync(a, f"round {r}: sync A (push adds)", SyncOutput.NO_CHANGES)
            timed_sync(b, f"round {r}: sync B (pull adds)", SyncOutput.NO_CHANGES)
            out["phase"] = f"round {r}: B edits"
            edit_notes(b.col, rng, EDIT_PER_ROUND, r)
            timed_sync(b, f"round {r}: sync B (push edits)", SyncOutput.NO_CHANGES)
            timed_sync(a, f"round {r}: sync A (pull edits)", SyncOutput.NO_CHANGES)
        out["t_end"] = time.monotonic()
        out["phase"] = "verify"
        out["snap_a"] = cheap_snapshot(a.col)
        out["snap_b"] = cheap_snapshot(b.col)
        out["expected_notes"] = params["notes"] + params["rounds"] * ADD_PER_ROUND
        out["collection_bytes"] = a.path.stat().st_size
        out["phase"] = "done"
    except BaseException as e:  # reported to the parent, which marks the run invalid
        out["error"] = f"{type(e).__name__}: {e}\n{traceback.format_exc(limit=6)}"
        try:
            barrier.abort()  # do not leave the other users waiting for this one
        except Exception:
            pass
    finally:
        for dev in devices:
            try:
                dev.close()
            except Exception:
                pass
        results.put(out)


# ------------------------------------------------------------------------------------------------
# Orchestration (parent process)
# ------------------------------------------------------------------------------------------------

def proc_status(pid: int) -> dict[str, int]:
    """VmHWM / VmRSS in KiB of a live process."""
    vals = {}
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith(("VmHWM:", "VmRSS:")):
                    k, v = line.split(":", 1)
                    vals[k] = int(v.split()[0])
    except OSError:
        pass
    return vals


def proc_cpu_secs(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def make_server(target: str, workdir: Path, users: int) -> ServerUnderTest:
    if target == "reference":
        return ReferenceServer(workdir, "reference", pool_size=users)
    return DeckhandServer(workdir, "deckhand")


def run_pass(server: ServerUnderTest, accounts: list[Account], clients_dir: Path,
             params: dict) -> dict:
    """One timed pass: one process per account, all released together by a barrier."""
    users = len(accounts)
    pid = server.proc.pid
    res: dict = {"users": users, "errors": []}
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(users)
    results = ctx.Queue()
    procs = []
    for i, acct in enumerate(accounts):
        p = ctx.Process(
            target=user_worker,
            args=(i, (acct.user, acct.password), server.endpoint, str(clients_dir), params,
                  barrier, results),
            name=f"bench-{server.target}-user{i}",
        )
        p.start()
        procs.append(p)
    cpu0 = proc_cpu_secs(pid)
    outs: list[dict] = []
    # Bound: setup (build + login, before the barrier) + the timed phase + slack.
    deadline = time.monotonic() + BARRIER_TIMEOUT_SECS + params["phase_timeout"] + 60
    while len(outs) < users and time.monotonic() < deadline:
        try:
            outs.append(results.get(timeout=1.0))
        except _queue.Empty:
            if not any(p.is_alive() for p in procs) and results.empty():
                break
    cpu1 = proc_cpu_secs(pid)
    for p in procs:
        p.join(timeout=10)
        if p.is_alive():
            p.terminate()
            p.join(timeout=10)
            if p.is_alive():
                p.kill()
                p.join(timeout=5)
    res["peak_rss_kib"] = proc_status(pid).get("VmHWM")  # peak so far (monotonic)
    res["server_cpu_secs"] = (cpu1 - cpu0) if (cpu0 is not None and cpu1 is not None) else None
    if not server.running:
        res["errors"].append("the server process is no longer running")
    if len(outs) < users:
        res["errors"].append(f"only {len(outs)} of {users} user processes reported "
                             f"before the deadline")
    res["outs"] = sorted(outs, key=lambda o: o["index"])
    for o in res["outs"]:
        if o["error"]:
            res["errors"].append(f"user {o['index']} ({o['user']}) failed during "
                                 f"'{o['phase']}': {o['error']}")
            continue
        sa, sb = o["snap_a"], o["snap_b"]
        if sa != sb:
            res["errors"].append(f"user {o['index']}: devices differ: A={sa} B={sb}")
        if sa["notes"] != o["expected_notes"]:
            res["errors"].append(f"user {o['index']}: A has {sa['notes']} notes, expected "
                                 f"{o['expected_notes']}")
    summarise(res)
    return res


def run_case(target: str, workdir: Path, *, users: int, passes: int, params: dict,
             log) -> dict:
    """Fresh server; `passes` timed passes of `users` concurrent users (fresh accounts each)."""
    res: dict = {"target": target, "users": users, "errors": [], "passes": []}
    server = make_server(target, workdir / f"server-{target}", users * passes)
    t = time.monotonic()
    server.start()
    res["startup_secs"] = time.monotonic() - t
    pid = server.proc.pid
    res["idle_rss_kib"] = proc_status(pid).get("VmRSS")
    try:
        t = time.monotonic()
        accounts = [server.new_account() for _ in range(users * passes)]
        res["account_setup_secs"] = time.monotonic() - t
        log(f"  {target}: server up in {res['startup_secs']:.1f}s, {len(accounts)} account(s) "
            f"in {res['account_setup_secs']:.1f}s")
        for k in range(passes):
            log(f"  {target}: pass {k + 1}/{passes}: {users} user process(es)")
            pr = run_pass(server, accounts[k * users:(k + 1) * users],
                          workdir / f"clients-{target}-pass{k + 1}", params)
            res["passes"].append(pr)
            log(f"  {target}: pass {k + 1}: {'valid' if pr['valid'] else 'INVALID'}, wall "
                f"{fmt_s(pr.get('wall_secs'))}")
            if not pr["valid"]:
                res["errors"].extend(f"pass {k + 1}: {e}" for e in pr["errors"])
                break
        st = proc_status(pid)
        res["peak_rss_kib"] = st.get("VmHWM")
        res["end_rss_kib"] = st.get("VmRSS")
        if res["errors"]:
            res["log_tail"] = server.tail(80)
    finally:
        server.stop()
    res["valid"] = not res["errors"] and len(res["passes"]) == passes
    return res


def pct(values: list[float], p: float) -> float | None:
    """Percentile with linear interpolation between closest ranks (p in 0..100)."""
    if not values:
        return None
    v = sorted(values)
    if len(v) == 1:
        return v[0]
    k = (len(v) - 1) * p / 100.0
    lo = int(k)
    hi = min(lo + 1, len(v) - 1)
    return v[lo] + (v[hi] - v[lo]) * (k - lo)


def summarise(res: dict) -> None:
    """Per-pass aggregates: latencies per kind, wall time, throughput, validity."""
    outs = [o for o in res.get("outs", []) if not o["error"]]
    res["valid"] = not res["errors"] and len(outs) == res["users"]
    ops: dict[str, list[float]] = {}
    for o in outs:
        for kind, _t, dt in o["ops"]:
            ops.setdefault(kind, []).append(dt)
    res["lat"] = {k: {"n": len(v), "median": statistics.median(v), "p95": pct(v, 95),
                      "max": max(v)} for k, v in ops.items()}
    if outs:
        res["wall_secs"] = max(o["t_end"] for o in outs) - min(o["t_start"] for o in outs)
        res["syncs"] = sum(len(o["ops"]) for o in outs)
        res["throughput"] = res["syncs"] / res["wall_secs"] if res["wall_secs"] > 0 else None
        res["collection_bytes"] = max(o.get("collection_bytes", 0) for o in outs)
        res["final_notes"] = outs[0]["snap_a"]["notes"]


# ------------------------------------------------------------------------------------------------
# Report
# ------------------------------------------------------------------------------------------------

def fmt_s(v) -> str:
    if v is None:
        return "–"
    return f"{v * 1000:.0f} ms" if v < 1 else f"{v:.2f} s"


def fmt_mib(kib) -> str:
    return "–" if kib is None else f"{kib / 1024:.0f} MiB"


def ratio(d, r) -> str:
    if d is None or r is None or r == 0:
        return "–"
    return f"{d / r:.2f}"


def machine_info() -> list[str]:
    lines = [f"- host: {platform.node()}, {os.cpu_count()} CPU(s), "
             f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB RAM, "
             f"Linux {platform.release()}"]
    if START_LOADAVG is not None:
        lines.append("- load average when the run started (1/5/15 min): "
                     + " / ".join(f"{x:.2f}" for x in START_LOADAVG)
                     + " (anything well above 0 means other work shared the CPUs)")
    try:
        import anki.buildinfo as bi  # type: ignore
        ver = getattr(bi, "version", "?")
    except Exception:
        ver = "?"
    lines.append(f"- client and official server: anki {ver} (Python {platform.python_version()})")
    try:
        jv = subprocess.run(["java", "-version"], capture_output=True, text=True, timeout=30)
        lines.append(f"- Java: {jv.stderr.splitlines()[0] if jv.stderr else '?'}")
    except Exception:
        pass
    jar = Path(os.environ.get("DECKHAND_JAR") or DEFAULT_JAR)
    if jar.is_file():
        mtime = _dt.datetime.fromtimestamp(jar.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
        try:
            head = subprocess.run(["git", "-C", str(REPO_ROOT), "rev-parse", "--short", "HEAD"],
                                  capture_output=True, text=True, timeout=10).stdout.strip()
        except Exception:
            head = "?"
        lines.append(f"- Deckhand jar: {jar} (built {mtime}; repository HEAD {head})")
    if os.environ.get("JAVA_TOOL_OPTIONS"):
        lines.append(f"- JAVA_TOOL_OPTIONS={os.environ['JAVA_TOOL_OPTIONS']}")
    return lines


def _metric_rows(d: dict, r: dict) -> list[tuple[str, float | None, float | None, str]]:
    """(name, deckhand value, official value, formatter kind) for one pass of each target."""
    rows = [("wall time, concurrent phase", d.get("wall_secs"), r.get("wall_secs"), "s")]
    for kind, name in (("full_upload", "full upload"), ("full_download", "full download"),
                       ("normal_sync", "normal sync")):
        rows.append((f"p95 {name}", d["lat"].get(kind, {}).get("p95"),
                     r["lat"].get(kind, {}).get("p95"), "s"))
    rows.append(("median normal sync", d["lat"].get("normal_sync", {}).get("median"),
                 r["lat"].get("normal_sync", {}).get("median"), "s"))
    rows.append(("throughput (syncs/s, higher is better)", d.get("throughput"),
                 r.get("throughput"), "rate"))
    rows.append(("server peak RSS so far (VmHWM)", d.get("peak_rss_kib"),
                 r.get("peak_rss_kib"), "mib"))
    rows.append(("server CPU time (logins + timed phase)", d.get("server_cpu_secs"),
                 r.get("server_cpu_secs"), "s"))
    return rows


def _fmt(kind: str, v) -> str:
    if kind == "s":
        return fmt_s(v)
    if kind == "mib":
        return fmt_mib(v)
    return "–" if v is None else f"{v:.1f}"


def _pass_label(k: int) -> str:
    return "pass 1 (fresh server)" if k == 0 else f"pass {k + 1} (same server, warm)"


def report(args, main: dict[str, dict], large: dict[str, dict], total_secs: float) -> str:
    L: list[str] = []
    now = _dt.datetime.now().strftime("%Y-%m-%d %H:%M:%S")
    L.append("# Deckhand vs. official Anki sync server: sync benchmark")
    L.append("")
    L.append(f"Run {now}, total {total_secs:.0f} s. Command: `bench/sync_bench.py "
             + " ".join(sys.argv[1:]) + "`")
    L.append("")
    L.extend(machine_info())
    L.append("")
    L.append(f"Workload: {args.users} users at once, one OS process each, two devices (A, B) per "
             f"user. A builds {args.notes} Basic notes with HTML and {args.reviews} reviews "
             f"(before the timed phase), full upload; B full download; {args.rounds} rounds of "
             f"(A +{ADD_PER_ROUND} notes, {REVIEW_PER_ROUND} reviews, sync A, sync B; B edits "
             f"{EDIT_PER_ROUND} notes, sync B, sync A). Latencies are client-side, per `sync` "
             f"call. Each target runs {args.passes} pass(es) on one fresh server, each pass with "
             f"{args.users} new accounts; pass 1 includes the server's cold start (JIT warm-up "
             f"for Deckhand).")
    L.append("")

    d, r = main.get("deckhand"), main.get("reference")
    if d and r:
        L.append("## Ratios Deckhand / official (this run)")
        L.append("")
        if not (d["valid"] and r["valid"]):
            L.append("**Run invalid for at least one target (see Failures): ratios of an "
                     "invalid pass are not meaningful.**")
            L.append("")
        L.append("Ratio below 1.00 = Deckhand takes less time / memory / CPU; for throughput, "
                 "above 1.00 = Deckhand does more syncs per second.")
        L.append("")
        npass = min(len(d["passes"]), len(r["passes"]))
        head = "| metric |"
        sep = "|---|"
        for k in range(npass):
            head += f" Deckhand {_pass_label(k)} | official | **ratio** |"
            sep += "---:|---:|---:|"
        L.append(head)
        L.append(sep)
        per_pass = [_metric_rows(d["passes"][k], r["passes"][k]) for k in range(npass)]
        if npass:
            for i, (name, *_rest) in enumerate(per_pass[0]):
                line = f"| {name} |"
                for k in range(npass):
                    _n, dv, rv, kind = per_pass[k][i]
                    line += f" {_fmt(kind, dv)} | {_fmt(kind, rv)} | **{ratio(dv, rv)}** |"
                L.append(line)
        L.append("")

    L.append("## Concurrent workload, per target and pass")
    L.append("")
    L.append("| target | pass | valid | wall | syncs | syncs/s | full upload med / p95 | "
             "full download med / p95 | normal sync med / p95 / max | server peak RSS so far | "
             "server CPU |")
    L.append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for t, res in main.items():
        for k, pr in enumerate(res["passes"]):
            lat = pr.get("lat", {})
            fu, fd, ns = (lat.get("full_upload", {}), lat.get("full_download", {}),
                          lat.get("normal_sync", {}))
            L.append(
                f"| {LABEL[t]} | {k + 1} | {'yes' if pr['valid'] else '**NO**'} | "
                f"{fmt_s(pr.get('wall_secs'))} | {pr.get('syncs', 0)} | "
                f"{(pr.get('throughput') or 0):.1f} | "
                f"{fmt_s(fu.get('median'))} / {fmt_s(fu.get('p95'))} | "
                f"{fmt_s(fd.get('median'))} / {fmt_s(fd.get('p95'))} | "
                f"{fmt_s(ns.get('median'))} / {fmt_s(ns.get('p95'))} / {fmt_s(ns.get('max'))} | "
                f"{fmt_mib(pr.get('peak_rss_kib'))} | {fmt_s(pr.get('server_cpu_secs'))} |")
    L.append("")
    for t, res in main.items():
        bits = [f"idle RSS after start {fmt_mib(res.get('idle_rss_kib'))}",
                f"peak RSS {fmt_mib(res.get('peak_rss_kib'))}"]
        if res.get("startup_secs") is not None:
            bits.append(f"start-up {res['startup_secs']:.1f} s")
        good = [pr for pr in res["passes"] if pr["valid"]]
        if good:
            bits.append(f"every user ended with {good[0]['final_notes']} notes, identical on "
                        f"both devices (count, hash of id+fields, card and revlog counts)")
            bits.append(f"collection file ≈ {good[0].get('collection_bytes', 0) / 2**20:.1f} MiB")
        L.append(f"- {LABEL[t]}: " + "; ".join(bits) + ".")
    L.append("")

    if large:
        L.append(f"## Large collection: 1 user, {args.large_notes} notes, fresh server")
        L.append("")
        L.append("| target | valid | full upload | full download | collection file | "
                 "server idle RSS | server peak RSS | peak − idle |")
        L.append("|---|---|---:|---:|---:|---:|---:|---:|")
        vals = {}
        for t, res in large.items():
            pr = res["passes"][0] if res["passes"] else {"lat": {}}
            fu = pr["lat"].get("full_upload", {}).get("max")
            fd = pr["lat"].get("full_download", {}).get("max")
            peak, idle = res.get("peak_rss_kib"), res.get("idle_rss_kib")
            growth = (peak - idle) if (peak is not None and idle is not None) else None
            vals[t] = (fu, fd, peak, growth)
            L.append(f"| {LABEL[t]} | {'yes' if res['valid'] else '**NO**'} | {fmt_s(fu)} | "
                     f"{fmt_s(fd)} | {pr.get('collection_bytes', 0) / 2**20:.1f} MiB | "
                     f"{fmt_mib(idle)} | {fmt_mib(peak)} | {fmt_mib(growth)} |")
        if "deckhand" in vals and "reference" in vals:
            dv, rv = vals["deckhand"], vals["reference"]
            L.append(f"| **ratio D/O** | | **{ratio(dv[0], rv[0])}** | **{ratio(dv[1], rv[1])}** "
                     f"| | | **{ratio(dv[2], rv[2])}** | **{ratio(dv[3], rv[3])}** |")
        L.append("")

    problems = [(name, t, res) for name, group in (("concurrent", main), ("large", large))
                for t, res in group.items() if res["errors"]]
    if problems:
        L.append("## Failures")
        L.append("")
        for name, t, res in problems:
            L.append(f"### {LABEL[t]}, {name} case")
            L.append("")
            L.append("```")
            for e in res["errors"][:10]:
                L.append(e.rstrip())
            if len(res["errors"]) > 10:
                L.append(f"... and {len(res['errors']) - 10} more")
            L.append("```")
            if res.get("log_tail"):
                L.append("")
                L.append("Server log tail:")
                L.append("")
                L.append("```")
                L.append(res["log_tail"])
                L.append("```")
            L.append("")
    L.append("How to read this: see bench/README.md. Client processes and the server share the "
             "machine's cores, so absolute numbers are conservative for both servers; compare "
             "the ratios.")
    return "\n".join(L) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--users", type=int, default=8)
    ap.add_argument("--notes", type=int, default=2000)
    ap.add_argument("--reviews", type=int, default=200)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--passes", type=int, default=2,
                    help="timed passes per target on the same server (fresh accounts each); "
                         "pass 1 includes the cold start")
    ap.add_argument("--large-notes", type=int, default=20000,
                    help="notes in the one-user large-collection case (0 = skip it)")
    ap.add_argument("--targets", default="deckhand,reference",
                    help="comma-separated: deckhand, reference")
    ap.add_argument("--phase-timeout", type=float, default=240.0,
                    help="bound in seconds on the timed phase of one case")
    ap.add_argument("--out", default=None, help="write the Markdown report here too")
    ap.add_argument("--keep", action="store_true", help="keep the temp dir (server logs, data)")
    args = ap.parse_args()

    targets = [t.strip() for t in args.targets.split(",") if t.strip()]
    bad = [t for t in targets if t not in TARGETS]
    if bad or not targets:
        ap.error(f"--targets must name some of {', '.join(TARGETS)}; got {args.targets!r}")
    for name in ("users", "notes", "rounds", "passes"):
        if getattr(args, name) < (1 if name != "rounds" else 0):
            ap.error(f"--{name} too small")
    if "deckhand" in targets:
        jar = Path(os.environ.get("DECKHAND_JAR") or DEFAULT_JAR)
        if not jar.is_file():
            print(f"Deckhand jar not found at {jar}.\nBuild it first:  "
                  f"(cd {REPO_ROOT} && mvn -q -B package -DskipTests)\n"
                  f"or run only the official server:  --targets reference", file=sys.stderr)
            return 2

    def log(msg: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)

    global START_LOADAVG
    START_LOADAVG = os.getloadavg()
    t_all = time.monotonic()
    workdir = Path(tempfile.mkdtemp(prefix="deckhand-bench-"))
    log(f"work dir {workdir}")
    params = {"notes": args.notes, "reviews": args.reviews, "rounds": args.rounds,
              "phase_timeout": args.phase_timeout}
    main_res: dict[str, dict] = {}
    large_res: dict[str, dict] = {}
    failed = False
    try:
        for t in targets:
            log(f"concurrent case on {t}: {args.users} users x {args.notes} notes, "
                f"{args.rounds} rounds")
            try:
                res = run_case(t, workdir, users=args.users, passes=args.passes, params=params,
                               log=log)
            except ServerError as e:
                res = {"target": t, "users": args.users, "errors": [str(e)], "valid": False,
                       "passes": []}
            main_res[t] = res
            failed |= not res["valid"]
        if args.large_notes > 0:
            lparams = {"notes": args.large_notes, "reviews": args.reviews, "rounds": 0,
                       "phase_timeout": args.phase_timeout}
            for t in targets:
                log(f"large case on {t}: 1 user x {args.large_notes} notes")
                try:
                    res = run_case(t, workdir / "large", users=1, passes=1, params=lparams,
                                   log=log)
                except ServerError as e:
                    res = {"target": t, "users": 1, "errors": [str(e)], "valid": False,
                           "passes": []}
                large_res[t] = res
                failed |= not res["valid"]
    finally:
        if args.keep or failed:
            log(f"keeping {workdir} (server logs under server-*/server.log)")
        else:
            shutil.rmtree(workdir, ignore_errors=True)

    text = report(args, main_res, large_res, time.monotonic() - t_all)
    if args.out:
        out = Path(args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text)
        log(f"report written to {out}")
    else:
        print(text)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
