"""The data folder holds password hashes and everyone's collections: it and everything in it are
private to the account Deckhand runs as. And an admin command can never quietly work on a data
folder the server does not read.

Deckhand only.
"""

from __future__ import annotations

import os
import stat
import subprocess

import pytest
from anki.sync import SyncOutput

from harness import servers
from harness.content import add_basic_note
from harness.servers import Account, DeckhandServer, LAUNCHER, CLI_TIMEOUT_SECS

pytestmark = [
    pytest.mark.deployment,
    pytest.mark.skipif(servers.target_name() != "deckhand", reason="Deckhand's data folder"),
]

PNG = b"\x89PNG\r\n\x1a\n private " + bytes(range(64))


def test_data_folder_and_every_file_in_it_are_private(make_server, make_device):
    server = make_server("private")
    account = server.new_account()
    device = make_device("A")
    name = device.col.media.write_data("private.png", PNG)
    add_basic_note(device.col, "private", f'<img src="{name}">')
    device.login(account, server.endpoint)
    assert device.sync(media=True) == SyncOutput.FULL_UPLOAD

    too_open = []
    files = 0
    for folder, dirs, names in os.walk(server.data_dir):
        for entry in [folder] + [os.path.join(folder, n) for n in names]:
            mode = stat.S_IMODE(os.lstat(entry).st_mode)
            files += entry != folder
            if mode & 0o077:
                too_open.append(f"{oct(mode)} {entry}")
    assert stat.S_IMODE(os.stat(server.data_dir).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(server.data_dir / "deckhand.sqlite").st_mode) == 0o600
    assert files >= 3, "expected the database, a collection and a blob"
    assert not too_open, "\n".join(too_open)


def _cli(args: list[str], cwd, env_extra: dict[str, str], stdin: str = "") -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DECKHAND_", "SYNC_"))}
    env.update(env_extra)
    return subprocess.run([str(LAUNCHER), *args], cwd=cwd, env=env, input=stdin, capture_output=True, text=True,
                          timeout=CLI_TIMEOUT_SECS)


def test_an_admin_command_run_elsewhere_refuses_instead_of_making_a_second_data_folder(make_server, tmp_path):
    server = make_server("one-folder")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()

    result = _cli(["user", "add", "carol", "--password-stdin"], elsewhere, {}, "secret-pw\n")

    assert result.returncode == 2, result
    assert str(elsewhere / "data") in result.stderr
    assert "DECKHAND_DATA_DIR" in result.stderr
    assert not (elsewhere / "data").exists(), "an admin command created a data folder"


def test_the_settings_file_points_commands_at_the_servers_folder(make_server, make_device, tmp_path):
    server = make_server("settings-file")
    settings = tmp_path / "deckhand.env"
    settings.write_text(f"# as /etc/deckhand/deckhand.env would say\nDECKHAND_DATA_DIR={server.data_dir}\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()

    result = _cli(["user", "add", "carol", "--password-stdin"], elsewhere, {"DECKHAND_CONFIG": str(settings)},
                  "carol-password\n")

    assert result.returncode == 0, result
    assert f"data folder: {server.data_dir}" in result.stderr
    device = make_device("carol")
    add_basic_note(device.col, "carol's")
    device.login(Account("carol", "carol-password"), server.endpoint)
    assert device.sync() == SyncOutput.FULL_UPLOAD
