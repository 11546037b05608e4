"""Answering a real modal dialog from a GUI test.

The code under test opens the dialog with exec(), which does not return until the dialog closes;
so the test arranges, before it acts, for a timer to find the dialog once it is shown and hand
it to a handler that answers it the way its user would.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox


class ModalWatch(list):
    """The modal dialogs handled so far. stop(), or leaving a ``with`` block, ends the watch: a
    watch left running would answer a later test's dialog."""

    stopped = False

    def stop(self) -> None:
        self.stopped = True

    def __enter__(self) -> ModalWatch:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def on_next_modal(handle: Callable[[QDialog], object], delay_ms: int = 0) -> ModalWatch:
    """Run handle(dialog) on the next modal dialog once it is shown (until the watch is stopped).

    A dialog the handler leaves open (an assertion in it failed) is rejected, so that the failure
    is reported instead of the test waiting on the dialog for ever."""
    seen = ModalWatch()

    def poll() -> None:
        if seen.stopped:
            return
        modal = QApplication.activeModalWidget()
        if modal is None:
            QTimer.singleShot(20, poll)
            return
        seen.append(modal)
        try:
            handle(modal)
        finally:
            if modal.isVisible():
                modal.reject()

    QTimer.singleShot(delay_ms, poll)
    return seen


def change_password(qtbot, user_id: str, current: str, chosen: str | None) -> Callable[[QDialog], None]:
    """A handler for the change-password dialog opened at a signature refused because someone
    else set the password: check what it came with and why, then type ``chosen`` twice and press
    Change (and wait until the change is recorded), or press Cancel when ``chosen`` is None."""
    from infusecalc.gui.password_dialog import ChangePasswordDialog

    def handle(modal: QDialog) -> None:
        assert isinstance(modal, ChangePasswordDialog)
        assert modal.user_edit.text() == user_id and modal.current_edit.text() == current
        assert "set by someone else" in modal.findChild(type(modal.message), "reason").text()
        assert modal.focusWidget() is modal.new_edit
        if chosen is None:
            modal.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
            return
        qtbot.keyClicks(modal.new_edit, chosen)
        qtbot.keyClicks(modal.repeat_edit, chosen)
        modal.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
        # The change runs in the background; the dialog closes once it is recorded.
        qtbot.waitUntil(lambda: not modal.isVisible(), timeout=30000)

    return handle
