"""The embedding example (examples/embedding, docs/embedding.md): an outside team's Javalin with
Deckhand's sync mounted on it, its own sign-in and host keys, Deckhand's SQLite collections and media
ledger. Two official-client devices sync through it the way they sync through Deckhand itself.

Build it first: ``mvn -B -o -q package -DskipTests`` (it writes examples/embedding/target/flashcards.jar).
"""

from __future__ import annotations

import os
import secrets
import shutil
from pathlib import Path

import pytest
from anki.sync import SyncOutput

from harness import servers
from harness.content import add_basic_note

EXAMPLE_JAR = servers.REPO_ROOT / "examples" / "embedding" / "target" / "flashcards.jar"
PNG = b"\x89PNG\r\n\x1a\n embedding example " + bytes(range(256))
MP3 = b"ID3 the second device's sound"


class EmbeddingExample(servers.ServerUnderTest):
    """``java -jar flashcards.jar``, with the accounts it knows fixed at start-up."""

    target = "embedding-example"

    def __init__(self, workdir: Path, accounts: list[servers.Account]):
        super().__init__(workdir, "embedding-example")
        if not EXAMPLE_JAR.is_file():
            raise servers.ServerError(f"{EXAMPLE_JAR} not found; build it with mvn -B -o -q package -DskipTests")
        self.accounts_file = self.workdir / "accounts.txt"
        self.accounts_file.write_text("".join(f"{a.user}:{a.password}\n" for a in accounts))
        self.java = os.environ.get("JAVA") or shutil.which("java") or "java"

    def command(self) -> list[str]:
        return [self.java, "-jar", str(EXAMPLE_JAR), "--data", str(self.data_dir), "--accounts", str(self.accounts_file),
                "--host", servers.HOST, "--port", str(self.port)]

    def environment(self) -> dict[str, str]:
        return servers._clean_env()


@pytest.fixture
def example(tmp_path):
    account = servers.Account("alice_" + secrets.token_hex(3), secrets.token_urlsafe(12))
    srv = EmbeddingExample(tmp_path / "example", [account])
    srv.start()
    yield srv, account
    srv.stop()


def note_fronts(device) -> set[str]:
    return {device.col.get_note(nid)["Front"] for nid in device.col.find_notes("")}


def test_two_devices_full_normal_and_media_sync_through_the_example(example, make_device):
    srv, account = example
    a, b = make_device("A"), make_device("B")
    picture = a.col.media.write_data("pixel.png", PNG)
    add_basic_note(a.col, "from A", f'<img src="{picture}">')
    a.login(account, srv.endpoint)
    b.login(account, srv.endpoint)

    # Full upload from A, full download to B, media along with each.
    assert a.sync(media=True) == SyncOutput.FULL_UPLOAD
    assert b.sync(media=True) == SyncOutput.FULL_DOWNLOAD
    assert note_fronts(b) == {"from A"}
    assert Path(b.col.media.dir(), picture).read_bytes() == PNG

    # Normal sync both ways: B adds a note and a sound, A edits its note.
    add_basic_note(b.col, "from B")
    sound = b.col.media.write_data("sound.mp3", MP3)
    assert b.sync(media=True) == SyncOutput.NO_CHANGES
    note = a.col.get_note(a.col.find_notes('"front:from A"')[0])
    note["Back"] = "edited on A"
    a.col.update_note(note)
    assert a.sync(media=True) == SyncOutput.NO_CHANGES
    assert b.sync(media=True) == SyncOutput.NO_CHANGES

    for device in (a, b):
        assert note_fronts(device) == {"from A", "from B"}
        edited = device.col.get_note(device.col.find_notes('"front:from A"')[0])
        assert edited["Back"] == "edited on A"
        assert Path(device.col.media.dir(), picture).read_bytes() == PNG
        assert Path(device.col.media.dir(), sound).read_bytes() == MP3

    # A media deletion travels too.
    a.col.media.trash_files([picture])
    a.sync_media()
    b.sync_media()
    assert not Path(b.col.media.dir(), picture).exists()
    assert Path(b.col.media.dir(), sound).read_bytes() == MP3


def test_a_wrong_password_is_refused_by_the_teams_sign_in(example, make_device):
    srv, account = example
    device = make_device("A")
    with pytest.raises(Exception, match="(?i)auth|password|403"):
        device.login(servers.Account(account.user, "not-" + account.password), srv.endpoint)
