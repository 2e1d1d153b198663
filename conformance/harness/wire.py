"""Raw sync-protocol HTTP helpers and a man-in-the-middle proxy that corrupts full uploads.

Why a proxy: the official client cannot be made to upload a corrupt collection. Its full upload
first runs ``before_upload`` (a write transaction touching every note and card, then
``vacuum; reindex; analyze``) on the local file, so a locally corrupted file fails on the client
with ``anki.errors.DBError: ... database disk image is malformed`` and nothing is sent; and a
corruption that survived that would be rewritten by the vacuum. So the real client uploads an
intact collection through this proxy, which corrupts the bytes in flight; the server's answer goes
back to the real client unchanged, so the test still sees exactly what the client does with it.

Wire format (sync version 11): POST <endpoint>sync/<method>, header
``anki-sync: {"v":11,"k":<hkey>,"c":<client version>,"s":<session>}``, zstd-compressed bodies in
both directions, responses carry ``anki-original-size``.
"""

from __future__ import annotations

import http.client
import json
import os
import sqlite3
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import zstandard

from . import secret_scan

CLIENT_VERSION = "26.09.3,conformance,linux"


def zstd_compress(data: bytes) -> bytes:
    return zstandard.ZstdCompressor().compress(data)


def zstd_decompress(data: bytes) -> bytes:
    # Streaming frames (as the client and server write them) carry no content size.
    if not data:
        return b""
    return zstandard.ZstdDecompressor().decompressobj().decompress(data)


def sync_header(hkey: str, session: str = "conformance") -> str:
    secret_scan.remember("host key", hkey)
    secret_scan.remember("session key", session)
    return json.dumps({"v": 11, "k": hkey, "c": CLIENT_VERSION, "s": session})


def post_sync(endpoint: str, method: str, hkey: str, body: bytes,
              timeout: float = 60, session: str = "conformance", source_address: str | None = None,
              headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    """POST one v11 sync request; returns (status, headers, decompressed body).

    ``source_address`` picks the loopback address the request comes from (e.g. 127.0.0.2), to play
    a second client machine; ``headers`` adds request headers such as X-Forwarded-For.
    """
    url = urlsplit(endpoint)
    source = (source_address, 0) if source_address else None
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=timeout, source_address=source)
    try:
        path = (url.path or "/") + "sync/" + method
        conn.request("POST", path, body=zstd_compress(body), headers={
            "anki-sync": sync_header(hkey, session),
            "content-type": "application/octet-stream",
            **(headers or {}),
        })
        resp = conn.getresponse()
        raw = resp.read()
        response_headers = {k.lower(): v for k, v in resp.getheaders()}
    finally:
        conn.close()
    data = raw
    if "anki-original-size" in response_headers:
        data = zstd_decompress(raw)
    if method == "hostKey" and resp.status == 200 and data.startswith(b"{"):
        secret_scan.remember("host key", json.loads(data).get("key"))
    return resp.status, response_headers, data


class RawSyncSession:
    """A hand-driven v11 collection sync with a fixed session key ``s``: what one more client
    process would send, one call at a time, so a test can stop half-way or interleave sessions.

    ``call`` returns (HTTP status, decompressed body); ``json`` also asserts 200 and parses.
    Argument-less calls send ``{}`` (the real client sends ``{"_pad":null}``; both parse).
    """

    META_CV = "anki,26.9.3 (conformance),linux"

    def __init__(self, endpoint: str, hkey: str, session: str, timeout: float = 30):
        self.endpoint, self.hkey, self.session, self.timeout = endpoint, hkey, session, timeout

    def call(self, method: str, payload=None) -> tuple[int, bytes]:
        body = json.dumps({} if payload is None else payload).encode()
        status, _headers, data = post_sync(self.endpoint, method, self.hkey, body,
                                           timeout=self.timeout, session=self.session)
        return status, data

    def json(self, method: str, payload=None):
        status, data = self.call(method, payload)
        if status != 200:
            raise AssertionError(f"session {self.session!r}: {method} answered HTTP {status}: "
                                 f"{data[:200]!r}")
        return json.loads(data)

    def meta(self) -> dict:
        return self.json("meta", {"v": 11, "cv": self.META_CV})


# --- corrupting collections --------------------------------------------------------------------

def _unicase(a: str, b: str) -> int:
    a, b = a.casefold(), b.casefold()
    return (a > b) - (a < b)


