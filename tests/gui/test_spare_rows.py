"""Exposure rows built ahead of need: hidden while they wait, then taken by the next case whole
(visible, in the grid, in the tab order, in the window's language), and built again after."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from infusecalc.core.case import parse_case
from infusecalc.i18n import qt as i18n_qt

pytestmark = pytest.mark.gui

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "issue-example.json"


def full_pool(qtbot, window) -> list:
    table = window.form.exposures
    qtbot.waitUntil(lambda: len(table._spares) == table.SPARE_ROWS, timeout=5000)
    return list(table._spares)


def test_spare_rows_wait_unseen_and_the_next_case_takes_them_whole(qtbot, window):
    spares = full_pool(qtbot, window)
    assert not any(w.isVisible() for row in spares for w in row.widgets())
    case = parse_case(json.loads(EXAMPLE.read_text(encoding="utf-8")))
    window.load_case(case)
    rows = window.form.exposures.rows
    assert rows == spares[:len(case.exposures)]          # the waiting rows, not new ones
    qtbot.waitUntil(lambda: all(r.agent.isVisible() for r in rows))
    for row, exposure in zip(rows, case.exposures, strict=True):
        assert row.agent.text() == exposure.agent
        assert all(w.isVisible() for w in (row.agent, row.first_date, row.last_date, row.route,
                                            row.remove, row.actions, row.note))
        assert not row.error.isVisible()                  # no message: its label stays hidden
    tops = [r.agent.mapTo(window, r.agent.rect().topLeft()).y() for r in rows]
    assert tops == sorted(tops) and len(set(tops)) == len(tops)   # one under the other, in the grid
    # In the form's tab order, as a row built on the spot is.
    inputs = window.form.inputs()
    assert [w for w in inputs if any(w is i for r in rows for i in r.inputs())] == \
        [i for r in rows for i in r.inputs()]
    assert rows[0].agent.nextInFocusChain() is rows[0].first_date.check
    # The computed result is the one of the case as loaded.
    assert window.evaluation() is not None and window.evaluation().dose is not None
    # Used rows are built again later, for the next case.
    again = full_pool(qtbot, window)
    assert not any(r in rows for r in again)


def test_a_spare_taken_after_a_language_switch_speaks_the_new_language(qtbot, window):
    spares = full_pool(qtbot, window)
    app = QApplication.instance()
    i18n_qt.install("zh_CN", app)
    try:
        qtbot.keyClick(window.form.exposures.add_button, Qt.Key.Key_Space)
        row = window.form.exposures.rows[-1]
        assert row is spares[0]
        assert row.remove.text() != "Remove" and not row.remove.text().isascii()
        assert row.route.isVisible() and row.agent.hasFocus()
    finally:
        i18n_qt.install("en", app)
    qtbot.waitUntil(lambda: row.remove.text() == "Remove")   # and back, as every row


def test_a_case_with_more_exposures_than_spares_builds_the_rest(qtbot, window):
    spares = full_pool(qtbot, window)
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    extra = len(spares) + 2
    data["exposures"] = [dict(data["exposures"][0]) for _ in range(extra)]
    window.load_case(parse_case(data))
    rows = window.form.exposures.rows
    assert len(rows) == extra and rows[:len(spares)] == spares
    qtbot.waitUntil(lambda: all(r.agent.isVisible() for r in rows))
    assert [r.agent.text() for r in rows] == [data["exposures"][0]["agent"]] * extra
