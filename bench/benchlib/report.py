"""The Markdown report: run facts first, then one section per case, then failures."""

from __future__ import annotations

from .content import shaped_counts
from .procstat import IDLE_SETTLE_SECS
from .servers import LABEL


def _shape(n: int) -> str:
    return " / ".join(f"{x:,}" for x in shaped_counts(n))


def fmt_s(v) -> str:
    if v is None:
        return "–"
    if v < 0.01:
        return f"{v * 1000:.1f} ms"
    return f"{v * 1000:.0f} ms" if v < 1 else f"{v:.2f} s"


def fmt_mib(kib) -> str:
    return "–" if kib is None else f"{kib / 1024:.0f} MiB"


def fmt_rate(v) -> str:
    return "–" if v is None else f"{v:.1f}"


def fmt_share(v) -> str:
    return "–" if v is None else f"{v:.0%}"


def ratio(d, r) -> str:
    if d is None or r is None or r == 0:
        return "–"
    return f"**{d / r:.2f}**"


FORMAT = {"s": fmt_s, "mib": fmt_mib, "rate": fmt_rate, "share": fmt_share}


def _loadavg(x) -> str:
    return " / ".join(f"{v:.2f}" for v in x) if x else "?"


def header(run: dict) -> list[str]:
    v = run["versions"]
    L = ["# Deckhand vs. official Anki sync server: sync benchmark", "",
         f"Run {run['started']}, total {run['total_secs']:.0f} s. Command: "
         f"`bench/sync_bench.py {run['argv']}`", "",
         f"- machine: {run['machine']}",
         f"- load average (1/5/15 min) at the start: {_loadavg(run['load_start'])}; at the end: "
         f"{_loadavg(run['load_end'])} (anything well above 0 means other work shared the CPUs)",
         f"- git commit: {v['commit']}",
         f"- anki (client and official server): {v['anki']}; Python {v['python']}",
         f"- Java: {v['java']}"]
    if "deckhand" in v:
        L.append(f"- Deckhand: {v['deckhand']}; jar {v['deckhand_jar']}; JVM options "
                 f"{v['deckhand_java_opts']}")
    L.append("")
    return L


# --- concurrent case -----------------------------------------------------------------------------

def _columns(res: dict) -> list[tuple[str, dict]]:
    """(label, pass result) for the cold pass, the warm passes and the steady-state pass."""
    cols = []
    for k, pr in enumerate(res.get("passes", [])):
        cols.append(("cold (pass 1)" if k == 0 else f"warm (pass {k + 1})", pr))
    if res.get("steady"):
        cols.append(("steady", res["steady"]["last"]))
    return cols


def _concurrent_rows(pr: dict) -> list[tuple[str, object, str]]:
    lat = pr.get("lat", {})
    return [
        ("wall time of the timed phase", pr.get("wall_secs"), "s"),
        ("p95 full upload", lat.get("full_upload", {}).get("p95"), "s"),
        ("p95 full download", lat.get("full_download", {}).get("p95"), "s"),
        ("p95 normal sync", lat.get("normal_sync", {}).get("p95"), "s"),
        ("median normal sync", lat.get("normal_sync", {}).get("median"), "s"),
        ("client CPU in a normal sync, median", pr.get("client_cpu", {}).get("normal_sync", {}).get("median"), "s"),
        ("throughput, syncs/s (higher is better)", pr.get("throughput"), "rate"),
        ("server peak RSS so far", pr.get("peak_rss_kib"), "mib"),
        ("server CPU per sync, sign-ins excluded", pr.get("cpu_per_sync"), "s"),
        ("server CPU per sign-in", pr.get("cpu_per_sign_in"), "s"),
        ("client processes' CPU in the timed phase", pr.get("client_cpu_secs"), "s"),
        ("cores busy in the timed phase (server and clients)", pr.get("machine_busy"), "share"),
    ]


