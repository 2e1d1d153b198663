"""A throw-away certificate authority for HTTPS tests, made with the openssl command line.

The official client ignores ``SSL_CERT_FILE`` and trusts the system CA store, and it refuses a
self-signed leaf even when that leaf is trusted (see shared deployment facts). So a test makes a
small CA, issues CA-signed leaf certificates for ``127.0.0.1``/``localhost`` (the shape Let's
Encrypt issues too), and puts the CA into the system store for as long as it needs it:

    ca = TestCA(tmp_path / "ca")
    cert, key = ca.issue("leaf", ["localhost"], ["127.0.0.1"])
    with ca.trusted():
        ...  # the official client now accepts https://127.0.0.1:<port>/

Installing into the system store needs root, as CI and these machines have.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import socket
import ssl
import subprocess
from pathlib import Path

SYSTEM_CA_FOLDER = Path("/usr/local/share/ca-certificates")
OPENSSL_TIMEOUT_SECS = 60


def _openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True, timeout=OPENSSL_TIMEOUT_SECS)


def _update_ca_certificates(*args: str) -> None:
    subprocess.run(["update-ca-certificates", *args], check=True, capture_output=True, timeout=OPENSSL_TIMEOUT_SECS)


class TestCA:
    __test__ = False  # not a pytest test class

    def __init__(self, folder: Path, name: str = "deckhand-test-ca"):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.name = f"{name}-{secrets.token_hex(4)}"
        self.key = self.folder / "ca.key"
        self.cert = self.folder / "ca.crt"
        _openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                 "-subj", f"/CN={self.name}",
                 "-addext", "basicConstraints=critical,CA:TRUE",
                 "-addext", "keyUsage=critical,keyCertSign,cRLSign",
                 "-keyout", str(self.key), "-out", str(self.cert), cwd=self.folder)

    def issue(self, stem: str, dns_names: list[str], ip_addresses: list[str] = (), days: int = 2) -> tuple[Path, Path]:
        """A leaf certificate for the names, signed by this CA: (fullchain PEM, key PEM)."""
        key = self.folder / f"{stem}.key"
        csr = self.folder / f"{stem}.csr"
        leaf = self.folder / f"{stem}.crt"
        chain = self.folder / f"{stem}-fullchain.pem"
        ext = self.folder / f"{stem}.ext"
        alt = ",".join([f"DNS:{n}" for n in dns_names] + [f"IP:{a}" for a in ip_addresses])
        ext.write_text(
            "basicConstraints=critical,CA:FALSE\n"
            "keyUsage=critical,digitalSignature,keyEncipherment\n"
            "extendedKeyUsage=serverAuth\n"
            f"subjectAltName={alt}\n"
        )
        _openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", f"/CN={(list(dns_names) + list(ip_addresses))[0]}",
                 "-keyout", str(key), "-out", str(csr), cwd=self.folder)
        _openssl("x509", "-req", "-in", str(csr), "-CA", str(self.cert), "-CAkey", str(self.key),
                 "-CAcreateserial", "-days", str(days), "-extfile", str(ext), "-out", str(leaf), cwd=self.folder)
        # Like certbot's fullchain.pem: the leaf, then the CA that signed it.
        chain.write_bytes(leaf.read_bytes() + self.cert.read_bytes())
        os.chmod(key, 0o600)
        return chain, key

    @contextlib.contextmanager
    def trusted(self):
        """Puts the CA into the system trust store while the block runs."""
        with system_trust(self.cert, self.name):
            yield self


@contextlib.contextmanager
def system_trust(ca_certificate: Path, name: str):
    """Trusts a CA certificate (PEM) in the system store while the block runs; ``name`` must be unique."""
    installed = SYSTEM_CA_FOLDER / f"{name}.crt"
    SYSTEM_CA_FOLDER.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(ca_certificate, installed)
    try:
        _update_ca_certificates()
        yield
    finally:
        installed.unlink(missing_ok=True)
        _update_ca_certificates("--fresh")


def served_certificate(host: str, port: int, server_name: str, ca_file: Path, timeout: float = 10) -> dict:
    """The certificate a TLS server sends for ``server_name``, after checking it chains to the CA in
    ``ca_file`` and is valid for that name (ssl raises otherwise). Python's decoded form:
    ``serialNumber``, ``issuer``, ``subject``, ``subjectAltName``, ``notAfter``."""
    context = ssl.create_default_context(cafile=str(ca_file))
    with socket.create_connection((host, port), timeout=timeout) as raw:
        with context.wrap_socket(raw, server_hostname=server_name) as tls:
            return tls.getpeercert()


def name_of(distinguished_name: tuple) -> dict[str, str]:
    """``{"commonName": ...}`` from the nested tuples getpeercert() gives for issuer and subject."""
    return {key: value for rdn in distinguished_name for key, value in rdn}
