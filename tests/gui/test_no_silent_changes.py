"""Nothing changes a clinical value behind the user's back: a stray mouse wheel, a group
switch, a new case, a dose that changes without being seen (issue 15, item 1)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from infusecalc.core.case import parse_case

from .conftest import choose, set_date, tick, type_agent, type_order, wait_result

pytestmark = pytest.mark.gui


def _wheel(widget, notches: int = -1) -> None:
    """One real wheel event over the middle of ``widget``, delivered as Qt delivers it."""
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(centre, QPointF(widget.mapToGlobal(centre.toPoint())), QPoint(0, 0),
                        QPoint(0, 120 * notches), Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


def _route_row(qtbot, window):
    row = window.form.exposures.add_row()
    type_agent(qtbot, row, "dexamethasone")
    wait_result(qtbot, window)
    assert row.route.isEnabled()
    return row


def _inputs(qtbot, window) -> dict:
    """Every kind of input that a wheel could change, each holding a value."""
    f = window.form
    type_order(qtbot, window, group="B", level="DL2", weight="42", unit="kg", age="15")
    wait_result(qtbot, window)
    row = _route_row(qtbot, window)
    set_date(qtbot, row.last_date, "2026-11-01")
    qtbot.keyClicks(row.daily_dose, "10")
    row.route.setCurrentIndex(row.route.findData("oral"))
    window.activateWindow()      # the agent's completion pop-up had been the active window
    qtbot.waitActive(window)
    return {"group combo": f.group, "dose level combo": f.dose_level, "unit combo": f.weight_unit,
            "age spin box": f.age.spin, "date field": f.infusion_date.edit,
            "editable route combo": row.route, "route line edit": row.route.lineEdit()}


def _value(w):
    from PySide6.QtWidgets import QComboBox, QDateEdit, QLineEdit, QSpinBox

    if isinstance(w, QLineEdit):
        w = w.parent()
    if isinstance(w, QComboBox):
        return w.currentIndex(), w.currentText()
    if isinstance(w, QDateEdit):
        return w.date().toString("yyyy-MM-dd")
    assert isinstance(w, QSpinBox)
    return w.value()


def test_the_wheel_over_an_unfocused_field_changes_nothing(qtbot, window):
    inputs = _inputs(qtbot, window)
    window.form.subject_id.setFocus()
    qtbot.waitUntil(lambda: window.form.subject_id.hasFocus())
    before_dose = window.evaluation().dose.cells
    for name, w in inputs.items():
        before = _value(w)
        for notches in (-1, 1, -3):
            _wheel(w, notches)
        assert _value(w) == before, name
        assert not w.hasFocus(), name          # the wheel does not take the focus either
    wait_result(qtbot, window)
    assert window.evaluation().dose.cells == before_dose


def test_the_wheel_still_works_in_a_field_that_has_the_focus(qtbot, window):
    f = window.form
    tick(qtbot, f.age.check)
    f.age.spin.setFocus()
    qtbot.waitUntil(lambda: f.age.spin.hasFocus())
    qtbot.keyClicks(f.age.spin, "15")
    _wheel(f.age.spin, 1)
    assert f.age.spin.value() == 16            # a deliberate wheel on the focused box counts


def test_the_wheel_over_an_unfocused_field_scrolls_the_form_instead(qtbot, window):
    window.resize(900, 500)
    scroll = window.form.parentWidget().parentWidget()
    bar = scroll.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(0)
    window.form.subject_id.setFocus()
    _wheel(window.form.group, -2)
    assert bar.value() > 0


def test_switching_group_clears_the_dose_level_and_says_so(qtbot, window):
    f = window.form
    type_order(qtbot, window, group="B", level="DL1")
    wait_result(qtbot, window)
    assert window.evaluation().dose.kind == "per_kg"
    choose(qtbot, f.group, "A")
    wait_result(qtbot, window)
    assert f.dose_level.currentIndex() == -1
    assert "dose_level" not in window.current_data()
    assert window.evaluation() is None                 # never a silent flat dose of Group A
    note = f.dose_level_note.text()
    assert f.dose_level_note.isVisibleTo(f) and "DL1" in note and "B" in note and "A" in note
    assert window.statusBar().currentMessage() == note
    choose(qtbot, f.dose_level, "DL1")
    wait_result(qtbot, window)
    assert not f.dose_level_note.isVisibleTo(f)
    assert window.current_data()["dose_level"] == "DL1"   # chosen again, by the user


def test_new_case_keeps_nothing_of_the_last_one(qtbot, window):
    f = window.form
    type_order(qtbot, window, weight="20", age="15")   # a warning to acknowledge
    wait_result(qtbot, window)
    code = window.evaluation().unacknowledged[0].code
    tick(qtbot, window.results.warning_checkbox(code))
    wait_result(qtbot, window)
    assert window.session.acked == [code]
    window.new_case()
    assert window.session.acked == [] and window.session.touched == set()
    assert window.session.path is None and not window.session.show_all_problems
    assert window.current_data() == {"deescalation_confirmed": False, "exposures": [],
                                     "acknowledged_warnings": []}
    # Ticking Age no longer brings back the last patient's 15.
    tick(qtbot, f.age.check)
    assert f.age.spin.value() == 0
    assert f.dose_level.currentIndex() == -1 and f.weight_unit.currentIndex() == -1
    assert not f.dose_level_note.isVisibleTo(f)
    assert window.records.last_issue is None


def test_a_changed_dose_is_highlighted_for_a_moment(qtbot, window):
    f = window.form
    type_order(qtbot, window, group="B", level="DL1", weight="40")
    wait_result(qtbot, window)
    f.weight.setFocus()
    f.weight.selectAll()
    qtbot.keyClicks(f.weight, "30")
    wait_result(qtbot, window)
    assert window.results.dose_flashing()
    qtbot.waitUntil(lambda: not window.results.dose_flashing(), timeout=4000)
    # An edit that does not change the dose does not flash.
    qtbot.keyClicks(f.subject_id, "x")
    wait_result(qtbot, window)
    assert not window.results.dose_flashing()


def test_opening_a_case_is_not_a_dose_change(qtbot, window):
    from pathlib import Path
    import json

    example = Path(__file__).resolve().parents[2] / "examples" / "issue-example.json"
    type_order(qtbot, window, group="B", level="DL1", weight="40")
    wait_result(qtbot, window)
    window.load_case(parse_case(json.loads(example.read_text())))
    assert not window.results.dose_flashing()


def test_an_age_typed_after_a_click_into_the_box_replaces_its_zero(qtbot, window):
    """Under X11, ticking Age with the mouse and clicking into the box left of its 0 then
    typing 15 gave 150 (refused, but not what was typed)."""
    age = window.form.age
    window.activateWindow()
    qtbot.waitActive(window)
    qtbot.mouseClick(age.check, Qt.MouseButton.LeftButton)
    assert age.is_set() and age.spin.value() == 0
    edit = age.spin.lineEdit()
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton, pos=QPoint(2, edit.height() // 2))
    qtbot.keyClicks(edit, "15")
    assert age.spin.value() == 15
    # A real age is left as it is: a click places the cursor to correct one digit.
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton, pos=QPoint(2, edit.height() // 2))
    assert not edit.hasSelectedText()
