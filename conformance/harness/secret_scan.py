"""Secrets the tests used or received, and the scan of every Deckhand log for them when the run ends.

What is remembered, and where (so no test has to remember anything itself):

* every password an ``Account`` is made with (``servers.Account``), right or deliberately wrong;
* every host key a device receives at login (``devices.Device.login``) or a hand-made hostKey call
  returns (``wire.post_sync``), and the media session key ``sk``, which since sync version 11 is the
  host key;
* every host key and session key ``s`` the harness sends in an ``anki-sync`` header (``wire.sync_header``);
* every bearer token of the shared-media API (``shared_media.signed_in``);
* every secret-looking setting a Deckhand server is started with: ``*PASSWORD*``, ``*SECRET*``,
  ``*TOKEN*``, and the password half of ``SYNC_USERn`` (``servers.DeckhandServer.start``).

The session key the official client makes up for each sync stays inside its Rust code; the harness
cannot learn it, so it is not scanned for.

Values shorter than ``MIN_LENGTH`` are ignored: "pw" would be found in every log. The lines the
harness itself writes into a server's log (``===== ...``) are not scanned; the output of the admin
commands it runs, which follows them, is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

MIN_LENGTH = 8
HARNESS_LINE = "===== "
SECRET_SETTING = re.compile(r".*(PASSWORD|SECRET|TOKEN).*")
ENVIRONMENT_USER = re.compile(r"SYNC_USER[0-9]+")

_remembered: dict[str, str] = {}


def remember(kind: str, value: str | None) -> None:
    if value and len(value) >= MIN_LENGTH:
        _remembered.setdefault(value, kind)


def remember_settings(settings: dict[str, str]) -> None:
    for name, value in settings.items():
        if ENVIRONMENT_USER.fullmatch(name):
            remember(f"password in {name}", value.split(":", 1)[-1])
        elif SECRET_SETTING.fullmatch(name):
            remember(name, value)


def count() -> int:
    return len(_remembered)


@dataclass(frozen=True)
class Leak:
    log: Path
    line: int
    kind: str

    def __str__(self) -> str:
        return f"{self.log}:{self.line}: a {self.kind}"


def _server_output(text: str) -> str:
    """The log without the harness's own ``=====`` lines (which name the command, the port and the
    session ``conformance``), each kept as an empty line so line numbers stay right."""
    return "\n".join("" if line.startswith(HARNESS_LINE) else line for line in text.split("\n"))


def leaks(logs: list[Path]) -> list[Leak]:
    """Every place a remembered secret appears in the server output of ``logs`` (missing files are skipped)."""
    found = []
    for log in logs:
        try:
            text = _server_output(log.read_text(errors="replace"))
        except FileNotFoundError:
            continue
        for secret, kind in _remembered.items():
            at = text.find(secret)
            if at >= 0:
                found.append(Leak(log, text.count("\n", 0, at) + 1, kind))
    return found
