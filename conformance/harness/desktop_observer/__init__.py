"""Observer add-on for the desktop-app test: records what a person would see, changes nothing.

Copied into the test profile's ``addons21`` folder. Every 100 ms it lists Qt's visible top-level
windows (class, title, geometry on the screen, whether active) and, for dialogs, message boxes and
menus, what they show: texts, buttons, tabs, line edits (a password only as its length) with their
positions, so the test can click them with xdotool like a person. Each poll is one JSON line
appended to the file named by DECKHAND_OBSERVER_OUT; the start and end of every sync (Anki's own
hooks) are lines too. It never clicks, closes, focuses or changes a widget, and a failure inside
it is written to the file instead of raised, so Anki never shows an error window because of it.
"""

from __future__ import annotations

import json
import os
import time
import traceback

from aqt import gui_hooks
from aqt.qt import (
    QAbstractButton,
    QApplication,
    QDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMenuBar,
    QMessageBox,
    QPoint,
    QTabBar,
    QTimer,
    QWidget,
)

POLL_MS = 100
MAX_TEXT = 400

_out = open(os.environ["DECKHAND_OBSERVER_OUT"], "a", encoding="utf-8", buffering=1)


def _write(record: dict) -> None:
    record["t"] = time.time()
    _out.write(json.dumps(record, ensure_ascii=False) + "\n")


def _rect(widget: QWidget) -> list[int]:
    top_left = widget.mapToGlobal(QPoint(0, 0))
    return [top_left.x(), top_left.y(), widget.width(), widget.height()]


def _controls(window: QWidget) -> list[dict]:
    """The visible labels, buttons, tabs and line edits inside a dialog, with where they are."""
    found = []
    for child in window.findChildren(QWidget):
        if not child.isVisible():
            continue
        if isinstance(child, QLineEdit):
            password = child.echoMode() != QLineEdit.EchoMode.Normal
            found.append({
                "kind": "line_edit", "name": child.objectName(), "rect": _rect(child),
                "focus": child.hasFocus(),
                **({"length": len(child.text())} if password else {"text": child.text()}),
            })
        elif isinstance(child, QAbstractButton):
            found.append({"kind": "button", "text": child.text(), "rect": _rect(child),
                          "enabled": child.isEnabled()})
        elif isinstance(child, QLabel) and child.text():
            found.append({"kind": "label", "text": child.text()[:MAX_TEXT]})
        elif isinstance(child, QTabBar):
            origin = child.mapToGlobal(QPoint(0, 0))
            for i in range(child.count()):
                r = child.tabRect(i)
                found.append({"kind": "tab", "text": child.tabText(i), "current": i == child.currentIndex(),
                              "rect": [origin.x() + r.x(), origin.y() + r.y(), r.width(), r.height()]})
    return found


def _actions(bar: QMenu | QMenuBar, kind: str) -> list[dict]:
    """The entries of a menu or menu bar with where they are on the screen."""
    origin = bar.mapToGlobal(QPoint(0, 0))
    return [
        {"kind": kind, "text": a.text(), "enabled": a.isEnabled(),
         "rect": [origin.x() + r.x(), origin.y() + r.y(), r.width(), r.height()]}
        for a in bar.actions() if a.isVisible() and a.text()
        for r in [bar.actionGeometry(a)]
    ]


def _describe(window: QWidget) -> dict:
    seen = {"class": type(window).__name__, "title": window.windowTitle(),
            "active": window.isActiveWindow(), "rect": _rect(window)}
    if isinstance(window, QMessageBox):
        seen["text"] = window.text()[:MAX_TEXT]
        seen["icon"] = window.icon().name  # Warning, Question, Information, ...
    if isinstance(window, QMenu):
        seen["controls"] = _actions(window, "action")
    if isinstance(window, QMainWindow) and window.menuBar() is not None:
        seen["controls"] = _actions(window.menuBar(), "menu")
    if isinstance(window, QDialog):
        seen["controls"] = _controls(window)
    return seen


def _poll() -> None:
    try:
        windows = [_describe(w) for w in QApplication.topLevelWidgets() if w.isVisible()]
        _write({"windows": windows})
    except Exception:  # an add-on error would open Anki's error window: report it here instead
        _write({"observer_error": traceback.format_exc()})


gui_hooks.sync_will_start.append(lambda: _write({"event": "sync_will_start"}))
gui_hooks.sync_did_finish.append(lambda: _write({"event": "sync_did_finish"}))

_timer = QTimer(QApplication.instance())
_timer.timeout.connect(_poll)
_timer.start(POLL_MS)
_write({"event": "observer_started"})
