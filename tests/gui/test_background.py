"""The background-operation helper (infusecalc.gui.background) with a real window: work runs
off the GUI thread, its outcome comes back on it, the triggering action is disabled and the
status bar shows what runs meanwhile, and no failure vanishes."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction

from infusecalc.gui.background import RECORDS, Operation, busy, pending

from .conftest import wait_idle

pytestmark = pytest.mark.gui


def _indicator(window):
    from PySide6.QtWidgets import QLabel, QProgressBar

    return (window.statusBar().findChild(QProgressBar, "busyIndicator"),
            window.statusBar().findChild(QLabel, "busyLabel"))


def test_work_runs_off_the_gui_thread_and_its_result_comes_back_on_it(qtbot, window):
    seen = {}

    def work():
        seen["work"] = threading.current_thread()
        return 42

    def success(value):
        seen["success"] = threading.current_thread()
        seen["value"] = value

    Operation(window, work, what="Counting", success=success).run()
    wait_idle()
    assert seen["value"] == 42
    assert seen["work"] is not threading.main_thread()
    assert seen["success"] is threading.main_thread()


def test_while_it_runs_the_action_is_disabled_and_the_status_bar_says_what_runs(qtbot, window):
    action = QAction("Do it", window)
    release = threading.Event()
    Operation(window, lambda: release.wait(10), what="Opening the records",
              actions=[action]).run()
    bar, label = _indicator(window)
    assert not action.isEnabled() and busy(action)
    assert bar.isVisible() and label.text() == "Opening the records…"
    assert pending() == ["Opening the records"]
    qtbot.wait(50)                      # the window goes on handling events meanwhile
    assert not action.isEnabled()
    release.set()
    wait_idle()
    assert action.isEnabled() and not busy(action)
    assert not bar.isVisible() and not label.isVisible()
    assert pending() == []


def test_an_action_disabled_before_stays_disabled_after(qtbot, window):
    action = QAction("Do it", window)
    action.setEnabled(False)
    Operation(window, lambda: None, actions=[action]).run()
    wait_idle()
    assert not action.isEnabled()


def test_a_failure_nobody_handles_is_shown_in_the_window(qtbot, window, questions):
    def work():
        raise OSError("disk full")

    Operation(window, work, what="Writing the records").run()
    wait_idle()
    ((title, text),) = questions.explained
    assert title == "Writing the records"
    assert "did not finish" in text and "OSError: disk full" in text


def test_a_fault_in_the_outcome_handler_is_shown_too(qtbot, window, questions):
    def success(_value):
        raise KeyError("sheet_id")

    Operation(window, lambda: 1, what="Issuing the signed sheet", success=success).run()
    wait_idle()
    ((title, text),) = questions.explained
    assert title == "Issuing the signed sheet" and "KeyError" in text


def test_a_handled_failure_goes_to_its_handler_only(qtbot, window, questions):
    got = []

    def work():
        raise ValueError("no")

    Operation(window, work, what="x", failure=got.append).run()
    wait_idle()
    assert [type(e) for e in got] == [ValueError] and questions.explained == []


def test_operations_of_one_lane_run_one_at_a_time_in_order(qtbot, window):
    order = []
    first_running = threading.Event()
    release = threading.Event()

    def first():
        first_running.set()
        release.wait(10)
        order.append("first done")

    def second():
        order.append("second started")

    Operation(window, first, lane=RECORDS).run()
    Operation(window, second, lane=RECORDS).run()
    assert first_running.wait(10)
    qtbot.wait(50)
    assert order == []                  # the second waits for the first
    release.set()
    wait_idle()
    assert order == ["first done", "second started"]


def test_an_outcome_after_its_window_closed_is_dropped_not_crashed(qtbot):
    from PySide6.QtWidgets import QMainWindow

    w = QMainWindow()
    got = []
    release = threading.Event()
    Operation(w, lambda: release.wait(10), success=got.append).run()
    w.deleteLater()
    qtbot.waitUntil(lambda: not _alive(w))
    release.set()
    wait_idle()
    assert got == []


def _alive(obj) -> bool:
    from shiboken6 import isValid

    return isValid(obj)


def test_at_start_up_the_records_open_once_the_window_is_quiet(qtbot, window, monkeypatch):
    """Opening the records is background Python work: it waits while the user puts a case in
    (each evaluation restarts the wait), but not for ever."""
    import time

    opened = []
    monkeypatch.setattr(window.records, "open_and_welcome", lambda: opened.append(time.monotonic()))
    started = time.monotonic()
    window.records.open_when_quiet(window.evaluated, quiet_ms=150, latest_ms=100000)
    qtbot.wait(80)
    window.evaluate_now()                    # the user is at work: the wait starts again
    at_last_edit = time.monotonic()
    qtbot.wait(80)
    assert opened == []                      # 160 ms after the start, but 80 after an edit
    qtbot.waitUntil(lambda: opened != [], timeout=5000)
    # (the first wait would have ended 70 ms after the edit; a timer may fire 5 % early)
    assert opened[0] - at_last_edit >= 0.13 and len(opened) == 1
    window.evaluate_now()                    # done with: later edits open nothing again
    qtbot.wait(250)
    assert len(opened) == 1 and opened[0] - started >= 0.15

    # Busy for good: the records open ``latest_ms`` after they were due all the same.
    busy = []
    monkeypatch.setattr(window.records, "open_and_welcome", lambda: busy.append(time.monotonic()))
    started = time.monotonic()
    window.records.open_when_quiet(window.evaluated, quiet_ms=100, latest_ms=300)
    edits = QTimer(window)
    edits.timeout.connect(window.evaluate_now)
    edits.start(20)
    try:
        qtbot.waitUntil(lambda: busy != [], timeout=5000)
    finally:
        edits.stop()
    assert 0.3 <= busy[0] - started < 0.3 + 0.1 + 1.0   # the deadline, then one quiet interval


def test_records_that_cannot_open_leave_the_calculator_working_and_say_why(
        qtbot, window, questions, tmp_path):
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    window.records.set_data_dir(str(not_a_folder))
    window.records.open_and_welcome()            # at start-up: the status bar says it
    wait_idle()
    assert window.records.status_label.text() == "Records unavailable"
    assert questions.explained == []
    window.records.open_users_dialog()           # an action that needs them: told why
    wait_idle()
    title, text = questions.explained[-1]
    assert title == "Records unavailable" and "could not be opened" in text
    assert window.records.users_action.isEnabled()


def test_the_window_loads_its_core_in_the_background_and_is_usable_meanwhile(qtbot, tmp_path):
    from PySide6.QtCore import QSettings

    from infusecalc.gui.main_window import MainWindow

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    w = MainWindow(settings=settings, build=False)
    qtbot.addWidget(w)
    w.show()
    with qtbot.waitSignal(w.core_ready, timeout=30000):
        w.start_loading()
        # Returns at once: the form is built in steps off screen while the core loads
        assert w.form is None and not w.is_ready() and set(pending()) == {"Loading protocol"}
    qtbot.waitUntil(w.form.isVisible)
    assert w.is_ready() and w.form.group.count() > 0 and pending() == []


def test_verify_mode_ends_with_2_when_the_records_cannot_open(qtbot, tmp_path, monkeypatch):
    import argparse

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from infusecalc.gui.app import run

    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    said = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *a: said.append(a[2]))
    hang = QTimer()
    hang.setSingleShot(True)
    hang.timeout.connect(lambda: QApplication.exit(99))   # a hang fails, not waits
    hang.start(30000)
    args = argparse.Namespace(verify_mode=True, data_dir=str(not_a_folder), database=None,
                              ui_lang="en")
    try:
        assert run(args) == 2      # the real event loop, ended by the failed open
    finally:
        hang.stop()
    assert "could not be opened" in said[0]


def test_modules_imported_after_qt_are_not_scanned_for_pyside_features(monkeypatch):
    """PySide reads the source of every module imported after it (to look for its opt-in
    ``__feature__`` syntax); start-up turns the scan off (gui/app.py)."""
    import inspect
    import sys
    import types

    from infusecalc.gui.app import skip_pyside_source_scan

    feature = sys.modules["shibokensupport.feature"]
    # PySide's own scan (an earlier start-up in this session may have turned it off already)
    monkeypatch.setattr(feature, "_mod_uses_pyside",
                        getattr(feature, "infusecalc_scan", feature._mod_uses_pyside))
    read = []
    real = inspect.getsource
    monkeypatch.setattr(inspect, "getsource", lambda obj: read.append(obj) or real(obj))
    module = types.ModuleType("bgop_probe")
    module.__file__ = __file__
    assert feature._mod_uses_pyside(module) is True      # this test file names PySide6
    assert module in read
    skip_pyside_source_scan()
    read.clear()
    assert not feature._mod_uses_pyside(module) and module not in read


def test_while_the_core_loads_the_form_s_own_boxes_are_guarded_against_the_wheel(qtbot, tmp_path):
    """Before the application-wide wheel guard is installed (once the core is in), each combo
    and spin box of the form has its own guard: an unfocused field still ignores the wheel."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from infusecalc.gui.main_window import MainWindow
    from infusecalc.gui.widgets import WheelGuard

    from .test_no_silent_changes import _wheel

    app = QApplication.instance()
    guard = WheelGuard.install(app)
    app.removeEventFilter(guard)           # as at start-up: not application-wide yet
    guard.setProperty("appWide", False)
    try:
        w = MainWindow(settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat),
                       build=False)
        qtbot.addWidget(w)
        w.show()
        w.build_body()
        assert not w.is_ready()
        unit, age = w.form.weight_unit, w.form.age.spin
        unit.setCurrentIndex(1)
        before = (unit.currentIndex(), age.value())
        w.form.subject_id.setFocus()
        _wheel(unit)
        _wheel(age)
        assert (unit.currentIndex(), age.value()) == before
        unit.removeEventFilter(guard)      # unguarded, the same wheel would change it
        _wheel(unit)
        assert unit.currentIndex() != before[0]
    finally:
        WheelGuard.install(app)


def test_work_that_ends_after_the_program_quit_is_logged_not_raised(qtbot, caplog):
    """At quit Qt deletes the operation's object while its work may still be running in the
    worker: the outcome has nobody left to go to, and is logged, not raised in the worker."""
    import logging

    from shiboken6 import delete

    op = Operation(None, lambda: 42, what="Opening the records")
    delete(op)                                     # what the program's end does to it
    with caplog.at_level(logging.INFO, logger="infusecalc.gui.background"):
        op._in_worker()                            # the worker's last step: no exception
    assert "Opening the records ended after the program quit" in caplog.text
