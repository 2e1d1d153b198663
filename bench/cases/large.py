"""Large-collection case: one user, full upload then full download of a big collection, on a
fresh server per size and target. Shows the transfer times, the server's CPU for each transfer and
whether its memory stays bounded (peak RSS against the RSS right after start-up).

The collections are `content.shaped(n)`: n notes, 2n cards, 5n review-log rows, built once and
cached (100,000 notes = the 100,000 / 200,000 / 500,000 of issue 14).
"""

from __future__ import annotations

import time
from pathlib import Path

from anki.sync import SyncOutput

from harness.devices import Device, required_name

from benchlib import content
from benchlib.devices import close_all
from benchlib.procstat import CpuMeter, idle_rss_kib, memory_kib
from benchlib.servers import make_server


def _sync(dev: Device, expect: int, what: str) -> float:
    t = time.monotonic()
    got = dev.sync()
    dt = time.monotonic() - t
    if got != expect:
        raise AssertionError(f"{what}: {required_name(got)}, expected {required_name(expect)}")
    return dt


def run(target: str, notes: int, workdir: Path, log) -> dict:
    base = content.shaped(notes, log)
    n, cards, revlog = content.shaped_counts(notes)
    res: dict = {"target": target, "notes": n, "cards": cards, "revlog": revlog, "errors": [],
                 "collection_bytes": base.stat().st_size}
    server = make_server(target, workdir / f"server-{target}", 1)
    server.start()
    devices: list[Device] = []
    try:
        pid = server.proc.pid
        res["idle_rss_kib"] = idle_rss_kib(pid)
        acct = server.new_account()
        a = Device(workdir / f"client-{target}", "A", copy_of=base)
        devices.append(a)
        b = Device(workdir / f"client-{target}", "B")
        devices.append(b)
        a.login(acct, server.endpoint)
        b.login(acct, server.endpoint)
        meter = CpuMeter(pid)
        meter.mark("start")
        res["upload_secs"] = _sync(a, SyncOutput.FULL_UPLOAD, "A full upload")
        meter.mark("uploaded")
        res["download_secs"] = _sync(b, SyncOutput.FULL_DOWNLOAD, "B full download")
        meter.mark("downloaded")
        res["cpu_upload_secs"] = meter.between("start", "uploaded")
        res["cpu_download_secs"] = meter.between("uploaded", "downloaded")
        res["peak_rss_kib"] = memory_kib(pid).get("VmHWM")
        fa, fb = content.fingerprint(a.col), content.fingerprint(b.col)
        problem = content.compare(fa, fb)
        if problem is None and (fa["notes"], fa["cards"], fa["revlog"]) != (n, cards, revlog):
            problem = f"A has {fa['notes']}/{fa['cards']}/{fa['revlog']} notes/cards/revlog"
        if problem:
            res["errors"].append(problem)
        log(f"  {target}: {n} notes: upload {res['upload_secs']:.2f} s, download "
            f"{res['download_secs']:.2f} s{', INVALID' if problem else ''}")
    except Exception as e:
        res["errors"].append(f"{type(e).__name__}: {e}")
    finally:
        close_all(devices)
        if res["errors"]:
            res["log_tail"] = server.tail(80)
        server.stop()
    res["valid"] = not res["errors"]
    return res
