"""deploy/systemd/deckhand.service, checked by systemd's own tools.

The test machines do not run systemd as PID 1, so the unit cannot be started here. Instead it is
installed, as docs/deployment.md installs it, into a temporary root folder that also holds the
host's systemd units (the targets the unit names), and checked there:

* ``systemd-analyze verify --root``: the unit parses without a single warning (an unknown key or
  system call group is only a warning, with exit code 0, so the output must be empty), and its
  ExecStart exists and is executable at the documented path;
* ``systemd-analyze security --offline``: systemd's exposure score stays at or below 1.5, the
  unit's score with all its hardening ("OK"). Dropping a hardening line raises it.

The hardening most likely to break a JVM, the system-call filter, is also applied for real: Deckhand
runs under the unit's SystemCallFilter, SystemCallErrorNumber and RestrictAddressFamilies (loaded
with libseccomp from systemd's own group lists, harness/unit_seccomp.py) while the official client
signs in and syncs through it.
"""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from anki.sync import SyncOutput

from harness import unit_seccomp
from harness.content import build_rich_collection
from harness.devices import assert_same_state
from harness.servers import REPO_ROOT, DeckhandServer, target_name

pytestmark = pytest.mark.deployment

UNIT = REPO_ROOT / "deploy" / "systemd" / "deckhand.service"
HOST_UNITS = Path("/usr/lib/systemd/system")
# systemd-analyze's --threshold is in tenths of the score it prints.
MAX_EXPOSURE_TENTHS = 15


@pytest.fixture
def installed(tmp_path) -> Path:
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze missing; scripts/install-test-deps.sh installs it (Debian package systemd)")
    if not (HOST_UNITS / "multi-user.target").is_file():
        pytest.skip(f"no systemd units in {HOST_UNITS} to verify against")
    root = tmp_path / "root"
    shutil.copytree(HOST_UNITS, root / HOST_UNITS.relative_to("/"), symlinks=True)
    # The install steps of docs/deployment.md, under ROOT. The jar is not needed to verify the unit.
    launcher = root / "opt/deckhand/bin/deckhand"
    launcher.parent.mkdir(parents=True)
    shutil.copy2(REPO_ROOT / "bin" / "deckhand", launcher)
    os.chmod(launcher, 0o755)
    unit = root / "etc/systemd/system/deckhand.service"
    unit.parent.mkdir(parents=True)
    shutil.copy2(UNIT, unit)
    return root


def _analyze(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["systemd-analyze", *args], capture_output=True, text=True, timeout=60)


def test_unit_verifies_without_warnings(installed):
    res = _analyze("verify", f"--root={installed}", str(installed / "etc/systemd/system/deckhand.service"))
    assert (res.returncode, res.stdout, res.stderr) == (0, "", "")


def test_verify_notices_a_missing_launcher(installed):
    # The check above is only worth something if systemd-analyze looks at the install path.
    (installed / "opt/deckhand/bin/deckhand").unlink()
    res = _analyze("verify", f"--root={installed}", str(installed / "etc/systemd/system/deckhand.service"))
    assert res.returncode != 0
    assert "/opt/deckhand/bin/deckhand" in res.stderr


def test_port_443_drop_in_from_the_docs_verifies(installed):
    # docs/deployment.md: built-in TLS on port 443 needs CAP_NET_BIND_SERVICE, added by a drop-in.
    drop_in = installed / "etc/systemd/system/deckhand.service.d/override.conf"
    drop_in.parent.mkdir()
    drop_in.write_text("[Service]\nAmbientCapabilities=CAP_NET_BIND_SERVICE\n"
                       "CapabilityBoundingSet=CAP_NET_BIND_SERVICE\n")
    unit = str(installed / "etc/systemd/system/deckhand.service")
    res = _analyze("verify", f"--root={installed}", unit)
    assert (res.returncode, res.stdout, res.stderr) == (0, "", "")
    # The drop-in is read: the security review now counts the capability against the unit.
    review = _analyze("security", "--offline=yes", f"--root={installed}", unit)
    assert "✗ CapabilityBoundingSet=~CAP_NET_(BIND_SERVICE" in review.stdout


def test_unit_exposure_stays_ok(installed):
    res = _analyze("security", "--offline=yes", f"--root={installed}", f"--threshold={MAX_EXPOSURE_TENTHS}",
                   str(installed / "etc/systemd/system/deckhand.service"))
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr


def test_unit_has_the_settings_the_deployment_relies_on():
    unit = configparser.ConfigParser(strict=False, interpolation=None, delimiters=("=",))
    unit.optionxform = str  # systemd keys are case-sensitive
    unit.read(UNIT)
    service = unit["Service"]
    assert service["User"] == service["Group"] == "deckhand"
    assert service["ExecStart"] == "/opt/deckhand/bin/deckhand"
    assert service["EnvironmentFile"] == "-/etc/deckhand/deckhand.env"
    assert service["Environment"] == "DECKHAND_DATA_DIR=/var/lib/deckhand"
    assert service["StateDirectory"] == "deckhand"
    assert service["ReadWritePaths"] == "/var/lib/deckhand"
    assert service["ProtectSystem"] == "strict"
    assert service["CapabilityBoundingSet"] == ""
    assert service["SystemCallFilter"] == "@system-service"
    assert service["UMask"] == "0077"
    assert service["Restart"] == "on-failure"
    assert service["SuccessExitStatus"] == "143"
    for key in ("NoNewPrivileges", "PrivateTmp", "ProtectHome"):
        assert service[key] == "yes", key
    assert set(service["RestrictAddressFamilies"].split()) == {"AF_INET", "AF_INET6", "AF_UNIX"}
    assert "MemoryDenyWriteExecute" not in service, "the JVM's compiler needs writable executable memory"


class SandboxedDeckhand(DeckhandServer):
    """bin/deckhand (server and command line) under the unit's system-call sandbox."""

    target = "deckhand under the unit's seccomp filter"

    def command(self) -> list[str]:
        return [sys.executable, unit_seccomp.__file__, str(UNIT), "--", *super().command()]


def _status(pid: int) -> dict[str, str]:
    lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    return dict(line.split(":\t", 1) for line in lines if ":\t" in line)


def test_deckhand_syncs_under_the_units_system_call_filter(tmp_path, make_device):
    if target_name() != "deckhand":
        pytest.skip("the unit runs Deckhand")
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze missing; scripts/install-test-deps.sh installs it (Debian package systemd)")
    server = SandboxedDeckhand(tmp_path / "server", "sandboxed")
    try:
        server.start()
        status = _status(server.proc.pid)  # the launcher exec()s java: same process
        assert status["Name"] == "java"
        assert status["Seccomp"] == "2" and status["NoNewPrivs"] == "1", "the filter must be on the JVM"
        account = server.new_account()  # the command line runs under the filter too
        a, b = make_device("A"), make_device("B")
        build_rich_collection(a.col)
        a.login(account, server.endpoint)
        assert a.sync() == SyncOutput.FULL_UPLOAD
        b.login(account, server.endpoint)
        assert b.sync() == SyncOutput.FULL_DOWNLOAD
        assert_same_state(a.snapshot(), b.snapshot(), "A", "B")
    finally:
        server.stop()
    assert "stopped (exit 143)" in server.tail(3)
