"""Start-up builds the window's body in steps, yielding to the event loop between them, and
keeps every key typed before the form is on screen (issue 15 item 7). Not timed: the times are
benchmarks/startup.py's."""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QCheckBox, QMessageBox

from infusecalc.gui.background import pending, wait_idle
from infusecalc.gui.main_window import MainWindow

pytestmark = pytest.mark.gui


def _shell(qtbot, tmp_path) -> MainWindow:
    w = MainWindow(settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat), build=False)
    # Closed at the end of the test with what was typed: no question (it would wait for a click)
    w.ask_unsaved = lambda: QMessageBox.StandardButton.Discard  # type: ignore[method-assign]
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def test_the_body_is_built_in_steps_with_the_event_loop_running_between_them(qtbot, tmp_path):
    w = _shell(qtbot, tmp_path)
    beats = []                      # a timer of the event loop: it fires only between steps
    heart = QTimer()
    heart.setInterval(0)
    heart.timeout.connect(lambda: beats.append(len(beats)))
    seen = []                       # (beats so far, form on screen, ready, core work running)
    step = w._build_step

    def counted() -> None:
        seen.append((len(beats), w.form is not None, w.is_ready(), pending()))
        step()

    w._build_step = counted         # the steps call it again by name, through the event loop
    heart.start()
    try:
        with qtbot.waitSignal(w.core_ready, timeout=30000):
            w.start_loading()
            assert w.form is None and w.centralWidget() is w._loading_page
            assert pending() == ["Loading protocol"]   # the protocol is read first, alone
    finally:
        heart.stop()
    assert len(seen) >= 8, seen     # imports, the form's pieces, results, filling, attaching
    counts = [n for n, *_ in seen]
    assert all(b > a for a, b in itertools.pairwise(counts)), counts   # events ran between steps
    # Off screen while built and filled; put on screen whole by the last step; ready (taking
    # input, computing) only after it.
    assert not any(on for _n, on, *_ in seen) and not any(ready for _n, _on, ready, _p in seen)
    # One piece of Python work at a time: no step of the GUI thread ran while the core was
    # loading in the worker (the protocol before them, computing after them).
    assert all(p == [] for *_, p in seen), seen
    qtbot.waitUntil(w.form.isVisible)
    assert w.is_ready() and w.form.group.count() > 0
    assert w.centralWidget() is w.splitter and pending() == []


def test_keys_typed_while_the_form_is_built_go_into_the_form(qtbot, tmp_path):
    w = _shell(qtbot, tmp_path)
    page = w._loading_page
    assert page is not None and page.text().startswith("Loading the order form")
    typed_midway = []
    step = w._build_step

    def typing_midway() -> None:
        if len(typed_midway) == 3 and w.form is None:   # some steps done, the form not there yet
            qtbot.keyClicks(w.focusWidget(), "-007")
            qtbot.keyClick(w.focusWidget(), "\t")       # Tab: on to the next field, later
        typed_midway.append(w.form is None)
        step()

    w._build_step = typing_midway
    w.start_loading()
    assert w.focusWidget() is page
    qtbot.keyClicks(w.focusWidget(), "0101")            # before any step ran
    assert "kept" in page.text()                        # the window says the keys are kept
    with qtbot.waitSignal(w.core_ready, timeout=30000):
        pass
    wait_idle()
    assert typed_midway[3] is True
    assert w.form.subject_id.text() == "0101-007"
    # Tab moved on from Subject ID to the next field in the tab order (the date of birth's box)
    assert isinstance(w.focusWidget(), QCheckBox) and w.focusWidget() is w.form.date_of_birth.check
    assert w.is_modified()                              # typed, so not mistaken for an empty case
    assert w.session.evaluation is None and "subject_id" in w.session.touched   # an edit, evaluated


def test_a_window_built_at_once_is_complete_before_it_is_shown(qtbot, tmp_path):
    """``build=True`` (tests, screenshots): no steps, no loading page."""
    w = MainWindow(settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    assert w.form is not None and w._loading_page is None and w.centralWidget() is w.splitter
    assert QApplication.instance() is not None


def test_a_protocol_that_cannot_be_read_still_puts_the_form_up_with_the_reason(qtbot, tmp_path, monkeypatch):
    w = _shell(qtbot, tmp_path)
    bad = tmp_path / "broken.toml"
    bad.write_text("this is [not a protocol\n", encoding="utf-8")
    w.protocol_path = str(bad)
    said = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *a: said.append(a[2]))
    w.start_loading()
    qtbot.waitUntil(lambda: w.form is not None and w._build is None and bool(said), timeout=30000)
    wait_idle()
    assert "cannot compute without its protocol" in said[0]
    assert "could not be loaded" in w.results.banner_text.text() + w.results.banner_reasons.text()
    assert not w.is_ready() and w.centralWidget() is w.splitter


def test_a_window_module_the_worker_cannot_import_is_not_taken_for_the_protocols_failure(
        qtbot, tmp_path, monkeypatch, caplog):
    """The loader's worker imports the window's modules while the protocol is read; if one of
    them fails there, the protocol is still in and the GUI thread imports (and reports) it."""
    from infusecalc.gui import main_window

    monkeypatch.setattr(main_window, "_BODY_MODULES", (".no_such_module_here",))
    w = _shell(qtbot, tmp_path)
    steps = []
    monkeypatch.setattr(w, "_body_steps", lambda: iter(steps.append(1) or ()))   # no body
    failed = []
    w.start_loading()
    w._loader.failed.connect(failed.append)
    with qtbot.waitSignal(w._loader.protocol_loaded, timeout=30000):
        pass
    assert failed == [] and w._protocol is not None and steps == [1]
    assert "preloading the window's modules" in caplog.text
