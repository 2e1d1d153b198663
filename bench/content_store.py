#!/usr/bin/env python3
"""How much a file held both by users' collections and by a shared deck costs in Deckhand's two
content stores (sync media and shared-deck media), and what each store's sweep costs.

Run with the conformance venv (it has the pinned ``anki`` package) after building the jar:

    conformance/.venv/bin/python bench/content_store.py [--files 40] [--users 1,10,50]
        [--deadline 900] [--out bench/results/content_store.md] [--keep]

One Deckhand with its production backends, all on 127.0.0.1: PostgreSQL (shared-deck catalog),
S3Proxy (bucket ``shared-media`` for shared-deck files, bucket ``sync-media`` for sync media:
``DECKHAND_BLOB_STORE=s3``), and the server database in SQLite (media ledgers). Started with the
conformance harness (``harness/backends.py``), imported, not copied.

1. A maintainer publishes a deck of --files media files (PNG diagrams, PNG and JPEG photos, MP3,
   Ogg; a few MB) through the shared-media API: check, PUT to the pre-signed URL, confirm; one note
   references each file. The server converts images to WebP where that is smaller.
2. Subscribers join one after another until there are K of them, for each K in --users: each
   downloads the deck's files through the API (pre-signed GETs, SHA-256 checked), puts them in a
   new collection of the official client with a note per file, and syncs it, media included,
   through /sync and /msync with the official ``anki`` client. The first subscriber also keeps one
   private picture nobody else has.
3. The maintainer syncs a collection holding the *original* files (before conversion).

After each step: objects and bytes in each store (counted in S3Proxy's folders), rows in the
ledger (SQLite) and the catalog (PostgreSQL), the ideal (every distinct content once) and the
duplication; then ``deckhand housekeeping`` runs twice as its own process (the default grace, so
nothing is deleted and both sweeps examine everything), and the arrival time of each output line
gives each sweep's time (process start, sync-media sweep, left-over files, shared-media
housekeeping). ``deckhand --version`` gives the JVM's start-up alone.

A privacy probe at the end: a user who maintains another deck announces (a) the SHA-256 of the
private picture, stored only in the sync store, and (b) the SHA-256 of a file of the shared deck;
then (c) uploads that file's bytes through the ticket it got, which must map the stored file
without a second object.

Exit code 0 = every step valid, 1 = a check failed (the report says which), 2 = setup problem.
Every wait is bounded: each client request by the harness's I/O timeout, each media sync by
60 s, each command by 60 s, the whole run by --deadline.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import hashlib
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "conformance"))

import pytest  # noqa: E402  (the harness skips through pytest when a backend is missing)

from harness import shared_media as shared  # noqa: E402
from harness.backends import shared_media_server  # noqa: E402
from harness.content import add_basic_note  # noqa: E402
from harness.devices import Device  # noqa: E402
from harness.servers import DEFAULT_JAR, Account, ServerError  # noqa: E402

SHARED_BUCKET = "shared-media"
SYNC_BUCKET = "sync-media"
DECK = "bench"
PROBE_DECK = "probe"
PASSWORD = "bench-password-1"
HOUSEKEEPING_RUNS = 2


class Invalid(Exception):
    """A check of the run failed: the figures cannot be trusted."""


# ------------------------------------------------------------------------------------------------
# The media files
# ------------------------------------------------------------------------------------------------

def _convert(out: Path, *args: str) -> bytes:
    subprocess.run(["convert", *args, str(out)], check=True, capture_output=True, timeout=60)
    return out.read_bytes()


def _mpeg_audio(rng: random.Random, size: int) -> bytes:
    """MPEG-1 layer III frames (128 kbit/s, 44.1 kHz: 417 bytes each) with random payloads, which is
    what compressed audio looks like to a compressor."""
    frames = []
    while sum(map(len, frames)) < size:
        frames.append(b"\xff\xfb\x90\x64" + rng.randbytes(413))
    return b"".join(frames)


def _ogg(rng: random.Random, size: int) -> bytes:
    pages = []
    while sum(map(len, pages)) < size:
        pages.append(b"OggS\x00" + rng.randbytes(4091))
    return b"".join(pages)


def make_media(folder: Path, count: int, seed: int = 13) -> dict[str, bytes]:
    """``count`` files named as Anki would keep them, in a fixed mix: a fifth each of PNG diagrams,
    PNG photos, JPEG photos, MP3 and Ogg. Deterministic for a seed."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    files: dict[str, bytes] = {}
    kinds = ["diagram", "photo_png", "photo_jpg", "mp3", "ogg"]
    for i in range(count):
        kind = kinds[i % len(kinds)]
        if kind == "diagram":
            name = f"diagram_{i:03}.png"
            draw = []
            for _ in range(6):
                x, y = rng.randrange(700), rng.randrange(500)
                colour = f"#{rng.randrange(0x1000000):06x}"
                draw += ["-fill", colour, "-draw", f"rectangle {x},{y} {x + rng.randrange(40, 200)},{y + rng.randrange(30, 120)}"]
            draw += ["-fill", "black", "-pointsize", "26", "-draw", f"text 40,560 'Figure {i}: label {rng.randrange(10**6)}'"]
            files[name] = _convert(folder / name, "-size", "800x600", "xc:white", *draw)
        elif kind == "photo_png":
            name = f"photo_{i:03}.png"
            files[name] = _convert(folder / name, "-seed", str(seed * 1000 + i), "-size", "256x192", "plasma:", "-depth", "8")
        elif kind == "photo_jpg":
            name = f"photo_{i:03}.jpg"
            files[name] = _convert(folder / name, "-seed", str(seed * 1000 + i), "-size", "800x600", "plasma:",
                                   "-quality", "88")
        elif kind == "mp3":
            name = f"sound_{i:03}.mp3"
            files[name] = _mpeg_audio(rng, rng.randrange(60_000, 200_000))
        else:
            name = f"sound_{i:03}.ogg"
            files[name] = _ogg(rng, rng.randrange(40_000, 120_000))
        (folder / name).write_bytes(files[name])
    return files


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# ------------------------------------------------------------------------------------------------
# The shared-media API
# ------------------------------------------------------------------------------------------------

