"""Every media file name the official client produces syncs: Deckhand's name rule is Anki's own
(docs: ports/.../MediaFileNames.java), so the names Anki's media code makes out of awkward ones
(Windows device names, trailing dots, forbidden characters, no-break spaces, bidirectional marks,
long names) go up and come down unchanged. Passes against the official server too.
"""

from __future__ import annotations

import os

import pytest

from harness.content import add_basic_note

pytestmark = pytest.mark.media

AWKWARD_NAMES = [
    "CON.mp3", "aux", "Nul.tar.gz", "trailing.", "trailing space ", "a:b?.png", "no\u00a0break.png",
    "photo\u202egpj.exe", "x\u0085y.png", "名前 with spaces.jpg", "😀.gif", "[brackets].png",
    "é" * 100 + ".png", "_template.css",
]


def test_every_name_the_client_makes_syncs_both_ways(server, account, make_device):
    a, b = make_device("A"), make_device("B")
    stored = {}
    for i, desired in enumerate(AWKWARD_NAMES):
        data = f"file {i}: {desired!r}".encode()
        name = a.col.media.write_data(desired, data)  # the client's own normalisation
        stored[name] = data
    add_basic_note(a.col, "awkward names", " ".join(f'<img src="{n}">' for n in stored))
    assert "con_.mp3" in stored and "trailing._" in stored, sorted(stored)  # renamed by the client
    a.login(account, server.endpoint)
    b.login(account, server.endpoint)

    a.sync(media=True)
    b.sync(media=True)

    downloaded = set(os.listdir(b.col.media.dir()))
    assert set(stored) <= downloaded, sorted(set(stored) - downloaded)
    for name, data in stored.items():
        with open(os.path.join(b.col.media.dir(), name), "rb") as fh:
            assert fh.read() == data, name
