"""The real Anki desktop app against the server: set up, signed in and synced as a person would.

Issue 12 found that against Deckhand a wrong password often brought the sign-in dialog back with no
warning, while the official server's answer always left the warning on screen. Anki shows a
progress window about 0.6 s into a sign-in; an answer landing after that window appeared took the
warning down with it (the warning is parented to the active window, the progress window, which
closes a moment later). This test drives the app (aqt 26.9.3 from PyPI, harness/desktop.py) on a
virtual display with keystrokes and clicks and watches the screen through the observer add-on.

Steps, each bounded in time:
1. A fresh base folder whose profile collection holds the suite's rich content (built with the
   same client library, as a user's existing collection), so the first sync is a full upload.
2. First start: the language dialog and its confirmation, answered as a new user does.
3. Tools > Preferences > Syncing: the self-hosted sync server URL typed in, the window closed.
4. Sync (the main window's ``y`` shortcut, the same handler as its Sync button): the sign-in
   dialog. A wrong password: the client's own "wrong password" warning must appear and still be
   on screen a second later; OK brings the sign-in dialog back.
5. The right password: Anki asks whether to replace the empty server collection (yes), uploads,
   and its sync ends with no warning on screen.
6. On the server side, a fresh official-client device downloads the collection: the same notes,
   cards and review log as the profile held.

Figures (sign-in answer time as the app saw it, whether its progress window appeared, how long the
warning stayed) are printed; on failure a screenshot and the last screens observed are attached.
"""

from __future__ import annotations

import time

import pytest
from anki.sync import SyncOutput

from harness import desktop
from harness.content import build_rich_collection
from harness.devices import Device, diff_snapshots
from harness.desktop import DesktopApp, Screen, VirtualDisplay, Window

pytestmark = pytest.mark.desktop

# The first start of the app builds its web views: 3 to 5 s here, far more on a loaded machine.
START_SECS = 60.0
STEP_SECS = 30.0
SYNC_SECS = 90.0
# How long the wrong-password warning must stay on screen: long enough to read, and far longer
# than the half second after which Anki's progress window would have taken it away.
WARNING_VISIBLE_SECS = 1.0
WRONG_PASSWORD = "not-the-password"
SLOW_ANSWER = ("Anki opens a progress window 0.6 s into a sign-in, and a warning that lands while it is "
               "up is closed with it: see the server's time for /sync/hostKey in its log below.")
# Sections of the collection the upload must carry unchanged (the app itself writes config and
# deck state when it opens a collection, so those are left out of the comparison).
CONTENT_SECTIONS = ("notes", "cards", "revlog")


@pytest.mark.timeout(300)
def test_wrong_then_right_password_through_the_desktop_app(server, account, tmp_path, say):
    if reason := desktop.missing_requirement():
        pytest.skip(reason)
    started = time.monotonic()
    base = tmp_path / "anki-base"
    profile = Device(base, "User 1")  # Anki's first profile is "User 1/collection.anki2"
    build_rich_collection(profile.col)
    expected = profile.snapshot()
    wrong_pass = profile.col.tr.sync_wrong_pass()
    confirm_upload = profile.col.tr.sync_confirm_empty_upload()
    profile.close()

    with VirtualDisplay(tmp_path / "display") as display:
        app = DesktopApp(display, base, tmp_path / "app")
        try:
            app.start()
            answer_first_run_language_questions(app)
            main = app.wait_for_settled("AnkiQt", START_SECS, "the main window")
            assert main.title == "User 1 - Anki", f"not the main window of the profile User 1: {main.seen}"
            set_sync_server_in_preferences(app, main, server.endpoint)

            figures, dialog = sign_in_with_wrong_password(app, account.user, wrong_pass)
            say(f"\ndesktop app, {server.target}: wrong password answered {figures['answer']:.2f} s after OK "
                f"(progress window {'shown' if figures['progress'] else 'not shown'}); the warning stayed "
                f"{figures['visible']:.1f} s until dismissed")

            synced = sign_in_and_sync(app, dialog, account.password, confirm_upload)
            say(f"desktop app, {server.target}: right password, upload confirmed, sync finished in {synced:.1f} s")
        except BaseException as e:
            try:
                e.add_note(f"screenshot: {app.screenshot('failure.png')}")
            except Exception as shot:
                e.add_note(f"no screenshot: {shot!r}")
            e.add_note(f"screens observed: {app.observed}")
            e.add_note("last screens:\n" + "\n".join(
                f"  {time.strftime('%H:%M:%S', time.localtime(s.t))}.{int(s.t % 1 * 10)} {s.describe()}"
                for s in dedupe(app.screens)[-12:]))
            e.add_note(f"Anki's output ({app.log}):\n{app.log_tail()}")
            raise
        finally:
            app.close()

    check = Device(tmp_path / "devices", "check")
    try:
        check.login(account, server.endpoint)
        assert check.sync() == SyncOutput.FULL_DOWNLOAD, "the server has no collection to download"
        diff = diff_snapshots({k: expected[k] for k in CONTENT_SECTIONS},
                              {k: check.snapshot()[k] for k in CONTENT_SECTIONS}, "profile", "server")
        assert not diff, f"what the app uploaded differs from its profile:\n{diff}"
    finally:
        check.close()
    say(f"desktop app, {server.target}: whole test {time.monotonic() - started:.0f} s")


