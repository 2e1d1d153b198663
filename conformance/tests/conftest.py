"""Fixtures: the server under test (target chosen by CONFORMANCE_TARGET), fresh accounts, devices.

* ``server``      - one server for the whole session, started on a free 127.0.0.1 port.
* ``account``     - a fresh account on ``server`` (``new_account`` for more).
* ``make_device`` - factory for simulated devices (own folder each), closed after the test.
* ``make_server`` - factory for an extra, private server (e.g. for restart tests), stopped after.
* ``deckhand``    - Deckhand itself whatever the target, for the tests of its deployment (nginx, certificates).
* ``large_collection`` - a closed collection of at least 200 MiB, built once per session by the client.
* ``container_image`` - Deckhand's container image, built once per run (root and mmdebstrap only).

When a test fails, the tail of every server log written to during the test is attached to the
report ("server log" sections). When the run ends, every Deckhand log of the run is scanned for
every password, host key, session key and bearer token the tests used or received
(harness/secret_scan.py); one found fails the run.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from harness import images, secret_scan, servers
from harness.content import add_incompressible_notes
from harness.devices import Device

LARGE_COLLECTION_BYTES = 200 * 1024 * 1024

# The client (Rust reqwest) honours HTTP(S)_PROXY; never send loopback traffic through a proxy.
_no_proxy = [x for x in os.environ.get("NO_PROXY", os.environ.get("no_proxy", "")).split(",") if x]
for _host in ("127.0.0.1", "localhost"):
    if _host not in _no_proxy:
        _no_proxy.append(_host)
os.environ["NO_PROXY"] = os.environ["no_proxy"] = ",".join(_no_proxy)


def pytest_report_header(config):
    target = os.environ.get("CONFORMANCE_TARGET", "deckhand")
    import anki.buildinfo

    return [f"conformance target: {target}; official client anki {anki.buildinfo.version}"]


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    srv = servers.make_server(tmp_path_factory.mktemp("server"), "server")
    srv.start()
    yield srv
    srv.stop()


@pytest.fixture
def make_server(tmp_path_factory):
    made: list[servers.ServerUnderTest] = []

    def _make(name: str = "private") -> servers.ServerUnderTest:
        srv = servers.make_server(tmp_path_factory.mktemp(name), name, small=True)
        made.append(srv)
        srv.start()
        return srv

    yield _make
    for srv in made:
        srv.stop()


@pytest.fixture(scope="session")
def deckhand(tmp_path_factory):
    srv = servers.DeckhandServer(tmp_path_factory.mktemp("deckhand"), "deckhand")
    srv.start()
    yield srv
    srv.stop()


@pytest.fixture(scope="session")
def large_collection(tmp_path_factory) -> Path:
    """Building takes several seconds; devices start from a copy (``make_device(name, copy_of=...)``)."""
    template = Device(tmp_path_factory.mktemp("large-collection"), "template")
    add_incompressible_notes(template.col, LARGE_COLLECTION_BYTES, deck="Large")
    template.close()
    size = template.path.stat().st_size
    assert size >= LARGE_COLLECTION_BYTES, f"the large collection has only {size} bytes"
    return template.path


@pytest.fixture
def new_account(server):
    return server.new_account


@pytest.fixture
def account(server):
    return server.new_account()


@pytest.fixture
def make_device(tmp_path):
    devices: list[Device] = []
    root = tmp_path / "devices"

    def _make(name: str, copy_of: Path | None = None) -> Device:
        dev = Device(root, name, copy_of)
        devices.append(dev)
        return dev

    yield _make
    errors = []
    for dev in devices:
        try:
            dev.close()
        except Exception as e:  # close every device even if one fails
            errors.append(f"{dev}: {e!r}")
    if errors:
        raise AssertionError("closing devices failed: " + "; ".join(errors))


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    item._conformance_started = time.time()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if not report.failed:
        return
    started = getattr(item, "_conformance_started", 0) - 1
    for srv in servers.ALL_SERVERS:
        try:
            touched = Path(srv.log_path).stat().st_mtime >= started
        except OSError:
            continue
        if touched:
            report.sections.append(
                (f"server log: {srv.name} ({srv.target}) {srv.log_path}", srv.tail(80))
            )


IMAGE_TOOLS = ("mmdebstrap", "unshare", "chroot", "mount", "git", "dpkg")


def _say(request, line: str) -> None:
    """Prints LINE in the test run's output even though output is captured."""
    plugins = request.config.pluginmanager
    reporter, capture = plugins.get_plugin("terminalreporter"), plugins.get_plugin("capturemanager")
    if reporter is not None and capture is not None:
        with capture.global_and_fixture_disabled():
            reporter.write_line(line)


@pytest.fixture
def say(request):
    """say(line): prints LINE in the test run's output even though output is captured (figures)."""
    return lambda line: _say(request, line)


@pytest.fixture(scope="session")
def build_container_image(request):
    """build(out): deploy/container/build.sh into OUT, with the jar the other tests use if it is
    built, printing how long it took. Skips unless root with the tools the build needs."""
    if os.geteuid() != 0:
        pytest.skip("building and running the image needs root (mmdebstrap, chroot, mounts)")
    missing = [tool for tool in IMAGE_TOOLS if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"missing {', '.join(missing)}; scripts/install-test-deps.sh installs them")

    def build(out: Path) -> images.BuiltImage:
        jar = Path(os.environ.get("DECKHAND_JAR") or servers.DEFAULT_JAR)
        built = images.build_image(out, jar=jar if jar.is_file() else None)
        base = "cached Debian base" if "Debian base: cached" in built.output else "new Debian base"
        size = sum(blob.stat().st_size for blob in (built.oci_layout / "blobs" / "sha256").iterdir())
        _say(request, f"\nimage built in {built.seconds:.1f} s ({base}); {size / 2**20:.0f} MiB of blobs, "
                      f"archive {built.archive.stat().st_size / 2**20:.0f} MiB")
        return built

    return build


@pytest.fixture(scope="session")
def container_image(build_container_image, tmp_path_factory):
    """Deckhand's container image, built once per run; its files are removed at the end."""
    out = tmp_path_factory.mktemp("image")
    try:
        yield build_container_image(out)
    finally:
        shutil.rmtree(out, ignore_errors=True)


def pytest_sessionfinish(session, exitstatus):
    logs = [server.log_path for server in servers.ALL_SERVERS if server.target == "deckhand"]
    if not logs:
        return
    started = time.monotonic()
    leaks = secret_scan.leaks(logs)
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    summary = (f"secret scan: {secret_scan.count()} secrets, {len(logs)} Deckhand logs, "
               f"{time.monotonic() - started:.1f} s: {len(leaks) or 'no'} leaks")
    if reporter is not None:
        reporter.write_sep("=", summary, red=bool(leaks), green=not leaks)
        for leak in leaks:
            reporter.write_line(str(leak))
    if leaks:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
