"""deploy/systemd/deckhand.service, checked by systemd's own tools.

The test machines do not run systemd as PID 1, so the unit cannot be started here. Instead it is
installed, as docs/deployment.md installs it, into a temporary root folder that also holds the
host's systemd units (the targets the unit names), and checked there:

* ``systemd-analyze verify --root``: the unit parses without a single warning (an unknown key or
  system call group is only a warning, with exit code 0, so the output must be empty), and its
  ExecStart exists and is executable at the documented path;
* ``systemd-analyze security --offline``: systemd's exposure score stays at or below 1.5, the
  unit's score with all its hardening ("OK"). Dropping a hardening line raises it.
"""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from harness.servers import REPO_ROOT

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
