"""Certificates for the nginx site from deploy/certbot/deckhand-certs, as the official client sees them.

* Self-signed mode: a local CA and a server certificate it signs, which the client accepts once the
  CA is trusted; running it again keeps the CA, so devices that trust it need nothing new.
* Let's Encrypt's protocol against pebble, its test server: certbot in webroot mode gets a
  certificate through the site's port-80 ACME location, nginx serves it, and a forced renewal,
  whose saved deploy hook reloads nginx, swaps it while a full upload is going through nginx.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import threading
import time
from pathlib import Path
from typing import Callable

import pytest
from anki.sync import SyncOutput

from harness.acme import MockDns, Pebble, hosts_entry
from harness.content import build_rich_collection
from harness.devices import assert_same_state
from harness.nginx import Nginx, missing_requirement, render_site
from harness.servers import HOST, REPO_ROOT, free_port
from harness.slow_link import SlowLink
from harness.tls import TestCA, name_of, served_certificate, system_trust

_cannot_run = missing_requirement()
pytestmark = [pytest.mark.deployment, pytest.mark.skipif(_cannot_run is not None, reason=str(_cannot_run))]

DECKHAND_CERTS = REPO_ROOT / "deploy" / "certbot" / "deckhand-certs"
# .test is reserved for testing (RFC 2606): no real host has this name.
ACME_NAME = "anki.deckhand.test"
COMMAND_TIMEOUT_SECS = 90
WAIT_SECS = 15.0
MIB = 1024 * 1024
# Slow enough that the 150 MiB upload is still going when the renewal is done (about 5 s).
SLOW_UPLOAD_BYTES_PER_SEC = 4 * MIB


def deckhand_certs(*args: str | Path, env: dict[str, str] | None = None) -> str:
    res = subprocess.run([str(DECKHAND_CERTS), *map(str, args)], env=env, capture_output=True, text=True,
                         timeout=COMMAND_TIMEOUT_SECS)
    assert res.returncode == 0, f"deckhand-certs {args[0]} failed ({res.returncode}):\n{res.stdout}\n{res.stderr}"
    return res.stdout + res.stderr


def require_tools(*tools: str) -> None:
    missing = [tool for tool in tools if shutil.which(tool) is None]
    assert not missing, f"{', '.join(missing)} not installed: scripts/install-test-deps.sh installs them"


def start_nginx(folder: Path, server_name: str, upstream_port: int, tls_dir: Path, http_port: int,
                https_port: int) -> Nginx:
    site = render_site(folder / "deckhand.conf", server_name=server_name, deckhand=f"{HOST}:{upstream_port}",
                       certificate=tls_dir / "fullchain.pem", certificate_key=tls_dir / "privkey.pem",
                       acme_webroot=folder / "acme", listen=HOST, http_port=http_port, https_port=https_port)
    nginx = Nginx(folder / "nginx", site)
    nginx.start(https_port)
    return nginx


def wait_for(what: str, probe: Callable[[], object], timeout: float = WAIT_SECS):
    """probe()'s first truthy result; probe may raise while the condition does not hold yet."""
    deadline = time.monotonic() + timeout
    last: object = None
    while time.monotonic() < deadline:
        try:
            result = probe()
            if result:
                return result
            last = result
        except Exception as e:  # e.g. a handshake with the previous certificate
            last = e
        time.sleep(0.1)
    raise AssertionError(f"{what}: not within {timeout:.0f}s (last: {last!r})")


def new_certificate_served(port: int, name: str, ca_file: Path, previous_serial: str) -> dict | None:
    served = served_certificate(HOST, port, name, ca_file)
    return served if served["serialNumber"] != previous_serial else None


def test_self_signed_mode_gives_a_certificate_the_official_client_accepts(deckhand, tmp_path, make_device):
    require_tools("openssl")
    tls_dir = tmp_path / "tls"
    deckhand_certs("self-signed", "--name", "localhost", "--ip", HOST, "--tls-dir", tls_dir)
    local_ca = tls_dir / "local-ca" / "ca.crt"
    https_port = free_port()
    nginx = start_nginx(tmp_path, "localhost", deckhand.port, tls_dir, free_port(), https_port)
    try:
        first = served_certificate(HOST, https_port, HOST, local_ca)  # chains to the local CA, names the IP
        assert ("IP Address", HOST) in first["subjectAltName"]
        assert ("DNS", "localhost") in first["subjectAltName"]

        with system_trust(local_ca, f"deckhand-local-ca-{secrets.token_hex(4)}"):
            account = deckhand.new_account()
            a, b = make_device("A"), make_device("B")
            build_rich_collection(a.col)
            endpoint = f"https://{HOST}:{https_port}/"
            a.login(account, endpoint)
            b.login(account, endpoint)
            assert a.sync() == SyncOutput.FULL_UPLOAD
            assert b.sync() == SyncOutput.FULL_DOWNLOAD
            assert_same_state(a.snapshot(), b.snapshot())

        # A new server certificate (another address, say) keeps the CA devices already trust.
        ca_before = local_ca.read_bytes()
        deckhand_certs("self-signed", "--name", "localhost", "--ip", HOST, "--ip", "::1", "--tls-dir", tls_dir,
                       "--reload-command", nginx.reload_command)
        assert local_ca.read_bytes() == ca_before
        second = wait_for("the new certificate served", lambda: new_certificate_served(
            https_port, HOST, local_ca, first["serialNumber"]))
        assert ("IP Address", "0:0:0:0:0:0:0:1") in second["subjectAltName"]
    finally:
        nginx.stop()


