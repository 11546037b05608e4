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


def _ring_drawn_around(ring, widget) -> bool:
    """The ring is shown around ``widget`` and wholly inside the widget it is drawn in (a
    ring outside its parent's rectangle is clipped away by Qt: invisible)."""
    from PySide6.QtCore import QPoint, QRect

    drawn = ring.ring()
    if drawn is None or not drawn.isVisible() or drawn.parentWidget() is None:
        return False
    around = QRect(widget.mapTo(drawn.parentWidget(), QPoint(0, 0)), widget.size())
    return (drawn.parentWidget().rect().contains(drawn.geometry())
            and drawn.geometry().contains(around))


def test_the_focus_is_visible_on_a_tick_box_and_a_combo(qtbot, window):
    from infusecalc.gui.widgets import FocusRing

    ring = FocusRing.install(QApplication.instance())
    window.activateWindow()
    qtbot.waitActive(window)
    for widget in (window.form.age.check, window.form.group):
        widget.setFocus()
        qtbot.waitUntil(lambda w=widget: ring.target() is w)
        assert _ring_drawn_around(ring, widget)
    assert isinstance(window.form.age.check, QCheckBox)


def test_the_focus_ring_is_drawn_whole_around_every_input_of_the_order(qtbot, window):
    """Under a real X server the ring around Group, Dose level and most fields was drawn in a
    holder exactly the field's size, outside its rectangle: clipped away, no focus visible."""
    from infusecalc.gui.widgets import FocusRing

    from .conftest import type_order

    type_order(qtbot, window)
    window.form.exposures.add_row()
    ring = FocusRing.install(QApplication.instance())
    window.activateWindow()
    qtbot.waitActive(window)
    area = window.splitter.widget(0)
    unseen = []
    for widget in window.form.inputs():
        if not widget.isEnabled() or not widget.isVisibleTo(window):
            continue
        widget.setFocus()
        area.ensureWidgetVisible(widget)
        qtbot.waitUntil(lambda w=widget: ring.target() is w)
        if not _ring_drawn_around(ring, widget):
            unseen.append(widget.accessibleName() or widget.objectName() or type(widget).__name__)
    assert unseen == []


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


# -- Enter in every dialog, on the real modal dialogs (issue 15 item 5) ----------------------------

class ModalDriver:
    """Types into each modal dialog as it opens, then presses Enter in the field a person would
    be in; a dialog nobody expected, or one still open after its steps, is closed (rejected)
    after a few seconds so that a regression fails the test instead of hanging it."""

    def __init__(self, qtbot, steps):
        from PySide6.QtCore import QTimer

        self.qtbot, self.steps, self.seen, self.titles = qtbot, list(steps), set(), []
        self.timer = QTimer()
        self.timer.setInterval(20)
        self.timer.timeout.connect(self._tick)
        self.ticks = 0
        self.timer.start()

    def _tick(self) -> None:
        from PySide6.QtTest import QTest

        self.ticks += 1
        modal = QApplication.activeModalWidget()
        if modal is None:
            return
        if id(modal) in self.seen:
            if self.ticks > 250:                    # ~5 s: Enter did not do the dialog's action
                modal.reject()
            return
        self.seen.add(id(modal))
        self.titles.append(modal.windowTitle())
        if not self.steps:
            modal.reject()
            return
        step = self.steps.pop(0)
        last = step(modal)                          # fills the fields, returns where Enter goes
        last.setFocus()
        QTest.keyClick(last, Qt.Key.Key_Return)
        self.ticks = 0

    def stop(self) -> None:
        self.timer.stop()


def _typed(**fields):
    """A step: type into the named line edits (attribute names), Enter in the last one."""
    from PySide6.QtTest import QTest

    def step(dialog):
        edit = None
        for name, text in fields.items():
            edit = getattr(dialog, name)
            edit.clear()
            QTest.keyClicks(edit, text)
        return edit
    return step


