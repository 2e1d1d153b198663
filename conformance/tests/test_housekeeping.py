"""`deckhand housekeeping --grace-hours N` means the same for every kind of media it names: with the
shared-deck media service on and its own grace period left at a day, `--grace-hours 0` removes a
shared file nothing references and an object in the bucket the catalog does not know, and keeps the
file a note references; sync media follows the same flag. Deckhand only.
"""

from __future__ import annotations

import hashlib
import os
import time

import pytest

from harness import servers
from harness import shared_media as shared

pytestmark = pytest.mark.skipif(servers.target_name() != "deckhand", reason="Deckhand's command line")

DECK = "housekeeping"


def _mp3(seed: int) -> bytes:
    """An MPEG audio frame header and a unique payload: an 'mp3' to the server's sniffing."""
    return b"\xff\xfb\x90\x64" + hashlib.sha256(str(seed).encode()).digest() * 40


def _upload(api: shared.Api, name: str, data: bytes) -> str:
    """Checks, PUTs and confirms one file; its SHA-256."""
    sha = hashlib.sha256(data).hexdigest()
    status, checked = api.json("check", "POST", f"/api/v1/decks/{DECK}/media/check",
                               {"files": [{"name": name, "sha256": sha, "size": len(data)}]})
    assert status == 200 and len(checked["uploads"]) == 1, checked
    offer = checked["uploads"][0]
    put, _ = api.request("s3 put", offer["upload"]["method"], offer["upload"]["url"], data, offer["upload"]["headers"])
    assert put == 200
    status, confirmed = api.json("confirm", "POST", f"/api/v1/decks/{DECK}/media/confirm", {"tickets": [offer["ticket"]]})
    assert status == 200 and len(confirmed["stored"]) == 1, confirmed
    return sha


def test_grace_hours_zero_removes_unreferenced_shared_files_and_orphan_objects(tmp_path):
    with shared.running(tmp_path) as (server, postgres, s3):
        api = shared.signed_in(server, DECK, "Housekeeping")
        kept = _upload(api, "kept.mp3", _mp3(1))
        unused = _upload(api, "unused.mp3", _mp3(2))
        status, _ = api.json("reference", "PUT", f"/api/v1/decks/{DECK}/notes/1/media", {"names": ["kept.mp3"]})
        assert status == 204
        orphan = s3.base / s3.bucket / "media" / "00" / ("0" * 64)
        orphan.parent.mkdir(parents=True, exist_ok=True)
        orphan.write_bytes(b"left behind by a crash")
        # The orphan sweep keeps objects younger than the cutoff; with no grace the cutoff is now.
        past = time.time() - 2
        os.utime(orphan, (past, past))
        time.sleep(1.1)

        with_default = server.cli("housekeeping", env_extra=server.settings)
        assert with_default.returncode == 0, with_default
        assert "shared media (grace 24 hours): 0 expired tickets, 0 unreferenced files" in with_default.stdout
        assert orphan.exists()

        swept = server.cli("housekeeping", "--grace-hours", "0", env_extra=server.settings)

        assert swept.returncode == 0, swept
        assert "sync media (grace 0 hours)" in swept.stdout, swept.stdout
        assert "shared media (grace 0 hours): 0 expired tickets, 1 unreferenced files, 0 counts repaired, " \
               "1 orphan objects" in swept.stdout, swept.stdout
        assert not orphan.exists()
        stored = {sha: key for sha, key in postgres.sql("select hash, storage_key from stored_media_files")}
        assert set(stored) == {kept}, stored
        assert set(s3.objects("media/")) == {stored[kept]}
        assert unused not in stored
