"""Deckhand's container image, built, read and run without a container engine.

These tests need no container engine (podman's crun and runc cannot start one on the test
machines; Debian's dockerd can, see engine.py). They do what an engine does, by hand and as root:

* ``build_image`` runs ``deploy/container/build.sh`` and reads the docker-archive it writes;
* ``unpack`` applies the image's layers in manifest order into a folder, whiteouts included;
* ``ImageRoot.command`` starts a program in that folder the way the image's config says: as its
  user, with its environment and working directory, in new mount and PID namespaces
  (``unshare --mount --pid --fork --kill-child``), the root folder mounted read-only, fresh
  ``/proc``, a minimal ``/dev``, a tmpfs ``/tmp`` and a host folder on ``/data``. The network
  namespace is the host's, so the test reaches the server on loopback. The mounts live in the
  new mount namespace only and vanish with it;
* ``ImageServer`` is the conformance harness's server, started from the image's entrypoint.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
import signal
import subprocess
import tarfile
import time
from dataclasses import dataclass
from pathlib import Path

from .servers import CLI_TIMEOUT_SECS, HOST, STOP_TIMEOUT_SECS, Account, ServerError, ServerUnderTest

REPO_ROOT = Path(__file__).resolve().parents[2]
BUILD_SCRIPT = REPO_ROOT / "deploy" / "container" / "build.sh"


def project_version() -> str:
    """The version in the root pom, which the image is tagged with."""
    import xml.etree.ElementTree as ElementTree

    namespace = {"m": "http://maven.apache.org/POM/4.0.0"}
    return ElementTree.parse(REPO_ROOT / "pom.xml").getroot().find("m:version", namespace).text
BUILD_TIMEOUT_SECS = 900.0
WHITEOUT = ".wh."
OPAQUE = ".wh..wh..opq"

# Mounts what a container engine would and becomes the image's user in its root (see the script).
ENTER = Path(__file__).resolve().parent / "enter-image.sh"


@dataclass(frozen=True)
class BuiltImage:
    archive: Path  # docker-archive tarball
    oci_layout: Path
    seconds: float
    output: str

    def manifest(self) -> dict:
        """The docker-archive's only manifest.json entry."""
        with tarfile.open(self.archive) as tar:
            (entry,) = json.load(tar.extractfile("manifest.json"))
        return entry

    def blob(self, name: str) -> bytes:
        with tarfile.open(self.archive) as tar:
            return tar.extractfile(name).read()

    def config_bytes(self) -> bytes:
        return self.blob(self.manifest()["Config"])

    def config(self) -> dict:
        return json.loads(self.config_bytes())


def build_image(out: Path, *, cache: Path | None = None, jar: Path | None = None) -> BuiltImage:
    """Runs the image build script, bounded in time; raises with its output if it fails."""
    env = dict(os.environ)
    if cache is not None:
        env["DECKHAND_IMAGE_CACHE"] = str(cache)
    cmd = [str(BUILD_SCRIPT), "--out", str(out)]
    if jar is not None:
        cmd += ["--jar", str(jar)]
    started = time.monotonic()
    res = subprocess.run(cmd, cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=BUILD_TIMEOUT_SECS)
    seconds = time.monotonic() - started
    if res.returncode != 0:
        raise AssertionError(f"{' '.join(cmd)} exited with {res.returncode}\n{res.stdout}\n{res.stderr}")
    return BuiltImage(out / "deckhand-image.tar", out / "oci", seconds, res.stdout + res.stderr)


