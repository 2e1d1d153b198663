"""The real Anki desktop app (``aqt`` from PyPI) on a virtual display, used as a person would.

    with VirtualDisplay(folder) as display:
        app = DesktopApp(display, base_folder, folder)
        app.start()
        window = app.wait_for(lambda seen: seen.find(cls="Preferences"), 30, "the Preferences window")
        app.click(window.control("tab", "Syncing"))
        ...
        app.close()

* ``VirtualDisplay``: Debian's Xvfb on a display number Xvfb picks itself (``-displayfd``, so tests
  of other engineers on the same machine never collide) and openbox as window manager (focus,
  stacking, so keystrokes reach the window on top as on a desktop).
* ``DesktopApp``: ``anki -b BASE`` from its own venv (``conformance/requirements-desktop.txt``,
  installed by ``conformance/run.sh``), with the observer add-on (``desktop_observer/``) in the base
  folder's ``addons21``. The add-on appends what is on screen to a JSON-lines file every 100 ms;
  ``wait_for`` reads it, so the test sees windows and texts the way the user does, and the record
  stays for figures (when a warning appeared, how long it stayed).
* Input goes through xdotool (XTEST): real key presses and mouse clicks on the screen.

Every process (Xvfb, openbox, Anki and its web engine helpers) runs in its own process group and is
ended in ``close()``; each also gets SIGKILL if pytest itself dies.
"""

from __future__ import annotations

import functools
import json
import os
import select
import shutil
import signal
import socket
import subprocess
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from harness.servers import HOST, REPO_ROOT, _die_with_parent, _prctl

DESKTOP_VENV = Path(os.environ.get("CONFORMANCE_DESKTOP_VENV") or REPO_ROOT / "conformance" / ".venv-desktop")
ANKI = DESKTOP_VENV / "bin" / "anki"
OBSERVER_ADDON = Path(__file__).resolve().parent / "desktop_observer"
TOOLS = {"Xvfb": "xvfb", "openbox": "openbox", "xdotool": "xdotool", "import": "imagemagick"}

SCREEN = "1280x900x24"
DISPLAY_TIMEOUT_SECS = 15.0
TOOL_TIMEOUT_SECS = 15.0
STOP_TIMEOUT_SECS = 10.0
POLL_SECS = 0.05
SETTLED_POLLS = 3


def missing_requirement() -> str | None:
    """Why this machine cannot run the desktop app, or None when it can."""
    missing = [f"{tool} ({package})" for tool, package in TOOLS.items() if shutil.which(tool) is None]
    if missing:
        return f"missing {', '.join(missing)}; scripts/install-test-deps.sh installs them"
    if not ANKI.is_file():
        return f"no desktop app at {ANKI}; conformance/run.sh installs requirements-desktop.txt there"
    return None


def _spawn(cmd: list[str], env: dict[str, str], log: Path, **kwargs) -> subprocess.Popen:
    with open(log, "ab") as out:
        return subprocess.Popen(
            cmd, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=functools.partial(_die_with_parent, signal.SIGKILL) if _prctl is not None else None,
            **kwargs,
        )


def _end(proc: subprocess.Popen | None) -> None:
    """SIGTERM to the process group, SIGKILL to what is left after STOP_TIMEOUT_SECS."""
    if proc is None:
        return
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            pass
        try:
            proc.wait(STOP_TIMEOUT_SECS)
            # The leader is gone; its helpers (the web engine's) may still be in the group.
            os.killpg(proc.pid, signal.SIGKILL)
        except subprocess.TimeoutExpired:
            continue
        except ProcessLookupError:
            pass
        return


