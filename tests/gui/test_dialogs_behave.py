"""Dialogs behave (issue 15, item 5): Enter presses the button the dialog is for, the verify
window scrolls and compares on Enter, the class dialog opens only when asked, keys typed on
"Add exposure" are kept, and the focus is visible on every widget."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QDialog, QScrollArea

from infusecalc.gui import exposures as exposures_module
from infusecalc.records.users import Credentials

from .conftest import type_agent, wait_idle

pytestmark = pytest.mark.gui
ADMIN = ("admin", "admin-pass-1")


@pytest.fixture(autouse=True)
def cheap_kdf(monkeypatch):
    from infusecalc.records import passwords

    monkeypatch.setattr(passwords, "_params", passwords.KdfParams(n=2**4, r=1, p=1))


@pytest.fixture
def store(tmp_path):
    from infusecalc.records.store import open_store
    from infusecalc.records.users import add_user

    s = open_store(tmp_path / "data")
    add_user(s, ADMIN[0], "admin", ADMIN[1], full_name="Site Admin")
    add_user(s, "wang", "pharmacist", "wang-pass-123", full_name="Wang Fang", by=Credentials(*ADMIN))
    yield s
    s.close()


def test_enter_in_repeat_the_password_adds_the_user_and_disables_nobody(qtbot, window, store):
    from infusecalc.gui.users_dialog import UsersDialog

    dialog = UsersDialog(store, window, ask_credentials=lambda parent, meaning: Credentials(*ADMIN))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    wait_idle()                               # the users are read in the background
    dialog.select_user("wang")
    dialog.disable_button.setFocus()          # the button that used to take Enter
    qtbot.keyClicks(dialog.user_edit, "li.nurse")
    qtbot.keyClicks(dialog.password_edit, "nurse-pass-1")
    dialog.repeat_edit.setFocus()
    qtbot.keyClicks(dialog.repeat_edit, "nurse-pass-1")
    qtbot.keyClick(dialog.repeat_edit, Qt.Key.Key_Return)
    wait_idle()                               # signed and recorded in the background
    users = {u.user_id: u for u in store.users()}
    assert "li.nurse" in users
    assert not users["wang"].disabled
    assert not dialog.disable_button.autoDefault() and dialog.add_button.isDefault()


def test_enter_in_the_password_of_the_signature_dialog_signs(qtbot, window):
    from infusecalc.gui.signing import SignDialog

    dialog = SignDialog("Meaning: test", window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.user_edit, "wang")
    qtbot.keyClicks(dialog.password_edit, "secret")
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_the_verify_window_scrolls_and_enter_in_bag_ids_compares(qtbot, window, store, monkeypatch):
    from infusecalc.gui.verify_window import VerifyWindow

    compared = []
    monkeypatch.setattr(VerifyWindow, "verify", lambda self: compared.append(self))
    vw = VerifyWindow(store)
    qtbot.addWidget(vw)
    vw.show()
    qtbot.waitExposed(vw)
    assert isinstance(vw.centralWidget(), QScrollArea)   # grows inside, not off the screen
    vw.entry_box.setEnabled(True)
    vw.verify_button.setEnabled(False)
    qtbot.keyClick(vw.bags_edit, Qt.Key.Key_Return)
    assert compared == []                                # nothing to compare yet
    vw.verify_button.setEnabled(True)
    qtbot.keyClick(vw.bags_edit, Qt.Key.Key_Return)
    assert compared == [vw]


def test_the_class_dialog_opens_only_by_its_button_or_shortcut(qtbot, window, monkeypatch):
    asked = []
    monkeypatch.setattr(exposures_module, "ask_washout_class",
                        lambda parent, agent, choices, current=None: asked.append(agent) or ["chemotherapy"])
    row = window.form.exposures.add_row()
    type_agent(qtbot, row, "zorubicin-x")
    qtbot.keyClick(row.agent, Qt.Key.Key_Tab)            # leaving the field asks nothing
    row.agent.editingFinished.emit()
    qtbot.wait(30)
    assert asked == []
    assert "F4" in row.note.text()
    row.agent.setFocus()
    qtbot.keyClick(row.agent, Qt.Key.Key_F4)
    assert asked == ["zorubicin-x"] and row.hand_classes == ["chemotherapy"]


def test_keys_typed_on_add_exposure_start_a_row_with_them(qtbot, window):
    table = window.form.exposures
    table.add_button.setFocus()
    qtbot.keyClick(table.add_button, "d")
    assert len(table.rows) == 1
    row = table.rows[0]
    assert row.agent.text() == "d"
    qtbot.keyClicks(row.agent, "exa")           # the new row's agent field has the focus
    assert row.agent.text() == "dexa"


def test_the_focus_is_visible_on_a_tick_box_and_a_combo(qtbot, window):
    from infusecalc.gui.widgets import FocusRing

    ring = FocusRing.install(QApplication.instance())
    window.activateWindow()
    qtbot.waitActive(window)
    for widget in (window.form.age.check, window.form.group):
        widget.setFocus()
        qtbot.waitUntil(lambda w=widget: ring.target() is w)
        drawn = ring.ring()
        assert drawn is not None and drawn.isVisible()
        assert drawn.parentWidget() is widget.parentWidget()
        assert drawn.geometry().contains(widget.geometry())
    assert isinstance(window.form.age.check, QCheckBox)




def test_the_focus_ring_never_becomes_a_pane_of_the_splitter(qtbot, window):
    from PySide6.QtWidgets import QScrollArea

    window.activateWindow()
    qtbot.waitActive(window)
    left = window.splitter.widget(0)
    assert isinstance(left, QScrollArea)
    left.setFocus()
    qtbot.wait(20)
    window.form.subject_id.setFocus()
    qtbot.wait(20)
    assert window.splitter.count() == 2


def test_enter_in_the_class_dialog_confirms_the_ticked_class_instead_of_unticking_it(qtbot, window):
    """Space ticks a class; Enter is the dialog's action (OK). The list used to take Enter as
    "activate" and untick the class just ticked, leaving the dialog open."""
    choices = window.form.exposures.class_choices
    dialog = exposures_module.ClassDialog(window, "newmab", choices)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert ok.isDefault() or ok.autoDefault()
    dialog.list.setFocus()
    qtbot.keyClick(dialog.list, Qt.Key.Key_Return)            # nothing ticked: Enter does nothing
    assert dialog.isVisible() and dialog.chosen() == []
    dialog.list.setCurrentRow(dialog.list.count() - 1)
    qtbot.keyClick(dialog.list, Qt.Key.Key_Space)
    chosen = dialog.chosen()
    assert len(chosen) == 1
    qtbot.keyClick(dialog.list, Qt.Key.Key_Return)
    assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.chosen() == chosen
