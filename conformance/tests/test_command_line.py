"""The command line an operator meets: --version and --help everywhere, results on standard output
and logs on standard error, start-up failures as one readable line with exit code 2, and logs as
JSON when asked. Deckhand only.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import zipfile
from pathlib import Path

import pytest

from harness import servers
from harness.content import add_basic_note
from harness.servers import CLI_TIMEOUT_SECS, LAUNCHER, DeckhandServer, free_port
from harness.wire import post_sync

pytestmark = pytest.mark.skipif(servers.target_name() != "deckhand", reason="Deckhand's command line")

# Commands any version of the command line must have; the help test finds the rest itself.
KNOWN_COMMANDS = [["user", "add"], ["user", "usage"], ["housekeeping"], ["media", "upload"], ["backup"],
                  ["config", "check"], ["admin", "token"]]
MAX_COMMANDS = 200


def _run(args: list[str], env_extra: dict[str, str] | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DECKHAND_", "SYNC_"))}
    env.update(env_extra or {})
    return subprocess.run([str(LAUNCHER), *args], env=env, cwd=cwd, capture_output=True, text=True,
                          timeout=CLI_TIMEOUT_SECS)


def _stamped_version() -> dict[str, str]:
    with zipfile.ZipFile(servers.DEFAULT_JAR) as jar:
        lines = jar.read("deckhand-build.properties").decode().splitlines()
    return dict(line.split("=", 1) for line in lines if "=" in line and not line.startswith("#"))


def test_version_agrees_with_the_jar_everywhere():
    stamped = _stamped_version()
    for args in (["--version"], ["-V"], ["user", "--version"], ["backup", "--version"]):
        result = _run(args)
        assert result.returncode == 0, result
        assert result.stdout.startswith(f"Deckhand {stamped['version']} (commit {stamped['commit']}"), result.stdout
        assert result.stderr == ""


def _subcommands(help_text: str) -> list[str]:
    """The names in the "Commands:" section of a picocli usage message: two spaces, then the name."""
    names, in_section = [], False
    for line in help_text.splitlines():
        if line == "Commands:":
            in_section = True
        elif in_section:
            match = re.match(r"  ([a-z][a-z0-9-]*)(\s|$)", line)
            if match:
                names.append(match.group(1))
            elif not line.startswith("   "):
                in_section = False
    return names


def test_every_command_and_subcommand_has_help_that_exits_0():
    """Walks the tree from `deckhand --help`, so a new command is covered without a list to update."""
    seen, pending, problems = [], [[]], []
    while pending and len(seen) < MAX_COMMANDS:
        command = pending.pop(0)
        seen.append(command)
        result = _run([*command, "--help"])
        name = " ".join(["deckhand", *command])
        if result.returncode != 0 or not result.stdout.startswith(f"Usage: {name} ") or "--help" not in result.stdout \
                or result.stderr:
            problems.append((name, result.returncode, result.stdout[:200], result.stderr[:200]))
        pending.extend([*command, sub] for sub in _subcommands(result.stdout))
    assert not problems, problems
    assert not pending, f"more than {MAX_COMMANDS} commands"
    missing = [c for c in KNOWN_COMMANDS if c not in seen]
    assert not missing, (missing, seen)


def test_usage_mistakes_exit_2_with_the_usage(tmp_path):
    for args in (["--no-such-option"], ["user"], ["user", "add"], ["housekeeping", "--grace-hours", "soon"],
                 ["housekeeping", "--grace-hours", "-1"], ["import", "elsewhere", str(tmp_path)]):
        result = _run(args, {"DECKHAND_DATA_DIR": str(tmp_path / "data")})
        assert result.returncode == 2, (args, result)
        assert result.stdout == "", (args, result.stdout)
        assert result.stderr.strip(), args


def test_a_server_that_cannot_be_reached_exits_1_with_one_line(tmp_path):
    folder = tmp_path / "media"
    folder.mkdir()
    result = _run(["media", "upload", "--server", f"http://127.0.0.1:{free_port()}", "--user", "ada", "--deck", "d",
                   str(folder)], {"DECKHAND_PASSWORD": "not-used-for-anything"})
    assert result.returncode == 1, result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("deckhand: cannot reach"), result.stderr


def test_results_on_stdout_and_everything_else_on_stderr(make_server):
    server = make_server("quiet-output")
    for name in ("ada", "grace"):
        assert server.cli("user", "add", name, "--password-stdin", stdin="pw-" + name + "\n").returncode == 0
    listed = server.cli("user", "list")
    assert listed.returncode == 0
    assert listed.stdout.splitlines() == ["ada", "grace"], listed.stdout
    assert "data folder:" in listed.stderr


def _one_line_failure(result: subprocess.CompletedProcess, *expected: str) -> str:
    assert result.returncode == 2, result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("deckhand: "), lines
    assert result.stdout == ""
    for text in expected:
        assert text in lines[0], lines[0]
    return lines[0]


def test_startup_failures_are_one_line_and_exit_2(tmp_path):
    data = tmp_path / "data"
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        _one_line_failure(_run([], {"DECKHAND_DATA_DIR": str(data), "DECKHAND_HOST": "127.0.0.1",
                                    "DECKHAND_PORT": str(port)}), "another program uses port")
    _one_line_failure(_run([], {"DECKHAND_DATA_DIR": str(data), "DECKHAND_HOST": "192.0.2.1",
                                "DECKHAND_PORT": str(free_port())}), "192.0.2.1 is not an address of this machine")
    _one_line_failure(_run([], {"DECKHAND_DATA_DIR": "/proc/deckhand-cannot-be-here", "DECKHAND_HOST": "127.0.0.1",
                                "DECKHAND_PORT": str(free_port())}), "/proc/deckhand-cannot-be-here")
    _one_line_failure(_run([], {"DECKHAND_DATA_DIR": str(data), "DECKHAND_HOST": "127.0.0.1",
                                "DECKHAND_PORT": str(free_port()), "DECKHAND_TLS_CERT": str(tmp_path / "missing.pem"),
                                "DECKHAND_TLS_KEY": str(tmp_path / "missing.key")}), "missing.pem")
    a_file = tmp_path / "a-file"
    a_file.write_text("a file where the data folder should be")
    _one_line_failure(_run([], {"DECKHAND_DATA_DIR": str(a_file), "DECKHAND_HOST": "127.0.0.1",
                                "DECKHAND_PORT": str(free_port())}), str(a_file))
    not_a_certificate = tmp_path / "not-a-certificate.pem"
    not_a_certificate.write_text("-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n")
    _one_line_failure(_run([], {"DECKHAND_DATA_DIR": str(data), "DECKHAND_HOST": "127.0.0.1",
                                "DECKHAND_PORT": str(free_port()), "DECKHAND_TLS_CERT": str(not_a_certificate),
                                "DECKHAND_TLS_KEY": str(not_a_certificate)}), "not-a-certificate.pem")
    _one_line_failure(_run([], {"DECKHAND_PORT": "not-a-port"}), "DECKHAND_PORT")
    _one_line_failure(_run(["user", "list"], {"DECKHAND_LOG_LEVEL": "LOUD"}), "DECKHAND_LOG_LEVEL")


def test_a_stack_trace_only_at_debug_level(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        env = {"DECKHAND_DATA_DIR": str(tmp_path / "data"), "DECKHAND_HOST": "127.0.0.1",
               "DECKHAND_PORT": str(taken.getsockname()[1])}
        quiet = _run([], env)
        loud = _run([], {**env, "DECKHAND_LOG_LEVEL": "debug"})
    line = _one_line_failure(quiet, "another program uses port")
    assert "\tat " not in quiet.stderr
    assert loud.returncode == 2, loud
    assert line in loud.stderr and "\tat dev.deckhand." in loud.stderr, loud.stderr


REQUEST_KEYS = ("request", "user", "method", "path", "status", "bytes_in", "bytes_out", "duration_ms", "client")


def test_json_logs_carry_the_request_fields_for_a_real_sync(tmp_path, make_device):
    server = DeckhandServer(tmp_path / "server", "json-logs", settings={"DECKHAND_LOG_FORMAT": "json"})
    server.start()
    try:
        account = server.new_account()
        device = make_device("json-logs")
        add_basic_note(device.col, "front", "back")
        device.login(account, server.endpoint)
        device.sync()
        add_basic_note(device.col, "second", "note")
        device.sync()
        status, _, _ = post_sync(server.endpoint, "hostKey", "",
                                 json.dumps({"u": account.user, "p": "wrong"}).encode())
        assert status == 403
    finally:
        server.stop()
    text = server.log_path.read_text()
    records = [json.loads(line) for line in text.splitlines() if line.startswith("{")]
    assert records, "no JSON lines"
    requests = [r for r in records if r["logger"] == "deckhand.requests"]
    for record in requests:
        for key in ("time", "level", "message", *REQUEST_KEYS):
            assert key in record, (key, record)
        assert isinstance(record["status"], int) and isinstance(record["bytes_in"], int)
        assert isinstance(record["bytes_out"], int) and isinstance(record["duration_ms"], int)
        assert record["client"] == "127.0.0.1"
    by_path = {}
    for record in requests:
        by_path.setdefault(record["path"], []).append(record)
    refused = by_path["/sync/hostKey"][-1]
    assert (refused["status"], refused["method"], refused["user"]) == (403, "POST", "-"), refused
    # The second sync sends the new note: a normal sync's steps, each with the signed-in user.
    for step in ("/sync/meta", "/sync/start", "/sync/applyChanges", "/sync/chunk", "/sync/finish"):
        assert step in by_path, (step, sorted(by_path))
        record = by_path[step][-1]
        assert record["status"] == 200 and record["user"] == account.user, record
        assert record["bytes_in"] > 0 and record["bytes_out"] > 0, record
    assert len({r["request"] for r in requests}) == len(requests), "request ids repeat"

