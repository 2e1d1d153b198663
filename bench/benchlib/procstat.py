"""Readings of the server process from /proc: CPU time and memory."""

from __future__ import annotations

import os


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


class CpuMeter:
    """CPU seconds of one process between named marks: mark("a"); ...; mark("b");
    between("a", "b")."""

    def __init__(self, pid: int):
        self.pid = pid
        self.marks: dict[str, float | None] = {}

    def mark(self, name: str) -> None:
        self.marks[name] = cpu_secs(self.pid)

    def between(self, a: str, b: str) -> float | None:
        x, y = self.marks.get(a), self.marks.get(b)
        return None if x is None or y is None else y - x
