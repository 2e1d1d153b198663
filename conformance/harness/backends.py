"""The shared-media service's backends as processes a test can crash: PostgreSQL (Debian's
binaries) and S3Proxy (the jar the Maven build copies to app/target/s3proxy, with its on-disk
store, so objects survive a restart). Both listen on 127.0.0.1 only, on free ports.

PostgreSQL refuses to run as root; as root the server and initdb run in a new user namespace
(``unshare -U``), where they are ``nobody``, as zonky's embedded PostgreSQL does it.
"""

from __future__ import annotations

import contextlib
import functools
import glob
import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

from .servers import HOST, REPO_ROOT, _die_with_parent, _prctl, free_port

START_TIMEOUT_SECS = 60.0
STOP_TIMEOUT_SECS = 30.0
S3PROXY_JAR = REPO_ROOT / "app" / "target" / "s3proxy" / "s3proxy.jar"
S3_ACCESS_KEY = "deckhand-faults"
S3_SECRET_KEY = "deckhand-faults-secret"


def postgres_bin_dir() -> Path | None:
    """The newest Debian PostgreSQL installed (``/usr/lib/postgresql/<major>/bin``), if any."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/postgres"), key=lambda p: int(Path(p).parent.parent.name))
    return Path(found[-1]).parent if found else None


def _dies_with_pytest(sig: int):
    """Like the servers': the backend gets ``sig`` if pytest itself dies (SIGQUIT takes PostgreSQL's
    children down with it)."""
    return functools.partial(_die_with_parent, sig) if _prctl is not None else None


def _as_non_root(cmd: list[str]) -> list[str]:
    return ["unshare", "-U", *cmd] if os.geteuid() == 0 else cmd


def _wait_for_port(port: int, proc: subprocess.Popen, log: Path, what: str) -> None:
    deadline = time.monotonic() + START_TIMEOUT_SECS
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited with {proc.returncode}:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            with socket.create_connection((HOST, port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{what} did not listen on {port} within {START_TIMEOUT_SECS:.0f}s")


class Postgres:
    """One PostgreSQL cluster in ``workdir``; ``crash()`` is an immediate shutdown (no checkpoint,
    crash recovery at the next start), ``start()`` brings it back on the same port."""

    def __init__(self, workdir: Path, bin_dir: Path):
        self.bin = bin_dir
        self.data = workdir / "pgdata"
        self.log = workdir / "postgres.log"
        self.port = free_port()
        self.proc: subprocess.Popen | None = None
        subprocess.run(_as_non_root([str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust",
                                     "-E", "UTF8", "--no-sync"]),
                       check=True, capture_output=True, timeout=START_TIMEOUT_SECS)

    @property
    def jdbc_url(self) -> str:
        return f"jdbc:postgresql://{HOST}:{self.port}/postgres"

    def start(self) -> None:
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen(
                _as_non_root([str(self.bin / "postgres"), "-D", str(self.data), "-p", str(self.port),
                              "-c", f"listen_addresses={HOST}", "-c", "unix_socket_directories=",
                              "-c", "fsync=on"]),
                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, preexec_fn=_dies_with_pytest(signal.SIGQUIT))
        _wait_for_port(self.port, self.proc, self.log, "PostgreSQL")
        deadline = time.monotonic() + START_TIMEOUT_SECS
        while subprocess.run([str(self.bin / "pg_isready"), "-h", HOST, "-p", str(self.port), "-q"],
                             timeout=10).returncode != 0:
            if time.monotonic() > deadline:
                raise RuntimeError("PostgreSQL listens but does not accept connections")
            time.sleep(0.1)

    def crash(self) -> None:
        """SIGQUIT: PostgreSQL's immediate shutdown, what a crash leaves behind."""
        self._signal(signal.SIGQUIT)

    def stop(self) -> None:
        self._signal(signal.SIGINT)

    def _signal(self, sig: int) -> None:
        proc, self.proc = self.proc, None
        if proc is None or proc.poll() is not None:
            return
        proc.send_signal(sig)
        try:
            proc.wait(STOP_TIMEOUT_SECS)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(STOP_TIMEOUT_SECS)

    def sql(self, query: str) -> list[list[str]]:
        """Rows of a query through psql (tab-separated, unaligned)."""
        out = subprocess.run([str(self.bin / "psql"), "-h", HOST, "-p", str(self.port), "-U", "postgres", "-At",
                              "-F", "\t", "-v", "ON_ERROR_STOP=1", "-c", query],
                             check=True, capture_output=True, text=True, timeout=30).stdout
        return [line.split("\t") for line in out.splitlines() if line]


