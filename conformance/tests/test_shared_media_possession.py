"""Proof of possession in the shared-deck media API, through the real server with PostgreSQL and
S3Proxy: `check` maps a stored file without an upload only for a caller who can download it
already (a member of a deck that has it). Anyone else who announces its SHA-256 gets an upload
ticket, as for an unknown file; uploading the bytes then maps the stored file, which stays one
object with every reference counted. Deckhand only.
"""

from __future__ import annotations

import hashlib

import pytest

from harness import secret_scan, servers
from harness import shared_media as shared
from harness.servers import DeckhandServer

pytestmark = pytest.mark.skipif(servers.target_name() != "deckhand", reason="Deckhand's shared-media API")

DECK = "possession"


@pytest.fixture(scope="module")
def shared_media(tmp_path_factory):
    with shared.running(tmp_path_factory.mktemp("possession")) as started:
        yield started


def _mp3(seed: int) -> bytes:
    """An MPEG audio frame header and a unique payload: an 'mp3' to the server's sniffing."""
    return b"\xff\xfb\x90\x64" + hashlib.sha256(str(seed).encode()).digest() * 40


def _announced(name: str, data: bytes) -> dict:
    return {"name": name, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}


def _check(api: shared.Api, deck: str, name: str, data: bytes) -> dict:
    status, checked = api.json("check", "POST", f"/api/v1/decks/{deck}/media/check", {"files": [_announced(name, data)]})
    assert status == 200, checked
    return checked


def _put_and_confirm(api: shared.Api, deck: str, offer: dict, data: bytes) -> dict:
    put, _ = api.request("s3 put", offer["upload"]["method"], offer["upload"]["url"], data, offer["upload"]["headers"])
    assert put == 200
    status, confirmed = api.json("confirm", "POST", f"/api/v1/decks/{deck}/media/confirm", {"tickets": [offer["ticket"]]})
    assert status == 200, confirmed
    return confirmed


def _files(api: shared.Api, deck: str) -> dict[str, dict]:
    status, page = api.json("list", "GET", f"/api/v1/decks/{deck}/media?limit=100")
    assert status == 200, page
    return {f["name"]: f for f in page["files"]}


def _reference(api: shared.Api, deck: str, note: int, names: list[str]) -> None:
    status, answer = api.json("reference", "PUT", f"/api/v1/decks/{deck}/notes/{note}/media", {"names": names})
    assert status == 204, answer


def _published(server: DeckhandServer, deck: str, name: str, data: bytes) -> shared.Api:
    """A maintainer who published ``data`` as ``name`` in a new deck, referenced by note 1."""
    maintainer = shared.signed_in(server, deck, "Published")
    offer = _check(maintainer, deck, name, data)["uploads"][0]
    assert len(_put_and_confirm(maintainer, deck, offer, data)["stored"]) == 1
    _reference(maintainer, deck, 1, [name])
    return maintainer


def test_a_hash_alone_gets_an_upload_ticket_and_the_uploaded_bytes_map_the_one_stored_object(shared_media):
    server, postgres, s3 = shared_media
    secret = _mp3(1)
    sha = hashlib.sha256(secret).hexdigest()
    _published(server, DECK, "secret.mp3", secret)
    prober = shared.signed_in(server, "probe", "Probe")

    probed = _check(prober, "probe", "guess.mp3", secret)

    assert probed["present"] == [], probed
    assert [offer["name"] for offer in probed["uploads"]] == ["guess.mp3"], probed
    assert _files(prober, "probe") == {}
    status, _ = prober.json("open", "GET", "/api/v1/decks/probe/files/guess.mp3")
    assert status == 404

    # With the bytes, the same caller proves possession: the stored file is mapped, not stored again.
    confirmed = _put_and_confirm(prober, "probe", probed["uploads"][0], secret)
    assert [f["sha256"] for f in confirmed["stored"]] == [sha], confirmed
    _reference(prober, "probe", 7, ["guess.mp3"])

    assert [key for key in s3.objects("media/") if key.endswith(sha)] == [f"media/{sha[:2]}/{sha}"]
    assert s3.objects("incoming/") == {}, "the staged upload is gone"
    assert postgres.sql(f"select reference_count from stored_media_files where hash = '{sha}'") == [["2"]]
    assert _files(prober, "probe")["guess.mp3"]["references"] == 2


def test_a_member_of_a_deck_with_the_file_gets_present_in_a_deck_of_their_own(shared_media):
    server, _postgres, _s3 = shared_media
    sound = _mp3(2)
    maintainer = _published(server, "published", "sound.mp3", sound)
    subscriber = server.new_account()
    status, answer = maintainer.json("member", "PUT", f"/api/v1/decks/published/members/{subscriber.user}",
                                     {"role": "subscriber"})
    assert status == 204, answer
    own = shared.Api(maintainer.base)
    status, answer = own.json("login", "POST", "/api/v1/login", {"username": subscriber.user, "password": subscriber.password})
    assert status == 200, answer
    own.token = answer["token"]
    secret_scan.remember("bearer token", own.token)
    status, answer = own.json("deck", "POST", "/api/v1/decks", {"id": "own", "title": "Own"})
    assert status == 201, answer

    checked = _check(own, "own", "copy.mp3", sound)

    assert checked["present"] == ["copy.mp3"] and checked["uploads"] == [], checked
    assert _files(own, "own")["copy.mp3"]["sha256"] == hashlib.sha256(sound).hexdigest()
