"""One error map, two kinds of client: the same wrong password is what the official Anki client
understands on /sync (403, "sign in again") and RFC 9457 problem details with an RFC 6750 challenge
on /api/v1 (401); a created deck has a Location; the deck list shows a user their own decks only.
Against PostgreSQL and S3Proxy, as the shared-deck media service runs. Deckhand only.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest
from anki.errors import SyncError, SyncErrorKind

from harness import servers
from harness import shared_media as shared

pytestmark = pytest.mark.skipif(servers.target_name() != "deckhand", reason="Deckhand's shared-deck media API")

PROBLEM_MEMBERS = {"type", "title", "status", "detail", "instance", "requestId"}


@pytest.fixture
def backed(tmp_path):
    with shared.running(tmp_path) as started:
        yield started


def _call(base: str, method: str, path: str, payload=None, token: str = "") -> tuple[int, dict[str, str], bytes]:
    headers = {"content-type": "application/json"}
    if token:
        headers["authorization"] = f"Bearer {token}"
    body = None if payload is None else json.dumps(payload).encode()
    request = urllib.request.Request(base + path, data=body, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=shared.HTTP_TIMEOUT_SECS) as response:
            return response.status, dict(response.headers.items()), response.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers.items()), e.read()


def _problem(status: int, headers: dict[str, str], body: bytes) -> dict:
    assert headers.get("Content-Type", "").startswith("application/problem+json"), headers
    problem = json.loads(body)
    assert set(problem) == PROBLEM_MEMBERS, problem
    assert problem["status"] == status
    assert problem["type"].startswith("tag:deckhand,2026:problem:")
    assert problem["requestId"] == headers.get("x-request-id"), (problem, headers)
    return problem


def test_a_wrong_password_is_403_for_anki_and_a_401_problem_for_the_api(backed, make_device):
    server, _, _ = backed
    account = server.new_account()
    wrong = type(account)(account.user, account.password + "x")

    with pytest.raises(SyncError) as refused:
        make_device("A").login(wrong, server.endpoint)
    assert refused.value.kind == SyncErrorKind.AUTH, refused.value

    base = server.endpoint.rstrip("/")
    status, headers, body = _call(base, "POST", "/api/v1/login", {"username": wrong.user, "password": wrong.password})
    assert status == 401, body
    assert headers.get("WWW-Authenticate") == "Bearer", headers
    problem = _problem(status, headers, body)
    assert problem["type"] == "tag:deckhand,2026:problem:wrong-credentials"
    assert problem["detail"] == "unknown user or wrong password"
    assert problem["instance"] == "/api/v1/login"

    status, headers, body = _call(base, "GET", "/api/v1/decks", token="not-a-token")
    assert status == 401, body
    assert headers.get("WWW-Authenticate") == 'Bearer error="invalid_token"', headers
    assert _problem(status, headers, body)["type"] == "tag:deckhand,2026:problem:invalid-token"


def test_a_created_deck_has_a_location_and_only_its_members_list_it(backed):
    server, _, _ = backed
    base = server.endpoint.rstrip("/")
    maintainer = shared.signed_in(server, "errors-biology", "Biology")
    status, headers, body = _call(base, "POST", "/api/v1/decks", {"id": "errors-chemistry", "title": "Chemistry"},
                                  maintainer.token)
    assert status == 201, body
    assert headers.get("Location") == "/api/v1/decks/errors-chemistry", headers
    status, _, body = _call(base, "GET", headers["Location"], token=maintainer.token)
    assert status == 200, body
    assert json.loads(body)["role"] == "maintainer"

    other = shared.signed_in(server, "errors-other", "Someone else's")
    status, _, body = _call(base, "GET", "/api/v1/decks", token=maintainer.token)
    assert status == 200, body
    assert [(d["id"], d["role"]) for d in json.loads(body)["decks"]] == [("errors-biology", "maintainer"),
                                                                           ("errors-chemistry", "maintainer")]
    status, _, body = _call(base, "GET", "/api/v1/decks", token=other.token)
    assert [d["id"] for d in json.loads(body)["decks"]] == ["errors-other"]

    status, headers, body = _call(base, "GET", "/api/v1/decks/errors-biology/media", token=other.token)
    assert status == 403, body
    assert "WWW-Authenticate" not in headers
    assert _problem(status, headers, body)["detail"] == "you are not a member of errors-biology"
