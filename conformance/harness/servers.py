"""Starting, stopping and restarting the sync server under test, and making accounts on it.

Two targets (env CONFORMANCE_TARGET):

* ``deckhand`` (default): ``java -jar <jar>`` with DECKHAND_DATA_DIR / DECKHAND_HOST / DECKHAND_PORT;
  accounts are added while it runs with ``java -jar <jar> user add <name> --password-stdin``.
* ``reference``: the official server shipped in the pinned ``anki`` package
  (``python -m anki.syncserver``). It only knows the users declared in SYNC_USER1..N at start-up,
  so it is started with a pool of users and each test is handed unused ones; when the pool runs
  out the server is restarted (same data dir) with a larger pool.

Every server listens on 127.0.0.1 only, on a free port chosen here. Its stdout and stderr go to a
log file; ``tail()`` returns the end of it for failure reports.
"""

from __future__ import annotations

import ctypes
import functools
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from . import secret_scan

HOST = "127.0.0.1"
HEALTH_TIMEOUT_SECS = 60.0
STOP_TIMEOUT_SECS = 15.0
CLI_TIMEOUT_SECS = 60.0

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_JAR = REPO_ROOT / "app" / "target" / "deckhand.jar"
LAUNCHER = REPO_ROOT / "bin" / "deckhand"

# Every server object ever made in this session, for the failure-report hook in conftest.py.
ALL_SERVERS: list["ServerUnderTest"] = []


@dataclass(frozen=True)
class Account:
    user: str
    password: str

    def __post_init__(self):
        secret_scan.remember("password", self.password)


class ServerError(RuntimeError):
    pass


# Ports handed out come from below Linux's ephemeral range (32768-60999): a port the kernel picks
# for bind(0) or for an outgoing connection can be picked again a moment later, so two servers of
# one test (a sync server and its PostgreSQL) could be given the same one. Here each port is handed
# out once per run, and the range is one no client socket is given.
_PORT_RANGE = range(20000, 32768)
_ports_given: set[int] = set()
_next_port = _PORT_RANGE.start + (os.getpid() * 7919) % len(_PORT_RANGE)


def free_port() -> int:
    """A port on HOST that nothing listens on now and that no earlier call of this run returned."""
    global _next_port
    for _ in range(len(_PORT_RANGE)):
        port = _next_port
        _next_port = _PORT_RANGE.start + (port + 1 - _PORT_RANGE.start) % len(_PORT_RANGE)
        if port in _ports_given:
            continue
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            try:
                probe.bind((HOST, port))
            except OSError:
                continue
        _ports_given.add(port)
        return port
    raise ServerError(f"no free port left in {_PORT_RANGE.start}-{_PORT_RANGE.stop - 1}")


try:
    # Loaded here, not in the forked child: dlopen between fork and exec is unsafe in a process
    # that has other threads (the client's Rust runtime).
    _prctl = ctypes.CDLL("libc.so.6", use_errno=True).prctl
except (OSError, AttributeError):
    _prctl = None


def _die_with_parent(sig: int = signal.SIGTERM) -> None:
    # Runs in the child between fork and exec: ask Linux to signal the server if the pytest
    # process dies (e.g. killed after a hard timeout), so no server outlives the run.
    PR_SET_PDEATHSIG = 1
    if _prctl is not None:
        _prctl(PR_SET_PDEATHSIG, sig)