def sqlite_integrity_ok(data: bytes) -> bool:
    """What the server is expected to check: does `PRAGMA integrity_check` pass on these bytes?"""
    fd, path = tempfile.mkstemp(suffix=".anki2")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        conn = sqlite3.connect(path)
        try:
            conn.create_collation("unicase", _unicase)  # Anki's collation, needed by its indexes
            rows = conn.execute("pragma integrity_check").fetchall()
            return rows == [("ok",)]
        except sqlite3.DatabaseError:
            return False
        finally:
            conn.close()
    finally:
        os.unlink(path)


def corrupt_sqlite(data: bytes) -> bytes:
    """Overwrite pages in the middle of an SQLite file so integrity_check fails; the header and
    first page stay intact, so it still looks like an SQLite database."""
    if data[:16] != b"SQLite format 3\x00":
        raise ValueError("not an SQLite file")
    page_size = int.from_bytes(data[16:18], "big")
    if page_size == 1:
        page_size = 65536
    pages = len(data) // page_size
    if pages < 4:
        raise ValueError(f"file too small to corrupt meaningfully ({pages} pages)")
    out = bytearray(data)
    for page in range(max(1, pages // 2 - 1), min(pages, pages // 2 + 2)):
        start = page * page_size
        out[start:start + page_size] = b"\xa5" * page_size
    return bytes(out)


# --- proxy -------------------------------------------------------------------------------------

class CorruptingProxy:
    """Forwards everything to ``upstream``; the body of each ``sync/upload`` is corrupted.

    Records, per upload, whether the data sent upstream failed the integrity check, and the
    server's decompressed answer (``upload_answers``).
    """

    def __init__(self, upstream: str):
        self.upstream = urlsplit(upstream)
        self.upload_answers: list[tuple[int, bytes]] = []
        self.sent_integrity_ok: list[bool] = []
        self.errors: list[str] = []
        # (method, path, request headers) of every request seen, for debugging failures
        self.requests: list[tuple[str, str, dict[str, str]]] = []
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, fmt, *args):  # keep pytest output quiet
                pass

            def _read_body(self) -> bytes:
                if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
                    parts = []
                    while True:
                        size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                        if size == 0:
                            while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                                pass
                            break
                        parts.append(self.rfile.read(size))
                        self.rfile.readline()
                    return b"".join(parts)
                return self.rfile.read(int(self.headers.get("Content-Length") or 0))

            def _forward(self, method: str) -> None:
                try:
                    proxy.requests.append((method, self.path, dict(self.headers.items())))
                    body = self._read_body() if method == "POST" else None
                    is_upload = self.path.rstrip("/").endswith("sync/upload")
                    if is_upload and body is not None:
                        plain = zstd_decompress(body)
                        bad = corrupt_sqlite(plain)
                        proxy.sent_integrity_ok.append(sqlite_integrity_ok(bad))
                        body = zstd_compress(bad)
                    headers = {
                        k: v for k, v in self.headers.items()
                        if k.lower() not in ("host", "content-length", "transfer-encoding",
                                             "connection", "keep-alive")
                    }
                    conn = http.client.HTTPConnection(
                        proxy.upstream.hostname, proxy.upstream.port, timeout=60)
                    try:
                        conn.request(method, self.path, body=body, headers=headers)
                        resp = conn.getresponse()
                        data = resp.read()
                        resp_headers = resp.getheaders()
                        status, reason = resp.status, resp.reason
                    finally:
                        conn.close()
                    if is_upload:
                        answer = data
                        if any(k.lower() == "anki-original-size" for k, _ in resp_headers):
                            answer = zstd_decompress(data)
                        proxy.upload_answers.append((status, answer))
                    self.send_response(status, reason)
                    for k, v in resp_headers:
                        if k.lower() not in ("content-length", "transfer-encoding", "connection",
                                             "keep-alive", "date", "server"):
                            self.send_header(k, v)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except Exception as e:  # surface proxy bugs in the test, not as a hang
                    proxy.errors.append(repr(e))
                    self.send_error(502, "conformance proxy error")

            def do_POST(self):
                self._forward("POST")

            def do_GET(self):
                self._forward("GET")

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}{self.upstream.path or '/'}"

    def __enter__(self) -> "CorruptingProxy":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(10)
