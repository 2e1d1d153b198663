#!/usr/bin/env python3
"""Checks that every link in the README and the docs resolves.

* Markdown links to files of this repository (``[text](docs/api.md)``, ``(#configuration)``,
  ``(configuration.md#media)``) must name an existing file, and an anchor must match a heading of
  that file (GitHub's rule: lower case, punctuation dropped, spaces to hyphens).
* Repository paths written as code (```docs/deployment.md```, ```deploy/nginx/deckhand.conf```)
  must exist too, relative to the Markdown file or to the repository root. Paths with placeholders
  (``<user>``), absolute paths and globs are not repository files and are skipped.
* Web links cannot be fetched from a machine without internet access; they must at least be
  well-formed ``https://`` (or ``http://``) URLs.

Exit status 1 lists every broken link as ``file:line: target (reason)``.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIPPED_FOLDERS = {"node_modules", ".venv", "target", ".git", "results"}
MARKDOWN_LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
IMAGE_LINK = re.compile(r"!\[[^\]]*\]\(([^)\s]+)\)")
CODE_SPAN = re.compile(r"`([^`\n]+)`")
# A code span that looks like a path into this repository: has a folder and a file extension we ship.
REPO_PATH = re.compile(r"^[A-Za-z0-9_.\-]+(/[A-Za-z0-9_.\-]+)*\.(md|ya?ml|sh|py|java|json|service|conf|template|env|example|txt|toml|xml)$")
WEB_LINK = re.compile(r"^https?://[A-Za-z0-9.\-]+(:\d+)?(/[^\s]*)?$")


def markdown_files() -> list[Path]:
    files = [ROOT / "README.md"]
    for path in sorted(ROOT.rglob("*.md")):
        if path == ROOT / "README.md" or SKIPPED_FOLDERS.intersection(path.relative_to(ROOT).parts):
            continue
        files.append(path)
    return files


def anchors(path: Path) -> set[str]:
    found = set()
    in_fence = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.lstrip().startswith("```"):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        heading = re.match(r"^#{1,6}\s+(.*?)\s*#*\s*$", line)
        if heading:
            text = re.sub(r"`([^`]*)`", r"\1", heading.group(1)).strip().lower()
            slug = re.sub(r"[^\w\- ]", "", text).replace(" ", "-")
            base, n = slug, 1
            while slug in found:
                slug = f"{base}-{n}"
                n += 1
            found.add(slug)
    return found


def check_target(source: Path, target: str) -> str | None:
    """None when the link resolves, else why not."""
    if target.startswith(("http://", "https://")):
        return None if WEB_LINK.match(target) else "malformed web link"
    if target.startswith("mailto:"):
        return None
    path_part, _, anchor = target.partition("#")
    resolved = source if not path_part else (source.parent / path_part).resolve()
    if not resolved.exists():
        return "no such file"
    if anchor:
        if resolved.suffix != ".md":
            return None
        if anchor not in anchors(resolved):
            return f"no heading #{anchor} in {resolved.relative_to(ROOT)}"
    return None


def check_code_path(source: Path, text: str) -> str | None:
    if text.startswith("/") or "<" in text or "*" in text or not REPO_PATH.match(text):
        return None
    if "/" not in text and not (source.parent / text).exists():
        return None  # a bare file name such as `collection.anki2` names a kind of file, not ours
    for base in (source.parent, ROOT):
        if (base / text).exists():
            return None
    if is_ignored(ROOT / text):
        return None  # an output such as bench/results/latest.md, made by running a tool
    return "no such file in the repository"


def is_ignored(path: Path) -> bool:
    return subprocess.run(["git", "-C", str(ROOT), "check-ignore", "-q", str(path)], timeout=30).returncode == 0


def main() -> int:
    problems = []
    for source in markdown_files():
        in_fence = False
        for number, line in enumerate(source.read_text(encoding="utf-8").splitlines(), start=1):
            if line.lstrip().startswith("```"):
                in_fence = not in_fence
                continue
            if in_fence:
                continue
            for pattern in (MARKDOWN_LINK, IMAGE_LINK):
                for match in pattern.finditer(line):
                    reason = check_target(source, match.group(1))
                    if reason:
                        problems.append(f"{source.relative_to(ROOT)}:{number}: {match.group(1)} ({reason})")
            for match in CODE_SPAN.finditer(line):
                reason = check_code_path(source, match.group(1))
                if reason:
                    problems.append(f"{source.relative_to(ROOT)}:{number}: `{match.group(1)}` ({reason})")
    for problem in problems:
        print(problem)
    checked = len(markdown_files())
    print(f"checked links in {checked} Markdown files: {len(problems)} broken", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
