"""`deckhand config check`: every setting with its value and where it came from, secrets masked even
at the most verbose log level; exit 0 when the settings and every backend they name are fine, 2 with
one line per problem otherwise. Deckhand only.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from harness import servers
from harness import shared_media as shared
from harness.backends import S3_SECRET_KEY
from harness.servers import CLI_TIMEOUT_SECS, LAUNCHER, free_port

pytestmark = pytest.mark.skipif(servers.target_name() != "deckhand", reason="Deckhand's command line")

POSTGRES_PASSWORD = "pg-password-never-printed"
ENVIRONMENT_USER_PASSWORD = "sync-user-password-never-printed"


def _check(env_extra: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DECKHAND_", "SYNC_", "ANKISYNCD_"))}
    env.update(env_extra)
    return subprocess.run([str(LAUNCHER), "config", "check"], env=env, cwd=cwd, capture_output=True, text=True,
                          timeout=CLI_TIMEOUT_SECS)


def _settings(result: subprocess.CompletedProcess) -> dict[str, str]:
    """NAME -> the rest of its line, from the effective configuration on standard output."""
    lines = [line for line in result.stdout.splitlines() if line.startswith(("DECKHAND_", "SYNC_"))]
    return {line.split("=", 1)[0].split(" ", 1)[0]: line for line in lines}


def _assert_no_secret(result: subprocess.CompletedProcess, *secrets: str) -> None:
    for secret in secrets:
        assert secret not in result.stdout and secret not in result.stderr, secret


def test_valid_settings_and_working_backends_exit_0_with_every_setting_and_its_origin(tmp_path):
    with shared.running(tmp_path) as (server, _postgres, _s3):
        settings_file = tmp_path / "deckhand.env"
        settings_file.write_text(f"DECKHAND_PORT={server.port + 1}\nDECKHAND_POSTGRES_PASSWORD={POSTGRES_PASSWORD}\n")
        env = {**server.settings, "DECKHAND_DATA_DIR": str(server.data_dir), "DECKHAND_CONFIG": str(settings_file),
               "SYNC_USER1": f"ada:{ENVIRONMENT_USER_PASSWORD}", "DECKHAND_LOG_LEVEL": "trace",
               "DECKHAND_SHARED_MEDIA_GRACE_HOURS": "48"}
        result = _check(env, tmp_path)

    assert result.returncode == 0, result
    assert result.stdout.startswith(f"settings file: {settings_file}\n"), result.stdout
    lines = _settings(result)
    assert lines["DECKHAND_PORT"] == f"DECKHAND_PORT={server.port + 1}  (settings file {settings_file})"
    assert lines["DECKHAND_SHARED_MEDIA_GRACE_HOURS"] == "DECKHAND_SHARED_MEDIA_GRACE_HOURS=48  (environment)"
    assert lines["DECKHAND_LOCK_WAIT_SECONDS"] == "DECKHAND_LOCK_WAIT_SECONDS=30  (default)"
    assert lines["DECKHAND_HOST"] == "DECKHAND_HOST=0.0.0.0  (default)"
    assert lines["DECKHAND_POSTGRES_PASSWORD"] == f"DECKHAND_POSTGRES_PASSWORD=****  (set; settings file {settings_file})"
    assert lines["DECKHAND_S3_SECRET_ACCESS_KEY"] == "DECKHAND_S3_SECRET_ACCESS_KEY=****  (set; environment)"
    assert lines["SYNC_USER1"] == "SYNC_USER1=****  (set; environment)"
    assert "DECKHAND_LDAP_BIND_PASSWORD" not in lines, "settings of a backend that is off are not read"
    backends = result.stdout.split("backends:\n", 1)[1].splitlines()
    assert backends == ["ok      server-database", "ok      blobs", "ok      postgres", "ok      shared-media-s3"], backends
    _assert_no_secret(result, POSTGRES_PASSWORD, S3_SECRET_KEY, ENVIRONMENT_USER_PASSWORD)


def test_an_invalid_setting_exits_2_with_one_line_naming_it(tmp_path):
    result = _check({"DECKHAND_DATA_DIR": str(tmp_path / "data"), "DECKHAND_LOCK_WAIT_SECONDS": "forever",
                     "DECKHAND_TYPO_SETTING": "x"}, tmp_path)
    assert result.returncode == 2, result
    assert result.stderr.splitlines() == [
        "deckhand: DECKHAND_LOCK_WAIT_SECONDS must be a whole number from 1 to 3600, got 'forever'"], result.stderr
    assert "DECKHAND_TYPO_SETTING=x  (environment; not read" in result.stdout


def test_failing_backends_exit_2_with_one_line_each_and_no_secret(tmp_path):
    a_file = tmp_path / "a-file"
    a_file.write_text("where the data folder should be")
    result = _check({
        "DECKHAND_DATA_DIR": str(a_file / "data"),
        "DECKHAND_SHARED_MEDIA": "on",
        "DECKHAND_POSTGRES_URL": f"jdbc:postgresql://127.0.0.1:{free_port()}/deckhand",
        "DECKHAND_POSTGRES_PASSWORD": POSTGRES_PASSWORD,
        "DECKHAND_SHARED_MEDIA_BUCKET": "media",
        "DECKHAND_S3_ENDPOINT": f"http://127.0.0.1:{free_port()}",
        "DECKHAND_S3_ACCESS_KEY_ID": "key-id",
        "DECKHAND_S3_SECRET_ACCESS_KEY": S3_SECRET_KEY,
    }, tmp_path)
    assert result.returncode == 2, result
    problems = result.stderr.splitlines()
    assert len(problems) == 3, problems
    assert problems[0].startswith(f"deckhand: data folder {a_file / 'data'} (not created yet): ") \
        and "not a folder" in problems[0], problems[0]
    assert problems[1].startswith("deckhand: postgres: "), problems[1]
    assert problems[2].startswith("deckhand: shared-media-s3: "), problems[2]
    assert result.stdout.count("FAILED  ") == 3, result.stdout
    _assert_no_secret(result, POSTGRES_PASSWORD, S3_SECRET_KEY)


def test_sync_and_shared_media_keys_that_overlap_in_one_bucket_exit_2_naming_both_prefixes(tmp_path):
    # DECKHAND_S3_PREFIX=media/ puts sync media under media/blobs/, inside the shared-deck store's media/.
    env = {"DECKHAND_DATA_DIR": str(tmp_path / "data"), "DECKHAND_HOST": "127.0.0.1", "DECKHAND_PORT": str(free_port()),
           "DECKHAND_BLOB_STORE": "s3", "DECKHAND_S3_BUCKET": "media", "DECKHAND_S3_PREFIX": "media/",
           "DECKHAND_S3_ENDPOINT": f"http://127.0.0.1:{free_port()}", "DECKHAND_SHARED_MEDIA": "on",
           "DECKHAND_POSTGRES_URL": f"jdbc:postgresql://127.0.0.1:{free_port()}/deckhand",
           "DECKHAND_SHARED_MEDIA_BUCKET": "media"}
    expected = "deckhand: DECKHAND_S3_PREFIX='media/' and DECKHAND_SHARED_MEDIA_PREFIX='' overlap in bucket media: "

    checked = _check(env, tmp_path)
    server_env = {k: v for k, v in os.environ.items() if not k.startswith(("DECKHAND_", "SYNC_", "ANKISYNCD_"))}
    started = subprocess.run([str(LAUNCHER)], env={**server_env, **env}, cwd=tmp_path, capture_output=True, text=True,
                             timeout=CLI_TIMEOUT_SECS)

    for result in (checked, started):
        assert result.returncode == 2, result
        problems = result.stderr.splitlines()
        assert len(problems) == 1 and problems[0].startswith(expected), problems
        assert "e.g. both 'deckhand/'" in problems[0], problems[0]
    assert "backends:" not in checked.stdout, "backends are tried only with valid settings"
