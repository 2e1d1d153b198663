"""Collection-size curve: what a small normal sync costs as the collection grows.

One fresh server per target with one account per size (`content.shaped(n)`: n notes, 2n cards,
5n review-log rows). Untimed: A full-uploads, B full-downloads, then --curve-warmup rounds. Timed,
--curve-repeats rounds, each visiting every size in turn (so the server's warm-up affects all
sizes alike): A edits 10 notes and syncs (push), then B syncs (pull). Reported per size: the median
push and pull, and the server's CPU per sync over the timed rounds. Afterwards A and B of every
size must be identical.
"""

from __future__ import annotations

import random
import statistics
import time
from pathlib import Path

from anki.sync import SyncOutput

from harness.devices import Device, required_name

from benchlib import content
from benchlib.devices import close_all
from benchlib.procstat import CpuMeter
from benchlib.servers import make_server

CHANGED_NOTES = 10


def _sync(dev: Device, what: str) -> float:
    t = time.monotonic()
    got = dev.sync()
    dt = time.monotonic() - t
    if got != SyncOutput.NO_CHANGES:
        raise AssertionError(f"{what}: {required_name(got)}, expected a normal sync")
    return dt


def run(target: str, sizes: list[int], repeats: int, warmup: int, workdir: Path, log) -> dict:
    bases = {n: content.shaped(n, log) for n in sizes}
    res: dict = {"target": target, "errors": [], "sizes": {}}
    server = make_server(target, workdir / f"server-{target}", len(sizes))
    server.start()
    pairs: dict[int, tuple[Device, Device]] = {}
    try:
        meter = CpuMeter(server.proc.pid)
        for n in sizes:
            acct = server.new_account()
            root = workdir / f"client-{target}-{n}"
            a = Device(root, "A", copy_of=bases[n])
            b = Device(root, "B")
            pairs[n] = (a, b)
            a.login(acct, server.endpoint)
            b.login(acct, server.endpoint)
            if a.sync() != SyncOutput.FULL_UPLOAD or b.sync() != SyncOutput.FULL_DOWNLOAD:
                raise AssertionError(f"{n} notes: the first syncs were not full upload/download")
        rng = random.Random(2)
        timed = {n: {"push": [], "pull": [], "cpu": 0.0} for n in sizes}
        for r in range(warmup + repeats):
            for n in sizes:
                a, b = pairs[n]
                content.edit_notes(a.col, rng, CHANGED_NOTES, f"curve round {r}")
                meter.mark("before")
                push = _sync(a, f"{n} notes, round {r}: A pushes")
                pull = _sync(b, f"{n} notes, round {r}: B pulls")
                meter.mark("after")
                if r >= warmup:
                    timed[n]["push"].append(push)
                    timed[n]["pull"].append(pull)
                    timed[n]["cpu"] += meter.between("before", "after") or 0.0
        for n in sizes:
            a, b = pairs[n]
            problem = content.compare(content.fingerprint(a.col), content.fingerprint(b.col))
            if problem:
                res["errors"].append(f"{n} notes: {problem}")
            t = timed[n]
            res["sizes"][n] = {"push_median": statistics.median(t["push"]),
                               "pull_median": statistics.median(t["pull"]),
                               "cpu_per_sync": t["cpu"] / (2 * repeats), "repeats": repeats}
            log(f"  {target}: {n} notes: push {res['sizes'][n]['push_median'] * 1000:.0f} ms, "
                f"pull {res['sizes'][n]['pull_median'] * 1000:.0f} ms (medians)")
    except Exception as e:
        res["errors"].append(f"{type(e).__name__}: {e}")
    finally:
        close_all(dev for pair in pairs.values() for dev in pair)
        if res["errors"]:
            res["log_tail"] = server.tail(80)
        server.stop()
    res["valid"] = not res["errors"]
    return res
