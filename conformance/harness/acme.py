"""Let's Encrypt's test server on loopback: pebble, with pebble-challtestsrv as its DNS.

* ``MockDns`` - pebble-challtestsrv answering every A query with 127.0.0.1 and no AAAA, so pebble's
  HTTP-01 check of any test name comes back to this machine. Its challenge servers are switched off:
  nginx answers the challenges, from the webroot certbot writes to.
* ``Pebble`` - the ACME server. Its HTTP-01 check connects to ``http_port`` (nginx's port-80 server,
  here on a free port), with pebble's random validation delays and nonce rejections off. Its own
  HTTPS certificate comes from a ``TestCA``; certbot trusts that CA through ``REQUESTS_CA_BUNDLE``.
  It makes a fresh root and intermediate at every start; ``root_certificate()`` fetches the root
  from the management port, for a client to trust what pebble issues.
* ``hosts_entry`` - makes the test name resolve to 127.0.0.1 for the client while a test runs.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import ssl
import urllib.request
from pathlib import Path

from harness.directories import _Process
from harness.servers import HOST, free_port
from harness.tls import TestCA

FETCH_TIMEOUT_SECS = 10


class MockDns(_Process):
    def __init__(self, workdir: Path):
        super().__init__(workdir, "pebble-challtestsrv")  # self.port: its management port
        self.dns_port = free_port()

    def start(self) -> None:
        self._spawn(["pebble-challtestsrv",
                     "-dns01", f"{HOST}:{self.dns_port}", "-management", f"{HOST}:{self.port}",
                     "-http01", "", "-https01", "", "-tlsalpn01", "",
                     "-defaultIPv4", HOST, "-defaultIPv6", ""])

    @property
    def address(self) -> str:
        return f"{HOST}:{self.dns_port}"


class Pebble(_Process):
    def __init__(self, workdir: Path, http_port: int, dns: MockDns, ca: TestCA):
        super().__init__(workdir, "pebble")  # self.port: the ACME port
        self.management_port = free_port()
        self.http_port = http_port
        self.dns = dns
        self.ca = ca

    @property
    def directory_url(self) -> str:
        return f"https://{HOST}:{self.port}/dir"

    def start(self) -> None:
        certificate, key = self.ca.issue("pebble", ["localhost"], [HOST])
        config = self.workdir / "pebble-config.json"
        config.write_text(json.dumps({"pebble": {
            "listenAddress": f"{HOST}:{self.port}",
            "managementListenAddress": f"{HOST}:{self.management_port}",
            "certificate": str(certificate),
            "privateKey": str(key),
            "httpPort": self.http_port,
            "tlsPort": free_port(),  # TLS-ALPN-01 is not used; a free port keeps it off 5001
            "ocspResponderURL": "",
            "externalAccountBindingRequired": False,
        }}))
        env = dict(os.environ, PEBBLE_VA_NOSLEEP="1", PEBBLE_WFE_NONCEREJECT="0")
        self._spawn(["pebble", "-config", str(config), "-dnsserver", self.dns.address, "-strict=false"], env)

    def root_certificate(self, destination: Path) -> Path:
        """Pebble's current root (PEM), the issuer at the top of every chain it hands out."""
        context = ssl.create_default_context(cafile=str(self.ca.cert))
        url = f"https://{HOST}:{self.management_port}/roots/0"
        with urllib.request.urlopen(url, context=context, timeout=FETCH_TIMEOUT_SECS) as response:
            Path(destination).write_bytes(response.read())
        return Path(destination)


HOSTS_FILE = Path("/etc/hosts")


@contextlib.contextmanager
def hosts_entry(name: str, address: str = HOST):
    """Resolves ``name`` to ``address`` on this machine while the block runs, by one marked line in
    /etc/hosts. The client looks names up with the system resolver, and a certificate from an ACME
    server names a host, never 127.0.0.1."""
    text = HOSTS_FILE.read_text()
    added = ("" if text.endswith("\n") or not text else "\n") + \
        f"{address} {name} # deckhand conformance test {secrets.token_hex(4)}\n"
    _rewrite_hosts(text + added)
    try:
        yield
    finally:
        _rewrite_hosts(HOSTS_FILE.read_text().replace(added, ""))


def _rewrite_hosts(text: str) -> None:
    # In place, not by renaming a new file over it: /etc/hosts is often a bind mount.
    with open(HOSTS_FILE, "r+") as fh:
        fh.write(text)
        fh.truncate()
