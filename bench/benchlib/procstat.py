"""Readings of the server process from /proc: CPU time and memory."""

from __future__ import annotations

import os
import time


def cpu_secs(pid: int) -> float | None:
    """User + system CPU time of a live process, in seconds."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def memory_kib(pid: int) -> dict[str, int]:
    """VmHWM (peak) and VmRSS (now) in KiB of a live process."""
    vals: dict[str, int] = {}
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith(("VmHWM:", "VmRSS:")):
                    k, v = line.split(":", 1)
                    vals[k] = int(v.split()[0])
    except OSError:
        pass
    return vals


IDLE_SETTLE_SECS = 5.0


def idle_rss_kib(pid: int) -> int | None:
    """VmRSS in KiB of a server left alone for IDLE_SETTLE_SECS (after start-up, or after the
    load): what it holds while nobody syncs, after whatever it gives back once the work is over (a
    JVM trims its native heap on a timer, see bin/deckhand)."""
    time.sleep(IDLE_SETTLE_SECS)
    return memory_kib(pid).get("VmRSS")


def thread_cpu_ns(pid: int) -> dict[int, int]:
    """CPU time in ns of each live thread (first field of /proc/<pid>/task/<tid>/schedstat)."""
    out: dict[int, int] = {}
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return out
    for tid in tids:
        try:
            with open(f"/proc/{pid}/task/{tid}/schedstat") as fh:
                out[int(tid)] = int(fh.read().split()[0])
        except (OSError, IndexError, ValueError):
            pass  # the thread ended meanwhile
    return out


class CpuMeter:
    """CPU seconds of one process between named marks: mark("a"); ...; mark("b");
    between("a", "b").

    /proc/<pid>/stat counts in clock ticks (10 ms), too coarse for a few syncs of a few ms each.
    So each mark also records every thread's CPU time in ns; between two marks the ns sum is used
    when it can be trusted: every thread of the first mark still lives at the second (a thread
    that ended would take its time with it) and the sum agrees with the tick count to within two
    ticks (a thread that started and ended in between would be missing). Otherwise the ticks."""

    def __init__(self, pid: int):
        self.pid = pid
        self.marks: dict[str, tuple[float | None, dict[int, int]]] = {}

    def mark(self, name: str) -> None:
        threads = thread_cpu_ns(self.pid)
        self.marks[name] = (cpu_secs(self.pid), threads)

    def between(self, a: str, b: str) -> float | None:
        if a not in self.marks or b not in self.marks:
            return None
        (ta, na), (tb, nb) = self.marks[a], self.marks[b]
        ticks = None if ta is None or tb is None else tb - ta
        tick = 1 / os.sysconf("SC_CLK_TCK")
        if na and set(na) <= set(nb):
            precise = (sum(nb.values()) - sum(na.values())) / 1e9
            if ticks is None or abs(precise - ticks) <= 2 * tick:
                return precise
        return ticks


def tree_cpu_secs(pid: int) -> float | None:
    """CPU seconds of a process and its children, live and ended: PostgreSQL's postmaster runs
    each connection in a child process it reaps when the connection closes (/proc/<pid>/stat's
    cutime and cstime then hold it). Clock ticks (10 ms), ample over a phase of seconds."""
    tck = os.sysconf("SC_CLK_TCK")
    try:
        with open(f"/proc/{pid}/stat") as fh:
            f = fh.read().rsplit(")", 1)[1].split()
        total = sum(int(x) for x in f[11:15]) / tck  # utime, stime, cutime, cstime
    except (OSError, IndexError, ValueError):
        return None
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                f = fh.read().rsplit(")", 1)[1].split()
            if int(f[1]) == pid:
                total += (int(f[11]) + int(f[12])) / tck
        except (OSError, IndexError, ValueError):
            pass  # ended meanwhile
    return total


class TreeCpuMeter:
    """CpuMeter's marks for a process together with its children (tree_cpu_secs)."""

    def __init__(self, pid: int):
        self.pid = pid
        self.marks: dict[str, float | None] = {}

    def mark(self, name: str) -> None:
        self.marks[name] = tree_cpu_secs(self.pid)

    def between(self, a: str, b: str) -> float | None:
        ta, tb = self.marks.get(a), self.marks.get(b)
        return None if ta is None or tb is None else tb - ta
