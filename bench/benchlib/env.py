"""Where things are, and what this run ran on (versions, commit, load average)."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parents[1]
REPO_ROOT = BENCH_DIR.parent
CACHE_DIR = BENCH_DIR / "cache"

# The conformance harness (servers, devices) is imported, not copied.
if str(REPO_ROOT / "conformance") not in sys.path:
    sys.path.insert(0, str(REPO_ROOT / "conformance"))

from harness.servers import DEFAULT_JAR, LAUNCHER  # noqa: E402


def jar_path() -> Path:
    return Path(os.environ.get("DECKHAND_JAR") or DEFAULT_JAR)


def anki_version() -> str:
    try:
        import anki.buildinfo as bi  # type: ignore
        return f"{bi.version} ({getattr(bi, 'buildhash', '?')})"
    except Exception:
        return "?"


def _first_line(cmd: list[str], stderr: bool = False) -> str:
    try:
        res = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as e:
        return f"? ({type(e).__name__})"
    text = res.stderr if stderr else res.stdout
    return text.strip().splitlines()[0] if text.strip() else "?"


def git_commit() -> str:
    head = _first_line(["git", "-C", str(REPO_ROOT), "rev-parse", "HEAD"])
    try:
        dirty = subprocess.run(["git", "-C", str(REPO_ROOT), "status", "--porcelain",
                                "--untracked-files=no"], capture_output=True, text=True,
                               timeout=30).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        dirty = ""
    branch = _first_line(["git", "-C", str(REPO_ROOT), "rev-parse", "--abbrev-ref", "HEAD"])
    return f"{head} ({branch}{', uncommitted changes' if dirty else ''})"


def versions(with_deckhand: bool) -> dict[str, str]:
    """Java, Python, anki, Deckhand (its own --version, through the launcher) and the commit."""
    out = {
        "python": f"{platform.python_version()} ({sys.executable})",
        "anki": anki_version(),
        "java": _first_line([os.environ.get("JAVA") or "java", "-version"], stderr=True),
        "commit": git_commit(),
    }
    if with_deckhand:
        env = dict(os.environ, DECKHAND_JAR=str(jar_path()))
        try:
            res = subprocess.run([str(LAUNCHER), "--version"], capture_output=True, text=True,
                                 timeout=60, env=env)
            out["deckhand"] = res.stdout.strip().splitlines()[0] if res.stdout.strip() else "?"
        except (OSError, subprocess.TimeoutExpired) as e:
            out["deckhand"] = f"? ({type(e).__name__})"
        out["deckhand_jar"] = str(jar_path())
        out["deckhand_java_opts"] = os.environ.get("DECKHAND_JAVA_OPTS",
                                                   "(chosen by bin/deckhand for this machine)")
    return out


def machine() -> str:
    ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (f"{platform.node()}, {os.cpu_count()} CPU(s), {ram:.0f} GiB RAM, "
            f"Linux {platform.release()}")
