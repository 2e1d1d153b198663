#!/usr/bin/env python3
"""Sets the date of every entry in a JKS keystore to one fixed time and re-seals the keystore.

    keystore_dates.py KEYSTORE EPOCH [PASSWORD]

Debian's ca-certificates-java builds /etc/ssl/certs/java/cacerts (the JRE's trust store) with
Java's keytool, which stamps each entry with the time it was added. That made two base images
built from the same packages differ in this one file; with the dates fixed they are identical.
Only trusted-certificate entries are expected (a trust store holds no keys); the integrity hash
is JKS's: SHA-1 over the password (UTF-16BE), "Mighty Aphrodite" and the entries.
"""

from __future__ import annotations

import hashlib
import struct
import sys
from pathlib import Path

MAGIC = 0xFEEDFEED
TRUSTED_CERT = 2


def _utf(data: bytes, offset: int) -> int:
    (length,) = struct.unpack_from(">H", data, offset)
    return offset + 2 + length


def redate(data: bytes, millis: int, password: str) -> bytes:
    magic, version, count = struct.unpack_from(">III", data, 0)
    if magic != MAGIC or version != 2:
        raise ValueError("not a version 2 JKS keystore")
    out = bytearray(data[:12])
    offset = 12
    for _ in range(count):
        (tag,) = struct.unpack_from(">I", data, offset)
        if tag != TRUSTED_CERT:
            raise ValueError(f"entry type {tag} is not a trusted certificate")
        alias_end = _utf(data, offset + 4)
        out += data[offset:alias_end] + struct.pack(">Q", millis)
        offset = _utf(data, alias_end + 8)  # certificate type, e.g. "X.509"
        (cert_length,) = struct.unpack_from(">I", data, offset)
        offset += 4 + cert_length
        out += data[alias_end + 8:offset]
    expected = hashlib.sha1(password.encode("utf-16-be") + b"Mighty Aphrodite" + data[:offset]).digest()
    if data[offset:] != expected:
        raise ValueError("integrity hash does not match: wrong password or damaged keystore")
    out += hashlib.sha1(password.encode("utf-16-be") + b"Mighty Aphrodite" + bytes(out)).digest()
    return bytes(out)


def main() -> None:
    if len(sys.argv) not in (3, 4):
        raise SystemExit(__doc__.split("\n\n")[1])
    path, epoch = Path(sys.argv[1]), int(sys.argv[2])
    password = sys.argv[3] if len(sys.argv) == 4 else "changeit"  # Debian's, and Java's default
    path.write_bytes(redate(path.read_bytes(), epoch * 1000, password))


if __name__ == "__main__":
    main()
