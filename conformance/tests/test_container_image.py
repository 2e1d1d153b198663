"""The container image: built by deploy/container/build.sh, read back, and run as an engine would.

The run tests need no container engine: they unpack the image's layers and start its entrypoint in
new mount and PID namespaces, chrooted, as the image's user (harness/images.py), and the official
client signs in and syncs through it. test_compose.py runs the image under a real Docker engine.

The image is built once per run (the container_image fixture in conftest.py). The first build on a
machine makes the Debian base with mmdebstrap (about 40 s here) and caches it; later builds reuse
it (about 2 s). Each build's time is printed.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest
from anki.sync import SyncOutput

from harness import images, servers
from harness.content import add_basic_note, build_rich_collection
from harness.devices import assert_same_state
from harness.tls import TestCA

pytestmark = [pytest.mark.deployment, pytest.mark.timeout(900)]

UID = GID = 10001
ENTRYPOINT = ["/opt/deckhand/bin/deckhand"]
HEALTHCHECK = ["CMD", "/opt/deckhand/bin/deckhand-healthcheck"]
PNG = b"\x89PNG\r\n\x1a\n container image test " + bytes(range(256))


@pytest.fixture(scope="module")
def image(container_image):
    return container_image


@pytest.fixture(scope="module")
def image_root(image, tmp_path_factory):
    root = tmp_path_factory.mktemp("image-root") / "root"
    try:
        images.unpack(image, root)
        yield root
    finally:
        shutil.rmtree(root.parent, ignore_errors=True)


def _file_digest(fileobj) -> str:
    sha = hashlib.sha256()
    for chunk in iter(lambda: fileobj.read(1 << 20), b""):
        sha.update(chunk)
    return "sha256:" + sha.hexdigest()


def test_config_runs_deckhand_as_a_user_with_a_volume_port_and_health_check(image):
    config = image.config()
    c = config["config"]
    assert c["User"] == f"{UID}:{GID}", "numeric, so runtimes can tell it is not root"
    assert c["ExposedPorts"] == {"8080/tcp": {}}
    assert c["Volumes"] == {"/data": {}}
    assert c["Entrypoint"] == ENTRYPOINT
    assert not c.get("Cmd")
    assert c["WorkingDir"] == "/data"
    assert "DECKHAND_DATA_DIR=/data" in c["Env"]
    assert c["Healthcheck"]["Test"] == HEALTHCHECK
    assert c["Healthcheck"]["Interval"] > 0 and c["Healthcheck"]["Timeout"] > 0
    assert c["Healthcheck"]["Retries"] >= 1
    assert config["os"] == "linux" and config["architecture"] == "amd64"
    assert len(config["history"]) == len(config["rootfs"]["diff_ids"]) == 2


def test_archive_and_oci_layout_hold_the_same_content_addressed_image(image):
    config_bytes = image.config_bytes()
    config = json.loads(config_bytes)
    docker = image.manifest()
    assert docker["RepoTags"] == [f"deckhand:{images.project_version()}", "deckhand:latest"]
    # Every blob in the archive is stored under its own digest; layers are uncompressed, so a
    # layer's digest is its diff id.
    with tarfile.open(image.archive) as tar:
        for name in [docker["Config"], *docker["Layers"]]:
            assert _file_digest(tar.extractfile(name)) == "sha256:" + Path(name).name
    assert ["sha256:" + Path(name).name for name in docker["Layers"]] == config["rootfs"]["diff_ids"]

    blobs = image.oci_layout / "blobs" / "sha256"
    assert json.loads((image.oci_layout / "oci-layout").read_text()) == {"imageLayoutVersion": "1.0.0"}
    index = json.loads((image.oci_layout / "index.json").read_text())
    refs = {m["annotations"]["org.opencontainers.image.ref.name"]: m["digest"] for m in index["manifests"]}
    assert set(refs) == {images.project_version(), "latest"} and len(set(refs.values())) == 1
    manifest_bytes = (blobs / refs["latest"].split(":")[1]).read_bytes()
    assert images.sha256_digest(manifest_bytes) == refs["latest"]
    manifest = json.loads(manifest_bytes)
    assert manifest["config"]["digest"] == images.sha256_digest(config_bytes)
    assert manifest["config"]["size"] == len(config_bytes)
    assert [layer["digest"] for layer in manifest["layers"]] == config["rootfs"]["diff_ids"]
    for layer in manifest["layers"]:
        path = blobs / layer["digest"].split(":")[1]
        assert path.stat().st_size == layer["size"]
        with path.open("rb") as fh:
            assert _file_digest(fh) == layer["digest"]


def test_rebuild_gives_the_same_bytes(image, tmp_path, build_container_image):
    again = build_container_image(tmp_path / "again")
    try:
        assert again.config_bytes() == image.config_bytes()
        assert (again.oci_layout / "index.json").read_bytes() == (image.oci_layout / "index.json").read_bytes()
        with again.archive.open("rb") as a, image.archive.open("rb") as b:
            assert _file_digest(a) == _file_digest(b)
    finally:
        shutil.rmtree(tmp_path / "again", ignore_errors=True)


def test_skopeo_reads_both_outputs(image):
    if shutil.which("skopeo") is None:
        pytest.skip("skopeo missing; scripts/install-test-deps.sh installs it")

    def skopeo(*args: str) -> bytes:
        return subprocess.run(["skopeo", *args], check=True, capture_output=True, timeout=120).stdout

    # An independent reader (the library podman uses) sees the same config and layers.
    assert skopeo("inspect", "--raw", "--config", f"docker-archive:{image.archive}") == image.config_bytes()
    assert skopeo("inspect", "--raw", "--config", f"oci:{image.oci_layout}:latest") == image.config_bytes()
    inspected = json.loads(skopeo("inspect", f"docker-archive:{image.archive}"))
    assert inspected["Layers"] == image.config()["rootfs"]["diff_ids"]


def test_unpacked_image_has_its_user_and_a_private_data_folder(image, image_root):
    passwd = {line.split(":")[0]: line.split(":") for line in (image_root / "etc/passwd").read_text().splitlines()}
    assert passwd["deckhand"][2:4] == [str(UID), str(GID)]
    assert passwd["deckhand"][6] == "/usr/sbin/nologin"
    assert f"deckhand:x:{GID}:" in (image_root / "etc/group").read_text().splitlines()
    data = (image_root / "data").stat()
    assert (data.st_uid, data.st_gid, data.st_mode & 0o7777) == (UID, GID, 0o700)
    for program in ("deckhand", "deckhand-healthcheck"):
        assert os.access(image_root / "opt/deckhand/bin" / program, os.X_OK)
    assert (image_root / "opt/deckhand/lib/deckhand.jar").is_file()
    assert (image_root / "usr/bin/java").exists() and (image_root / "usr/bin/curl").exists()
    assert not any((image_root / "dev").iterdir()), "device nodes come from the runtime, not the image"


def test_official_client_syncs_through_the_image_run_as_its_user(image, image_root, tmp_path, make_device):
    server = images.ImageServer(tmp_path / "server", image_root, image.config())
    try:
        server.start()
        pid = server.server_pid
        assert Path(f"/proc/{pid}/exe").resolve().name == "java"
        ids = images.process_ids(pid)
        assert ids["Uid"] == [UID] * 4 and ids["Gid"] == [GID] * 4 and ids["Groups"] == [GID]

        account = server.new_account()  # `deckhand user add NAME --password-stdin`, in the image
        a, b = make_device("A"), make_device("B")
        build_rich_collection(a.col)
        name = a.col.media.write_data("container.png", PNG)
        add_basic_note(a.col, "with image", f'<img src="{name}">')
        a.login(account, server.endpoint)
        assert a.sync(media=True) == SyncOutput.FULL_UPLOAD
        b.login(account, server.endpoint)
        assert b.sync(media=True) == SyncOutput.FULL_DOWNLOAD
        assert_same_state(a.snapshot(), b.snapshot(), "A", "B")
        assert Path(b.col.media.dir(), name).read_bytes() == PNG

        health = server.image.run(server.image.healthcheck(), server.settings())
        assert health.returncode == 0, health.stderr
        unanswered = server.image.run(server.image.healthcheck(), {"DECKHAND_PORT": str(servers.free_port())})
        assert unanswered.returncode == 1, "the health check must fail when nothing answers"
    finally:
        server.stop()

    # SIGTERM, as an engine's stop sends it, ends the JVM through its shutdown hooks (exit 143).
    assert "stopped (exit 143)" in server.tail(3)
    made = list(server.data_dir.rglob("*"))
    digest = hashlib.sha256(PNG).hexdigest()
    assert (server.data_dir / "blobs" / digest[:2] / digest).read_bytes() == PNG
    assert [p.name for p in made if p.name == "collection.anki2"] == ["collection.anki2"]
    wrong = [f"{p} {p.lstat().st_uid}:{p.lstat().st_gid}" for p in made
             if (p.lstat().st_uid, p.lstat().st_gid) != (UID, GID)]
    assert not wrong, f"files in /data not owned by the image's user: {wrong}"
    # The launcher's umask 077 holds in the image: nothing in the data folder is readable by others.
    shared = [f"{p} {oct(p.lstat().st_mode)}" for p in made if not p.is_symlink() and p.lstat().st_mode & 0o077]
    assert not shared, f"files in /data readable or writable by others: {shared}"
    mounts = Path("/proc/self/mountinfo").read_text()
    assert str(image_root) not in mounts, "a mount of the image root outlived its namespace"


def test_health_check_follows_built_in_https(image, image_root, tmp_path):
    # With DECKHAND_TLS_CERT the port speaks HTTPS only, so the health check must ask over HTTPS.
    ca = TestCA(tmp_path / "ca")
    chain, key = ca.issue("leaf", ["localhost"], ["127.0.0.1"])
    with ca.trusted():  # for the harness's own wait for /health over HTTPS
        server = images.ImageServer(tmp_path / "server", image_root, image.config(), "image-tls", settings={
            "DECKHAND_TLS_CERT": "/data/tls/fullchain.pem", "DECKHAND_TLS_KEY": "/data/tls/privkey.pem"})
        tls = server.data_dir / "tls"
        tls.mkdir(mode=0o700)
        for source, name in ((chain, "fullchain.pem"), (key, "privkey.pem")):
            shutil.copyfile(source, tls / name)
        for path in (tls, tls / "fullchain.pem", tls / "privkey.pem"):
            os.chown(path, UID, GID)
        try:
            server.start()
            assert server.endpoint.startswith("https://")
            health = server.image.run(server.image.healthcheck(), server.settings())
            assert health.returncode == 0, health.stderr
            plain = server.image.run(server.image.healthcheck(),
                                     {k: v for k, v in server.settings().items() if not k.startswith("DECKHAND_TLS_")})
            assert plain.returncode == 1, "plain HTTP to the HTTPS port must not count as healthy"
        finally:
            server.stop()
