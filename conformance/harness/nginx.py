"""Debian's nginx in front of a server under test, configured by the shipped site template.

The site is ``deploy/nginx/deckhand.conf.in`` rendered by ``deploy/nginx/render-site``, as a user
renders it. The main configuration is Debian's own ``/etc/nginx/nginx.conf`` with only what would
touch the system redirected into the test's folder: pid file, logs, temporary files, the
``sites-enabled`` include (replaced by the rendered site) and the worker user. So ``nginx -t`` and the
running server see the site exactly as they would in ``/etc/nginx/sites-enabled/``.

    site = render_site(folder / "deckhand.conf", server_name="localhost", https_port=port, ...)
    proxy = Nginx(folder / "nginx", site)
    proxy.start(port)       # nginx -t, then waits until the HTTPS port accepts connections
    proxy.reload_command    # what certbot's deploy hook runs
    proxy.stop()
"""

from __future__ import annotations

import os
import shlex
import signal
import socket
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from harness.loopback import LoopbackServer
from harness.servers import HOST, REPO_ROOT, _die_with_parent, _prctl

NGINX = Path("/usr/sbin/nginx")
RENDER_SITE = REPO_ROOT / "deploy" / "nginx" / "render-site"
DEBIAN_MAIN_CONFIG = Path("/etc/nginx/nginx.conf")
START_TIMEOUT_SECS = 15.0
STOP_TIMEOUT_SECS = 15.0
COMMAND_TIMEOUT_SECS = 30.0

# The request line shows the protocol the client spoke (HTTP/2.0 or HTTP/1.1) and the path before
# the prefix is stripped; $request_length is the whole request, body included.
ACCESS_LOG_FORMAT = '$remote_addr "$request" $status $request_length $body_bytes_sent $ssl_protocol'


def missing_requirement() -> str | None:
    """Why this machine cannot run the deployment tests, or None when it can."""
    if os.geteuid() != 0:
        return "needs root: trusts test CAs in the system store, edits /etc/hosts, runs nginx's workers as root"
    if not NGINX.is_file():
        return f"nginx is not installed ({NGINX}); scripts/install-test-deps.sh installs it"
    return None


def render_site(output: Path, **options: str | int | list[str]) -> Path:
    """Runs render-site with ``--kebab-case`` options made from the keyword names (lists repeat)."""
    args = [str(RENDER_SITE)]
    for name, value in options.items():
        flag = "--" + name.replace("_", "-")
        for item in value if isinstance(value, list) else [value]:
            args += [flag, str(item)]
    args += ["--output", str(output)]
    res = subprocess.run(args, capture_output=True, text=True, timeout=COMMAND_TIMEOUT_SECS)
    if res.returncode != 0:
        raise AssertionError(f"render-site failed with exit {res.returncode}: {res.stderr}")
    return Path(output)


def _replace_once(text: str, old: str, new: str) -> str:
    if text.count(old) != 1:
        raise AssertionError(f"{DEBIAN_MAIN_CONFIG} no longer has exactly one '{old}'; update harness/nginx.py")
    return text.replace(old, new)


