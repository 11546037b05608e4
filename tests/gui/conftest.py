"""Fixtures for GUI tests: a real main window, offscreen, with the core loaded and every
modal question answered by a recorder instead of a blocking dialog."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QComboBox, QMessageBox

from infusecalc.gui.main_window import MainWindow

pytestmark = pytest.mark.gui


@dataclass
class Questions:
    """What the window asked, and what the 'user' answers."""

    unsaved_answer: QMessageBox.StandardButton = QMessageBox.StandardButton.Discard
    unsaved_asked: int = 0
    save_with_errors_answer: bool = False
    explained: list[tuple[str, str]] = field(default_factory=list)


@pytest.fixture
def questions() -> Questions:
    return Questions()


@pytest.fixture
def window(qtbot, tmp_path, questions) -> MainWindow:
    QApplication.setKeyboardInputInterval(60)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    w = MainWindow(settings=settings)

    def ask_unsaved() -> QMessageBox.StandardButton:
        questions.unsaved_asked += 1
        return questions.unsaved_answer

    w.ask_unsaved = ask_unsaved  # type: ignore[method-assign]
    w.ask_save_with_errors = lambda problems: questions.save_with_errors_answer  # type: ignore[method-assign]
    w.explain = lambda title, text: questions.explained.append((title, text))  # type: ignore[method-assign]
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.load_core_now()
    return w


def choose(qtbot, combo: QComboBox, text: str) -> None:
    """Pick a combo item by typing its start, as a keyboard user does."""
    # Keyboard search joins key strokes typed within the input interval: let the last
    # search lapse first (the interval is shortened in the window fixture).
    qtbot.wait(QApplication.keyboardInputInterval() + 20)
    combo.setFocus()
    qtbot.keyClicks(combo, text)
    assert combo.currentText().startswith(text), (combo.currentText(), text)


def set_date(qtbot, field: Any, iso: str) -> None:
    if not field.check.isChecked():
        tick(qtbot, field.check)
    field.edit.setFocus()
    qtbot.keyClicks(field.edit, iso)
    assert field.iso() == iso


def type_order(qtbot, w: MainWindow, *, group: str = "B", level: str = "DL1", weight: str = "40",
               unit: str = "kg", age: str = "15", subject: str = "0101-007",
               infusion: str = "2026-12-10", consent: str | None = "2026-11-20") -> None:
    f = w.form
    qtbot.keyClicks(f.subject_id, subject)
    tick(qtbot, f.age.check)
    qtbot.keyClicks(f.age.spin, age)
    if consent:
        set_date(qtbot, f.consent_date, consent)
    set_date(qtbot, f.infusion_date, infusion)
    choose(qtbot, f.group, group)
    choose(qtbot, f.dose_level, level)
    qtbot.keyClicks(f.weight, weight)
    choose(qtbot, f.weight_unit, unit)


def wait_result(qtbot, w: MainWindow) -> None:
    """Wait for the debounced evaluation of the last edit."""
    qtbot.waitUntil(lambda: not w._timer.isActive(), timeout=2000)


def type_agent(qtbot, row: Any, text: str) -> None:
    """Type an agent name; Escape closes the completion pop-up and keeps the text."""
    row.agent.setFocus()
    qtbot.keyClicks(row.agent, text)
    popup = row.agent.completer().popup()
    if popup.isVisible():
        qtbot.keyClick(popup, Qt.Key.Key_Escape)
    assert row.agent.text() == text


def tick(qtbot, box: Any) -> None:
    """Toggle a check box with the keyboard (it may be scrolled out of view)."""
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Space)


def wait_idle() -> None:
    """Wait until every background operation (records calls, scrypt, the core's load) has
    delivered its outcome on the GUI thread (infusecalc.gui.background)."""
    from infusecalc.gui.background import wait_idle as idle

    idle()


@pytest.fixture(autouse=True)
def _no_operation_outlives_its_test():
    """Each test starts and ends with no background operation pending: an outcome never lands
    in the next test's window."""
    wait_idle()
    yield
    wait_idle()


# -- a records database for the window (tests that sign) ---------------------------------------

@pytest.fixture
def cheap_kdf(monkeypatch):
    """Cheap scrypt parameters, as in the records tests (tests/records/conftest.py): asked for by
    the GUI tests that sign (``pytest.mark.usefixtures("cheap_kdf")``), the others are unchanged."""
    from infusecalc.records import passwords

    monkeypatch.setattr(passwords, "_params", passwords.KdfParams(n=2**4, r=1, p=1))


@pytest.fixture
def data_dir(tmp_path):
    return tmp_path / "data"


@pytest.fixture
def people(data_dir, cheap_kdf):
    """An admin and a pharmacist in the temp data folder, and the example case's level (Group B
    DL2) opened by a recorded decision (issue 13); closed again: the window opens its own."""
    from infusecalc.records.store import open_store
    from infusecalc.records.users import Credentials, add_user

    from tests.records.conftest import ADMIN, PHARMACIST, add_ready_user, open_example_level

    with open_store(data_dir) as store:
        add_user(store, ADMIN[0], "admin", ADMIN[1], full_name="Site Admin")
        add_ready_user(store, PHARMACIST[0], "pharmacist", PHARMACIST[1], "Wang Fang",
                       Credentials(*ADMIN))
        open_example_level(store)
    return data_dir
