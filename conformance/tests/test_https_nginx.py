"""Deckhand behind nginx over HTTPS, with the site rendered from deploy/nginx/deckhand.conf.in.

Debian's nginx runs with its own prefix folder on free loopback ports, in front of Deckhand's jar;
its certificate comes from a throw-away CA that the system store trusts while this module runs (the
official client trusts nothing else). Each proxy test runs twice: Deckhand at the root of the site
and under /anki/.
"""

from __future__ import annotations

import http.client
import os
import socket
import ssl
import subprocess
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

import pytest
from anki.sync import SyncOutput

from harness.content import add_basic_note
from harness.devices import assert_same_state
from harness.nginx import RENDER_SITE, Nginx, RecordingUpstream, missing_requirement, render_site
from harness.servers import HOST, DeckhandServer, free_port
from harness.tls import TestCA

_cannot_run = missing_requirement()
pytestmark = [pytest.mark.deployment, pytest.mark.skipif(_cannot_run is not None, reason=str(_cannot_run))]

SERVER_NAME = "localhost"
# A phone as nginx sees it: another loopback address than nginx's own, which Deckhand trusts.
PHONE_ADDRESS = "127.0.0.2"
PREFIXES = {"root": "/", "sub-path": "/anki/"}
MIB = 1024 * 1024
WAIT_SECS = 10.0


@dataclass(frozen=True)
class Proxy:
    prefix: str
    nginx: Nginx
    https_port: int
    http_port: int
    webroot: Path

    @property
    def endpoint(self) -> str:
        # What a user types into Anki: the trailing slash matters under a sub-path, as the client
        # resolves "sync/meta" against this URL and would otherwise drop the last path segment.
        return f"https://{HOST}:{self.https_port}{self.prefix}"


@pytest.fixture(scope="module")
def site_certificate(tmp_path_factory):
    """(CA certificate, chain, key) for 127.0.0.1 and localhost; the CA is trusted while the module runs."""
    ca = TestCA(tmp_path_factory.mktemp("site-ca"))
    chain, key = ca.issue("site", [SERVER_NAME], [HOST])
    with ca.trusted():
        yield ca.cert, chain, key


def start_proxy(folder: Path, prefix: str, upstream_port: int, chain: Path, key: Path) -> Proxy:
    folder.mkdir(parents=True, exist_ok=True)
    https_port, http_port = free_port(), free_port()
    webroot = folder / "acme"
    site = render_site(folder / "deckhand.conf", server_name=SERVER_NAME, deckhand=f"{HOST}:{upstream_port}",
                       path_prefix=prefix, certificate=chain, certificate_key=key, acme_webroot=webroot,
                       listen=HOST, http_port=http_port, https_port=https_port)
    nginx = Nginx(folder / "nginx", site)
    nginx.start(https_port)
    return Proxy(prefix, nginx, https_port, http_port, webroot)


@pytest.fixture(scope="module", params=list(PREFIXES.values()), ids=list(PREFIXES))
def proxy(request, tmp_path_factory, deckhand, site_certificate):
    _, chain, key = site_certificate
    started = start_proxy(tmp_path_factory.mktemp("proxy"), request.param, deckhand.port, chain, key)
    yield started
    started.nginx.stop()


def https_connection(proxy: Proxy, ca_file: Path) -> http.client.HTTPSConnection:
    context = ssl.create_default_context(cafile=str(ca_file))
    return http.client.HTTPSConnection(HOST, proxy.https_port, context=context, timeout=WAIT_SECS)


# --- the configuration itself ------------------------------------------------------------------

@pytest.mark.parametrize("prefix", list(PREFIXES.values()), ids=list(PREFIXES))
def test_rendered_site_passes_nginx_t_inside_debians_nginx_conf(prefix, tmp_path, site_certificate):
    _, chain, key = site_certificate
    # render-site's defaults, as on a server: ports 80 and 443 on every address (nginx -t binds nothing).
    site = render_site(tmp_path / "deckhand.conf", server_name="anki.example.org", path_prefix=prefix,
                       certificate=chain, certificate_key=key)
    checked = Nginx(tmp_path / "nginx", site).test_config()
    assert checked.returncode == 0, checked.stderr
    assert "test is successful" in checked.stderr
    assert "[warn]" not in checked.stderr, checked.stderr