class S3Proxy:
    """S3Proxy with its filesystem store under ``workdir/s3``: a bucket is a folder, an object a
    file at its key. ``kill()`` is SIGKILL; ``start()`` brings it back on the same port."""

    def __init__(self, workdir: Path, java: str, bucket: str):
        self.java = java
        self.base = workdir / "s3"
        self.bucket = bucket
        (self.base / bucket).mkdir(parents=True)
        self.log = workdir / "s3proxy.log"
        self.port = free_port()
        self.properties = workdir / "s3proxy.properties"
        self.properties.write_text("\n".join([
            f"s3proxy.endpoint=http://{HOST}:{self.port}",
            "s3proxy.authorization=aws-v2-or-v4",
            f"s3proxy.identity={S3_ACCESS_KEY}",
            f"s3proxy.credential={S3_SECRET_KEY}",
            "jclouds.provider=filesystem",
            f"jclouds.filesystem.basedir={self.base}",
            "jclouds.identity=unused",
            "jclouds.credential=unused",
        ]) + "\n")
        self.proc: subprocess.Popen | None = None

    @property
    def endpoint(self) -> str:
        return f"http://{HOST}:{self.port}"

    def start(self) -> None:
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen(
                [self.java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m", "-jar", str(S3PROXY_JAR),
                 "--properties", str(self.properties)],
                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, preexec_fn=_dies_with_pytest(signal.SIGKILL))
        _wait_for_port(self.port, self.proc, self.log, "S3Proxy")

    def kill(self) -> None:
        proc, self.proc = self.proc, None
        if proc is not None and proc.poll() is None:
            proc.kill()
            proc.wait(STOP_TIMEOUT_SECS)

    def objects(self, prefix: str) -> dict[str, Path]:
        """Every object whose key starts with ``prefix``, by key."""
        root = self.base / self.bucket
        return {str(p.relative_to(root)): p for p in (root / prefix).rglob("*") if p.is_file()} \
            if (root / prefix).exists() else {}


@contextlib.contextmanager
def shared_media_server(tmp_path: Path, name: str, bucket: str, settings: dict[str, str] | None = None,
                        buckets: tuple[str, ...] = ()):
    """Deckhand with shared-deck media on a fresh PostgreSQL and S3Proxy (``bucket``, plus any
    ``buckets``), ``settings`` added to its environment; yields (server, postgres, s3), running.
    Skips the test when PostgreSQL or the S3Proxy jar is missing."""
    from .servers import DeckhandServer

    bin_dir = postgres_bin_dir()
    if bin_dir is None:
        pytest.skip("PostgreSQL is not installed (scripts/install-test-deps.sh installs it)")
    if not S3PROXY_JAR.is_file():
        pytest.skip(f"{S3PROXY_JAR} is missing: `mvn package -DskipTests` copies it")
    postgres = Postgres(tmp_path, bin_dir)
    server = DeckhandServer(tmp_path / "deckhand", name)
    s3 = S3Proxy(tmp_path, server.java, bucket)
    for extra in buckets:
        (s3.base / extra).mkdir()
    try:
        postgres.start()
        s3.start()
        server.settings.update({
            "DECKHAND_SHARED_MEDIA": "on",
            "DECKHAND_POSTGRES_URL": postgres.jdbc_url,
            "DECKHAND_POSTGRES_USER": "postgres",
            "DECKHAND_SHARED_MEDIA_BUCKET": bucket,
            "DECKHAND_S3_ENDPOINT": s3.endpoint,
            "DECKHAND_S3_ACCESS_KEY_ID": S3_ACCESS_KEY,
            "DECKHAND_S3_SECRET_ACCESS_KEY": S3_SECRET_KEY,
            **(settings or {}),
        })
        server.start()
        yield server, postgres, s3
    finally:
        server.stop()
        s3.kill()
        postgres.stop()
