"""A private Docker engine for one test: its own daemon, sockets and storage under a temporary
folder, nothing shared with a Docker the machine may run.

Debian's docker.io runs containers on the test machines when the daemon leaves the host's network
set-up alone: no iptables rules, no IP forwarding, no default bridge (user-defined networks, such as
compose's, still work), and the vfs storage driver (no overlay mounts). Containers are reachable
from the host at their addresses on the compose network; nothing is published on a host port.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

START_TIMEOUT_SECS = 60.0
STOP_TIMEOUT_SECS = 30.0
COMMAND_TIMEOUT_SECS = 300.0


class DockerError(RuntimeError):
    pass


class PrivateDocker:
    def __init__(self):
        # Short: unix socket paths (containerd's live under exec-root) are limited to 108 bytes.
        self.folder = Path(tempfile.mkdtemp(prefix="dh-docker-", dir="/tmp"))
        self.socket = self.folder / "docker.sock"
        self.log_path = self.folder / "dockerd.log"
        self.proc: subprocess.Popen | None = None

    @property
    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env["DOCKER_HOST"] = f"unix://{self.socket}"
        return env

    def start(self) -> None:
        log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(
            ["dockerd", f"--data-root={self.folder / 'root'}", f"--exec-root={self.folder / 'exec'}",
             f"--pidfile={self.folder / 'dockerd.pid'}", f"--host=unix://{self.socket}",
             "--iptables=false", "--ip6tables=false", "--ip-forward=false", "--bridge=none",
             "--storage-driver=vfs"],
            stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
        log.close()
        deadline = time.monotonic() + START_TIMEOUT_SECS
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise DockerError(f"dockerd exited with {self.proc.returncode}:\n{self.tail()}")
            if self.socket.exists() and self.run("docker", "version", check=False).returncode == 0:
                return
            time.sleep(0.3)
        raise DockerError(f"dockerd did not answer within {START_TIMEOUT_SECS:.0f} s:\n{self.tail()}")

    def run(self, *cmd: str, check: bool = True, stdin: str | None = None, cwd: Path | None = None,
            timeout: float = COMMAND_TIMEOUT_SECS) -> subprocess.CompletedProcess:
        res = subprocess.run(cmd, env=self.env, input=stdin, cwd=cwd, capture_output=True, text=True,
                             timeout=timeout)
        if check and res.returncode != 0:
            raise DockerError(f"{' '.join(cmd)} exited with {res.returncode}\n{res.stdout}\n{res.stderr}")
        return res

    def tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError as e:
            return f"(no log: {e})"

    def stop(self) -> None:
        """Stops the daemon (it stops its containers) and removes everything it stored."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(STOP_TIMEOUT_SECS)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(STOP_TIMEOUT_SECS)
        # Whatever the daemon left mounted under its folder (it unmounts on a clean exit).
        for line in reversed(Path("/proc/self/mountinfo").read_text().splitlines()):
            mount_point = line.split()[4]
            if mount_point.startswith(str(self.folder)):
                subprocess.run(["umount", "-l", mount_point], capture_output=True, timeout=30)
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> "PrivateDocker":
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