def test_certificate_from_pebble_is_served_and_renewed_during_a_full_upload(deckhand, large_collection,
                                                                          tmp_path, make_device):
    require_tools("certbot", "pebble", "pebble-challtestsrv", "openssl")
    http_port, https_port = free_port(), free_port()
    tls_dir, certbot_dir, webroot = tmp_path / "tls", tmp_path / "certbot", tmp_path / "acme"
    pebble_ca = TestCA(tmp_path / "pebble-https")
    # certbot trusts pebble's own HTTPS through this; the system store never sees that CA.
    certbot_env = dict(os.environ, REQUESTS_CA_BUNDLE=str(pebble_ca.cert))
    dns = MockDns(tmp_path / "dns")
    pebble = Pebble(tmp_path / "pebble", http_port, dns, pebble_ca)
    nginx = None
    try:
        dns.start()
        pebble.start()
        # nginx does not start without a certificate: the first one is self-signed.
        deckhand_certs("self-signed", "--name", ACME_NAME, "--tls-dir", tls_dir)
        nginx = start_nginx(tmp_path, ACME_NAME, deckhand.port, tls_dir, http_port, https_port)

        deckhand_certs("obtain", "--name", ACME_NAME, "--no-email", "--server", pebble.directory_url,
                       "--webroot", webroot, "--tls-dir", tls_dir, "--certbot-dir", certbot_dir,
                       "--reload-command", nginx.reload_command, env=certbot_env)
        pebble_root = pebble.root_certificate(tmp_path / "pebble-root.pem")
        # Verified against pebble's root alone, for the ACME name: pebble issued what nginx serves.
        issued = wait_for("pebble's certificate served",
                          lambda: served_certificate(HOST, https_port, ACME_NAME, pebble_root))
        assert name_of(issued["issuer"])["commonName"].startswith("Pebble Intermediate CA")
        assert issued["subjectAltName"] == (("DNS", ACME_NAME),)

        with hosts_entry(ACME_NAME), system_trust(pebble_root, f"pebble-root-{secrets.token_hex(4)}"), \
                SlowLink(https_port, SLOW_UPLOAD_BYTES_PER_SEC) as link:
            account = deckhand.new_account()
            a = make_device("A", copy_of=large_collection)
            a.login(account, f"https://{ACME_NAME}:{link.port}/")
            outcome: dict[str, object] = {}

            def full_upload():
                try:
                    outcome["required"] = a.sync()
                except BaseException as e:  # reported by the main thread
                    outcome["error"] = e

            upload = threading.Thread(target=full_upload, name="full upload")
            upload.start()
            try:
                wait_for("the full upload under way",
                         lambda: link.uploaded > 16 * MIB or not upload.is_alive(), timeout=60)
                assert upload.is_alive(), f"the sync ended before its upload got going: {outcome}"

                # No reload command here: the deploy hook certbot saved at obtain must do it.
                deckhand_certs("renew", "--force", "--certbot-dir", certbot_dir, env=certbot_env)
                renewed = wait_for("the renewed certificate served", lambda: new_certificate_served(
                    https_port, ACME_NAME, pebble_root, issued["serialNumber"]))
                in_flight_at_renewal = upload.is_alive()
                uploaded_at_renewal = link.uploaded
            finally:
                link.set_rate(None)
                upload.join(90)
            assert not upload.is_alive(), "the full upload did not finish within 90 s of the limit being lifted"
            assert in_flight_at_renewal, \
                f"the upload was over before the new certificate was served ({uploaded_at_renewal} bytes sent)"
            assert outcome == {"required": SyncOutput.FULL_UPLOAD}, outcome
            # The server holds what A uploaded: nothing to do on a new sync (over the new certificate).
            assert a.sync() == SyncOutput.NO_CHANGES

        assert name_of(renewed["issuer"])["commonName"].startswith("Pebble Intermediate CA")
        uploads = [line for line in nginx.access_lines() if '"POST /sync/upload ' in line]
        assert len(uploads) == 1 and '" 200 ' in uploads[0], uploads
        assert int(uploads[0].split('" ')[1].split()[1]) > 100 * MIB, uploads
    finally:
        if nginx is not None:
            nginx.stop()
        pebble.stop()
        dns.stop()