def answer_first_run_language_questions(app: DesktopApp) -> None:
    """A fresh base folder asks for the interface language, then to confirm it. Both come before
    add-ons load, so they are found by xdotool (their titles are "Anki") instead of the observer."""
    display = app.display
    deadline = time.monotonic() + START_SECS
    language = wait_for_windows(app, "^Anki$", deadline, "the language dialog of a first start")
    display.xdotool("windowactivate", "--sync", language[0])
    app.key("Return")  # English (United States), the one preselected
    question = wait_for_windows(app, "^Anki$", deadline, "the language confirmation", not_in=tuple(language))
    display.xdotool("windowactivate", "--sync", question[0])
    app.key("alt+y")  # Yes; No is the default


def wait_for_windows(app: DesktopApp, title: str, deadline: float, what: str,
                     not_in: tuple[str, ...] = ()) -> list[str]:
    while True:
        found = app.display.xdotool("search", "--onlyvisible", "--name", title, check=False).stdout.split()
        found = [w for w in found if w not in not_in]
        if found:
            return found
        if app.proc.poll() is not None:
            raise AssertionError(f"Anki exited with {app.proc.returncode} before showing {what}")
        if time.monotonic() > deadline:
            raise AssertionError(f"no window for {what} within {START_SECS:.0f} s")
        time.sleep(0.2)


def set_sync_server_in_preferences(app: DesktopApp, main: Window, endpoint: str) -> None:
    app.click(main.control("menu", "Tools"))
    menu = app.wait_for_settled("QMenu", STEP_SECS, "the Tools menu")
    app.click(menu.control("action", "Preferences"))
    prefs = app.wait_for_settled("Preferences", STEP_SECS, "the Preferences window")
    clicked = app.click(prefs.control("tab", "Syncing"))

    def url_field(screen: Screen) -> dict | None:
        w = screen.find(cls="Preferences")
        return next((c for c in w.controls("line_edit") if c["name"] == "custom_sync_url"), None) if w else None

    app.click(app.wait_for(url_field, STEP_SECS, "the self-hosted sync server field", since=clicked))
    app.key("ctrl+a")
    typed = app.type(endpoint)
    prefs = app.wait_for(lambda s: (c := url_field(s)) and c["text"] == endpoint and s.find(cls="Preferences"),
                         STEP_SECS, f"the field to show {endpoint}", since=typed)
    closed = app.click(prefs.control("button", "Close"))
    app.wait_for_settled("AnkiQt", STEP_SECS, "the main window again", since=closed)
    app.wait_for(lambda s: s.find(cls="Preferences") is None, STEP_SECS, "Preferences to close", since=closed)


def login_dialog(screen: Screen) -> Window | None:
    w = screen.find(cls="QDialog", title="Sync")
    return w if w and len(w.controls("line_edit")) == 2 else None


def wait_for_login_dialog(app: DesktopApp, since: float) -> Window:
    dialog = app.wait_for_settled("QDialog", STEP_SECS, "the sign-in dialog", since=since)
    assert login_dialog(Screen(0, [dialog])), f"not the sign-in dialog: {dialog.seen}"
    return dialog


def fields(screen: Screen) -> tuple[dict, dict] | None:
    """The sign-in dialog's name and password fields, or None when it is not on screen."""
    dialog = login_dialog(screen)
    return tuple(dialog.controls("line_edit")) if dialog else None