@pytest.mark.parametrize("option, value, complaint", [
    ("--server-name", "anki.example.org; return 200", "not a host name"),
    ("--path-prefix", "/anki", "starts and ends with '/'"),
    ("--deckhand", "127.0.0.1", "HOST:PORT"),
    ("--certificate", "/etc/ssl/my cert.pem", "absolute path without spaces"),
    ("--https-port", "70000", "port from 1 to 65535"),
])
def test_render_site_refuses_values_that_would_change_the_configuration(option, value, complaint, tmp_path):
    output = tmp_path / "deckhand.conf"
    res = subprocess.run([str(RENDER_SITE), "--server-name", "anki.example.org", option, value, "--output", str(output)],
                         capture_output=True, text=True, timeout=WAIT_SECS)
    assert res.returncode != 0
    assert complaint in res.stderr
    assert not output.exists()


# --- the official client through nginx ---------------------------------------------------------

def test_official_client_syncs_a_large_collection_and_media_through_nginx(proxy, deckhand, large_collection,
                                                                          make_device):
    log_start = len(proxy.nginx.access_lines())
    account = deckhand.new_account()
    a = make_device("A", copy_of=large_collection)
    b = make_device("B")
    photo = os.urandom(512 * 1024)
    photo_name = a.col.media.write_data("photo.jpg", photo)
    add_basic_note(a.col, "with a photo", f'<img src="{photo_name}">')
    a.login(account, proxy.endpoint)
    b.login(account, proxy.endpoint)

    assert a.sync(media=True) == SyncOutput.FULL_UPLOAD
    assert b.sync(media=True) == SyncOutput.FULL_DOWNLOAD
    assert_same_state(a.snapshot(), b.snapshot())
    assert Path(b.col.media.dir(), photo_name).read_bytes() == photo

    # Media alone, the other way.
    sound = os.urandom(64 * 1024)
    sound_name = b.col.media.write_data("sound.mp3", sound)
    b.sync_media()
    a.sync_media()
    assert Path(a.col.media.dir(), sound_name).read_bytes() == sound

    requests = proxy.nginx.access_lines()[log_start:]
    uploads = [line for line in requests if f'"POST {proxy.prefix}sync/upload ' in line]
    assert len(uploads) == 1, requests
    request_bytes = int(uploads[0].split('" ')[1].split()[1])
    assert request_bytes > 100 * MIB, f"the full upload through nginx was only {request_bytes} bytes"
    assert any(f'"POST {proxy.prefix}sync/download ' in line for line in requests), requests
    assert any(f'"POST {proxy.prefix}msync/uploadChanges ' in line for line in requests), requests
    assert any(f'"POST {proxy.prefix}msync/downloadFiles ' in line for line in requests), requests
    assert all('" 200 ' in line for line in requests), requests


# --- what nginx does around Deckhand -----------------------------------------------------------

def tls_handshake(port: int, ca_file: Path, version: ssl.TLSVersion, ciphers: str | None = None) -> ssl.SSLSocket:
    context = ssl.create_default_context(cafile=str(ca_file))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # TLS 1.0 and 1.1 are, and that is the point
        context.minimum_version = context.maximum_version = version
    if ciphers:
        context.set_ciphers(ciphers)
    context.set_alpn_protocols(["h2", "http/1.1"])
    raw = socket.create_connection((HOST, port), timeout=WAIT_SECS)
    try:
        return context.wrap_socket(raw, server_hostname=SERVER_NAME)
    except BaseException:
        raw.close()
        raise