def concurrent(args, main: dict) -> list[str]:
    L = ["## Concurrent case", "",
         f"{args.users} users at once, one OS process each, two devices (A, B) per user. A starts "
         f"from a copy of a cached collection ({args.notes} Basic notes, {args.reviews} reviews), "
         f"full upload; B full download; {args.rounds} round(s) of (A +20 notes and 10 reviews, sync "
         f"A, sync B; B edits 10 notes, sync B, sync A). Latencies are client-side, per `sync` "
         f"call. Pass 1 is a fresh server, later passes new accounts on the same server; the "
         f"steady-state pass is the last of the passes repeated for --steady-secs "
         f"({args.steady_secs:g} s).", ""]
    d, r = main.get("deckhand"), main.get("reference")
    if d and r:
        cd, cr = _columns(d), _columns(r)
        n = min(len(cd), len(cr))
        if n:
            L += ["### Ratios Deckhand / official", "",
                  "Below 1.00 = Deckhand takes less time, memory or CPU; for throughput, above "
                  "1.00 = Deckhand does more.", ""]
            if not (d["valid"] and r["valid"]):
                L += ["**At least one target's run is invalid (see Failures): its ratios mean "
                      "nothing.**", ""]
            L.append("| metric | " + " | ".join(label for label, _pr in cd[:n]) + " |")
            L.append("|---|" + "---:|" * n)
            rows_d = [_concurrent_rows(cd[k][1]) for k in range(n)]
            rows_r = [_concurrent_rows(cr[k][1]) for k in range(n)]
            for i, (name, _v, f) in enumerate(rows_d[0]):
                if f == "share":
                    continue  # a share of the machine, not a cost to compare
                L.append(f"| {name} | " + " | ".join(ratio(rows_d[k][i][1], rows_r[k][i][1])
                                                      for k in range(n)) + " |")
            L.append("")
            L += [f"Idle RSS, {IDLE_SETTLE_SECS:g} s without requests: after start-up "
                  f"{ratio(d.get('idle_rss_kib'), r.get('idle_rss_kib'))}, after the last pass "
                  f"{ratio(d.get('idle_after_rss_kib'), r.get('idle_after_rss_kib'))}.", ""]
    L += ["### Per target", ""]
    for t, res in main.items():
        cols = _columns(res)
        if not cols:
            continue
        L.append(f"**{LABEL[t]}** (fresh server: start-up {fmt_s(res.get('startup_secs'))}, idle "
                 f"RSS {fmt_mib(res.get('idle_rss_kib'))}, peak RSS {fmt_mib(res.get('peak_rss_kib'))}, "
                 f"idle RSS after the last pass {fmt_mib(res.get('idle_after_rss_kib'))})")
        L.append("")
        L.append("| metric | " + " | ".join(c[0] for c in cols) + " |")
        L.append("|---|" + "---:|" * len(cols))
        rows = [_concurrent_rows(pr) for _l, pr in cols]
        for i, (name, _v, f) in enumerate(rows[0]):
            L.append(f"| {name} | " + " | ".join(FORMAT[f](rows[k][i][1]) for k in range(len(cols)))
                     + " |")
        L.append("| syncs / sign-ins | " + " | ".join(
            f"{pr.get('syncs', 0)} / {pr.get('sign_ins', 0)}" for _l, pr in cols) + " |")
        L.append("| valid (devices identical, expected results) | " + " | ".join(
            "yes" if pr.get("valid") else "**NO**" for _l, pr in cols) + " |")
        L.append("")
        if res.get("steady"):
            s = res["steady"]
            L += [f"Steady state: {s['passes']} pass(es) in {s['secs']:.0f} s after the cold and "
                  f"warm passes; the column shows the last.", ""]
    line = _sign_in_line(main)
    if line:
        L += [line, ""]
    return L


def _sign_in_line(main: dict) -> str | None:
    """Sign-in CPU over every pass of the concurrent case, per target."""
    per = {}
    for t, res in main.items():
        prs = [pr for _l, pr in _columns(res)]
        cpu = [pr.get("cpu_sign_in_secs") for pr in prs]
        n = sum(pr.get("sign_ins", 0) for pr in prs)
        if n and all(c is not None for c in cpu):
            per[t] = sum(cpu) / n
    if not per:
        return None
    parts = [f"{LABEL[t]} {fmt_s(v)}" for t, v in per.items()]
    text = "**Sign-in CPU** (server CPU per sign-in, every pass of the concurrent case, measured " \
           "in a phase of sign-ins only): " + ", ".join(parts)
    if "deckhand" in per and "reference" in per:
        text += f"; ratio {ratio(per['deckhand'], per['reference'])}"
    return text + "."


# --- large collections ---------------------------------------------------------------------------

