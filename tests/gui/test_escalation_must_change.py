"""Trial > Dose escalation: a signer whose password someone else set is asked to choose their own
at the moment they sign, as in the order window, and the record is then signed with it (pytest-qt,
the real dialog)."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from infusecalc.records.users import Credentials, add_user, authenticate, change_password, reset_password

from ..records.conftest import ADMIN
from .conftest import wait_idle
from .test_escalation_window import cheap_kdf, signer, store, view  # noqa: F401 - fixtures

pytestmark = pytest.mark.gui
DECIDER = "admin.two"
TEMPORARY = "temporary-for-admin-two"
CHOSEN = "admin-two-chose-this-herself"


@pytest.fixture
def reset_decider(store, signer):
    """A second admin, whose password the first admin has just reset: the view signs with the
    temporary one, as it was typed into the signature dialog."""
    add_user(store, DECIDER, "admin", "temporary-admin-two", by=Credentials(*ADMIN))
    change_password(store, DECIDER, "temporary-admin-two", "admin-two-own-pass-1")
    reset_password(store, DECIDER, TEMPORARY, Credentials(*ADMIN))
    signer.creds = Credentials(DECIDER, TEMPORARY)


def _answer_the_change_dialog(qtbot, seen: list, new_password: str | None) -> None:
    """Fill in the change-password dialog the view opens, or cancel it (new_password None)."""
    from infusecalc.gui.password_dialog import ChangePasswordDialog

    def handle():
        modal = QApplication.activeModalWidget()
        if modal is None:
            QTimer.singleShot(20, handle)
            return
        seen.append(modal)
        try:
            assert isinstance(modal, ChangePasswordDialog)
            assert modal.user_edit.text() == DECIDER and modal.current_edit.text() == TEMPORARY
            if new_password is None:
                modal.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
                return
            qtbot.keyClicks(modal.new_edit, new_password)
            qtbot.keyClicks(modal.repeat_edit, new_password)
            modal.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
            qtbot.waitUntil(lambda: not modal.isVisible(), timeout=30000)
        finally:
            if modal.isVisible():
                modal.reject()

    QTimer.singleShot(0, handle)


def _decide(qtbot, view) -> None:
    view.group_combo.setCurrentIndex(view.group_combo.findData("B"))
    view.level_combo.setCurrentIndex(view.level_combo.findData("DL2"))
    view.action_combo.setCurrentIndex(view.action_combo.findData("open"))
    qtbot.keyClicks(view.reference_edit, "SRC minutes 2026-11-30")
    qtbot.mouseClick(view.decide_button, Qt.MouseButton.LeftButton)


def test_the_signer_changes_the_password_then_the_decision_is_signed(qtbot, store, view, reset_decider):
    seen: list = []
    _answer_the_change_dialog(qtbot, seen, CHOSEN)
    _decide(qtbot, view)
    qtbot.waitUntil(lambda: "Decision recorded" in view.message.text(), timeout=30000)
    wait_idle()
    assert len(seen) == 1
    events = list(store.iter_events())
    decision = [e for e in events if e.kind == "escalation_decision"][-1]
    assert decision.user_id == DECIDER
    changed = [e for e in events if e.kind == "user_password_changed"][-1]
    assert json.loads(changed.payload)["user_id"] == DECIDER and changed.seq < decision.seq
    assert authenticate(store, Credentials(DECIDER, CHOSEN), "escalation_decision", ("admin",))
    assert view.history.rowCount() == 1 and DECIDER in view.history.item(0, 3).text()
    assert store.verify().ok


def test_cancelling_the_change_records_nothing_and_says_why(qtbot, store, view, reset_decider):
    seen: list = []
    _answer_the_change_dialog(qtbot, seen, None)
    _decide(qtbot, view)
    qtbot.waitUntil(lambda: view.message.text().startswith("Not recorded"), timeout=30000)
    wait_idle()
    assert len(seen) == 1
    assert "set by someone else" in view.message.text()
    assert [e for e in store.iter_events() if e.kind == "escalation_decision"] == []
    assert view.reference_edit.text() == "SRC minutes 2026-11-30"   # nothing typed is lost
