"""compose.yaml and .env.example.

* .env.example lists every setting the docs name and every ${...} compose.yaml reads, and names
  nothing else;
* docker-compose accepts compose.yaml, and refuses it without DECKHAND_DOMAIN;
* the nginx container's start-up script renders a site from deploy/nginx that nginx accepts (with
  Debian's nginx, standing in for the nginx image);
* under a private Docker engine (harness/engine.py), compose.yaml's deckhand service starts from
  the built image, becomes healthy by the image's own HEALTHCHECK, takes an account from
  ``docker-compose exec deckhand deckhand user add``, and the official client syncs through it at
  its address on the compose network; its named volume holds the data, private to the image's user.
  nginx and certbot are not started: their images come from Docker Hub, which the test machines
  cannot reach.

The engine test uses Debian's docker.io and docker-compose (1.29, which reads the same file as
``docker compose``); scripts/install-test-deps.sh installs both.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from anki.sync import SyncOutput

from harness.content import add_basic_note, build_rich_collection
from harness.devices import assert_same_state
from harness.engine import PrivateDocker
from harness.servers import REPO_ROOT, Account

pytestmark = [pytest.mark.deployment, pytest.mark.timeout(600)]

COMPOSE = REPO_ROOT / "compose.yaml"
ENV_EXAMPLE = REPO_ROOT / ".env.example"
DOCS = [REPO_ROOT / "README.md", *sorted((REPO_ROOT / "docs").glob("*.md"))]
# Launcher and command-line settings that live outside the Java sources.
OTHER_SOURCES = [REPO_ROOT / "bin" / "deckhand", REPO_ROOT / "bin" / "deckhand-healthcheck", COMPOSE]
SETTING = re.compile(r"\b(?:DECKHAND|SYNC|ANKISYNCD|MAX_SYNC|PASSWORDS|AWS|LETSENCRYPT)_[A-Z0-9_]*[A-Z0-9]\b")
UID = GID = 10001
HEALTHY_TIMEOUT_SECS = 120.0
PNG = b"\x89PNG\r\n\x1a\n compose test " + bytes(range(256))
NGINX_CHECK = Path(__file__).resolve().parents[1] / "harness" / "check-compose-nginx.sh"


def _listed() -> set[str]:
    """Names .env.example sets, commented out or not."""
    return set(re.findall(r"^#? ?([A-Z][A-Z0-9_]*)=", ENV_EXAMPLE.read_text(), re.M))


def test_env_example_lists_every_documented_setting_and_what_compose_reads():
    documented = {name for doc in DOCS for name in SETTING.findall(doc.read_text())}
    compose_reads = set(re.findall(r"\$\{([A-Z][A-Z0-9_]*)", COMPOSE.read_text()))
    missing = sorted((documented | compose_reads) - _listed())
    assert not missing, f".env.example lacks {missing}"


def test_env_example_names_only_real_settings():
    known = "\n".join(p.read_text() for p in [*DOCS, *OTHER_SOURCES])
    known += "\n".join(p.read_text() for p in (REPO_ROOT / "app" / "src" / "main").rglob("*.java"))
    unknown = sorted(name for name in _listed() if not re.search(rf"\b{name}\b", known))
    assert not unknown, f".env.example names settings nothing reads or documents: {unknown}"


def _project(tmp_path: Path, env: str) -> Path:
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy2(COMPOSE, project / "compose.yaml")
    (project / ".env").write_text(ENV_EXAMPLE.read_text() + env)
    return project


def _compose(project: Path, *args: str, docker: PrivateDocker | None = None,
             stdin: str | None = None) -> subprocess.CompletedProcess:
    cmd = ["docker-compose", "--project-directory", str(project), "-f", str(project / "compose.yaml"), *args]
    if docker is not None:
        return docker.run(*cmd, stdin=stdin, check=False)
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, input=stdin)


def _require(*tools: str) -> None:
    missing = [tool for tool in tools if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"missing {', '.join(missing)}; scripts/install-test-deps.sh installs them")


def test_compose_file_is_valid_and_needs_a_domain(tmp_path):
    _require("docker-compose")
    project = _project(tmp_path, "DECKHAND_DOMAIN=anki.example.org\n")
    res = _compose(project, "config")
    assert res.returncode == 0, res.stderr
    assert "condition: service_healthy" in res.stdout
    assert set(_compose(project, "config", "--services").stdout.split()) == {"deckhand", "nginx", "certbot"}
    assert set(_compose(project, "config", "--volumes").stdout.split()) == {
        "deckhand-data", "certificates", "acme-webroot"}

    (project / ".env").write_text(ENV_EXAMPLE.read_text())
    refused = _compose(project, "config")
    assert refused.returncode != 0 and "set DECKHAND_DOMAIN in .env" in refused.stderr


def test_nginx_accepts_the_site_compose_renders(tmp_path):
    if not (REPO_ROOT / "deploy" / "nginx" / "render-site").is_file():
        pytest.skip("deploy/nginx/render-site (the nginx site template and its renderer) is not in this tree")
    if os.geteuid() != 0:
        pytest.skip("the check mounts a copy of /etc (root only)")
    _require("nginx", "openssl", "unshare")
    res = subprocess.run(["unshare", "--mount", "--pid", "--fork", "--kill-child", "sh", str(NGINX_CHECK),
                          str(REPO_ROOT / "deploy" / "nginx"), str(REPO_ROOT / "deploy" / "compose" / "nginx-site.sh"),
                          str(tmp_path)], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stdout + res.stderr
    assert "test is successful" in res.stderr
    conf_d = tmp_path / "etc" / "nginx" / "conf.d"
    assert sorted(p.name for p in conf_d.iterdir()) == ["deckhand.conf"], "the image's default site must go"
    site = (conf_d / "deckhand.conf").read_text()
    for line in ("server deckhand:8080;", "server_name anki.example.org;",
                 "ssl_certificate /etc/letsencrypt/live/anki.example.org/fullchain.pem;",
                 "ssl_certificate_key /etc/letsencrypt/live/anki.example.org/privkey.pem;",
                 "root /var/www/certbot;", "listen 0.0.0.0:443 ssl http2;",
                 # 3 x DECKHAND_MAX_SYNC_PAYLOAD_MEGS (100) + 1: a full upload and no more
                 "client_max_body_size 301m;"):
        assert line in site, line


def _wait_healthy(docker: PrivateDocker, container: str) -> None:
    deadline = time.monotonic() + HEALTHY_TIMEOUT_SECS
    status = "?"
    while time.monotonic() < deadline:
        status = docker.run("docker", "inspect", "-f", "{{.State.Health.Status}}", container).stdout.strip()
        if status == "healthy":
            return
        if status == "unhealthy":
            break
        time.sleep(1)
    log = docker.run("docker", "inspect", "-f", "{{json .State.Health}}", container, check=False).stdout
    raise AssertionError(f"{container} is {status}, not healthy, after {HEALTHY_TIMEOUT_SECS:.0f} s: {log}")


def test_deckhand_service_runs_under_docker_and_syncs(container_image, tmp_path, make_device, monkeypatch):
    _require("dockerd", "docker", "docker-compose")
    subnet = f"172.30.{random.randint(100, 199)}.0/24"
    project = _project(tmp_path, f"DECKHAND_DOMAIN=anki.example.org\nDECKHAND_COMPOSE_SUBNET={subnet}\n")
    with PrivateDocker() as docker:
        loaded = docker.run("docker", "load", "-i", str(container_image.archive)).stdout
        assert "Loaded image: deckhand:latest" in loaded
        try:
            up = _compose(project, "up", "-d", "deckhand", docker=docker)
            assert up.returncode == 0, up.stderr
            container = _compose(project, "ps", "-q", "deckhand", docker=docker).stdout.strip()
            _wait_healthy(docker, container)  # Docker ran the image's HEALTHCHECK

            inspect = docker.run("docker", "inspect", "-f",
                                 "{{.Config.User}} {{.HostConfig.ReadonlyRootfs}} {{.HostConfig.CapDrop}}",
                                 container).stdout.split()
            assert inspect == [f"{UID}:{GID}", "true", "[ALL]"]
            address = docker.run("docker", "inspect", "-f",
                                 "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", container).stdout.strip()
            assert address.startswith(subnet.rsplit(".", 2)[0] + ".")

            account = Account("carol", "compose-test-password")
            added = _compose(project, "exec", "-T", "deckhand", "deckhand", "user", "add", account.user,
                             "--password-stdin", docker=docker, stdin=account.password + "\n")
            assert added.returncode == 0, added.stdout + added.stderr

            monkeypatch.setenv("NO_PROXY", f"{os.environ.get('NO_PROXY', '')},{address}")
            monkeypatch.setenv("no_proxy", os.environ["NO_PROXY"])
            endpoint = f"http://{address}:8080/"
            a, b = make_device("A"), make_device("B")
            build_rich_collection(a.col)
            name = a.col.media.write_data("compose.png", PNG)
            add_basic_note(a.col, "with image", f'<img src="{name}">')
            a.login(account, endpoint)
            assert a.sync(media=True) == SyncOutput.FULL_UPLOAD
            b.login(account, endpoint)
            assert b.sync(media=True) == SyncOutput.FULL_DOWNLOAD
            assert_same_state(a.snapshot(), b.snapshot(), "A", "B")
            assert Path(b.col.media.dir(), name).read_bytes() == PNG

            stopped = _compose(project, "stop", "deckhand", docker=docker)
            assert stopped.returncode == 0, stopped.stderr
            # SIGTERM ends the JVM through its shutdown hooks, within the grace period.
            assert docker.run("docker", "inspect", "-f", "{{.State.ExitCode}}", container).stdout.strip() == "143"

            volume = docker.run("docker", "volume", "inspect", "-f", "{{.Mountpoint}}",
                                f"{project.name}_deckhand-data").stdout.strip()
            data = Path(volume)
            assert (data.stat().st_uid, data.stat().st_gid, data.stat().st_mode & 0o777) == (UID, GID, 0o700)
            made = list(data.rglob("*"))
            assert [p.name for p in made if p.name == "collection.anki2"] == ["collection.anki2"]
            wrong = [str(p) for p in made if (p.lstat().st_uid, p.lstat().st_gid) != (UID, GID)]
            assert not wrong, f"files in the volume not owned by the image's user: {wrong}"
        finally:
            _compose(project, "down", "-v", docker=docker)