def sign_in(server, account: Account) -> shared.Api:
    api = shared.Api(server.endpoint.rstrip("/"))
    status, answer = api.json("login", "POST", "/api/v1/login", {"username": account.user, "password": account.password})
    if status != 200:
        raise Invalid(f"login of {account.user}: {status} {answer}")
    api.token = answer["token"]
    return api


def publish(api: shared.Api, files: dict[str, bytes]) -> None:
    """Check, PUT and confirm every file (batches of 100), then one note per file references it."""
    status, answer = api.json("deck", "POST", "/api/v1/decks", {"id": DECK, "title": "Bench", "quotaBytes": 1 << 34})
    if status != 201:
        raise Invalid(f"creating the deck: {status} {answer}")
    names = sorted(files)
    for start in range(0, len(names), 100):
        batch = names[start:start + 100]
        status, checked = api.json("check", "POST", f"/api/v1/decks/{DECK}/media/check", {
            "files": [{"name": n, "sha256": sha256(files[n]), "size": len(files[n])} for n in batch]})
        if status != 200 or checked["refused"]:
            raise Invalid(f"check: {status} {checked}")
        for offer in checked["uploads"]:
            put, body = api.request("s3 put", offer["upload"]["method"], offer["upload"]["url"], files[offer["name"]],
                                    offer["upload"]["headers"])
            if put != 200:
                raise Invalid(f"PUT of {offer['name']}: {put} {body[:200]!r}")
        status, confirmed = api.json("confirm", "POST", f"/api/v1/decks/{DECK}/media/confirm",
                                     {"tickets": [offer["ticket"] for offer in checked["uploads"]]})
        if status != 200 or confirmed["refused"]:
            raise Invalid(f"confirm: {status} {confirmed}")
    for note_id, name in enumerate(names, start=1):
        status, answer = api.json("reference", "PUT", f"/api/v1/decks/{DECK}/notes/{note_id}/media", {"names": [name]})
        if status != 204:
            raise Invalid(f"referencing {name}: {status} {answer}")