class VirtualDisplay:
    """Xvfb plus openbox; ``env`` is what a program needs to show its windows there."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.xvfb: subprocess.Popen | None = None
        self.openbox: subprocess.Popen | None = None
        self.display = ""

    def __enter__(self) -> "VirtualDisplay":
        try:
            self.start()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in ("WAYLAND_DISPLAY", "XAUTHORITY")}
        env["DISPLAY"] = self.display
        return env

    def start(self) -> None:
        read_end, write_end = os.pipe()
        try:
            self.xvfb = _spawn(
                ["Xvfb", "-displayfd", str(write_end), "-screen", "0", SCREEN, "-nolisten", "tcp"],
                dict(os.environ), self.folder / "xvfb.log", pass_fds=(write_end,),
            )
            os.close(write_end)
            write_end = -1
            number = b""
            deadline = time.monotonic() + DISPLAY_TIMEOUT_SECS
            while not number.endswith(b"\n"):
                ready, _, _ = select.select([read_end], [], [], max(0.0, deadline - time.monotonic()))
                chunk = os.read(read_end, 16) if ready else b""
                if not chunk:
                    raise RuntimeError(f"Xvfb gave no display number within {DISPLAY_TIMEOUT_SECS:.0f} s "
                                       f"(log: {self.folder / 'xvfb.log'})")
                number += chunk
            self.display = f":{int(number)}"
        finally:
            os.close(read_end)
            if write_end >= 0:
                os.close(write_end)
        self.openbox = _spawn(["openbox"], self.env, self.folder / "openbox.log")
        # The desktops are an EWMH property only a window manager sets: there once openbox manages the screen.
        self._wait(lambda: self.xdotool("get_num_desktops", check=False).returncode == 0,
                   "openbox to manage the display")

    def _wait(self, ready: Callable[[], bool], what: str) -> None:
        deadline = time.monotonic() + DISPLAY_TIMEOUT_SECS
        while not ready():
            if time.monotonic() > deadline:
                raise RuntimeError(f"waited {DISPLAY_TIMEOUT_SECS:.0f} s for {what} on {self.display}")
            time.sleep(0.1)

    def xdotool(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(["xdotool", *args], env=self.env, capture_output=True, text=True,
                              timeout=TOOL_TIMEOUT_SECS, check=check)

    def screenshot(self, path: Path) -> Path:
        subprocess.run(["import", "-window", "root", str(path)], env=self.env, capture_output=True,
                       timeout=TOOL_TIMEOUT_SECS, check=True)
        return path

    def close(self) -> None:
        _end(self.openbox)
        _end(self.xvfb)
        self.openbox = self.xvfb = None


@dataclass
class Window:
    """One visible top-level window as the observer saw it."""

    seen: dict

    @property
    def cls(self) -> str:
        return self.seen["class"]

    @property
    def title(self) -> str:
        return self.seen["title"]

    @property
    def text(self) -> str:
        return self.seen.get("text", "")

    @property
    def active(self) -> bool:
        return self.seen["active"]

    def controls(self, kind: str) -> list[dict]:
        return [c for c in self.seen.get("controls", []) if c["kind"] == kind]

    def control(self, kind: str, text: str | None = None, name: str | None = None) -> dict:
        """The visible control of KIND with that text (mnemonic '&' ignored) or object name."""
        for c in self.controls(kind):
            if (text is None or c.get("text", "").replace("&", "") == text) and (name is None or c.get("name") == name):
                return c
        raise AssertionError(f"no visible {kind} {text or name!r} in {self.cls} {self.title!r}: {self.seen}")


@dataclass
class Screen:
    """One poll of the observer: the visible windows at time ``t`` (seconds since the epoch)."""

    t: float
    windows: list[Window] = field(default_factory=list)

    def find(self, cls: str | None = None, title: str | None = None, text: str | None = None) -> Window | None:
        for w in self.windows:
            if (cls is None or w.cls == cls) and (title is None or w.title == title) and (text is None or w.text == text):
                return w
        return None

    def describe(self) -> str:
        return "; ".join(f"{w.cls} {w.title!r}" + (f" {w.text!r}" if w.text else "") for w in self.windows) or "nothing"


class DesktopApp:
    """``anki -b BASE`` on a VirtualDisplay, with the observer add-on; one instance per test."""

    def __init__(self, display: VirtualDisplay, base: Path, folder: Path):
        self.display = display
        self.base = Path(base)
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.observed = self.folder / "observed.jsonl"
        self.log = self.folder / "anki.log"
        self.proc: subprocess.Popen | None = None
        self.screens: list[Screen] = []
        self.events: list[tuple[float, str]] = []
        self._offset = 0
        self._closed_port: socket.socket | None = None

    def start(self) -> None:
        addons = self.base / "addons21"
        addons.mkdir(parents=True, exist_ok=True)
        shutil.copytree(OBSERVER_ADDON, addons / "deckhand_observer",
                        ignore=shutil.ignore_patterns("__pycache__"))
        # A port bound but never listening: the update check's connection is refused at once and
        # nothing leaves the machine.
        self._closed_port = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._closed_port.bind((HOST, 0))
        proxy = f"http://{HOST}:{self._closed_port.getsockname()[1]}"
        private = self.folder / "home"
        private.mkdir(mode=0o700, exist_ok=True)
        env = {k: v for k, v in self.display.env.items() if not k.startswith(("LC_", "LANGUAGE"))}
        env.update(
            QTWEBENGINE_CHROMIUM_FLAGS="--no-sandbox --disable-gpu",  # root, and no GPU
            QT_QPA_PLATFORM="xcb",
            ANKI_SINGLE_INSTANCE_KEY=f"deckhand-conformance-{uuid.uuid4().hex}",
            HTTP_PROXY=proxy, HTTPS_PROXY=proxy, http_proxy=proxy, https_proxy=proxy,
            NO_PROXY=f"{HOST},localhost", no_proxy=f"{HOST},localhost",
            LANG="C.UTF-8",  # English, the language the test reads, and UTF-8 as Qt wants
            XDG_RUNTIME_DIR=str(private), XDG_CACHE_HOME=str(private / "cache"),
            XDG_CONFIG_HOME=str(private / "config"), XDG_DATA_HOME=str(private / "data"),
            DECKHAND_OBSERVER_OUT=str(self.observed),
        )
        self.proc = _spawn([str(ANKI), "-b", str(self.base)], env, self.log, cwd=self.folder)

    # --- what is on screen ------------------------------------------------------------------
    def _read(self) -> list[Screen]:
        """Screens the observer wrote since the last call (it writes whole lines)."""
        try:
            with open(self.observed, "rb") as fh:
                fh.seek(self._offset)
                data = fh.read()
        except FileNotFoundError:
            return []
        complete = data[: data.rfind(b"\n") + 1]
        self._offset += len(complete)
        fresh = []
        for line in complete.decode("utf-8").splitlines():
            record = json.loads(line)
            if "observer_error" in record:
                raise AssertionError(f"the observer add-on failed: {record['observer_error']}")
            if "event" in record:
                self.events.append((record["t"], record["event"]))
            else:
                fresh.append(Screen(record["t"], [Window(w) for w in record["windows"]]))
        self.screens.extend(fresh)
        return fresh

    def wait_for(self, found: Callable[[Screen], object], timeout: float, what: str,
                 fail_if: Callable[[Screen], str | None] | None = None, since: float | None = None):
        """The first non-empty result of FOUND, in order, on the screens observed at or after SINCE
        (epoch seconds; default: now); an AssertionError after TIMEOUT seconds, or as soon as FAIL_IF
        returns a reason. Pass SINCE from an input method to see what that input caused, even if it
        was already on screen before this call."""
        since = time.time() if since is None else since
        deadline = time.monotonic() + timeout
        self._read()
        i = next((k for k, s in enumerate(self.screens) if s.t >= since), len(self.screens))
        while True:
            for screen in self.screens[i:]:
                i += 1
                if fail_if is not None and (reason := fail_if(screen)):
                    raise AssertionError(f"while waiting for {what}: {reason} (on screen: {screen.describe()})")
                if result := found(screen):
                    return result
            if self.proc is not None and self.proc.poll() is not None:
                raise AssertionError(f"Anki exited with {self.proc.returncode} while waiting for {what}")
            if time.monotonic() > deadline:
                last = self.screens[-1].describe() if self.screens else "(the observer wrote nothing yet)"
                raise AssertionError(f"waited {timeout:.0f} s for {what}; on screen: {last}")
            time.sleep(POLL_SECS)
            self._read()

    def wait_for_settled(self, cls: str, timeout: float, what: str, since: float | None = None) -> Window:
        """The window of class CLS once it is active and has kept its place and size for SETTLED_POLLS
        polls in a row: the window manager may still move a new window, and a click must land on it."""
        run: list[list[int]] = []

        def settled(screen: Screen):
            w = screen.find(cls=cls)
            if not (w and w.active):
                run.clear()
                return None
            if run and run[-1] != w.seen["rect"]:
                run.clear()
            run.append(w.seen["rect"])
            return w if len(run) >= SETTLED_POLLS else None

        return self.wait_for(settled, timeout, what, since=since)

    def wait_for_event(self, event: str, since: float, timeout: float) -> float:
        """When the observer recorded EVENT at or after SINCE (epoch seconds)."""
        def found(_screen: Screen):
            return next((t for t, e in self.events if e == event and t >= since), None)
        return self.wait_for(found, timeout, f"Anki's {event}")

    # --- input, as a person gives it; each returns the time just before it was sent -----------
    def key(self, *keys: str) -> float:
        return self._xdotool("key", "--delay", "50", *keys)

    def type(self, text: str) -> float:
        return self._xdotool("type", "--delay", "30", "--", text)

    def click(self, control: dict) -> float:
        x, y, w, h = control["rect"]
        return self._xdotool("mousemove", str(x + w // 2), str(y + h // 2), "click", "1")

    def _xdotool(self, *args: str) -> float:
        sent = time.time()
        self.display.xdotool(*args)
        return sent

    def screenshot(self, name: str) -> Path:
        return self.display.screenshot(self.folder / name)

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError as e:
            return f"(no log: {e})"

    def close(self) -> None:
        _end(self.proc)
        self.proc = None
        if self._closed_port is not None:
            self._closed_port.close()
            self._closed_port = None
