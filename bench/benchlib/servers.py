"""The two servers, as the conformance harness starts them, plus a variant of each that is
started with many accounts declared in SYNC_USERn.

Many accounts: `user add` starts a JVM per account (about 2 s) and plain SYNC_USERn passwords make
Deckhand hash each one at start-up (about 250 ms of CPU each), both far too slow for 1,000
accounts. So both servers get the same PBKDF2-SHA256 hashes in PHC form with PASSWORDS_HASHED=1,
the format both read. The hashes are computed here once per (count, iterations) and cached in
bench/cache/; signing in then costs both servers the same algorithm with the same iterations.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import random
from pathlib import Path

from harness.servers import Account, DeckhandServer, ReferenceServer, ServerUnderTest

from .env import CACHE_DIR

TARGETS = ("deckhand", "reference")
LABEL = {"deckhand": "Deckhand", "reference": "official"}


def make_server(target: str, workdir: Path, accounts_needed: int) -> ServerUnderTest:
    """A not-yet-started server whose `new_account()` hands out accounts the way its users make
    them: `user add` for Deckhand, a pool declared at start-up for the official server."""
    if target == "reference":
        return ReferenceServer(workdir, "reference", pool_size=max(1, accounts_needed))
    return DeckhandServer(workdir, "deckhand")


# --- many accounts -------------------------------------------------------------------------------

def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode().rstrip("=")


def hashed_accounts(count: int, iterations: int, log) -> list[tuple[str, str, str]]:
    """(user, password, PHC hash) for `count` accounts, computed once and cached."""
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    path = CACHE_DIR / f"accounts-n{count}-pbkdf2sha256-i{iterations}.json"
    if path.is_file():
        return [tuple(x) for x in json.loads(path.read_text())]
    log(f"hashing {count} benchmark passwords (PBKDF2-SHA256, {iterations} iterations; once, "
        f"cached in {path.name})")
    rng = random.Random(f"accounts-{count}")
    out = []
    for i in range(count):
        user = f"many{i:05d}"
        password = "".join(rng.choice("abcdefghijkmnpqrstuvwxyz23456789") for _ in range(16))
        salt = rng.randbytes(16)
        digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, iterations, 32)
        out.append((user, password, f"$pbkdf2-sha256$i={iterations},l=32${_b64(salt)}${_b64(digest)}"))
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(out))
    os.replace(tmp, path)
    return out


def _declared(accounts: list[tuple[str, str, str]]) -> dict[str, str]:
    env = {f"SYNC_USER{i}": f"{user}:{phc}" for i, (user, _pw, phc) in enumerate(accounts, 1)}
    env["PASSWORDS_HASHED"] = "1"
    return env


class _DeclaredReferenceServer(ReferenceServer):
    """The official server with a fixed list of hashed accounts instead of the harness's pool."""

    def __init__(self, workdir: Path, declared: dict[str, str]):
        super().__init__(workdir, "reference", pool_size=0)
        self.declared = declared

    def environment(self) -> dict[str, str]:
        env = super().environment()
        env.update(self.declared)
        return env


def server_with_accounts(target: str, workdir: Path, accounts: list[tuple[str, str, str]],
                         devices: int, name: str = "deckhand",
                         settings: dict[str, str] | None = None) -> ServerUnderTest:
    """`devices`: how many client devices will connect at once. Every benchmark client comes from
    127.0.0.1, so Deckhand's per-address limits (256 connections, 32 requests at once by default,
    meant for one household or school behind one address) would count all of them as one
    client; they are raised above what the case can open. The official server has no such limits.
    `name` and `settings` (more environment, e.g. PostgreSQL and S3) are Deckhand's only."""
    declared = _declared(accounts)
    if target == "reference":
        return _DeclaredReferenceServer(workdir, declared)
    per_address = {"DECKHAND_CONNECTIONS_PER_ADDRESS": str(4 * devices + 64),
                   "DECKHAND_CONCURRENT_REQUESTS_PER_ADDRESS": str(2 * devices + 32)}
    return DeckhandServer(workdir, name, settings={**declared, **per_address, **(settings or {})})


def as_account(entry: tuple[str, str, str]) -> Account:
    return Account(entry[0], entry[1])
