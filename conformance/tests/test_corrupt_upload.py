"""A full upload that is not an intact collection must be refused, keeping the old collection."""

import pytest
from anki.errors import BackendError, SyncError
from anki.sync import SyncOutput

from harness.content import add_basic_note, build_rich_collection
from harness.devices import assert_same_state
from harness.wire import CorruptingProxy, post_sync

# The official server's answer to a refused upload (rslib/src/sync/collection/upload.rs,
# CORRUPT_MESSAGE). It is sent as the body of an HTTP 200 answer to /sync/upload instead of "OK";
# the client turns any such body into an error carrying that text. Deckhand reuses this wording so
# users see the same advice as with the official server.
CORRUPT_MESSAGE = "Your upload was corrupt. Please use Check Database, or restore from backup."


def assert_refusal_text(text: str) -> None:
    """The official server sends CORRUPT_MESSAGE; Deckhand sends its own words with the reason.
    Either way the user is told to run Check Database, and it is not the success reply."""
    assert text != "OK", "a corrupt upload was accepted"
    assert "Check Database" in text, f"server's refusal text: {text!r}"


def test_corrupt_upload_through_real_client_is_refused(server, account, make_device):
    # A uploads an intact collection: the "old" state that must survive.
    a = make_device("A")
    build_rich_collection(a.col)
    a.login(account, server.endpoint)
    assert a.sync() == SyncOutput.FULL_UPLOAD
    old_state = a.snapshot()

    # D has unrelated content and uploads it (user picks "upload" on FULL_SYNC) with the real
    # client, through a proxy that corrupts the collection bytes in flight (see harness/wire.py
    # for why the client cannot be made to send a corrupt file itself).
    d = make_device("D")
    build_rich_collection(d.col, tag=" [D]")
    add_basic_note(d.col, "only on D")
    with CorruptingProxy(server.endpoint) as proxy:
        d.login(account, proxy.endpoint)
        # anki 26.9.3: a server message arrives as backend error kind SYNC_SERVER_MESSAGE, which
        # the Python layer does not map to SyncError; it raises the base class BackendError with
        # the server's text as its message.
        with pytest.raises(BackendError) as excinfo:
            d.sync(full_sync="upload")
    assert not proxy.errors, f"proxy failed: {proxy.errors}"
    assert proxy.sent_integrity_ok == [False], "the proxy did not send exactly one corrupt upload"
    [(status, answer)] = proxy.upload_answers
    answer_text = answer.decode("utf-8", "replace")
    assert status == 200, f"server answered the corrupt upload with HTTP {status}: {answer_text!r}"
    assert_refusal_text(answer_text)
    # The client shows the server's text to the user, word for word.
    err = excinfo.value
    assert answer_text.strip() in str(err), f"client error {type(err).__name__}: {err}"
    assert not isinstance(err, SyncError) or err.kind != err.kind.AUTH, "refusal seen as auth error"

    # The server still holds A's intact collection: a fresh device downloads the OLD state.
    c = make_device("C")
    c.login(account, server.endpoint)
    assert c.sync() == SyncOutput.FULL_DOWNLOAD
    assert_same_state(old_state, c.snapshot(), "A (uploaded before)", "C (downloaded after)")
    # and A, which owns that state, is still in sync with it
    assert a.sync() == SyncOutput.NO_CHANGES


def test_raw_upload_of_non_sqlite_bytes_is_refused(server, account, make_device):
    # The same refusal for bytes that are not SQLite at all, sent as a raw v11 request.
    a = make_device("A")
    build_rich_collection(a.col)
    auth = a.login(account, server.endpoint)
    assert a.sync() == SyncOutput.FULL_UPLOAD
    old_state = a.snapshot()

    status, _headers, body = post_sync(server.endpoint, "upload", auth.hkey,
                                       b"this is not an sqlite database\n" * 4096)
    text = body.decode("utf-8", "replace")
    assert status == 200, f"HTTP {status}: {text!r}"
    assert_refusal_text(text)

    c = make_device("C")
    c.login(account, server.endpoint)
    assert c.sync() == SyncOutput.FULL_DOWNLOAD
    assert_same_state(old_state, c.snapshot(), "A (uploaded before)", "C (downloaded after)")
