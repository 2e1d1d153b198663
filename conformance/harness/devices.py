"""Simulated devices: one official ``anki.collection.Collection`` per device, each in its own folder.

Each Collection has its own Rust backend, so several devices can live in one process. All sync
calls go through the real client code (``sync_login``, ``sync_collection``,
``full_upload_or_download``, ``media_sync_status``).
"""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path
from typing import Any, Literal

from anki.collection import Collection
from anki.sync import SyncAuth, SyncOutput

from . import secret_scan
from .servers import Account

MEDIA_WAIT_SECS = 60.0
# Bounds every network read/write the client does (SyncAuth.io_timeout_secs), so a stalled server
# fails the test instead of hanging inside the client's native code.
IO_TIMEOUT_SECS = 30

Direction = Literal["upload", "download"]

REQUIRED_NAMES = {
    SyncOutput.NO_CHANGES: "NO_CHANGES",
    SyncOutput.NORMAL_SYNC: "NORMAL_SYNC",
    SyncOutput.FULL_SYNC: "FULL_SYNC",
    SyncOutput.FULL_DOWNLOAD: "FULL_DOWNLOAD",
    SyncOutput.FULL_UPLOAD: "FULL_UPLOAD",
}


def required_name(value: int) -> str:
    return REQUIRED_NAMES.get(value, f"<unknown {value}>")


# Config keys left out of state comparisons because they may legitimately differ between devices.
#
# Finding for anki 26.9.3: there are none. Every row of the collection's `config` table is synced:
# a full sync copies the whole file, and a normal sync sends *all* config from the side whose
# collection `mod` is newer, and the receiver replaces its whole config table with it
# (rslib/src/sync/collection/changes.rs: changed_config / apply_changes -> set_all_config).
# The per-device settings of the desktop app (profile, sync key, window state, ...) live in the
# profile database prefs21.db, not in the collection, so the Python client never sees them here.
# Verified empirically: after upload on A and download on B, A.all_config() == B.all_config(), and
# likewise after normal syncs in both directions (tests/test_normal_sync.py).
# Add a key here only with a comment saying why it is device-local.
DEVICE_LOCAL_CONFIG_KEYS: frozenset[str] = frozenset()

# Keys dropped from notetype / deck / deck-config JSON: `usn` is per-sync bookkeeping (the same
# reason cards and revlog are compared without their usn column), not content.
BOOKKEEPING_JSON_KEYS = ("usn",)


