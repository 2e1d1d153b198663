#!/usr/bin/env python3
"""Deckhand vs. the official Anki sync server on the same official-client workloads.

Run with the conformance venv (it has the pinned ``anki`` package), normally through bench/run.sh:

    conformance/.venv/bin/python bench/sync_bench.py [--quick] [--cases concurrent,large,curve,many]
        [--targets deckhand,reference] [--out bench/results/latest.md] [case flags, see --help]

Cases (bench/cases/, described in bench/README.md):

* concurrent: N users at once, one process each, cold pass, warm pass(es), steady-state phase;
* large: one user, full upload + full download of big collections (20,000 and 100,000 notes);
* curve: a 10-note normal sync on collections of 2,000, 20,000 and 100,000 notes;
* many: 1,000 accounts, 32 clients syncing at once;
* nodes: the many workload (300 accounts, 24 clients) on one node (SQLite), one node on
  PostgreSQL + S3, and three nodes sharing them (Deckhand only).

Every case starts a fresh server per target (the conformance harness's servers), checks that both
devices of every user end identical, and reads the server's CPU time and memory from /proc.
Everything listens on 127.0.0.1; every wait is bounded. Slow-to-build collections are cached in
bench/cache/ (git-ignored).
"""

from __future__ import annotations

import argparse
import datetime as _dt
import os
import shutil
import sys
import tempfile
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchlib import env, report  # noqa: E402  (env puts the conformance harness on sys.path)
from benchlib.servers import TARGETS  # noqa: E402
from cases import concurrent, curve, large, many, nodes  # noqa: E402

from harness.servers import ServerError  # noqa: E402

CASES = ("concurrent", "large", "curve", "many", "nodes")

# --quick: every case once at small sizes, for a check that the tool works (under 3 minutes).
QUICK = {"users": 2, "notes": 200, "reviews": 20, "rounds": 1, "passes": 2, "steady_secs": 3.0,
         "large_sizes": "2000", "curve_sizes": "200,2000", "curve_repeats": 3, "curve_warmup": 1,
         "many_accounts": 100, "many_clients": 4, "many_per_client": 2,
         "nodes_accounts": 30, "nodes_clients": 3, "nodes_per_client": 2}


def sizes(text: str) -> list[int]:
    return [int(x) for x in text.replace("_", "").split(",") if x.strip() and int(x) > 0]