def download_deck(api: shared.Api) -> dict[str, bytes]:
    """Every file of the deck, as a subscriber's add-on gets it: pages of pre-signed GETs."""
    got: dict[str, bytes] = {}
    after = ""
    while True:
        query = f"?limit=1000&after={after}" if after else "?limit=1000"
        status, page = api.json("list", "GET", f"/api/v1/decks/{DECK}/media{query}")
        if status != 200:
            raise Invalid(f"listing the deck: {status} {page}")
        for entry in page["files"]:
            code, data = api.request("s3 get", "GET", entry["download"]["url"], None, entry["download"]["headers"])
            if code != 200 or sha256(data) != entry["sha256"]:
                raise Invalid(f"download of {entry['name']}: {code}, sha256 {sha256(data)} != {entry['sha256']}")
            got[entry["name"]] = data
        if not page["next"]:
            return got
        after = page["next"]


# ------------------------------------------------------------------------------------------------
# Users' collections through the official client
# ------------------------------------------------------------------------------------------------

def sync_collection(root: Path, name: str, account: Account, endpoint: str, files: dict[str, bytes]) -> float:
    """A new collection holding ``files`` (and a note per file), synced with media; the seconds the
    sync took (client's view). The collection is closed afterwards."""
    device = Device(root, name)
    try:
        for filename, data in sorted(files.items()):
            stored_as = device.col.media.write_data(filename, data)
            if stored_as != filename:
                raise Invalid(f"the client renamed {filename} to {stored_as}")
            tag = f"[sound:{filename}]" if filename.endswith((".mp3", ".ogg")) else f'<img src="{filename}">'
            add_basic_note(device.col, f"{name}: {filename}", tag)
        device.login(account, endpoint)
        started = time.monotonic()
        device.sync(media=True)
        took = time.monotonic() - started
    finally:
        device.close()
    shutil.rmtree(device.folder, ignore_errors=True)
    return took


# ------------------------------------------------------------------------------------------------
# Measuring the stores
# ------------------------------------------------------------------------------------------------

def objects(bucket_dir: Path, prefix: str) -> dict[str, int]:
    """Key -> size of every object under ``prefix`` in an S3Proxy filesystem bucket."""
    root = bucket_dir / prefix
    return {str(p.relative_to(bucket_dir)): p.stat().st_size for p in root.rglob("*") if p.is_file()} if root.exists() else {}


@dataclass
class Snapshot:
    step: str
    subscribers: int
    sync_objects: dict[str, int]          # sha256 -> size (bucket sync-media, blobs/)
    shared_objects: dict[str, int]        # sha256 -> size (bucket shared-media, media/)
    staged_objects: int                   # incoming/ (should be 0 after confirm)
    ledger_rows: int                      # live media rows of all users (SQLite)
    ledger_bytes: int                     # their sizes: what users see
    ledger_distinct: int
    catalog_rows: int                     # stored_media_files (PostgreSQL)
    catalog_bytes: int
    deck_names: int                       # deck_media rows
    housekeeping: list[dict[str, float]] = field(default_factory=list)
    housekeeping_lines: list[str] = field(default_factory=list)
    sync_seconds: list[float] = field(default_factory=list)

    @property
    def sync_bytes(self) -> int:
        return sum(self.sync_objects.values())

    @property
    def shared_bytes(self) -> int:
        return sum(self.shared_objects.values())

    @property
    def overlap(self) -> dict[str, int]:
        return {h: s for h, s in self.sync_objects.items() if h in self.shared_objects}

    @property
    def ideal_bytes(self) -> int:
        return sum({**self.sync_objects, **self.shared_objects}.values())

    @property
    def ideal_objects(self) -> int:
        return len(set(self.sync_objects) | set(self.shared_objects))


def snapshot(step: str, subscribers: int, s3, postgres, data_dir: Path) -> Snapshot:
    sync = {key.rsplit("/", 1)[1]: size for key, size in objects(s3.base / SYNC_BUCKET, "blobs/").items()}
    stored = {key.rsplit("/", 1)[1]: size for key, size in objects(s3.base / SHARED_BUCKET, "media/").items()}
    staged = len(objects(s3.base / SHARED_BUCKET, "incoming/"))
    db = sqlite3.connect(f"file:{data_dir / 'deckhand.sqlite'}?mode=ro", uri=True, timeout=5)
    try:
        rows, total, distinct = db.execute(
            "SELECT count(*), coalesce(sum(size), 0), count(DISTINCT sha256) FROM media_files WHERE sha256 IS NOT NULL").fetchone()
    finally:
        db.close()
    (catalog_rows, catalog_bytes), = [tuple(map(int, r)) for r in
                                       postgres.sql("SELECT count(*), coalesce(sum(size), 0) FROM stored_media_files")]
    (deck_names,), = [tuple(map(int, r)) for r in postgres.sql("SELECT count(*) FROM deck_media")]
    return Snapshot(step, subscribers, sync, stored, staged, rows, total, distinct, catalog_rows, catalog_bytes, deck_names)