def main_config(folder: Path, site: Path) -> Path:
    """Debian's nginx.conf with system paths moved into ``folder`` and the site included."""
    folder = Path(folder)
    temp = folder / "temp"
    temp.mkdir(parents=True, exist_ok=True)
    text = DEBIAN_MAIN_CONFIG.read_text()
    # Workers must read the ACME webroot under pytest's temporary folder, which only root may enter.
    text = _replace_once(text, "user www-data;", "user root;")
    text = _replace_once(text, "pid /run/nginx.pid;", f"pid {folder}/nginx.pid;")
    text = _replace_once(text, "error_log /var/log/nginx/error.log;", f"error_log {folder}/error.log notice;")
    text = _replace_once(
        text, "access_log /var/log/nginx/access.log;",
        f"log_format deckhand_test '{ACCESS_LOG_FORMAT}';\n"
        f"\taccess_log {folder}/access.log deckhand_test;\n"
        + "".join(f"\t{kind}_temp_path {temp}/{kind};\n"
                  for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")))
    text = _replace_once(text, "include /etc/nginx/sites-enabled/*;", f"include {site};")
    path = folder / "nginx.conf"
    path.write_text(text)
    return path


class Nginx:
    """One nginx master (foreground, own process group) with its own prefix folder."""

    def __init__(self, folder: Path, site: Path):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.site = Path(site)
        self.config = main_config(self.folder, self.site)
        self.error_log = self.folder / "error.log"
        self.access_log = self.folder / "access.log"
        self.proc: subprocess.Popen | None = None

    def _command(self, *extra: str) -> list[str]:
        return [str(NGINX), "-p", f"{self.folder}/", "-c", str(self.config), "-e", str(self.error_log), *extra]

    @property
    def reload_command(self) -> str:
        """The shell command that makes this nginx reload its configuration and certificates."""
        return shlex.join(self._command("-s", "reload"))

    def test_config(self) -> subprocess.CompletedProcess:
        """``nginx -t`` on the main configuration with the site in it."""
        return subprocess.run(self._command("-t"), capture_output=True, text=True, timeout=COMMAND_TIMEOUT_SECS)

    def start(self, https_port: int) -> None:
        checked = self.test_config()
        if checked.returncode != 0:
            raise AssertionError(f"nginx -t failed:\n{checked.stderr}")
        self.proc = subprocess.Popen(
            self._command("-g", "daemon off;"), stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
            preexec_fn=_die_with_parent if _prctl is not None else None)
        deadline = time.monotonic() + START_TIMEOUT_SECS
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"nginx exited with {self.proc.returncode}:\n{self.error_tail()}")
            try:
                with socket.create_connection((HOST, https_port), timeout=1):
                    return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise AssertionError(f"nginx not listening on {HOST}:{https_port} after {START_TIMEOUT_SECS:.0f}s:\n"
                             f"{self.error_tail()}")

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is None or proc.poll() is not None:
            return
        proc.terminate()  # fast shutdown: the master stops its workers, open transfers end
        try:
            proc.wait(STOP_TIMEOUT_SECS)
        except subprocess.TimeoutExpired:
            # Its own process group (start_new_session): the master and its workers, nothing else.
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(STOP_TIMEOUT_SECS)

    def access_lines(self) -> list[str]:
        try:
            return self.access_log.read_text(errors="replace").splitlines()
        except FileNotFoundError:
            return []

    def error_tail(self, max_lines: int = 40) -> str:
        try:
            return "\n".join(self.error_log.read_text(errors="replace").splitlines()[-max_lines:])
        except FileNotFoundError:
            return "(no error log)"


@dataclass
class RecordedRequest:
    line: str
    headers: dict[str, str]  # names in lower case
    body_bytes: int = 0


class RecordingUpstream(LoopbackServer):
    """A plain HTTP/1.1 server standing where Deckhand would, to see what nginx sends it and when.

    It records every request (line, headers, body size) and counts the connections nginx opens;
    ``wait_for_body_bytes`` tells whether a request body has started arriving. A request to
    ``*/download`` gets DOWNLOAD_BYTES back, and ``download_bytes_sent`` counts how far it got: a
    proxy that buffers takes all of it at once, one that streams only as much as its client reads.
    """

    DOWNLOAD_BYTES = 64 * 1024 * 1024
    CHUNK_BYTES = 64 * 1024

    def __init__(self):
        super().__init__()
        self.requests: list[RecordedRequest] = []
        self.connections = 0
        self.download_bytes_sent = 0
        self._progress = threading.Condition()

    def wait_for_body_bytes(self, count: int, timeout: float) -> bool:
        """Whether the latest request has at least ``count`` body bytes within ``timeout``."""
        with self._progress:
            return self._progress.wait_for(
                lambda: bool(self.requests) and self.requests[-1].body_bytes >= count, timeout)

    def wait_until_download_stalls(self, quiet_secs: float, timeout: float) -> int:
        """Waits until ``download_bytes_sent`` has not grown for ``quiet_secs`` (or ``timeout``); returns it."""
        deadline = time.monotonic() + timeout
        last, last_change = -1, time.monotonic()
        while time.monotonic() < deadline:
            sent = self.download_bytes_sent
            if sent != last:
                last, last_change = sent, time.monotonic()
            elif time.monotonic() - last_change >= quiet_secs:
                break
            time.sleep(0.05)
        return last

    def _accept_loop(self) -> None:
        while True:
            try:
                conn, _ = self._listener.accept()
            except OSError:
                return
            self.connections += 1
            self._sockets.append(conn)
            self._spawn(self._serve, conn)

    def _serve(self, conn: socket.socket) -> None:
        reader = conn.makefile("rb")
        try:
            while True:
                line = reader.readline().decode("latin-1").rstrip("\r\n")
                if not line:
                    return
                headers = {}
                while header := reader.readline().decode("latin-1").rstrip("\r\n"):
                    name, _, value = header.partition(":")
                    headers[name.strip().lower()] = value.strip()
                request = RecordedRequest(line, headers)
                with self._progress:
                    self.requests.append(request)
                remaining = int(headers.get("content-length", "0"))
                while remaining:
                    chunk = reader.read1(min(remaining, self.CHUNK_BYTES))
                    if not chunk:
                        return
                    remaining -= len(chunk)
                    with self._progress:
                        request.body_bytes += len(chunk)
                        self._progress.notify_all()
                if line.split()[1].endswith("/download"):
                    conn.sendall(f"HTTP/1.1 200 OK\r\nContent-Length: {self.DOWNLOAD_BYTES}\r\n\r\n".encode())
                    chunk = bytes(self.CHUNK_BYTES)
                    for _ in range(self.DOWNLOAD_BYTES // self.CHUNK_BYTES):
                        conn.sendall(chunk)
                        self.download_bytes_sent += len(chunk)
                else:
                    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nok\n")
        except OSError:
            return