@pytest.mark.parametrize("proxy", ["/"], indirect=True, ids=["root"])
def test_https_offers_http2_and_only_tls_1_2_and_1_3_with_forward_secret_ciphers(proxy, site_certificate):
    ca_file = site_certificate[0]
    with tls_handshake(proxy.https_port, ca_file, ssl.TLSVersion.TLSv1_3) as tls:
        assert tls.version() == "TLSv1.3"
        assert tls.selected_alpn_protocol() == "h2"
    with tls_handshake(proxy.https_port, ca_file, ssl.TLSVersion.TLSv1_2) as tls:
        name, _, _ = tls.cipher()
        assert name.startswith("ECDHE-") and ("GCM" in name or "CHACHA20" in name), name
    # The client below can speak these (SECLEVEL=0): the alert is nginx refusing, not the client.
    for old in (ssl.TLSVersion.TLSv1, ssl.TLSVersion.TLSv1_1):
        with pytest.raises(ssl.SSLError, match="TLSV1_ALERT_PROTOCOL_VERSION"):
            tls_handshake(proxy.https_port, ca_file, old, "DEFAULT:@SECLEVEL=0").close()
    with pytest.raises(ssl.SSLError, match="HANDSHAKE_FAILURE"):  # RSA key exchange: no forward secrecy
        tls_handshake(proxy.https_port, ca_file, ssl.TLSVersion.TLSv1_2, "AES128-GCM-SHA256:@SECLEVEL=0").close()


def test_responses_carry_security_headers_and_other_paths_are_not_deckhands(proxy, site_certificate):
    conn = https_connection(proxy, site_certificate[0])
    try:
        conn.request("GET", f"{proxy.prefix}health")
        resp = conn.getresponse()
        assert (resp.status, resp.read()) == (200, b"ok\n")
        assert resp.getheader("Strict-Transport-Security") == "max-age=63072000"
        assert resp.getheader("X-Content-Type-Options") == "nosniff"
        assert resp.getheader("X-Frame-Options") == "DENY"
        assert resp.getheader("Referrer-Policy") == "no-referrer"
        assert resp.getheader("Server") == "nginx"  # server_tokens off: no version
        if proxy.prefix != "/":
            conn.request("GET", proxy.prefix.rstrip("/"))
            resp = conn.getresponse()
            resp.read()
            assert resp.status == 301
            assert resp.getheader("Location").endswith(proxy.prefix)
            conn.request("GET", "/health")
            resp = conn.getresponse()
            resp.read()
            assert resp.status == 404
    finally:
        conn.close()


@pytest.mark.parametrize("proxy", ["/"], indirect=True, ids=["root"])
def test_port_80_answers_acme_challenges_and_redirects_everything_else(proxy):
    token = "k3pXN0PbvR6sAl3u0xWQdDk7BPKfDh7W"
    challenge = proxy.webroot / ".well-known" / "acme-challenge" / token
    challenge.parent.mkdir(parents=True, exist_ok=True)
    challenge.write_text(f"{token}.account-thumbprint")
    conn = http.client.HTTPConnection(HOST, proxy.http_port, timeout=WAIT_SECS)
    try:
        conn.request("GET", f"/.well-known/acme-challenge/{token}", headers={"Host": SERVER_NAME})
        resp = conn.getresponse()
        assert (resp.status, resp.read()) == (200, f"{token}.account-thumbprint".encode())
        conn.request("POST", "/sync/hostKey?x=1", body=b"{}", headers={"Host": SERVER_NAME})
        resp = conn.getresponse()
        resp.read()
        assert resp.status == 301
        assert resp.getheader("Location") == f"https://{SERVER_NAME}:{proxy.https_port}/sync/hostKey?x=1"
    finally:
        conn.close()


