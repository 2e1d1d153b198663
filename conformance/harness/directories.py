"""Real sign-in services on loopback for the sign-in backend tests.

* ``LdapDirectory`` - UnboundID's in-memory directory server, run as its own process from the SDK
  jar Deckhand itself uses (its ``InMemoryDirectoryServerTool``), loaded from an LDIF file, with the
  standard schema enforced. A real LDAP server speaking the wire protocol on 127.0.0.1.
* ``CognitoLocal`` - the ``cognito-local`` emulator from npm (pinned in conformance/package.json),
  which speaks Cognito's JSON protocol; pools, app clients and users are made through that same
  protocol. It does not check SECRET_HASH or signatures, and answers a wrong password with
  InvalidPasswordException where AWS says NotAuthorizedException; the Java tests cover those.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

from harness.servers import HOST, REPO_ROOT, _die_with_parent, _prctl, free_port

START_TIMEOUT_SECS = 30.0
UNBOUNDID_VERSION = "7.0.5"


def _wait_for_port(port: int, proc: subprocess.Popen, log_path: Path, what: str) -> None:
    deadline = time.monotonic() + START_TIMEOUT_SECS
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited with {proc.returncode}:\n{log_path.read_text(errors='replace')[-3000:]}")
        try:
            with socket.create_connection((HOST, port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{what} not listening on {HOST}:{port} within {START_TIMEOUT_SECS:.0f}s")


class _Process:
    def __init__(self, workdir: Path, name: str):
        self.workdir = Path(workdir)
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.log_path = self.workdir / f"{name}.log"
        self.proc: subprocess.Popen | None = None
        self.name = name

    def _spawn(self, cmd: list[str], env: dict[str, str] | None = None) -> None:
        log = open(self.log_path, "ab", buffering=0)
        self.proc = subprocess.Popen(
            cmd, cwd=self.workdir, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
            preexec_fn=_die_with_parent if _prctl is not None else None,
        )
        log.close()
        _wait_for_port(self.port, self.proc, self.log_path, self.name)

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(10)


def _unboundid_jar() -> Path:
    repo = Path(os.environ.get("MAVEN_REPOSITORY", Path.home() / ".m2" / "repository"))
    jar = repo / "com" / "unboundid" / "unboundid-ldapsdk" / UNBOUNDID_VERSION / f"unboundid-ldapsdk-{UNBOUNDID_VERSION}.jar"
    if not jar.is_file():
        raise RuntimeError(f"{jar} not found: build Deckhand with Maven first (it downloads the LDAP SDK)")
    return jar


class LdapDirectory(_Process):
    """An LDAP server with people under ``ou=people`` and one group, ``cn=anki,ou=groups``."""

    BASE = "dc=example,dc=org"
    PEOPLE = "ou=people," + BASE
    GROUP = "cn=anki,ou=groups," + BASE

    def __init__(self, workdir: Path, members: dict[str, str], outsiders: dict[str, str]):
        super().__init__(workdir, "ldap")
        self.members, self.outsiders = members, outsiders

    @staticmethod
    def _dn_value(uid: str) -> str:
        # RFC 4514 escaping of the characters this suite's names use.
        out = uid.replace("\\", "\\\\")
        for c in ',+"<>;=':
            out = out.replace(c, "\\" + c)
        return out

    def user_dn(self, uid: str) -> str:
        return f"uid={self._dn_value(uid)},{self.PEOPLE}"

    def _ldif(self) -> str:
        entries = [
            f"dn: {self.BASE}\nobjectClass: top\nobjectClass: domain\ndc: example",
            f"dn: {self.PEOPLE}\nobjectClass: top\nobjectClass: organizationalUnit\nou: people",
            f"dn: ou=groups,{self.BASE}\nobjectClass: top\nobjectClass: organizationalUnit\nou: groups",
        ]
        for uid, password in {**self.members, **self.outsiders}.items():
            entries.append(
                f"dn: {self.user_dn(uid)}\nobjectClass: top\nobjectClass: person\nobjectClass: organizationalPerson\n"
                f"objectClass: inetOrgPerson\nuid: {uid}\ncn: {uid}\nsn: Tester\nuserPassword: {password}")
        members = "".join(f"member: {self.user_dn(uid)}\n" for uid in self.members)
        entries.append(f"dn: {self.GROUP}\nobjectClass: top\nobjectClass: groupOfNames\ncn: anki\n{members}".rstrip())
        return "\n\n".join(entries) + "\n"

    def start(self) -> None:
        ldif = self.workdir / "directory.ldif"
        ldif.write_text(self._ldif(), encoding="utf-8")
        java = os.environ.get("JAVA") or "java"
        self._spawn([java, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp", str(_unboundid_jar()),
                     "com.unboundid.ldap.listener.InMemoryDirectoryServerTool",
                     "--baseDN", self.BASE, "--port", str(self.port), "--ldifFile", str(ldif),
                     "--useDefaultSchema", "--accessLogToStandardOut"])

    def deckhand_env(self) -> dict[str, str]:
        return {
            "DECKHAND_AUTH": "ldap",
            "DECKHAND_LDAP_URL": f"ldap://{HOST}:{self.port}",
            "DECKHAND_LDAP_SEARCH_BASE": self.PEOPLE,
            "DECKHAND_LDAP_REQUIRED_GROUP": self.GROUP,
            "DECKHAND_LDAP_TIMEOUT_SECONDS": "3",
        }


class CognitoLocal(_Process):
    """cognito-local with one user pool and one app client (with a secret)."""

    START_SCRIPT = REPO_ROOT / "conformance" / "node_modules" / "cognito-local" / "lib" / "bin" / "start.js"

    def __init__(self, workdir: Path):
        super().__init__(workdir, "cognito-local")
        self.pool_id = self.client_id = self.client_secret = ""

    def start(self) -> None:
        if not self.START_SCRIPT.is_file():
            raise RuntimeError(f"{self.START_SCRIPT} not found: conformance/run.sh installs it (npm ci)")
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        env.update(HOST=HOST, PORT=str(self.port))
        self._spawn([os.environ.get("NODE", "node"), str(self.START_SCRIPT)], env)
        pool = self.call("CreateUserPool", {"PoolName": "deckhand-conformance"})["UserPool"]
        self.pool_id = pool["Id"]
        client = self.call("CreateUserPoolClient", {
            "UserPoolId": self.pool_id, "ClientName": "anki", "GenerateSecret": True,
            "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH"],
        })["UserPoolClient"]
        self.client_id, self.client_secret = client["ClientId"], client["ClientSecret"]

    def call(self, action: str, payload: dict) -> dict:
        request = urllib.request.Request(
            f"http://{HOST}:{self.port}/", data=json.dumps(payload).encode(), method="POST",
            headers={"Content-Type": "application/x-amz-json-1.1",
                     "X-Amz-Target": f"AWSCognitoIdentityProviderService.{action}"})
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else {}

    def add_user(self, username: str, password: str, permanent: bool = True) -> None:
        """A user as an administrator makes one; without ``permanent`` it must set a new password first."""
        self.call("AdminCreateUser", {"UserPoolId": self.pool_id, "Username": username,
                                      "TemporaryPassword": password, "MessageAction": "SUPPRESS"})
        if permanent:
            self.call("AdminSetUserPassword", {"UserPoolId": self.pool_id, "Username": username,
                                               "Password": password, "Permanent": True})

    def deckhand_env(self) -> dict[str, str]:
        # The original server's variable names, to show its .env works unchanged.
        return {
            "ANKISYNCD_COGNITO_REGION": "us-east-1",
            "ANKISYNCD_COGNITO_USER_POOL_ID": self.pool_id,
            "ANKISYNCD_COGNITO_CLIENT_ID": self.client_id,
            "ANKISYNCD_COGNITO_CLIENT_SECRET": self.client_secret,
            "DECKHAND_COGNITO_ENDPOINT": f"http://{HOST}:{self.port}",
            "DECKHAND_COGNITO_TIMEOUT_SECONDS": "3",
        }
