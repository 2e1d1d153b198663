"""Media sync (/msync). Not in Deckhand's first milestone: marked media."""

import os

import pytest
from anki.sync import SyncOutput

from harness.content import add_basic_note

pytestmark = pytest.mark.media

PNG = b"\x89PNG\r\n\x1a\n conformance test bytes " + bytes(range(256))


def test_media_travels_with_full_sync_and_deletions_propagate(server, account, make_device):
    a, b = make_device("A"), make_device("B")
    name = a.col.media.write_data("pixel.png", PNG)
    add_basic_note(a.col, "with image", f'<img src="{name}">')
    a.login(account, server.endpoint)
    b.login(account, server.endpoint)
    assert a.sync(media=True) == SyncOutput.FULL_UPLOAD
    assert b.sync(media=True) == SyncOutput.FULL_DOWNLOAD
    with open(os.path.join(b.col.media.dir(), name), "rb") as fh:
        assert fh.read() == PNG

    # B adds a file, A deletes the first one; media-only changes go through sync_media.
    other = b.col.media.write_data("sound.mp3", b"ID3 fake mp3")
    b.sync_media()
    a.col.media.trash_files([name])
    a.sync_media()
    b.sync_media()
    a.sync_media()
    assert not os.path.exists(os.path.join(b.col.media.dir(), name))
    with open(os.path.join(a.col.media.dir(), other), "rb") as fh:
        assert fh.read() == b"ID3 fake mp3"