def _clean_env() -> dict[str, str]:
    """The parent environment without any server settings that could leak into the server."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not (k.startswith(("SYNC_", "DECKHAND_", "ANKISYNCD_")) or k == "PASSWORDS_HASHED"
                or k == "MAX_SYNC_PAYLOAD_MEGS")
    }
    return env


class ServerUnderTest:
    """One server process (restartable) with its own data dir, port and log file."""

    target = "?"
    # What the server process gets when pytest dies; a wrapper that ignores SIGTERM needs SIGKILL.
    parent_death_signal = signal.SIGTERM

    def __init__(self, workdir: Path, name: str = "server"):
        self.workdir = Path(workdir)
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.name = name
        self.data_dir = self.workdir / "data"
        self.data_dir.mkdir(exist_ok=True)
        self.log_path = self.workdir / "server.log"
        self.port = free_port()
        self.proc: subprocess.Popen | None = None
        self._log_fh = None
        self._account_counter = 0
        ALL_SERVERS.append(self)

    # --- to be provided by subclasses -------------------------------------------------------
    def command(self) -> list[str]:
        raise NotImplementedError

    def environment(self) -> dict[str, str]:
        raise NotImplementedError

    def new_account(self) -> Account:
        raise NotImplementedError

    # --- common -----------------------------------------------------------------------------
    @property
    def scheme(self) -> str:
        return "http"

    @property
    def endpoint(self) -> str:
        return f"{self.scheme}://{HOST}:{self.port}/"

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def _fresh_name(self, prefix: str = "u") -> str:
        self._account_counter += 1
        return f"{prefix}{self._account_counter}_{secrets.token_hex(3)}"

    def start(self) -> None:
        if self.running:
            raise ServerError(f"{self.name} already running")
        secret_scan.remember_settings(self.environment())
        self._log_fh = open(self.log_path, "ab", buffering=0)
        self._log_fh.write(
            f"\n===== conformance: starting {self.target} on {self.endpoint} "
            f"({time.strftime('%H:%M:%S')}) =====\n".encode()
        )
        cmd = self.command()
        self._log_fh.write(f"===== command: {' '.join(cmd)}\n".encode())
        self.proc = subprocess.Popen(
            cmd,
            env=self.environment(),
            cwd=self.workdir,
            stdin=subprocess.DEVNULL,
            stdout=self._log_fh,
            stderr=subprocess.STDOUT,
            preexec_fn=functools.partial(_die_with_parent, self.parent_death_signal) if _prctl is not None else None,
        )
        try:
            self.wait_healthy()
        except BaseException:
            self.stop()
            raise

    def wait_healthy(self, timeout: float = HEALTH_TIMEOUT_SECS) -> None:
        deadline = time.monotonic() + timeout
        url = self.endpoint + "health"
        last = "no answer"
        while time.monotonic() < deadline:
            if self.proc is None or self.proc.poll() is not None:
                rc = None if self.proc is None else self.proc.returncode
                raise ServerError(
                    f"{self.target} server exited with code {rc} before becoming healthy\n"
                    f"--- log tail ({self.log_path}) ---\n{self.tail()}"
                )
            try:
                with urllib.request.urlopen(url, timeout=2) as resp:
                    if resp.status == 200:
                        return
                    last = f"HTTP {resp.status}"
            except urllib.error.HTTPError as e:
                last = f"HTTP {e.code}"
            except (urllib.error.URLError, OSError) as e:
                last = repr(e)
            time.sleep(0.1)
        raise ServerError(
            f"{self.target} server not healthy at {url} within {timeout:.0f}s (last: {last})\n"
            f"--- log tail ({self.log_path}) ---\n{self.tail()}"
        )

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(STOP_TIMEOUT_SECS)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(STOP_TIMEOUT_SECS)
        if self._log_fh is not None:
            try:
                rc = None if proc is None else proc.returncode
                self._log_fh.write(f"\n===== conformance: stopped (exit {rc}) =====\n".encode())
                self._log_fh.close()
            finally:
                self._log_fh = None

    def restart(self) -> None:
        """Stop the process and start a new one on the same data dir and the same port."""
        self.stop()
        self.start()

    def tail(self, max_lines: int = 60) -> str:
        try:
            with open(self.log_path, "rb") as fh:
                fh.seek(0, os.SEEK_END)
                size = fh.tell()
                fh.seek(max(0, size - 64 * 1024))
                text = fh.read().decode("utf-8", "replace")
        except OSError as e:
            return f"(no log: {e})"
        return "\n".join(text.splitlines()[-max_lines:])


class ReferenceServer(ServerUnderTest):
    """The official sync server from the pinned anki package."""

    target = "reference"

    def __init__(self, workdir: Path, name: str = "reference", pool_size: int = 30):
        super().__init__(workdir, name)
        # Declared users, in SYNC_USERn order; a user is handed out at most once.
        self.pool: list[Account] = []
        self.handed_out = 0
        self._grow_pool(pool_size)

    def _grow_pool(self, n: int) -> None:
        for _ in range(n):
            self.pool.append(Account(self._fresh_name("ref"), secrets.token_urlsafe(12)))

    def command(self) -> list[str]:
        return [sys.executable, "-m", "anki.syncserver"]

    def environment(self) -> dict[str, str]:
        env = _clean_env()
        env.update(
            SYNC_BASE=str(self.data_dir),
            SYNC_HOST=HOST,
            SYNC_PORT=str(self.port),
            RUST_LOG=os.environ.get("RUST_LOG", "anki=info"),
            NO_COLOR="1",
        )
        for i, acct in enumerate(self.pool, start=1):
            env[f"SYNC_USER{i}"] = f"{acct.user}:{acct.password}"
        return env

    def new_account(self) -> Account:
        if self.handed_out >= len(self.pool):
            # Users can only be declared at start-up: restart with a bigger pool (same data dir).
            self._grow_pool(max(10, len(self.pool) // 2))
            if self.running:
                self.restart()
        acct = self.pool[self.handed_out]
        self.handed_out += 1
        return acct


class DeckhandServer(ServerUnderTest):
    """Deckhand's jar: ``java -jar deckhand.jar`` plus its ``user add`` command line."""

    target = "deckhand"

    def __init__(self, workdir: Path, name: str = "deckhand", jar: Path | None = None,
                 settings: dict[str, str] | None = None):
        super().__init__(workdir, name)
        self.settings = dict(settings or {})  # extra environment, e.g. the sign-in backend
        self.jar = Path(jar or os.environ.get("DECKHAND_JAR") or DEFAULT_JAR).resolve()
        self.java = os.environ.get("JAVA") or (
            str(Path(os.environ["JAVA_HOME"]) / "bin" / "java")
            if os.environ.get("JAVA_HOME")
            else (shutil.which("java") or "java")
        )
        if not self.jar.is_file():
            raise ServerError(
                f"Deckhand jar not found at {self.jar}. Build it first "
                f"(mvn -q -B package -DskipTests) or point DECKHAND_JAR at it; "
                f"CONFORMANCE_TARGET=reference runs the suite against the official server."
            )

    @property
    def scheme(self) -> str:
        # Built-in HTTPS: the test that sets the certificate also trusts its CA (harness/tls.py).
        return "https" if "DECKHAND_TLS_CERT" in self.settings else "http"

    def command(self) -> list[str]:
        # The launcher users run (bin/deckhand) picks JVM options for the machine.
        return [str(LAUNCHER), *self.launcher_args()] if LAUNCHER.is_file() else [self.java, "-jar", str(self.jar)]

    def launcher_args(self) -> list[str]:
        return []

    def _launcher_env(self, env: dict[str, str]) -> dict[str, str]:
        env["DECKHAND_JAR"] = str(self.jar)
        env["JAVA"] = self.java
        for name in ("DECKHAND_JAVA_OPTS", "DECKHAND_WARMUP", "DECKHAND_CDS"):
            if name in os.environ:
                env[name] = os.environ[name]
        return env

    def environment(self) -> dict[str, str]:
        env = self._launcher_env(_clean_env())
        env.update(
            DECKHAND_DATA_DIR=str(self.data_dir),
            DECKHAND_HOST=HOST,
            DECKHAND_PORT=str(self.port),
            # Every test signs in from 127.0.0.1, and the login tests send wrong passwords on
            # purpose: with the default limits the whole suite would lock itself out. The tests of
            # the limits set them back (tests/test_client_addresses.py).
            DECKHAND_SIGN_IN_FAILURES_PER_ADDRESS="100000",
            DECKHAND_SIGN_IN_FAILURES_PER_ACCOUNT="100000",
        )
        env.update(self.settings)
        return env

    def cli(self, *args: str, stdin: str | None = None,
            env_extra: dict[str, str] | None = None) -> subprocess.CompletedProcess:
        env = self._launcher_env(_clean_env())
        env["DECKHAND_DATA_DIR"] = str(self.data_dir)
        env.update(env_extra or {})
        cmd = [*self.command(), *args]
        res = subprocess.run(
            cmd, input=stdin, env=env, cwd=self.workdir, capture_output=True, text=True,
            timeout=CLI_TIMEOUT_SECS,
        )
        with open(self.log_path, "ab") as fh:
            fh.write(
                f"===== cli: {' '.join(args)} -> exit {res.returncode}\n{res.stdout}{res.stderr}"
                .encode()
            )
        return res

    def cli_process(self, *args: str) -> subprocess.Popen:
        """An admin command started (not waited for) with this server's settings, e.g. to kill it
        midway. The launcher execs java, so the process is the JVM itself."""
        env = self._launcher_env(_clean_env())
        env["DECKHAND_DATA_DIR"] = str(self.data_dir)
        return subprocess.Popen([*self.command(), *args], env=env, cwd=self.workdir, stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                preexec_fn=_die_with_parent if _prctl is not None else None)

    def new_account(self) -> Account:
        acct = Account(self._fresh_name("dh"), secrets.token_urlsafe(12))
        res = self.cli("user", "add", acct.user, "--password-stdin", stdin=acct.password + "\n")
        if res.returncode != 0:
            raise ServerError(
                f"`user add {acct.user} --password-stdin` failed with exit {res.returncode}\n"
                f"stdout: {res.stdout}\nstderr: {res.stderr}"
            )
        return acct


def target_name() -> str:
    name = os.environ.get("CONFORMANCE_TARGET", "deckhand").strip().lower() or "deckhand"
    if name not in ("deckhand", "reference"):
        raise ServerError(f"CONFORMANCE_TARGET must be 'deckhand' or 'reference', not {name!r}")
    return name


def make_server(workdir: Path, name: str, small: bool = False) -> ServerUnderTest:
    """A not-yet-started server of the selected target."""
    if target_name() == "reference":
        return ReferenceServer(workdir, name, pool_size=4 if small else 30)
    return DeckhandServer(workdir, name)