class Device:
    def __init__(self, root: Path, name: str, copy_of: Path | None = None):
        """A device with a new, empty collection, or with a copy of the closed collection ``copy_of``
        (for content that is slow to build, made once and copied per test)."""
        self.name = name
        self.folder = Path(root) / name
        self.folder.mkdir(parents=True, exist_ok=False)
        self.path = self.folder / "collection.anki2"  # must end in .anki2
        if copy_of is not None:
            shutil.copyfile(copy_of, self.path)
        self.col: Collection = Collection(str(self.path))
        self.auth: SyncAuth | None = None
        self.last_output: SyncOutput | None = None  # of the last sync_collection
        self.closed = False
        self.redirects = 0  # syncs whose meta a cluster node redirected to another (new_endpoint)

    def __repr__(self) -> str:
        return f"Device({self.name})"

    # --- sync -------------------------------------------------------------------------------
    def login(self, account: Account, endpoint: str) -> SyncAuth:
        auth = self.col.sync_login(account.user, account.password, endpoint)
        secret_scan.remember("host key", auth.hkey)
        auth.io_timeout_secs = IO_TIMEOUT_SECS
        self.auth = auth
        return auth

    def _auth(self, auth: SyncAuth | None) -> SyncAuth:
        auth = auth or self.auth
        if auth is None:
            raise AssertionError(f"{self}: not logged in")
        return auth

    def sync(
        self,
        auth: SyncAuth | None = None,
        *,
        full_sync: Direction | None = None,
        media: bool = False,
    ) -> int:
        """One sync as the desktop client does it; returns the `required` the server's meta led to.

        FULL_UPLOAD / FULL_DOWNLOAD are carried out. FULL_SYNC (both sides have content and the
        schemas differ) needs a human choice: pass ``full_sync="upload"`` or ``"download"``,
        otherwise it is an error. With ``media`` the client also runs media sync (waited for).
        """
        auth = self._auth(auth)
        out = self.col.sync_collection(auth, media)
        self.last_output = out
        if out.new_endpoint:
            # The server answered meta with 308 and the client repeated it at the Location. The
            # desktop saves that endpoint and uses it from then on (aqt/sync.py set_current_sync_url),
            # so a full sync below goes there too; the media sync this very call started still uses
            # the old one (rslib's sync_collection_inner hands media sync the auth it was given).
            auth.endpoint = out.new_endpoint
            self.redirects += 1
        required = out.required
        if required in (SyncOutput.FULL_UPLOAD, SyncOutput.FULL_DOWNLOAD):
            self.full_transfer(
                upload=required == SyncOutput.FULL_UPLOAD,
                auth=auth,
                server_usn=out.server_media_usn if media else None,
            )
        elif required == SyncOutput.FULL_SYNC:
            if full_sync is None:
                raise AssertionError(
                    f"{self}: server state needs a full sync in a direction the user must choose "
                    f"(FULL_SYNC) and the test gave none"
                )
            self.full_transfer(
                upload=full_sync == "upload",
                auth=auth,
                server_usn=out.server_media_usn if media else None,
            )
        elif required != SyncOutput.NO_CHANGES:
            raise AssertionError(f"{self}: unexpected sync result {required_name(required)}")
        if media:
            self.await_media()
        return required

    def full_transfer(self, *, upload: bool, auth: SyncAuth | None = None,
                      server_usn: int | None = None) -> None:
        """Full upload or download with the close/reopen dance of the desktop client."""
        auth = self._auth(auth)
        self.col.close_for_full_sync()
        try:
            self.col.full_upload_or_download(auth=auth, server_usn=server_usn, upload=upload)
        finally:
            # The backend re-opens the collection itself whatever the outcome.
            self.col.reopen(after_full_sync=True)

    def sync_media(self, auth: SyncAuth | None = None) -> None:
        self.col.sync_media(self._auth(auth))
        self.await_media()

    def await_media(self, limit: float = MEDIA_WAIT_SECS) -> None:
        deadline = time.monotonic() + limit
        while self.col.media_sync_status().active:  # raises if the background sync failed
            if time.monotonic() > deadline:
                self.col.abort_media_sync()
                raise TimeoutError(f"{self}: media sync still running after {limit:.0f}s")
            time.sleep(0.05)

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        try:
            if self.col.db is not None:
                self.await_media(limit=10)
        finally:
            self.col.close()

    # --- state ------------------------------------------------------------------------------
    def snapshot(self) -> dict[str, Any]:
        return snapshot(self.col)


def _strip(obj: dict) -> dict:
    return {k: v for k, v in obj.items() if k not in BOOKKEEPING_JSON_KEYS}


def _columns_except(col: Collection, table: str, excluded: str) -> list[str]:
    cols = [row[1] for row in col.db.all(f"pragma table_info({table})")]
    return [c for c in cols if c != excluded]


def snapshot(col: Collection) -> dict[str, Any]:
    """Everything a user could see of a collection, in a form that compares across devices."""
    card_cols = _columns_except(col, "cards", "usn")
    revlog_cols = _columns_except(col, "revlog", "usn")
    cards = col.db.all(f"select {', '.join(card_cols)} from cards order by id")
    revlog = col.db.all(f"select {', '.join(revlog_cols)} from revlog order by id")
    config = {
        k: v for k, v in col.all_config().items() if k not in DEVICE_LOCAL_CONFIG_KEYS
    }
    crt, scm = col.db.first("select crt, scm from col")
    return {
        "collection": {"crt": crt, "scm": scm},
        "notes": [
            {"id": r[0], "guid": r[1], "mid": r[2], "mod": r[3], "tags": r[4], "flds": r[5]}
            for r in col.db.all("select id, guid, mid, mod, tags, flds from notes order by id")
        ],
        "cards": [dict(zip(card_cols, r)) for r in cards],
        "revlog": [dict(zip(revlog_cols, r)) for r in revlog],
        "decks": sorted((_strip(d) for d in col.decks.all()), key=lambda d: d["id"]),
        "deck_configs": sorted((_strip(c) for c in col.decks.all_config()), key=lambda c: c["id"]),
        "notetypes": sorted((_strip(m) for m in col.models.all()), key=lambda m: m["id"]),
        "tags": sorted(col.tags.all()),
        "config": config,
    }


