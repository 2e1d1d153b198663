#!/usr/bin/env python3
"""Assembles Deckhand's container image from a Debian root tarball and the built jar, with no
container engine and nothing but Python's standard library.

Two layers:

1. the Debian base: mmdebstrap's root tarball, normalised (device nodes dropped: the runtime
   mounts its own /dev);
2. Deckhand: /opt/deckhand/bin/{deckhand,deckhand-healthcheck}, /opt/deckhand/lib/deckhand.jar,
   the `deckhand` user and group (fixed ids, added to /etc/passwd and /etc/group), and /data,
   owned by that user, which the config declares as a volume.

Written twice, with the same config, layers and image ID:

* a docker-archive tarball (manifest.json), what `docker load` and `podman load` read. Podman
  keeps a HEALTHCHECK only from Docker-format images, so this is the file to load;
* an OCI image layout directory, for skopeo, umoci and registries (`skopeo copy oci:DIR:TAG ...`).

Every tar entry is written in name order, with numeric owners only, no host names, no access or
change times, and modification times clamped to a given epoch; layers are stored uncompressed,
so their digests do not depend on a compressor's version. The same inputs give the same bytes.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import re
import shutil
import tarfile
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Iterator

UID = GID = 10001
USER = "deckhand"
HOME = "/data"
INSTALL = "opt/deckhand"
PORT = 8080
HEALTHCHECK = {
    # Docker's HealthConfig; durations are nanoseconds. A check is one curl on loopback.
    "Test": ["CMD", f"/{INSTALL}/bin/deckhand-healthcheck"],
    "Interval": 15 * 10**9,
    "Timeout": 10 * 10**9,
    # The JVM starts and the databases open within seconds; a slow disk gets a minute.
    "StartPeriod": 60 * 10**9,
    # During the start period, check this often (Docker 25 and later; older engines ignore it and
    # wait a whole Interval for the first check), so "healthy", and nginx after it, come at once.
    "StartInterval": 2 * 10**9,
    "Retries": 3,
}
OCI_ARCH = {"amd64": "amd64", "arm64": "arm64"}
MEDIA_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
MEDIA_CONFIG = "application/vnd.oci.image.config.v1+json"
MEDIA_LAYER = "application/vnd.oci.image.layer.v1.tar"
MEDIA_INDEX = "application/vnd.oci.image.index.v1+json"
TAG = re.compile(r"^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:/[a-z0-9]+(?:[._-][a-z0-9]+)*)*:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")


@dataclass(frozen=True)
class Blob:
    digest: str  # "sha256:<hex>"
    size: int
    path: Path

    @property
    def hex(self) -> str:
        return self.digest.split(":", 1)[1]


class BlobStore:
    """The blobs/sha256 folder of an OCI layout: content-addressed files."""

    def __init__(self, layout: Path):
        self.folder = layout / "blobs" / "sha256"
        self.folder.mkdir(parents=True, exist_ok=True)

    def add_bytes(self, data: bytes) -> Blob:
        digest = hashlib.sha256(data).hexdigest()
        path = self.folder / digest
        path.write_bytes(data)
        return Blob(f"sha256:{digest}", len(data), path)

    def add_tar(self, entries: Iterator[tuple[tarfile.TarInfo, BinaryIO | None]]) -> Blob:
        """Writes a layer tar from entries and stores it under its SHA-256."""
        with tempfile.NamedTemporaryFile(dir=self.folder, delete=False) as tmp:
            hashing = _HashingWriter(tmp)
            with tarfile.open(fileobj=hashing, mode="w", format=tarfile.PAX_FORMAT) as tar:
                for info, data in entries:
                    tar.addfile(info, data)
        digest = hashing.sha256.hexdigest()
        path = self.folder / digest
        os.replace(tmp.name, path)
        os.chmod(path, 0o644)
        return Blob(f"sha256:{digest}", hashing.size, path)


class _HashingWriter(io.RawIOBase):
    def __init__(self, target: BinaryIO):
        self.target = target
        self.sha256 = hashlib.sha256()
        self.size = 0

    def writable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.size

    def write(self, data) -> int:
        self.sha256.update(data)
        self.size += len(data)
        return self.target.write(data)


def canonical_json(obj) -> bytes:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _entry(name: str, kind: bytes, *, mode: int, epoch: int, uid: int = 0, gid: int = 0,
           size: int = 0, linkname: str = "") -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type = kind
    info.mode = mode
    info.uid, info.gid = uid, gid
    info.uname = info.gname = ""
    info.mtime = epoch
    info.size = size
    info.linkname = linkname
    return info


def _normalised(member: tarfile.TarInfo, name: str, epoch: int) -> tarfile.TarInfo:
    info = _entry(name, member.type, mode=member.mode, epoch=min(member.mtime, epoch),
                  uid=member.uid, gid=member.gid, size=member.size if member.isreg() else 0,
                  linkname=member.linkname)
    info.devmajor, info.devminor = member.devmajor, member.devminor
    # Extended attributes (file capabilities) are content; times and host user names are not.
    info.pax_headers = {k: v for k, v in member.pax_headers.items() if k.startswith("SCHILY.xattr.")}
    return info


def _clean_name(name: str) -> str:
    name = name.removeprefix("./").rstrip("/")
    if name.startswith("/") or ".." in name.split("/"):
        raise SystemExit(f"assemble: refusing tar entry {name!r}")
    return name


def base_layer(rootfs: tarfile.TarFile, epoch: int) -> Iterator[tuple[tarfile.TarInfo, BinaryIO | None]]:
    """The Debian root tarball in name order, without device nodes or the root folder entry."""
    members = {}
    for member in rootfs.getmembers():
        name = _clean_name(member.name)
        if name == "" or name.startswith("dev/"):
            continue
        members[name] = member
    # A hard link must come after the file it names. Sorting can put a link first, so in each
    # group of linked names the first in order carries the data and the others link to it.
    first_of_group: dict[str, str] = {}
    for name, member in members.items():
        if member.islnk():
            target = _clean_name(member.linkname)
            first_of_group[target] = min(first_of_group.get(target, target), name)
    for name in sorted(members):
        member = members[name]
        target = _clean_name(member.linkname) if member.islnk() else name
        if target in first_of_group:
            carrier = first_of_group[target]
            source = members[target]
            info = _normalised(source, name, epoch)
            if name == carrier:
                yield info, rootfs.extractfile(source)
            else:
                info.type, info.size, info.linkname = tarfile.LNKTYPE, 0, carrier
                yield info, None
        else:
            info = _normalised(member, name, epoch)
            yield info, rootfs.extractfile(member) if member.isreg() else None


def _read_member(rootfs: tarfile.TarFile, name: str) -> tuple[tarfile.TarInfo, bytes]:
    for candidate in (f"./{name}", name):
        try:
            member = rootfs.getmember(candidate)
        except KeyError:
            continue
        return member, rootfs.extractfile(member).read()
    raise SystemExit(f"assemble: the base has no /{name}")


def _with_line(text: str, line: str, name: str) -> str:
    fields = line.split(":")
    for existing in text.splitlines():
        parts = existing.split(":")
        if len(parts) > 2 and (parts[0] == fields[0] or parts[2] == fields[2]):
            raise SystemExit(f"assemble: the base's {name} already has {fields[0]} or id {fields[2]}: {existing}")
    return text + ("" if text.endswith("\n") or not text else "\n") + line + "\n"


def deckhand_layer(rootfs: tarfile.TarFile, jar: Path, launcher: Path, healthcheck: Path,
                   epoch: int) -> Iterator[tuple[tarfile.TarInfo, BinaryIO | None]]:
    files: dict[str, tuple[tarfile.TarInfo, BinaryIO | None]] = {}

    def add_bytes(name: str, data: bytes, mode: int, like: tarfile.TarInfo | None = None) -> None:
        info = _entry(name, tarfile.REGTYPE, mode=mode, epoch=epoch, size=len(data))
        if like is not None:
            info.uid, info.gid = like.uid, like.gid
        files[name] = (info, io.BytesIO(data))

    def add_file(name: str, path: Path, mode: int) -> None:
        info = _entry(name, tarfile.REGTYPE, mode=mode, epoch=epoch, size=path.stat().st_size)
        files[name] = (info, path.open("rb"))

    def add_dir(name: str, mode: int, uid: int = 0, gid: int = 0) -> None:
        files[name] = (_entry(name, tarfile.DIRTYPE, mode=mode, epoch=epoch, uid=uid, gid=gid), None)

    passwd_info, passwd = _read_member(rootfs, "etc/passwd")
    group_info, group = _read_member(rootfs, "etc/group")
    add_bytes("etc/passwd", _with_line(passwd.decode(), f"{USER}:x:{UID}:{GID}:Deckhand:{HOME}:/usr/sbin/nologin",
                                       "/etc/passwd").encode(), passwd_info.mode, passwd_info)
    add_bytes("etc/group", _with_line(group.decode(), f"{USER}:x:{GID}:", "/etc/group").encode(),
              group_info.mode, group_info)
    # Private to the server's user; a new named volume mounted here takes this owner and mode.
    add_dir(HOME.lstrip("/"), 0o700, UID, GID)
    add_dir(INSTALL, 0o755)
    add_dir(f"{INSTALL}/bin", 0o755)
    add_dir(f"{INSTALL}/lib", 0o755)
    add_file(f"{INSTALL}/bin/deckhand", launcher, 0o755)
    add_file(f"{INSTALL}/bin/deckhand-healthcheck", healthcheck, 0o755)
    add_file(f"{INSTALL}/lib/deckhand.jar", jar, 0o644)
    for name in sorted(files):
        yield files[name]


def packages(rootfs: tarfile.TarFile) -> list[str]:
    """'name version' for every package dpkg lists as installed in the base."""
    _, status = _read_member(rootfs, "var/lib/dpkg/status")
    found = []
    for stanza in status.decode().split("\n\n"):
        fields = dict(re.findall(r"^([A-Za-z-]+): (.*)$", stanza, re.M))
        if fields.get("Status", "").endswith(" installed"):
            found.append(f"{fields['Package']} {fields['Version']}")
    return sorted(found)


def iso(epoch: int) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch))


def image_config(diff_ids: list[str], args) -> dict:
    labels = {
        "org.opencontainers.image.title": "Deckhand",
        "org.opencontainers.image.description": "Self-hosted Anki sync server",
        "org.opencontainers.image.version": args.version,
        "org.opencontainers.image.revision": args.revision,
        "org.opencontainers.image.created": iso(args.epoch),
        "org.opencontainers.image.base.name": args.base_description,
    }
    if args.source:
        labels["org.opencontainers.image.source"] = args.source
    return {
        "architecture": OCI_ARCH[args.arch],
        "os": "linux",
        "created": iso(args.epoch),
        "config": {
            # Numeric, so a runtime can tell it is not root without reading /etc/passwd
            # (Kubernetes' runAsNonRoot needs that).
            "User": f"{UID}:{GID}",
            "ExposedPorts": {f"{PORT}/tcp": {}},
            "Env": [
                f"PATH=/{INSTALL}/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                "LANG=C.UTF-8",
                f"DECKHAND_DATA_DIR={HOME}",
            ],
            "Entrypoint": [f"/{INSTALL}/bin/deckhand"],
            "WorkingDir": HOME,
            "Volumes": {HOME: {}},
            "StopSignal": "SIGTERM",
            "Healthcheck": HEALTHCHECK,
            "Labels": labels,
        },
        "rootfs": {"type": "layers", "diff_ids": diff_ids},
        "history": [
            {"created": iso(args.base_epoch), "created_by": f"mmdebstrap: {args.base_description}",
             "comment": "Debian packages; device nodes removed"},
            {"created": iso(args.epoch), "created_by": f"deploy/container/assemble.py: Deckhand {args.version}",
             "comment": f"/{INSTALL}, user {USER} ({UID}:{GID}), {HOME}"},
        ],
    }


def write_docker_archive(path: Path, config: Blob, layers: list[Blob], tags: list[str],
                         epoch: int) -> None:
    """A docker-archive tarball: manifest.json naming the same blob files as the OCI layout."""
    relative = lambda blob: f"blobs/sha256/{blob.hex}"  # noqa: E731
    manifest = canonical_json([{"Config": relative(config), "RepoTags": tags,
                                "Layers": [relative(layer) for layer in layers]}])
    tmp = path.with_name(path.name + ".tmp")
    with tarfile.open(tmp, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for folder in ("blobs", "blobs/sha256"):
            tar.addfile(_entry(folder, tarfile.DIRTYPE, mode=0o755, epoch=epoch))
        for blob in sorted({config, *layers}, key=lambda b: b.hex):
            with blob.path.open("rb") as fh:
                tar.addfile(_entry(relative(blob), tarfile.REGTYPE, mode=0o644, epoch=epoch, size=blob.size), fh)
        tar.addfile(_entry("manifest.json", tarfile.REGTYPE, mode=0o644, epoch=epoch, size=len(manifest)),
                    io.BytesIO(manifest))
    os.replace(tmp, path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", type=Path, required=True, help="mmdebstrap root tarball (uncompressed)")
    parser.add_argument("--base-epoch", type=int, required=True, help="SOURCE_DATE_EPOCH the base was made with")
    parser.add_argument("--base-description", required=True, help="what the base is, for the history and a label")
    parser.add_argument("--arch", required=True, choices=sorted(OCI_ARCH), help="Debian architecture of the base")
    parser.add_argument("--jar", type=Path, required=True)
    parser.add_argument("--launcher", type=Path, required=True)
    parser.add_argument("--healthcheck", type=Path, required=True)
    parser.add_argument("--epoch", type=int, required=True, help="time of the Deckhand layer and the image")
    parser.add_argument("--version", required=True)
    parser.add_argument("--revision", required=True)
    parser.add_argument("--source", default="", help="URL of the source repository, for a label")
    parser.add_argument("--tag", action="append", required=True, help="name:tag, repeatable")
    parser.add_argument("--docker-archive", type=Path, required=True)
    parser.add_argument("--oci-layout", type=Path, required=True)
    parser.add_argument("--packages", type=Path, required=True, help="where to list the base's packages")
    args = parser.parse_args()
    for tag in args.tag:
        if not TAG.match(tag):
            raise SystemExit(f"assemble: {tag!r} is not a valid image name:tag")

    if args.oci_layout.exists():
        shutil.rmtree(args.oci_layout)
    args.oci_layout.mkdir(parents=True)
    store = BlobStore(args.oci_layout)
    with tarfile.open(args.base, mode="r:") as rootfs:
        layers = [store.add_tar(base_layer(rootfs, args.base_epoch)),
                  store.add_tar(deckhand_layer(rootfs, args.jar, args.launcher, args.healthcheck, args.epoch))]
        args.packages.write_text("".join(f"{p}\n" for p in packages(rootfs)))
    # Uncompressed layers: a layer's digest is its diff id.
    config = store.add_bytes(canonical_json(image_config([layer.digest for layer in layers], args)))
    manifest = store.add_bytes(canonical_json({
        "schemaVersion": 2,
        "mediaType": MEDIA_MANIFEST,
        "config": {"mediaType": MEDIA_CONFIG, "digest": config.digest, "size": config.size},
        "layers": [{"mediaType": MEDIA_LAYER, "digest": layer.digest, "size": layer.size} for layer in layers],
    }))
    (args.oci_layout / "oci-layout").write_bytes(canonical_json({"imageLayoutVersion": "1.0.0"}))
    (args.oci_layout / "index.json").write_bytes(canonical_json({
        "schemaVersion": 2,
        "mediaType": MEDIA_INDEX,
        "manifests": [{"mediaType": MEDIA_MANIFEST, "digest": manifest.digest, "size": manifest.size,
                       "annotations": {"org.opencontainers.image.ref.name": tag.rsplit(":", 1)[1]}}
                      for tag in args.tag],
    }))
    write_docker_archive(args.docker_archive, config, layers, args.tag, args.epoch)
    print(f"image ID {config.digest}")
    print(f"manifest {manifest.digest}")
    for layer, name in zip(layers, ("base", "deckhand")):
        print(f"layer {name}: {layer.digest} {layer.size / 2**20:.1f} MiB")


if __name__ == "__main__":
    main()
