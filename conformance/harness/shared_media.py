"""The shared-deck media service for a test: Deckhand with PostgreSQL and S3Proxy started beside it
(see backends.py), and a small client of its API that records every call it makes."""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from . import secret_scan
from .backends import shared_media_server
from .servers import DeckhandServer

BUCKET = "shared-media"
HTTP_TIMEOUT_SECS = 30.0


@dataclass
class Call:
    what: str
    status: int  # 0: no HTTP answer (the client could not connect)
    seconds: float
    at: float
    error: str = ""


@dataclass
class Api:
    base: str
    token: str = ""
    calls: list[Call] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def request(self, what: str, method: str, url: str, body: bytes | None = None,
                headers: dict[str, str] | None = None) -> tuple[int, bytes]:
        started = time.monotonic()
        req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
        try:
            with urllib.request.urlopen(req, timeout=HTTP_TIMEOUT_SECS) as resp:
                status, data = resp.status, resp.read()
        except urllib.error.HTTPError as e:
            status, data = e.code, e.read()
        except (urllib.error.URLError, OSError) as e:
            status, data = 0, repr(e).encode()
        with self.lock:
            self.calls.append(Call(what, status, time.monotonic() - started, started, data.decode(errors="replace")[:200] if status == 0 else ""))
        return status, data

    def json(self, what: str, method: str, path: str, payload=None) -> tuple[int, object]:
        headers = {"content-type": "application/json"}
        if self.token:
            headers["authorization"] = f"Bearer {self.token}"
        body = None if payload is None else json.dumps(payload).encode()
        status, data = self.request(what, method, self.base + path, body, headers)
        try:
            return status, json.loads(data) if data else None
        except ValueError:
            return status, data.decode(errors="replace")



# High enough that a test's own burst of calls is never what the rate limits answer.
GENEROUS_API_RATES = {
    "DECKHAND_API_RATE_PER_USER": "1000", "DECKHAND_API_BURST_PER_USER": "10000",
    "DECKHAND_API_RATE_PER_ADDRESS": "1000", "DECKHAND_API_BURST_PER_ADDRESS": "10000",
}


@contextmanager
def running(tmp_path: Path, settings: dict[str, str] | None = None):
    """Yields (Deckhand, PostgreSQL, S3Proxy) with the shared-media API on and generous API rates;
    skips without PostgreSQL or S3Proxy."""
    with shared_media_server(tmp_path, "shared-media", BUCKET, {**GENEROUS_API_RATES, **(settings or {})}) as started:
        yield started


def signed_in(server: DeckhandServer, deck: str, title: str) -> Api:
    """A new account signed in to the API, maintaining a new deck ``deck``."""
    account = server.new_account()
    api = Api(server.endpoint.rstrip("/"))
    status, answer = api.json("login", "POST", "/api/v1/login", {"username": account.user, "password": account.password})
    assert status == 200, answer
    api.token = answer["token"]
    secret_scan.remember("bearer token", api.token)
    status, answer = api.json("deck", "POST", "/api/v1/decks", {"id": deck, "title": title})
    assert status == 201, answer
    return api