@pytest.mark.parametrize("prefix", list(PREFIXES.values()), ids=list(PREFIXES))
def test_nginx_forwards_the_client_address_and_streams_both_ways(prefix, tmp_path, site_certificate):
    """A recording server stands in for Deckhand, to see what nginx sends it and when."""
    ca_file, chain, key = site_certificate
    half = 256 * 1024
    with RecordingUpstream() as upstream:
        proxy = start_proxy(tmp_path, prefix, upstream.port, chain, key)
        try:
            conn = https_connection(proxy, ca_file)

            def body():
                yield b"a" * half
                # Unbuffered: Deckhand gets the start of an upload while the client still sends.
                assert upstream.wait_for_body_bytes(half, WAIT_SECS), \
                    "nginx held the request body back until the client had sent all of it"
                yield b"b" * half

            conn.request("POST", f"{prefix}sync/upload", body=body(), headers={
                "Host": f"{SERVER_NAME}:{proxy.https_port}", "Content-Length": str(2 * half),
                "X-Forwarded-For": "203.0.113.7"})
            resp = conn.getresponse()
            assert (resp.status, resp.read()) == (200, b"ok\n")

            conn.request("POST", f"{prefix}sync/download", body=b"{}")
            resp = conn.getresponse()
            assert resp.status == 200
            # Unbuffered: while the client reads nothing, nginx takes no more from Deckhand than its
            # socket buffers hold, instead of spooling the whole download to memory and disk.
            taken = upstream.wait_until_download_stalls(quiet_secs=0.5, timeout=WAIT_SECS)
            assert taken < RecordingUpstream.DOWNLOAD_BYTES // 2, \
                f"nginx took {taken} bytes of the download from Deckhand before the client read any"
            assert len(resp.read()) == RecordingUpstream.DOWNLOAD_BYTES
            conn.close()
        finally:
            proxy.nginx.stop()

    upload, download = upstream.requests
    assert upload.line == "POST /sync/upload HTTP/1.1"  # prefix stripped, HTTP/1.1 to Deckhand
    assert upload.body_bytes == 2 * half
    assert upload.headers["x-forwarded-for"] == f"203.0.113.7, {HOST}"
    assert upload.headers["x-real-ip"] == HOST
    assert upload.headers["x-forwarded-proto"] == "https"
    assert upload.headers["x-forwarded-host"] == SERVER_NAME
    assert upload.headers["x-forwarded-port"] == str(proxy.https_port)
    assert upload.headers["host"] == SERVER_NAME
    assert "connection" not in upload.headers  # nginx's default "close" would end keepalive
    assert download.line == "POST /sync/download HTTP/1.1"
    assert upstream.connections == 1, "the second request did not reuse the kept-alive connection"


@pytest.mark.parametrize("header", ["X-Forwarded-For", "X-Real-IP"])
def test_deckhand_trusting_nginx_sees_the_phones_address_not_a_claimed_one(header, tmp_path, site_certificate):
    """The set-up docs/deployment.md gives: DECKHAND_TRUSTED_PROXIES=127.0.0.1, nginx on the same machine."""
    ca_file, chain, key = site_certificate
    deckhand = DeckhandServer(tmp_path / "deckhand", f"deckhand-reading-{header}", settings={
        "DECKHAND_TRUSTED_PROXIES": HOST, "DECKHAND_CLIENT_IP_HEADER": header})
    deckhand.start()
    try:
        proxy = start_proxy(tmp_path / "proxy", "/", deckhand.port, chain, key)
        try:
            context = ssl.create_default_context(cafile=str(ca_file))
            conn = http.client.HTTPSConnection(HOST, proxy.https_port, context=context, timeout=WAIT_SECS,
                                               source_address=(PHONE_ADDRESS, 0))
            conn.request("GET", "/health", headers={"X-Forwarded-For": "198.51.100.9"})
            resp = conn.getresponse()
            assert (resp.status, resp.read()) == (200, b"ok\n")
            conn.close()
        finally:
            proxy.nginx.stop()
    finally:
        deckhand.stop()
    logged = [line for line in deckhand.log_path.read_text().splitlines() if " GET /health " in line]
    assert any(f" {PHONE_ADDRESS} GET /health 200 " in line for line in logged), logged
    assert not any("198.51.100.9" in line for line in logged), logged
