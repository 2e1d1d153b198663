"""What the simulated users do to their collections, how two devices are compared, and the
collections that are slow to build, made once and cached in bench/cache/ (git-ignored).

Two kinds of prepared collection, both made with the official client library:

* ``basic(notes, reviews)``: Basic notes with some HTML, added one by one through the client API,
  then ``reviews`` answers through the scheduler. Every user of the concurrent case starts from a
  copy of it.
* ``shaped(notes)``: a collection of the shape issue 14 names for its large case, scaled: ``notes``
  notes on "Basic (and reversed card)" (2 cards each, added in batches through the client API)
  and 5 review-log rows per note. The review log is written through the library's own database
  access (``col.db``) because answering 500,000 cards through the scheduler would take hours; the
  reviewed cards are moved to the review queue the same way so cards and log agree.

A cached file's name holds every parameter that shapes it, the builder's version and the anki
version, so changing any of them builds a new file instead of reusing a stale one. Files are
written under a temporary name and renamed when complete.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import time
from pathlib import Path

from anki.collection import AddNoteRequest, Collection

from .env import CACHE_DIR

# Bump when a builder below changes what it writes.
BUILDER_VERSION = 1
CARDS_PER_NOTE = 2          # shaped(): "Basic (and reversed card)"
REVLOG_PER_NOTE = 5         # shaped(): 100,000 notes -> 200,000 cards, 500,000 review-log rows
BATCH = 2000                # notes per add_notes call
DAY_MS = 86_400_000


def _front(tag: str, i: int) -> str:
    return f"<b>{tag} word {i}</b>"


def _back(tag: str, i: int) -> str:
    return (
        f'<div class="def">meaning of <i>word {i}</i><br>'
        f'<span style="color:#555">An example sentence for {tag} #{i}, long enough to look like '
        f"a real card &amp; with an entity.</span><ul><li>one</li><li>two</li></ul></div>"
    )


# --- what users do -------------------------------------------------------------------------------

def add_notes(col: Collection, tag: str, start: int, count: int) -> None:
    nt = col.models.by_name("Basic")
    deck_id = col.decks.id_for_name("Default")
    for i in range(start, start + count):
        note = col.new_note(nt)
        note["Front"] = _front(tag, i)
        note["Back"] = _back(tag, i)
        note.tags = ["bench", f"bench::{tag}"]
        col.add_note(note, deck_id)


def review(col: Collection, count: int) -> int:
    done = 0
    for _ in range(count):
        card = col.sched.getCard()
        if card is None:
            break
        col.sched.answerCard(card, 3)
        done += 1
    return done


def edit_notes(col: Collection, rng: random.Random, count: int, label: str) -> None:
    nids = list(col.find_notes(""))
    for nid in rng.sample(nids, min(count, len(nids))):
        note = col.get_note(nid)
        note[note.keys()[-1]] = note[note.keys()[-1]] + f"<p>edited: {label}</p>"
        col.update_note(note)


def as_new_schema(col: Collection) -> None:
    """Give a copied collection its own schema time, so that syncing it to an account that already
    holds a copy of the same file asks for a full sync instead of merging the two as one."""
    col.set_schema_modified()


# --- comparing devices ---------------------------------------------------------------------------

def _table_hash(col: Collection, table: str) -> tuple[int, str]:
    """Row count and order-independent hash of every column except usn (which is per-sync
    bookkeeping, as in the conformance harness's comparison)."""
    cols = [r[1] for r in col.db.all(f"pragma table_info({table})") if r[1] != "usn"]
    total = 0
    count = 0
    for row in col.db.all(f"select {', '.join(cols)} from {table}"):
        h = hashlib.blake2b(repr(row).encode(), digest_size=8).digest()
        total = (total + int.from_bytes(h, "big")) % (1 << 64)
        count += 1
    return count, f"{total:016x}"


def fingerprint(col: Collection) -> dict:
    """Counts and hashes of notes, cards and the review log, for 'both devices end identical'."""
    out = {}
    for table in ("notes", "cards", "revlog"):
        n, h = _table_hash(col, table)
        out[table] = n
        out[f"{table}_hash"] = h
    return out


def compare(a: dict, b: dict) -> str | None:
    """None when two fingerprints agree, else a one-line description of what differs."""
    if a == b:
        return None
    diff = [f"{k}: A={a.get(k)} B={b.get(k)}" for k in sorted(set(a) | set(b)) if a.get(k) != b.get(k)]
    return "devices differ: " + ", ".join(diff)


# --- building and caching ------------------------------------------------------------------------

def _anki_version() -> str:
    import anki.buildinfo as bi  # type: ignore
    return bi.version


def _cached(name: str, build, log) -> Path:
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    path = CACHE_DIR / f"{name}-b{BUILDER_VERSION}-anki{_anki_version()}.anki2"
    if path.is_file():
        return path
    tmp = path.with_name(f".{path.stem}.{os.getpid()}.tmp.anki2")
    for leftover in (tmp, tmp.with_name(tmp.name + "-wal")):
        leftover.unlink(missing_ok=True)
    log(f"building {path.name} (once; cached in {CACHE_DIR})")
    t = time.monotonic()
    col = Collection(str(tmp))
    try:
        build(col)
    finally:
        col.close()
        # The library makes an (empty) media folder and database beside every collection.
        shutil.rmtree(tmp.with_suffix(".media"), ignore_errors=True)
        tmp.with_suffix(".media.db2").unlink(missing_ok=True)
    os.replace(tmp, path)
    log(f"built {path.name} in {time.monotonic() - t:.0f} s "
        f"({path.stat().st_size / 2**20:.1f} MiB)")
    return path


def basic(notes: int, reviews: int, log) -> Path:
    """Cached collection: `notes` Basic notes added one at a time, then `reviews` answers."""
    def build(col: Collection) -> None:
        conf = col.decks.get_config(1)
        conf["new"]["perDay"] = 100000  # so that reviews find enough new cards
        conf["rev"]["perDay"] = 100000
        col.decks.update_config(conf)
        add_notes(col, "u", 0, notes)
        review(col, reviews)
    return _cached(f"basic-n{notes}-rev{reviews}", build, log)


def shaped_counts(notes: int) -> tuple[int, int, int]:
    return notes, notes * CARDS_PER_NOTE, notes * REVLOG_PER_NOTE


def shaped(notes: int, log) -> Path:
    """Cached collection of `notes` notes, 2 cards each, 5 review-log rows per note."""
    n, cards, revlog = shaped_counts(notes)

    def build(col: Collection) -> None:
        nt = col.models.by_name("Basic (and reversed card)")
        deck_id = col.decks.id_for_name("Default")
        for start in range(0, n, BATCH):
            reqs = []
            for i in range(start, min(n, start + BATCH)):
                note = col.new_note(nt)
                note["Front"] = _front("big", i)
                note["Back"] = _back("big", i)
                note.tags = ["bench", f"bench::chapter{i // 1000}"]
                reqs.append(AddNoteRequest(note=note, deck_id=deck_id))
            col.add_notes(reqs)
        # One transaction for all the rows (outside one, every statement commits on its own).
        col.db.transact(lambda: _fill_review_log(col, revlog))

    return _cached(f"shaped-n{n}-c{cards}-r{revlog}", build, log)


def _fill_review_log(col: Collection, rows: int) -> None:
    """`rows` plausible review-log rows over the past year, spread over the first cards, and
    those cards moved to the review queue with an interval and due day to match."""
    rng = random.Random(14)
    cids = col.db.list("select id from cards order by id")
    reviewed = cids[: max(1, len(cids) * 4 // 5)]
    now_ms = int(time.time() * 1000)
    start_ms = now_ms - 365 * DAY_MS
    step = max(1, (now_ms - start_ms) // max(1, rows))
    batch: list[tuple] = []
    last_ivl: dict[int, int] = {}
    reps: dict[int, int] = {}
    for k in range(rows):
        cid = reviewed[k % len(reviewed)]
        prev = last_ivl.get(cid, 0)
        ease = rng.choice((1, 3, 3, 3, 4))
        ivl = 1 if ease == 1 else max(1, prev * 2 + rng.randint(0, 3))
        last_ivl[cid] = ivl
        reps[cid] = reps.get(cid, 0) + 1
        rtype = 0 if prev == 0 else (2 if ease == 1 else 1)
        batch.append((start_ms + k * step, cid, -1, ease, ivl, prev, 2500, rng.randint(2000, 20000),
                      rtype))
        if len(batch) >= 20000:
            col.db.executemany("insert into revlog (id, cid, usn, ease, ivl, lastIvl, factor, "
                               "time, type) values (?,?,?,?,?,?,?,?,?)", batch)
            batch = []
    if batch:
        col.db.executemany("insert into revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, "
                           "type) values (?,?,?,?,?,?,?,?,?)", batch)
    today = col.sched.today
    col.db.executemany(
        "update cards set type = 2, queue = 2, ivl = ?, due = ?, factor = 2500, reps = ? "
        "where id = ?",
        [(ivl, today + rng.randint(-5, ivl), reps[cid], cid) for cid, ivl in last_ivl.items()])