def sign_in_with_wrong_password(app: DesktopApp, user: str, wrong_pass: str) -> tuple[dict, Window]:
    """Name and a wrong password typed into the sign-in dialog, OK; the warning must stay up until
    dismissed. Returns figures and the sign-in dialog shown again."""
    dialog = wait_for_login_dialog(app, since=app.key("y"))  # the main window's Sync shortcut
    name, password = dialog.controls("line_edit")
    app.click(name)
    app.type(user)
    app.click(password)
    typed = app.type(WRONG_PASSWORD)
    app.wait_for(lambda s: (f := fields(s)) and f[0].get("text") == user and f[1].get("length") == len(WRONG_PASSWORD),
                 STEP_SECS, "the name and password typed in", since=typed)
    submitted = app.key("Return")
    accepted = app.wait_for(lambda s: not login_dialog(s) and s, STEP_SECS, "the sign-in dialog to close",
                            since=submitted)

    def warning(screen: Screen) -> Window | None:
        return screen.find(cls="QMessageBox", text=wrong_pass)

    def progress_between(start: float, end: float) -> bool:
        return any(s.find(cls="ProgressDialog") for s in app.screens if start <= s.t <= end)

    def back_without_warning(screen: Screen) -> str | None:
        if login_dialog(screen):
            return (f"the sign-in dialog came back {screen.t - submitted:.2f} s after OK without the "
                    f"wrong-password warning (progress window shown: {progress_between(submitted, screen.t)}). "
                    f"{SLOW_ANSWER}")
        return None

    first = app.wait_for(lambda s: warning(s) and s, SYNC_SECS, "the wrong-password warning",
                         fail_if=back_without_warning, since=accepted.t)
    # Seen on the observer's 100 ms polls, so within 0.1 s; Anki's progress timer starts on the key.
    answer, progress = first.t - submitted, progress_between(submitted, first.t)
    # Read it as a person does: it has to stay on screen, not just flash.
    app.wait_for(lambda s: s.t >= first.t + WARNING_VISIBLE_SECS, STEP_SECS,
                 f"{WARNING_VISIBLE_SECS} s to pass", since=first.t)
    shown = [s for s in app.screens if s.t >= first.t]
    if gone := next((s for s in shown if not warning(s)), None):
        raise AssertionError(f"the wrong-password warning appeared {answer:.2f} s after OK and was gone "
                             f"{gone.t - first.t:.2f} s later (progress window shown: {progress}). {SLOW_ANSWER}")
    box = warning(shown[-1])
    assert box.seen["icon"] == "Warning" and box.active, f"not a warning with the focus: {box.seen}"
    dismissed = app.key("Return")  # OK
    visible = dismissed - first.t
    dialog = wait_for_login_dialog(app, since=dismissed)
    assert fields(Screen(0, [dialog]))[0].get("text") == user, f"the name is not kept: {dialog.seen}"
    return {"answer": answer, "progress": progress, "visible": visible}, dialog


def sign_in_and_sync(app: DesktopApp, dialog: Window, password: str, confirm_upload: str) -> float:
    """The right password in the sign-in dialog that came back; the upload confirmed; the sync ends."""
    app.click(dialog.controls("line_edit")[1])
    app.key("ctrl+a")
    typed = app.type(password)
    app.wait_for(lambda s: (f := fields(s)) and f[1].get("length") == len(password),
                 STEP_SECS, "the right password typed in", since=typed)
    submitted = app.key("Return")

    def warned(screen: Screen) -> str | None:
        boxes = [w for w in screen.windows if w.seen.get("icon") in ("Warning", "Critical")]
        return f"Anki warned: {boxes[0].text!r}" if boxes else None

    question = app.wait_for_settled("MessageBox", SYNC_SECS, "the question whether to replace the empty "
                                    "server collection", since=submitted)
    assert question.text == confirm_upload, f"not the question expected: {question.seen}"
    app.key("Return")  # Yes, the default
    finished = app.wait_for_event("sync_did_finish", submitted, SYNC_SECS)
    app.wait_for(lambda s: s.find(cls="AnkiQt") and not s.find(cls="ProgressDialog"), STEP_SECS,
                 "the main window without a progress window", since=finished)
    seen = [reason for s in app.screens if s.t >= submitted and (reason := warned(s))]
    assert not seen, f"after the right password: {seen[0]}"
    return finished - submitted


def dedupe(screens: list[Screen]) -> list[Screen]:
    """Consecutive screens that show the same thing, once (the first of each run)."""
    out: list[Screen] = []
    for s in screens:
        if not out or out[-1].describe() != s.describe():
            out.append(s)
    return out
