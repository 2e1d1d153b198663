"""Runs a program under the system-call sandbox a systemd unit declares, without systemd.

    python unit_seccomp.py UNIT-FILE -- PROGRAM [ARGS...]

The test machines have no systemd as PID 1, so a unit cannot be started; but the part of its
hardening most likely to break a JVM is the seccomp filter, and that can be applied by hand with
libseccomp, as systemd does it:

* ``SystemCallFilter=`` as an allow list: the groups expanded by ``systemd-analyze syscall-filter``
  (so exactly systemd's own lists), every other system call failing with
  ``SystemCallErrorNumber=`` (EPERM when unset);
* ``RestrictAddressFamilies=``: ``socket()`` for any other family fails with EAFNOSUPPORT;
* ``SystemCallArchitectures=native``: libseccomp's default (system calls of other ABIs are killed);
* ``NoNewPrivileges=yes``: libseccomp sets it when loading the filter.

Then PROGRAM is executed in place, under the filter (it is inherited by everything it starts).
"""

from __future__ import annotations

import ctypes
import errno
import os
import socket
import subprocess
import sys
from pathlib import Path

SCMP_ACT_ALLOW = 0x7FFF0000
SCMP_CMP_EQ = 4


def SCMP_ACT_ERRNO(number: int) -> int:  # noqa: N802 (libseccomp's name)
    return 0x00050000 | (number & 0xFFFF)


class _ArgCmp(ctypes.Structure):
    _fields_ = [("arg", ctypes.c_uint), ("op", ctypes.c_int),
                ("datum_a", ctypes.c_uint64), ("datum_b", ctypes.c_uint64)]


def systemd_groups() -> dict[str, list[str]]:
    """Every @group systemd knows, with its entries (system calls and nested @groups)."""
    text = subprocess.run(["systemd-analyze", "syscall-filter"], check=True, capture_output=True,
                          text=True, timeout=60).stdout
    groups: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in text.splitlines():
        if line.startswith("@"):
            current = groups.setdefault(line.strip(), [])
        elif line.startswith("    ") and current is not None and not line.strip().startswith("#"):
            current.append(line.strip())
        elif not line.strip():
            current = None
    return groups


def expand(entries: list[str], groups: dict[str, list[str]]) -> set[str]:
    calls: set[str] = set()
    for entry in entries:
        if entry.startswith("@"):
            if entry not in groups:
                raise SystemExit(f"unit_seccomp: systemd knows no system call group {entry}")
            calls |= expand(groups[entry], groups)
        else:
            calls.add(entry)
    return calls


def unit_service(path: Path) -> dict[str, list[str]]:
    """The [Service] section, every value of repeated keys kept in order."""
    values: dict[str, list[str]] = {}
    section = ""
    for line in path.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            section = line
        elif section == "[Service]" and "=" in line:
            key, value = line.split("=", 1)
            values.setdefault(key.strip(), []).append(value.strip())
    return values


def load_filter(service: dict[str, list[str]]) -> None:
    filters = service.get("SystemCallFilter", [])
    if not filters or any(f.startswith("~") for f in filters):
        raise SystemExit("unit_seccomp: only allow-list SystemCallFilter= lines are supported")
    groups = systemd_groups()
    allowed = expand(" ".join(filters).split(), groups)
    error_name = (service.get("SystemCallErrorNumber") or ["EPERM"])[-1]
    families = " ".join(service.get("RestrictAddressFamilies", [])).split()

    lib = ctypes.CDLL("libseccomp.so.2", use_errno=True)
    lib.seccomp_init.restype = ctypes.c_void_p
    lib.seccomp_init.argtypes = [ctypes.c_uint32]
    lib.seccomp_syscall_resolve_name.argtypes = [ctypes.c_char_p]
    lib.seccomp_rule_add_array.argtypes = [ctypes.c_void_p, ctypes.c_uint32, ctypes.c_int, ctypes.c_uint,
                                           ctypes.POINTER(_ArgCmp)]
    lib.seccomp_load.argtypes = [ctypes.c_void_p]

    ctx = lib.seccomp_init(SCMP_ACT_ERRNO(getattr(errno, error_name)))
    if not ctx:
        raise SystemExit("unit_seccomp: seccomp_init failed")

    def allow(name: str, arg0: int | None = None) -> None:
        number = lib.seccomp_syscall_resolve_name(name.encode())
        if number < 0:
            return  # not a system call of this architecture (systemd skips these too)
        if arg0 is None:
            rc = lib.seccomp_rule_add_array(ctx, SCMP_ACT_ALLOW, number, 0, None)
        else:
            cmp = (_ArgCmp * 1)(_ArgCmp(0, SCMP_CMP_EQ, arg0, 0))
            rc = lib.seccomp_rule_add_array(ctx, SCMP_ACT_ALLOW, number, 1, cmp)
        if rc < 0:
            raise SystemExit(f"unit_seccomp: cannot allow {name}: {os.strerror(-rc)}")

    for name in sorted(allowed - {"socket"}):
        allow(name)
    if "socket" in allowed:
        if families:
            for family in families:
                allow("socket", getattr(socket, family))
            # Other families: EAFNOSUPPORT, as systemd answers them.
            number = lib.seccomp_syscall_resolve_name(b"socket")
            for family in range(0, 46):
                if family not in {getattr(socket, f) for f in families}:
                    cmp = (_ArgCmp * 1)(_ArgCmp(0, SCMP_CMP_EQ, family, 0))
                    lib.seccomp_rule_add_array(ctx, SCMP_ACT_ERRNO(errno.EAFNOSUPPORT), number, 1, cmp)
        else:
            allow("socket")
    rc = lib.seccomp_load(ctx)
    if rc < 0:
        raise SystemExit(f"unit_seccomp: seccomp_load failed: {os.strerror(-rc)}")


def main() -> None:
    if len(sys.argv) < 4 or sys.argv[2] != "--":
        raise SystemExit(__doc__.split("\n\n")[1])
    load_filter(unit_service(Path(sys.argv[1])))
    os.execvp(sys.argv[3], sys.argv[3:])


if __name__ == "__main__":
    main()
