"""Errors sit beside the field that caused them; the sheet waits for acknowledgements."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from infusecalc.core.case import parse_case
from infusecalc.core.errors import InputError
from infusecalc.core.evaluate import evaluate

from .conftest import tick, type_agent, type_order, wait_result

pytestmark = pytest.mark.gui


def core_problems(window) -> list:
    try:
        evaluate(parse_case(window.current_data()))
    except InputError as exc:
        return exc.problems
    return []


def test_a_bad_weight_shows_the_cores_message_beside_the_field_and_blocks_the_sheet(qtbot, window):
    type_order(qtbot, window, weight="40")
    wait_result(qtbot, window)
    assert all(a.isEnabled() for a in window.sheet_actions)

    window.form.weight.selectAll()
    qtbot.keyClicks(window.form.weight, "0")
    wait_result(qtbot, window)
    problems = core_problems(window)
    assert [p.field for p in problems] == ["weight"]
    label = window.form.error_label_for("weight")
    assert label.isVisible()
    assert label.message() == problems[0].message
    # Beside the weight field: the same row holder as the weight input.
    assert label.parentWidget() is window.form.weight.parentWidget()
    assert window.evaluation() is None
    assert not any(a.isEnabled() for a in window.sheet_actions)
    assert "NOT CLEARED" in window.results.banner_text.text()
    # Fixing it clears the message and the sheet comes back.
    window.form.weight.selectAll()
    qtbot.keyClicks(window.form.weight, "41")
    wait_result(qtbot, window)
    assert not label.isVisible()
    assert all(a.isEnabled() for a in window.sheet_actions)


def test_an_exposure_error_is_shown_on_its_own_row(qtbot, window):
    type_order(qtbot, window)
    f = window.form
    for _ in range(2):
        qtbot.mouseClick(f.exposures.add_button, Qt.MouseButton.LeftButton)
    second = f.exposures.rows[1]
    type_agent(qtbot, second, "dexamethasone")
    tick(qtbot, second.last_date.check)
    wait_result(qtbot, window)
    # The first row is empty (left out of the case), so the case's exposure 0 is row 2.
    fields = {p.field for p in core_problems(window)}
    assert "exposures.0.route" in fields
    assert second.daily_dose.isEnabled() and second.route.isEnabled()   # the formulary asks for them
    assert "route" in second.error.message()
    assert not f.exposures.rows[0].error.isVisible()


def test_a_soft_warning_must_be_acknowledged_before_the_sheet(qtbot, window):
    type_order(qtbot, window, weight="20")     # below the usual range of Group B
    wait_result(qtbot, window)
    ev = window.evaluation()
    codes = [w.code for w in ev.unacknowledged]
    assert codes and not ev.cleared
    assert not any(a.isEnabled() for a in window.sheet_actions)
    box = window.results.warning_checkbox(codes[0])
    assert box is not None and box.text() == "Acknowledge"
    tick(qtbot, box)
    wait_result(qtbot, window)
    assert window.current_data()["acknowledged_warnings"] == codes
    assert window.evaluation().unacknowledged == []
    assert all(a.isEnabled() for a in window.sheet_actions)
    # Cleared, but no label typed yet: amber, never the green of a sheet ready to issue.
    assert window.results.banner_text.text() == "✔ CLEARED — NOT READY TO ISSUE"
    assert "label values" in window.results.banner_reasons.text()
    # Another weight is another warning: the acknowledgement lapses.
    window.form.weight.selectAll()
    qtbot.keyClicks(window.form.weight, "21")
    wait_result(qtbot, window)
    assert window.current_data()["acknowledged_warnings"] == []
    assert not any(a.isEnabled() for a in window.sheet_actions)
    assert not window.results.warning_checkbox(codes[0]).isChecked()


def test_the_banner_says_not_cleared_in_words_for_a_washout_failure(qtbot, window):
    type_order(qtbot, window)
    row = window.form.exposures.add_row()
    type_agent(qtbot, row, "daunorubicin")
    tick(qtbot, row.last_date.check)
    row.last_date.edit.setFocus()
    qtbot.keyClicks(row.last_date.edit, "2026-12-05")
    wait_result(qtbot, window)
    ev = window.evaluation()
    assert not ev.washout.cleared
    assert window.results.banner_text.text().startswith("✖ NOT CLEARED")
    table = window.results.findings
    assert table.rowCount() == len(ev.washout.findings)
    assert table.item(0, 0).text() == "DAUNOrubicin"     # tall-man, from the formulary
    assert "FAIL" in table.item(0, 2).text()
    assert table.item(0, 4).text().startswith(ev.washout.findings[0].earliest_date.isoformat())