# --- comparison with readable diffs ------------------------------------------------------------

def _short(value: Any, limit: int = 300) -> str:
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[:limit] + f"... ({len(text)} chars)"


def _dict_diff(a: dict, b: dict, la: str, lb: str, prefix: str = "") -> list[str]:
    lines = []
    for k in sorted(set(a) | set(b), key=str):
        if k not in b:
            lines.append(f"  {prefix}{k}: only on {la}: {_short(a[k])}")
        elif k not in a:
            lines.append(f"  {prefix}{k}: only on {lb}: {_short(b[k])}")
        elif a[k] != b[k]:
            if isinstance(a[k], dict) and isinstance(b[k], dict):
                lines.extend(_dict_diff(a[k], b[k], la, lb, prefix=f"{prefix}{k}."))
            else:
                lines.append(f"  {prefix}{k}: {la}={_short(a[k])} {lb}={_short(b[k])}")
    return lines


def _rows_diff(a: list, b: list, la: str, lb: str, max_items: int = 10) -> list[str]:
    if a and isinstance(a[0], dict) and "id" in a[0]:
        ma = {r["id"]: r for r in a}
        mb = {r["id"]: r for r in b}
        lines = []
        only_a = sorted(set(ma) - set(mb))
        only_b = sorted(set(mb) - set(ma))
        if only_a:
            lines.append(f"  ids only on {la} ({len(only_a)}): {only_a[:max_items]}")
        if only_b:
            lines.append(f"  ids only on {lb} ({len(only_b)}): {only_b[:max_items]}")
        changed = [i for i in sorted(set(ma) & set(mb)) if ma[i] != mb[i]]
        for i in changed[:max_items]:
            lines.append(f"  id {i} differs:")
            lines.extend("  " + ln for ln in _dict_diff(ma[i], mb[i], la, lb))
        if len(changed) > max_items:
            lines.append(f"  ... and {len(changed) - max_items} more differing ids")
        return lines
    return [f"  {la}={_short(a, 1000)}", f"  {lb}={_short(b, 1000)}"]


def diff_snapshots(a: dict, b: dict, la: str = "A", lb: str = "B") -> str:
    """Empty string when equal, else a per-section description of the differences."""
    out = []
    for section in sorted(set(a) | set(b)):
        va, vb = a.get(section), b.get(section)
        if va == vb:
            continue
        out.append(f"[{section}]")
        if isinstance(va, dict) and isinstance(vb, dict):
            out.extend(_dict_diff(va, vb, la, lb))
        elif isinstance(va, list) and isinstance(vb, list):
            if len(va) != len(vb):
                out.append(f"  count: {la}={len(va)} {lb}={len(vb)}")
            out.extend(_rows_diff(va, vb, la, lb))
        else:
            out.append(f"  {la}={_short(va)} {lb}={_short(vb)}")
    return "\n".join(out)


def assert_same_state(a: dict, b: dict, la: str = "A", lb: str = "B") -> None:
    diff = diff_snapshots(a, b, la, lb)
    if diff:
        raise AssertionError(f"collection state of {la} and {lb} differs:\n{diff}")


def two_synced_devices(server, account, make_device) -> tuple["Device", "Device"]:
    """Device A with a rich collection, full-uploaded; device B full-downloaded from it."""
    from anki.sync import SyncOutput

    from harness.content import build_rich_collection

    a, b = make_device("A"), make_device("B")
    build_rich_collection(a.col)
    a.login(account, server.endpoint)
    b.login(account, server.endpoint)
    assert a.sync() == SyncOutput.FULL_UPLOAD
    assert b.sync() == SyncOutput.FULL_DOWNLOAD
    return a, b