def timed_lines(cmd: list[str], env: dict[str, str], cwd: Path, timeout: float) -> tuple[int, list[tuple[float, str]]]:
    """Runs a command; every stdout line with the seconds since the start at which it arrived."""
    started = time.monotonic()
    proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    lines: list[tuple[float, str]] = []
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.append((time.monotonic() - started, line.rstrip("\n")))
            if time.monotonic() - started > timeout:
                raise TimeoutError(f"{cmd[-1]} ran longer than {timeout:.0f}s")
        proc.wait(timeout=max(1.0, timeout - (time.monotonic() - started)))
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    lines.append((time.monotonic() - started, "<exit>"))
    return proc.returncode, lines


def cli_env(server) -> dict[str, str]:
    env = server._launcher_env({k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "JAVA_HOME")})
    env["DECKHAND_DATA_DIR"] = str(server.data_dir)
    env.update(server.settings)
    return env


def time_housekeeping(server) -> tuple[list[dict[str, float]], list[str]]:
    """``deckhand housekeeping`` (default grace) HOUSEKEEPING_RUNS times and ``--version`` once:
    seconds to each stage from the arrival of its output line."""
    env = cli_env(server)
    runs = []
    last_lines: list[str] = []
    code, version = timed_lines([*server.command(), "--version"], env, server.workdir, 60)
    jvm = version[-1][0]
    for _ in range(HOUSEKEEPING_RUNS):
        code, lines = timed_lines([*server.command(), "housekeeping"], env, server.workdir, 60)
        if code != 0:
            raise Invalid(f"housekeeping exited {code}: {lines}")
        at = {}
        for t, text in lines:
            if text.startswith("sync media"):
                at["sync"] = t
            elif text.startswith("removed ") and "left-over" in text:
                at["leftovers"] = t
            elif text.startswith("shared media"):
                at["shared"] = t
        if set(at) != {"sync", "leftovers", "shared"}:
            raise Invalid(f"housekeeping printed {lines}")
        texts = [text for _, text in lines]
        if not any(t.startswith("sync media") and "removed 0 (0 bytes)" in t for t in texts) or not any(
                t.startswith("shared media") and " 0 unreferenced files" in t for t in texts):
            raise Invalid(f"housekeeping with the default grace removed something: {lines}")
        runs.append({"jvm": jvm, "sync_stage": at["sync"], "shared_stage": at["shared"] - at["leftovers"],
                     "total": lines[-1][0]})
        last_lines = [l for _, l in lines if l != "<exit>"]
    return runs, last_lines


# ------------------------------------------------------------------------------------------------
# Report
# ------------------------------------------------------------------------------------------------

def kib(n: float) -> str:
    return f"{n / 1024:,.1f} KiB" if n < 1024 * 1024 else f"{n / 1024 / 1024:,.2f} MiB"