def large(large_res: dict[int, dict]) -> list[str]:
    L = ["## Large collections: one user, full upload and full download, fresh server", "",
         "| notes / cards / review log | target | valid | full upload | full download | server "
         "CPU upload | server CPU download | collection file | server idle RSS | server peak RSS "
         "| peak − idle |",
         "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for n, per_target in large_res.items():
        vals = {}
        for t, res in per_target.items():
            peak, idle = res.get("peak_rss_kib"), res.get("idle_rss_kib")
            growth = peak - idle if peak is not None and idle is not None else None
            vals[t] = (res.get("upload_secs"), res.get("download_secs"),
                       res.get("cpu_upload_secs"), res.get("cpu_download_secs"), peak, growth)
            L.append(f"| {_shape(n)} | {LABEL[t]} | "
                     f"{'yes' if res['valid'] else '**NO**'} | {fmt_s(vals[t][0])} | "
                     f"{fmt_s(vals[t][1])} | {fmt_s(vals[t][2])} | {fmt_s(vals[t][3])} | "
                     f"{res.get('collection_bytes', 0) / 2**20:.1f} MiB | {fmt_mib(idle)} | "
                     f"{fmt_mib(peak)} | {fmt_mib(growth)} |")
        if "deckhand" in vals and "reference" in vals:
            d, r = vals["deckhand"], vals["reference"]
            L.append(f"| {n:,} notes | **ratio D/O** | | {ratio(d[0], r[0])} | {ratio(d[1], r[1])} "
                     f"| {ratio(d[2], r[2])} | {ratio(d[3], r[3])} | | | {ratio(d[4], r[4])} | "
                     f"{ratio(d[5], r[5])} |")
    L.append("")
    return L


# --- collection-size curve -----------------------------------------------------------------------

def curve(args, curve_res: dict[str, dict]) -> list[str]:
    L = ["## Collection-size curve: a normal sync of 10 changed notes", "",
         f"Median of {args.curve_repeats} timed rounds after {args.curve_warmup} untimed round(s), one "
         f"fresh server per target. Push = A sends its 10 edited notes; pull = B fetches them. "
         f"Server CPU is per sync (push and pull), sign-ins excluded.", ""]
    targets = list(curve_res)
    head = "| notes / cards / review log |"
    sep = "|---|"
    for what in ("push", "pull", "server CPU per sync"):
        for t in targets:
            head += f" {what}, {LABEL[t]} |"
            sep += "---:|"
        if len(targets) == 2:
            head += " ratio |"
            sep += "---:|"
    L += [head, sep]
    sizes = sorted({n for res in curve_res.values() for n in res["sizes"]})
    for n in sizes:
        line = f"| {_shape(n)} |"
        for key in ("push_median", "pull_median", "cpu_per_sync"):
            vals = [curve_res[t]["sizes"].get(n, {}).get(key) for t in targets]
            line += "".join(f" {fmt_s(v)} |" for v in vals)
            if len(targets) == 2:
                line += f" {ratio(vals[0], vals[1])} |"
        L.append(line)
    L.append("")
    if any(not res["valid"] for res in curve_res.values()):
        L += ["**Invalid for at least one target (see Failures).**", ""]
    return L


# --- many accounts -------------------------------------------------------------------------------

def many(args, many_res: dict[str, dict]) -> list[str]:
    any_res = next(iter(many_res.values()))
    L = ["## Many accounts", "",
         f"{any_res['accounts']:,} accounts declared at start-up (PBKDF2-SHA256, "
         f"{args.many_hash_iterations:,} iterations, on both servers); {any_res['clients']} client "
         f"processes at once, each on {any_res['per_client']} of them ({any_res['active']} active "
         f"accounts): full upload, full download, {any_res['rounds']} round(s) of edits pushed "
         f"and pulled both ways. Errors are counted; any error makes the case invalid. All clients "
         f"come from 127.0.0.1, so Deckhand's per-address limits are raised for this case.", "",
         "| target | valid | syncs | errors | wall | syncs/s | p95 any sync | p95 normal sync | "
         "server CPU per sync | server CPU per sign-in | server start-up | server peak RSS |",
         "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    vals = {}
    for t, res in many_res.items():
        vals[t] = (res.get("wall_secs"), res.get("throughput"), res.get("lat_all", {}).get("p95"),
                   res.get("lat_normal", {}).get("p95"), res.get("cpu_per_sync"),
                   res.get("cpu_per_sign_in"), res.get("startup_secs"), res.get("peak_rss_kib"))
        v = vals[t]
        L.append(f"| {LABEL[t]} | {'yes' if res['valid'] else '**NO**'} | {res.get('syncs', 0)} | "
                 f"{res.get('sync_errors', '–')} | {fmt_s(v[0])} | {fmt_rate(v[1])} | "
                 f"{fmt_s(v[2])} | {fmt_s(v[3])} | {fmt_s(v[4])} | {fmt_s(v[5])} | {fmt_s(v[6])} | "
                 f"{fmt_mib(v[7])} |")
    if "deckhand" in vals and "reference" in vals:
        d, r = vals["deckhand"], vals["reference"]
        L.append("| **ratio D/O** | | | | " + " | ".join(ratio(d[i], r[i]) for i in range(8)) + " |")
    L.append("")
    return L


# --- nodes --------------------------------------------------------------------------------------

def nodes(args, runs: list[tuple[str, dict]]) -> list[str]:
    """`runs`: (title, result), the one-node SQLite run first (the throughputs' baseline)."""
    ran = [r for _t, r in runs if "accounts" in r]
    L = ["## Nodes: one node, one node on PostgreSQL + S3, a cluster", ""]
    if ran:
        r0 = ran[0]
        L += [f"The many-accounts workload, Deckhand only: {r0['accounts']:,} accounts declared on "
              f"every node (PBKDF2-SHA256, {args.many_hash_iterations:,} iterations), "
              f"{r0['clients']} client processes at once, each on {r0['per_client']} of them "
              f"({r0['active']} active accounts): full upload, full download, {r0['rounds']} "
              f"round(s) of edits pushed and pulled both ways; both devices of every account must "
              f"end identical. Three runs, each on fresh servers (and a fresh PostgreSQL and "
              f"S3Proxy): one node on the embedded default; one node with its state in "
              f"PostgreSQL and media in S3 (S3Proxy); {args.nodes} nodes sharing that PostgreSQL "
              f"and S3, the clients signing in round-robin over the node URLs (as a load "
              f"balancer would) and following redirects. \"Redirected\" counts syncs whose "
              f"output named a `new_endpoint`; users per node are from PostgreSQL's placements. "
              f"CPU and peak RSS of the nodes are summed over the nodes; PostgreSQL's CPU "
              f"includes its connection processes.", "",
              f"**Limits.** Everything runs on this one machine ({args.nodes} JVMs, PostgreSQL, "
              f"S3Proxy and {r0['clients']} client processes share its cores), so the cluster run "
              f"shows correctness and the overhead of nodes and redirects under load, not the "
              f"gain of {args.nodes} machines. S3 does next to nothing here: the workload has no "
              f"media.", ""]
    L += ["| run | valid | syncs | errors | wall | syncs/s | vs. 1 node SQLite | median normal "
          "sync | p95 normal sync | redirected syncs | users per node | nodes' CPU per sync | "
          "nodes' CPU per sign-in | PostgreSQL CPU per sync | S3Proxy CPU per sync | nodes' "
          "peak RSS (sum) | start-up (nodes one after another) |",
          "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|"]
    base = runs[0][1].get("throughput") if runs else None
    for name, res in runs:
        if res.get("skipped"):
            L.append(f"| {name} | skipped: {res['skipped']} |" + " |" * 15)
            continue
        if "accounts" not in res:
            L.append(f"| {name} | **NO** (see Failures) |" + " |" * 15)
            continue
        others = res.get("cpu_sync_others", {})
        per_node = res.get("users_per_node")
        L.append(
            f"| {name} | {'yes' if res['valid'] else '**NO**'} | {res.get('syncs', 0)} | "
            f"{res.get('sync_errors', '–')} | {fmt_s(res.get('wall_secs'))} | "
            f"{fmt_rate(res.get('throughput'))} | {ratio(res.get('throughput'), base)} | "
            f"{fmt_s(res.get('lat_normal', {}).get('median'))} | "
            f"{fmt_s(res.get('lat_normal', {}).get('p95'))} | {res.get('redirected', '–')} | "
            f"{', '.join(f'{k}: {v}' for k, v in per_node.items()) if per_node else '–'} | "
            f"{fmt_s(res.get('cpu_per_sync'))} | {fmt_s(res.get('cpu_per_sign_in'))} | "
            f"{fmt_s(_per(others.get('postgres'), res.get('syncs')))} | "
            f"{fmt_s(_per(others.get('s3proxy'), res.get('syncs')))} | "
            f"{fmt_mib(res.get('peak_rss_kib_sum'))} | {fmt_s(res.get('startup_secs'))} |")
    L.append("")
    return L


def _per(total, count):
    return None if total is None or not count else total / count


# --- failures ------------------------------------------------------------------------------------

def failures(problems: list[tuple[str, str, dict]]) -> list[str]:
    if not problems:
        return []
    L = ["## Failures", ""]
    for case, t, res in problems:
        L += [f"### {LABEL.get(t, t)}, {case}", "", "```"]
        L += [e.rstrip() for e in res["errors"][:10]]
        if len(res["errors"]) > 10:
            L.append(f"... and {len(res['errors']) - 10} more")
        L.append("```")
        if res.get("log_tail"):
            L += ["", "Server log tail:", "", "```", res["log_tail"], "```"]
        L.append("")
    return L