def sha256_digest(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def _inside(root: Path, path: Path) -> Path:
    """PATH with its parent folders resolved, refused if that leaves ROOT."""
    real = Path(os.path.realpath(path.parent)) / path.name
    if real != root and root not in real.parents:
        raise AssertionError(f"layer entry {path} resolves outside the root folder ({real})")
    return real


def _remove(path: Path) -> None:
    if path.is_symlink() or not path.is_dir():
        path.unlink(missing_ok=True)
    else:
        shutil.rmtree(path)


def _keep_mode(member: tarfile.TarInfo, dest: str) -> tarfile.TarInfo:
    # tarfile's "tar" filter refuses entries that would land outside the root; it also clears
    # setuid, sticky and group/other write bits, which an image legitimately has (/tmp is 1777).
    tarfile.tar_filter(member, dest)
    return member


def unpack(image: BuiltImage, root: Path) -> None:
    """Applies the image's layers to ROOT in manifest order.

    A layer's whiteouts (``.wh.NAME``: NAME is deleted; ``.wh..wh..opq``: the folder's contents
    from lower layers are) are applied before its files are extracted, so they only ever remove
    what lower layers made. Owners are kept as the numbers in the layer (we run as root)."""
    root.mkdir(parents=True, exist_ok=True)
    root = Path(os.path.realpath(root))
    with tarfile.open(image.archive) as outer:
        for layer_name in image.manifest()["Layers"]:
            with tarfile.open(fileobj=outer.extractfile(layer_name), mode="r:*") as layer:
                members = layer.getmembers()
                for member in members:
                    path = Path(member.name.lstrip("/").removeprefix("./"))
                    if path.name == OPAQUE:
                        folder = _inside(root, root / path.parent)
                        for child in folder.iterdir():
                            _remove(child)
                    elif path.name.startswith(WHITEOUT):
                        _remove(_inside(root, root / path.parent / path.name[len(WHITEOUT):]))
                regular = [m for m in members if not Path(m.name).name.startswith(WHITEOUT)]
                layer.extractall(root, members=regular, numeric_owner=True, filter=_keep_mode)


def parse_user(user: str, root: Path) -> tuple[int, int]:
    """The config's User (``uid[:gid]`` or names) as numbers, names looked up in the image."""
    name, _, group = user.partition(":")

    def lookup(db: str, value: str, column: int = 2) -> int:
        if value.isdigit():
            return int(value)
        for line in (root / "etc" / db).read_text().splitlines():
            fields = line.split(":")
            if fields[0] == value:
                return int(fields[column])
        raise AssertionError(f"image has no {db} entry {value!r}")

    uid = lookup("passwd", name)
    if group:
        return uid, lookup("group", group)
    for line in (root / "etc" / "passwd").read_text().splitlines():
        fields = line.split(":")
        if fields[2] == str(uid):
            return uid, int(fields[3])
    raise AssertionError(f"image has no passwd entry for uid {uid}")


class ImageRoot:
    """An unpacked image and its config: runs programs in it as the image would."""

    def __init__(self, root: Path, config: dict, data: Path):
        self.root = Path(root)
        self.config = config["config"]
        self.data = Path(data)
        self.uid, self.gid = parse_user(self.config.get("User") or "0", self.root)
        self.unshare = shutil.which("unshare") or "/usr/bin/unshare"
        self.sh = shutil.which("sh") or "/bin/sh"

    def environment(self, settings: dict[str, str] | None = None) -> dict[str, str]:
        env = dict(item.split("=", 1) for item in self.config.get("Env", []))
        env.update(settings or {})
        return env

    def command(self, program: list[str]) -> list[str]:
        return [self.unshare, "--mount", "--pid", "--fork", "--kill-child",
                self.sh, str(ENTER), str(self.root), str(self.data),
                f"{self.uid}:{self.gid}", self.config.get("WorkingDir") or "/", *program]

    def entrypoint(self, *args: str) -> list[str]:
        return [*self.config.get("Entrypoint", []), *(args or self.config.get("Cmd") or [])]

    def healthcheck(self) -> list[str]:
        test = self.config["Healthcheck"]["Test"]
        if test[0] == "CMD":
            return test[1:]
        if test[0] == "CMD-SHELL":
            return ["/bin/sh", "-c", test[1]]
        raise AssertionError(f"health check {test!r} is not a command")

    def run(self, program: list[str], settings: dict[str, str] | None = None, stdin: str | None = None,
            timeout: float = CLI_TIMEOUT_SECS) -> subprocess.CompletedProcess:
        return subprocess.run(self.command(program), env=self.environment(settings), input=stdin,
                              capture_output=True, text=True, timeout=timeout)


def process_ids(pid: int) -> dict[str, list[int]]:
    """Uid, Gid and Groups lines of /proc/PID/status."""
    found = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("Uid", "Gid", "Groups"):
            found[key] = [int(x) for x in value.split()]
    return found


class ImageServer(ServerUnderTest):
    """Deckhand started from the image's entrypoint in an unpacked image root."""

    target = "deckhand image"
    # unshare ignores SIGTERM; SIGKILL makes it kill the namespace (--kill-child).
    parent_death_signal = signal.SIGKILL

    def __init__(self, workdir: Path, image_root: Path, config: dict, name: str = "image",
                 settings: dict[str, str] | None = None):
        super().__init__(workdir, name)
        os.chown(self.data_dir, *parse_user(config["config"]["User"], image_root))
        os.chmod(self.data_dir, 0o700)
        self.image = ImageRoot(image_root, config, self.data_dir)
        self.extra_settings = dict(settings or {})  # paths in them are inside the image

    @property
    def scheme(self) -> str:
        return "https" if "DECKHAND_TLS_CERT" in self.extra_settings else "http"

    def settings(self) -> dict[str, str]:
        return {"DECKHAND_HOST": HOST, "DECKHAND_PORT": str(self.port), **self.extra_settings}

    def command(self) -> list[str]:
        return self.image.command(self.image.entrypoint())

    def environment(self) -> dict[str, str]:
        return self.image.environment(self.settings())

    @property
    def server_pid(self) -> int:
        """The entrypoint's process (PID 1 of the new namespace), as the host numbers it."""
        if self.proc is None:
            raise ServerError("not running")
        children = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children").read_text().split()
        if len(children) != 1:
            raise ServerError(f"unshare {self.proc.pid} has children {children}, expected one")
        return int(children[0])

    def stop(self) -> None:
        # unshare ignores SIGTERM; the server in the namespace gets it, as from a container
        # engine's stop, and unshare exits with it. SIGKILL on unshare kills the namespace.
        if self.running:
            try:
                os.kill(self.server_pid, signal.SIGTERM)
                self.proc.wait(STOP_TIMEOUT_SECS)
            except (ServerError, OSError, subprocess.TimeoutExpired):
                self.proc.kill()
                self.proc.wait(STOP_TIMEOUT_SECS)
        super().stop()

    def cli(self, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
        res = self.image.run(self.image.entrypoint(*args), self.settings(), stdin)
        with open(self.log_path, "ab") as fh:
            fh.write(f"===== cli: {' '.join(args)} -> exit {res.returncode}\n{res.stdout}{res.stderr}".encode())
        return res

    def new_account(self) -> Account:
        acct = Account(self._fresh_name("img"), secrets.token_urlsafe(12))
        res = self.cli("user", "add", acct.user, "--password-stdin", stdin=acct.password + "\n")
        if res.returncode != 0:
            raise ServerError(f"`user add {acct.user}` in the image failed with exit {res.returncode}\n"
                              f"stdout: {res.stdout}\nstderr: {res.stderr}")
        return acct