def git_commit() -> str:
    try:
        head = subprocess.run(["git", "-C", str(REPO_ROOT), "rev-parse", "--short=12", "HEAD"], capture_output=True,
                              text=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(REPO_ROOT), "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True, timeout=10).stdout.strip()
        return head + (" (with uncommitted changes)" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def report(args, media: dict[str, bytes], published: Snapshot, snaps: list[Snapshot], probe: dict[str, str],
           load_start, load_end, seconds: float, publish_seconds: float) -> str:
    same = sum(1 for data in media.values() if sha256(data) in published.shared_objects)
    kinds: dict[str, list[int]] = {}
    for name, data in media.items():
        kinds.setdefault(name.rsplit(".", 1)[1], []).append(len(data))
    out = [
        "# Content stores: sync media and shared-deck media",
        "",
        f"- date: {_dt.datetime.now(_dt.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}; commit {git_commit()}",
        f"- machine: {os.cpu_count()} CPUs; load average at start {load_start[0]:.2f} {load_start[1]:.2f} {load_start[2]:.2f},"
        f" at end {load_end[0]:.2f} {load_end[1]:.2f} {load_end[2]:.2f}; run took {seconds:.0f} s",
        f"- backends: PostgreSQL (catalog), S3Proxy on loopback: bucket `{SHARED_BUCKET}` (shared-deck files, `media/`),"
        f" bucket `{SYNC_BUCKET}` (sync media, `blobs/`, DECKHAND_BLOB_STORE=s3); ledgers in SQLite",
        f"- deck: {len(media)} files, {kib(sum(map(len, media.values())))} as uploaded ("
        + ", ".join(f"{len(v)} {k} {kib(sum(v))}" for k, v in sorted(kinds.items()))
        + f"); published in {publish_seconds:.1f} s; stored as {published.catalog_rows} files,"
        f" {kib(published.catalog_bytes)}; {same} of the {len(media)} stored byte for byte as uploaded, the others"
        " converted to WebP (smaller)",
        "",
        "## Stored bytes and objects",
        "",
        "`logical` = what the users' ledgers name plus what the deck maps (no deduplication at all);"
        " `ideal` = every distinct content once; `duplicated` = contents present in both stores.",
        "",
        "| step | subscribers | sync store | shared store | total stored | ideal (one store) | duplicated | total / ideal | ledger rows (logical bytes) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for s in [published, *snaps]:
        total = s.sync_bytes + s.shared_bytes
        dup = s.overlap
        out.append(
            f"| {s.step} | {s.subscribers} | {len(s.sync_objects)} obj, {kib(s.sync_bytes)} | {len(s.shared_objects)} obj,"
            f" {kib(s.shared_bytes)} | {len(s.sync_objects) + len(s.shared_objects)} obj, {kib(total)} |"
            f" {s.ideal_objects} obj, {kib(s.ideal_bytes)} | {len(dup)} obj, {kib(sum(dup.values()))} |"
            f" {total / s.ideal_bytes if s.ideal_bytes else 0:.3f} | {s.ledger_rows} ({kib(s.ledger_bytes + s.catalog_bytes)}) |")
    out += ["", "Checks: the sync store holds exactly the distinct contents the ledgers name; the shared store exactly the"
            " catalog's files; no staged upload is left.", ""]
    out += ["## Syncing (official client, collection + media, one subscriber after another)", "",
            "| step | new subscribers | sync seconds: median | max |", "|---|---|---|---|"]
    for s in snaps:
        if s.sync_seconds:
            out.append(f"| {s.step} | {len(s.sync_seconds)} | {statistics.median(s.sync_seconds):.2f} | {max(s.sync_seconds):.2f} |")
    out += ["", "## Sweeps (`deckhand housekeeping`, default grace: nothing deleted, everything examined)", "",
            "Seconds from the start of the command to the line each stage prints (best of"
            f" {HOUSEKEEPING_RUNS} runs); `--version` is the JVM start-up alone. The sync stage includes start-up,"
            " reading the settings, opening SQLite and the S3 client; the shared stage includes opening the PostgreSQL"
            " pool (schema check) and its S3 client.", "",
            "| step | sync objects | shared objects | JVM start (`--version`) | to sync-media report | shared-media housekeeping | whole command |",
            "|---|---|---|---|---|---|---|"]
    for s in [published, *snaps]:
        if s.housekeeping:
            best = min(s.housekeeping, key=lambda r: r["total"])
            out.append(f"| {s.step} | {len(s.sync_objects)} | {len(s.shared_objects)} | {best['jvm']:.2f} |"
                       f" {best['sync_stage']:.2f} | {best['shared_stage']:.2f} | {best['total']:.2f} |")
    last = next((s for s in reversed(snaps) if s.housekeeping_lines), None)
    if last:
        out += ["", "Output of the last run:", "", "```", *last.housekeeping_lines, "```"]
    out += ["", "## Privacy probe", "",
            f"Another user creates deck `{PROBE_DECK}`, announces two files through `check`, then uploads one:", ""]
    out += [f"- {k}: {v}" for k, v in probe.items()]
    return "\n".join(out) + "\n"


# ------------------------------------------------------------------------------------------------
# The run
# ------------------------------------------------------------------------------------------------

def check_stores(s: Snapshot, s3_base: Path, data_dir: Path) -> None:
    db = sqlite3.connect(f"file:{data_dir / 'deckhand.sqlite'}?mode=ro", uri=True, timeout=5)
    try:
        named = {h: size for h, size in db.execute(
            "SELECT DISTINCT sha256, size FROM media_files WHERE sha256 IS NOT NULL").fetchall()}
    finally:
        db.close()
    if named != s.sync_objects:
        raise Invalid(f"{s.step}: the sync store does not hold exactly what the ledgers name "
                      f"({len(named)} named, {len(s.sync_objects)} stored)")
    if s.catalog_rows != len(s.shared_objects) or s.catalog_bytes != s.shared_bytes:
        raise Invalid(f"{s.step}: the shared store does not match the catalog")
    if s.staged_objects:
        raise Invalid(f"{s.step}: {s.staged_objects} staged uploads left")


def run(args, work: Path) -> tuple[str, bool]:
    started = time.monotonic()
    deadline = started + args.deadline
    load_start = os.getloadavg()
    steps = sorted({int(k) for k in args.users.split(",")})
    media = make_media(work / "originals", args.files)
    accounts = [Account(f"user{i:03}", PASSWORD) for i in range(steps[-1] + 2)]  # maintainer, subscribers, prober
    settings = {
        **shared.GENEROUS_API_RATES,
        "DECKHAND_BLOB_STORE": "s3",
        "DECKHAND_S3_BUCKET": SYNC_BUCKET,
        **{f"SYNC_USER{i + 1}": f"{a.user}:{a.password}" for i, a in enumerate(accounts)},
    }
    snaps: list[Snapshot] = []
    probe: dict[str, str] = {}
    try:
        ctx = shared_media_server(work, "content-store", SHARED_BUCKET, settings, buckets=(SYNC_BUCKET,))
        server, postgres, s3 = ctx.__enter__()
    except pytest.skip.Exception as e:
        raise ServerError(str(e))
    try:
        maintainer = sign_in(server, accounts[0])
        t0 = time.monotonic()
        publish(maintainer, media)
        publish_seconds = time.monotonic() - t0
        published = snapshot("deck published", 0, s3, postgres, server.data_dir)
        check_stores(published, s3.base, server.data_dir)
        published.housekeeping, published.housekeeping_lines = time_housekeeping(server)

        clients = work / "clients"
        clients.mkdir()
        private_name, private = "private_holiday.jpg", _convert(work / "private.jpg", "-seed", "4242", "-size", "640x480",
                                                                "plasma:", "-quality", "85")
        done = 0
        for k in steps:
            seconds = []
            while done < k:
                if time.monotonic() > deadline:
                    raise Invalid(f"--deadline of {args.deadline}s reached after {done} subscribers")
                account = accounts[1 + done]
                status, answer = maintainer.json("member", "PUT", f"/api/v1/decks/{DECK}/members/{account.user}",
                                                 {"role": "subscriber"})
                if status != 204:
                    raise Invalid(f"adding {account.user}: {status} {answer}")
                files = download_deck(sign_in(server, account))
                if done == 0:
                    files[private_name] = private
                seconds.append(sync_collection(clients, account.user, account, server.endpoint, files))
                done += 1
            s = snapshot(f"K={k}", k, s3, postgres, server.data_dir)
            check_stores(s, s3.base, server.data_dir)
            s.sync_seconds = seconds
            s.housekeeping, s.housekeeping_lines = time_housekeeping(server)
            snaps.append(s)
            print(f"[content_store] K={k}: sync {len(s.sync_objects)} objects, shared {len(s.shared_objects)},"
                  f" overlap {len(s.overlap)}", file=sys.stderr)

        took = sync_collection(clients, "maintainer", accounts[0], server.endpoint, media)
        s = snapshot(f"K={steps[-1]} + maintainer's originals", steps[-1], s3, postgres, server.data_dir)
        check_stores(s, s3.base, server.data_dir)
        s.sync_seconds = [took]
        s.housekeeping, s.housekeeping_lines = time_housekeeping(server)
        snaps.append(s)

        prober = sign_in(server, accounts[-1])
        status, answer = prober.json("deck", "POST", "/api/v1/decks", {"id": PROBE_DECK, "title": "Probe"})
        if status != 201:
            raise Invalid(f"creating the probe deck: {status} {answer}")
        shared_file = next(n for n in sorted(media) if n.endswith(".mp3"))
        status, checked = prober.json("check", "POST", f"/api/v1/decks/{PROBE_DECK}/media/check", {"files": [
            {"name": "guess.jpg", "sha256": sha256(private), "size": len(private)},
            {"name": "known.mp3", "sha256": sha256(media[shared_file]), "size": len(media[shared_file])}]})
        if status != 200:
            raise Invalid(f"probe check: {status} {checked}")
        in_sync_store = sha256(private) in snaps[-1].sync_objects
        probe["(a) the private picture (stored in the sync store: " + ("yes" if in_sync_store else "NO") + ")"] = (
            "answered `present`: the check reveals it" if "guess.jpg" in checked["present"]
            else "answered with an upload ticket: the check reveals nothing about the sync store")
        offers = {offer["name"]: offer for offer in checked["uploads"]}
        probe[f"(b) {shared_file} of deck `{DECK}`"] = (
            "answered `present` and mapped into the probe deck: the check reveals (and hands out) any shared file whose"
            " SHA-256 the caller knows" if "known.mp3" in checked["present"]
            else "answered with an upload ticket, like an unknown file: a hash alone reveals nothing and hands out nothing")
        if not in_sync_store or "guess.jpg" in checked["present"] or "known.mp3" not in offers:
            raise Invalid(f"privacy probe: {checked}")
        # (c) The prober has the file after all: uploading it through the ticket proves possession.
        stored_before = objects(s3.base / SHARED_BUCKET, "media/")
        offer = offers["known.mp3"]
        put, body = prober.request("s3 put", offer["upload"]["method"], offer["upload"]["url"], media[shared_file],
                                   offer["upload"]["headers"])
        status, confirmed = prober.json("confirm", "POST", f"/api/v1/decks/{PROBE_DECK}/media/confirm",
                                        {"tickets": [offer["ticket"]]})
        if put != 200 or status != 200 or len(confirmed["stored"]) != 1:
            raise Invalid(f"probe upload: PUT {put} {body[:200]!r}, confirm {status} {confirmed}")
        stored_after = objects(s3.base / SHARED_BUCKET, "media/")
        staged_after = objects(s3.base / SHARED_BUCKET, "incoming/")
        same_file = confirmed["stored"][0]["sha256"] == sha256(media[shared_file])
        probe[f"(c) the same user uploading {shared_file}'s bytes through that ticket"] = (
            ("mapped to the stored file" if same_file else "stored as another file")
            + f"; shared store {len(stored_before)} objects before, {len(stored_after)} after, {len(staged_after)} staged")
        if not same_file or stored_after != stored_before or staged_after:
            raise Invalid(f"probe upload stored a second object: {confirmed}")
    except Exception:
        sys.stderr.write(server.tail(80) + "\n")
        raise
    finally:
        ctx.__exit__(None, None, None)
    text = report(args, media, published, snaps, probe, load_start, os.getloadavg(), time.monotonic() - started,
                  publish_seconds)
    return text, True


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=40, help="media files in the shared deck (default 40)")
    parser.add_argument("--users", default="1,10,50", help="subscriber counts to measure at (default 1,10,50)")
    parser.add_argument("--deadline", type=float, default=900, help="bound on the whole run in seconds (default 900)")
    parser.add_argument("--out", type=Path, help="write the Markdown report here (default: stdout only)")
    parser.add_argument("--keep", action="store_true", help="keep the temp dir (always kept when a check fails)")
    args = parser.parse_args()
    if not Path(os.environ.get("DECKHAND_JAR") or DEFAULT_JAR).is_file():
        print(f"no jar at {DEFAULT_JAR}: build it first (mvn -q -B package -DskipTests)", file=sys.stderr)
        return 2
    if shutil.which("convert") is None:
        print("ImageMagick's convert is needed to make the pictures", file=sys.stderr)
        return 2
    base = Path(os.environ.get("TMPDIR") or tempfile.gettempdir())
    work = Path(tempfile.mkdtemp(prefix="content-store-", dir=base))
    try:
        text, _ = run(args, work)
    except ServerError as e:
        print(f"setup problem: {e}\n(temp dir kept: {work})", file=sys.stderr)
        return 2
    except Invalid as e:
        print(f"INVALID: {e}\n(temp dir kept: {work})", file=sys.stderr)
        return 1
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    print(text)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