def parse_args(argv: list[str]) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true",
                    help="small sizes, one pass of each phase: "
                         + ", ".join(f"--{k.replace('_', '-')} {v}" for k, v in QUICK.items()))
    ap.add_argument("--cases", default=",".join(CASES), help="comma-separated: " + ", ".join(CASES))
    ap.add_argument("--targets", default="deckhand,reference", help="comma-separated: deckhand, reference")
    g = ap.add_argument_group("concurrent case")
    g.add_argument("--users", type=int, default=8, help="concurrent users, one process each")
    g.add_argument("--notes", type=int, default=2000, help="notes in each user's collection")
    g.add_argument("--reviews", type=int, default=200, help="reviews in it before the upload")
    g.add_argument("--rounds", type=int, default=5, help="incremental rounds per pass")
    g.add_argument("--passes", type=int, default=2,
                   help="cold + warm passes, fresh accounts each (pass 1 = cold)")
    g.add_argument("--steady-secs", type=float, default=90.0,
                   help="after those, repeat passes this long and report the last (0 = skip)")
    g = ap.add_argument_group("large case")
    g.add_argument("--large-sizes", default="20000,100000",
                   help="notes per collection (x2 cards, x5 review-log rows); empty = skip")
    g = ap.add_argument_group("collection-size curve")
    g.add_argument("--curve-sizes", default="2000,20000,100000", help="notes; empty = skip")
    g.add_argument("--curve-repeats", type=int, default=7, help="timed rounds (median reported)")
    g.add_argument("--curve-warmup", type=int, default=3, help="untimed rounds before them")
    g = ap.add_argument_group("many-accounts case")
    g.add_argument("--many-accounts", type=int, default=1000, help="accounts on the server (0 = skip)")
    g.add_argument("--many-clients", type=int, default=32, help="client processes at once")
    g.add_argument("--many-per-client", type=int, default=4, help="accounts each client works on")
    g.add_argument("--many-rounds", type=int, default=1, help="edit rounds per account")
    g.add_argument("--many-hash-iterations", type=int, default=100_000,
                   help="PBKDF2-SHA256 iterations of the declared accounts' password hashes")
    g = ap.add_argument_group("nodes case (Deckhand only; also uses --many-rounds and "
                              "--many-hash-iterations)")
    g.add_argument("--nodes", type=int, default=3, help="nodes in the cluster run")
    g.add_argument("--nodes-accounts", type=int, default=300,
                   help="accounts declared on every run's servers (0 = skip)")
    g.add_argument("--nodes-clients", type=int, default=24, help="client processes at once")
    g.add_argument("--nodes-per-client", type=int, default=4, help="accounts each client works on")
    g = ap.add_argument_group("bounds and output")
    g.add_argument("--phase-timeout", type=float, default=240.0,
                   help="bound in seconds on one timed phase")
    g.add_argument("--out", default=None, help="write the Markdown report here (else stdout)")
    g.add_argument("--keep", action="store_true", help="keep the temp dir (server logs, data)")
    if "--quick" in argv:
        ap.set_defaults(**QUICK)  # explicit flags still win
    args = ap.parse_args(argv)
    args.targets = [t.strip() for t in args.targets.split(",") if t.strip()]
    args.cases = [c.strip() for c in args.cases.split(",") if c.strip()]
    if not args.targets or any(t not in TARGETS for t in args.targets):
        ap.error(f"--targets must name some of {', '.join(TARGETS)}")
    if any(c not in CASES for c in args.cases):
        ap.error(f"--cases must name some of {', '.join(CASES)}")
    for name in ("users", "notes", "passes", "curve_repeats", "many_clients", "nodes",
                 "nodes_clients"):
        if getattr(args, name) < 1:
            ap.error(f"--{name.replace('_', '-')} must be at least 1")
    args.large_sizes = sizes(args.large_sizes)
    args.curve_sizes = sizes(args.curve_sizes)
    return args


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def guarded(case: str, target: str, fn) -> dict:
    """Runs one case on one target; a setup failure becomes an invalid result, not a crash."""
    try:
        return fn()
    except ServerError as e:
        return {"target": target, "errors": [str(e)], "valid": False}
    except Exception as e:
        return {"target": target, "valid": False,
                "errors": [f"{case} crashed: {type(e).__name__}: {e}\n{traceback.format_exc(limit=8)}"]}


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    if "deckhand" in args.targets and not env.jar_path().is_file():
        print(f"Deckhand jar not found at {env.jar_path()}.\nBuild it first:  (cd {env.REPO_ROOT} "
              f"&& mvn -q -B package -DskipTests)\nor run only the official server:  --targets "
              f"reference", file=sys.stderr)
        return 2
    run = {"started": _dt.datetime.now().strftime("%Y-%m-%d %H:%M:%S"), "argv": " ".join(argv),
           "load_start": os.getloadavg(), "machine": env.machine(),
           "versions": env.versions("deckhand" in args.targets)}
    t_all = time.monotonic()
    workdir = Path(tempfile.mkdtemp(prefix="deckhand-bench-"))
    log(f"work dir {workdir}")
    results: dict[str, dict] = {"concurrent": {}, "large": {}, "curve": {}, "many": {},
                                "nodes": {}}
    try:
        for t in args.targets if "concurrent" in args.cases else []:
            log(f"concurrent case on {t}: {args.users} users x {args.notes} notes, {args.passes} "
                f"pass(es) + {args.steady_secs:g} s steady state")
            results["concurrent"][t] = guarded("concurrent", t, lambda: concurrent.run(
                t, workdir / "concurrent", args, log))
        for n in args.large_sizes if "large" in args.cases else []:
            results["large"][n] = {}
            for t in args.targets:
                log(f"large case on {t}: {n} notes")
                results["large"][n][t] = guarded(f"large case ({n} notes)", t, lambda: large.run(
                    t, n, workdir / f"large-{n}", log))
        if "curve" in args.cases and args.curve_sizes:
            for t in args.targets:
                log(f"collection-size curve on {t}: {args.curve_sizes}")
                results["curve"][t] = guarded("curve", t, lambda: curve.run(
                    t, args.curve_sizes, args.curve_repeats, args.curve_warmup,
                    workdir / "curve", log))
        if "many" in args.cases and args.many_accounts > 0:
            for t in args.targets:
                log(f"many-accounts case on {t}: {args.many_accounts} accounts, "
                    f"{args.many_clients} clients")
                results["many"][t] = guarded("many", t, lambda: many.run(
                    t, workdir / "many", args, log))
        if "nodes" in args.cases and args.nodes_accounts > 0 and "deckhand" in args.targets:
            for which in nodes.RUNS:
                log(f"nodes case, {nodes.title(which, args.nodes)}: {args.nodes_accounts} "
                    f"accounts, {args.nodes_clients} clients")
                results["nodes"][which] = guarded("nodes", "deckhand", lambda: nodes.run(
                    which, workdir / f"nodes-{which}", args, log))
    finally:
        problems = [(case, t, res) for case in ("concurrent", "curve", "many")
                    for t, res in results[case].items() if res.get("errors")]
        problems += [(f"large case ({n} notes)", t, res) for n, per in results["large"].items()
                     for t, res in per.items() if res.get("errors")]
        problems += [(f"nodes case, {nodes.title(which, args.nodes)}", "deckhand", res)
                     for which, res in results["nodes"].items() if res.get("errors")]
        if args.keep or problems:
            log(f"keeping {workdir} (server logs under */server-*/server.log, the nodes case's "
                f"under nodes-*/node-*/server.log)")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    run["total_secs"] = time.monotonic() - t_all
    run["load_end"] = os.getloadavg()
    text = render(args, run, results, problems)
    if args.out:
        out = Path(args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text)
        log(f"report written to {out}")
    else:
        print(text)
    return 1 if problems else 0


def render(args, run: dict, results: dict, problems: list) -> str:
    L = report.header(run)
    if results["concurrent"]:
        L += report.concurrent(args, results["concurrent"])
    if results["large"]:
        L += report.large(results["large"])
    if results["curve"] and all("sizes" in r for r in results["curve"].values()):
        L += report.curve(args, results["curve"])
    if results["many"] and all("accounts" in r for r in results["many"].values()):
        L += report.many(args, results["many"])
    if results["nodes"]:
        L += report.nodes(args, [(nodes.title(w, args.nodes), r) for w, r in results["nodes"].items()])
    L += report.failures(problems)
    L.append("How to read this: see bench/README.md. Client processes and the server share the "
             "machine's cores; compare the ratios, and read one run as one run.")
    return "\n".join(L) + "\n"


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