def test_reset_password_enter_in_each_dialog_gives_the_temporary_password_and_signs(qtbot, window, store):
    from infusecalc.gui.users_dialog import UsersDialog
    from infusecalc.records.users import change_password

    dialog = UsersDialog(store, window)                        # the real password and sign dialogs
    qtbot.addWidget(dialog)
    dialog.show()
    wait_idle()
    dialog.select_user("wang")
    driver = ModalDriver(qtbot, [_typed(password_edit="temp-pass-4567", repeat_edit="temp-pass-4567"),
                                 _typed(user_edit=ADMIN[0], password_edit=ADMIN[1])])
    try:
        assert dialog.reset_selected() is True
        wait_idle()
    finally:
        driver.stop()
    assert driver.titles == ["Reset password", "Sign"]
    # The temporary password is now wang's: it opens the key to choose a new one.
    change_password(store, "wang", "temp-pass-4567", "wang-own-pass-99")


def test_enter_in_repeat_the_new_password_changes_it(qtbot, window, store):
    from infusecalc.gui.password_dialog import ChangePasswordDialog
    from infusecalc.records.users import change_password

    dialog = ChangePasswordDialog(store, window, user_id="wang")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    for edit, text in ((dialog.current_edit, "wang-pass-123"), (dialog.new_edit, "wang-new-pass-77"),
                       (dialog.repeat_edit, "wang-new-pass-77")):
        edit.setFocus()
        qtbot.keyClicks(edit, text)
    qtbot.keyClick(dialog.repeat_edit, Qt.Key.Key_Return)
    wait_idle()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.changed_to == Credentials("wang", "wang-new-pass-77")
    change_password(store, "wang", "wang-new-pass-77", "wang-third-pass-8")   # the new one is in force


def test_enter_in_the_last_field_of_the_first_administrator_dialog_creates_them(qtbot, window, tmp_path):
    from infusecalc.gui.signing import ensure_first_admin
    from infusecalc.records.store import open_store

    with open_store(tmp_path / "fresh") as empty:
        driver = ModalDriver(qtbot, [_typed(user_edit="chief", name_edit="Chief Pharmacist",
                                            password_edit="chief-pass-123", repeat_edit="chief-pass-123")])
        try:
            assert ensure_first_admin(empty, window) is True
        finally:
            driver.stop()
        assert [(u.user_id, u.role) for u in empty.users()] == [("chief", "admin")]


def test_enter_in_the_sign_dialog_opened_by_a_records_action_signs(qtbot, window):
    from infusecalc.gui.signing import ask_credentials

    driver = ModalDriver(qtbot, [_typed(user_edit="wang", password_edit="wang-pass-123")])
    try:
        assert ask_credentials(window, "Meaning: test") == Credentials("wang", "wang-pass-123")
    finally:
        driver.stop()


def test_enter_on_the_adopt_question_goes_on_to_adopt(qtbot, window):
    """The question's default is the action (Adopt…); the administrator's signature that
    follows is what guards the adoption."""
    pa = window.protocol_actions
    driver = ModalDriver(qtbot, [lambda box: box])             # Enter with nothing typed
    try:
        assert pa._confirm("Adopt protocol", "Adopt amendment 1?") is True
    finally:
        driver.stop()


def test_enter_on_unsaved_changes_saves(qtbot, tmp_path):
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QMessageBox

    from infusecalc.gui.main_window import MainWindow

    w = MainWindow(settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    driver = ModalDriver(qtbot, [lambda box: box])
    try:
        assert w.ask_unsaved() == QMessageBox.StandardButton.Save
    finally:
        driver.stop()


def test_enter_in_the_sheet_field_of_the_verify_window_opens_the_sheet(qtbot, window, store, monkeypatch):
    from infusecalc.gui.verify_window import VerifyWindow

    opened = []
    monkeypatch.setattr(VerifyWindow, "open_sheet", lambda self: opened.append(self.scan_edit.text()))
    vw = VerifyWindow(store)
    qtbot.addWidget(vw)
    vw.show()
    qtbot.waitExposed(vw)
    vw.scan_edit.setFocus()
    qtbot.keyClicks(vw.scan_edit, "S-2026-0001")
    qtbot.keyClick(vw.scan_edit, Qt.Key.Key_Return)
    assert opened == ["S-2026-0001"]
