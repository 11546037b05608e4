"""The result tables never scroll sideways and never cut a date (issue 15 item 6).

Item 6: "every input and the result visible without horizontal scrolling at 1366×768 and
usable at 1280×720"; and (the lead's decision) at 1024×768 too the result tables do not scroll
sideways: sentence columns wrap, date columns keep their full date, the results panel gives
way (the form keeps its width). Checked in English and Simplified Chinese, on a case whose
washout fails (so the findings show earliest clearing dates) with eligibility values (each
with its measurement date).
"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QStyle, QTableView

from infusecalc.core.case import parse_case

from .test_fits_screens import _full_case, _inside, _settle, _wrapped_height, back_to_english, clipped_cells  # noqa: F401

pytestmark = pytest.mark.gui

SIZES = [(1024, 768), (1280, 720), (1366, 768)]


def _failing_case() -> dict:
    data = _full_case()
    data["exposures"][0]["last_date"] = "2026-12-06"    # daunorubicin inside its 7-day window
    data["exposures"][1]["last_date"] = "2026-12-08"    # dexamethasone inside its 3-day window
    return data


def _result_tables(window) -> list[QTableView]:
    return [t for t in window.results.findChildren(QTableView) if t.isVisible()]


def _date_columns(table: QTableView) -> list[int]:
    """Columns whose every filled cell starts with an ISO date (the weekday follows it)."""
    import re

    out = []
    for c in range(table.model().columnCount()):
        texts = [str(table.model().index(r, c).data() or "") for r in range(table.model().rowCount())]
        dated = [t for t in texts if re.match(r"\d{4}-\d{2}-\d{2}", t)]
        if dated and all(re.match(r"\d{4}-\d{2}-\d{2}", t) or t == "—" for t in texts):
            out.append(c)
    return out


def _cut_dates(table: QTableView, with_weekday: bool = True) -> list[str]:
    """Date cells whose date (with ``with_weekday`` also its weekday) does not fit its column
    on one line."""
    margin = 2 * (table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table) + 1)
    out = []
    for c in _date_columns(table):
        for r in range(table.model().rowCount()):
            index = table.model().index(r, c)
            text = str(index.data() or "")
            if text[:1].isdigit():
                text = text if with_weekday else text[:10]
                item = table.item(r, c)
                fm = item.fontMetrics() if hasattr(item, "fontMetrics") else table.fontMetrics()
                needed = fm.horizontalAdvance(text)
                if table.columnWidth(c) - margin < needed:
                    out.append(f"{text!r} needs {needed} px in a {table.columnWidth(c) - margin} px column")
    return out


def _words_cut(table: QTableView) -> list[str]:
    """Cells whose row is lower than their text needs when a word wider than the column is
    broken across lines (Qt's own delegate cut such a word instead: "0.917" read "0.91")."""
    margin = 2 * (table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table) + 1)
    out = []
    for r in range(table.rowCount()):
        for c in range(table.columnCount()):
            item = table.item(r, c)
            if item is not None and item.text():
                needed, _inside_word = _wrapped_height(item.text(), item.font(), table.columnWidth(c) - margin)
                if table.rowHeight(r) < needed:
                    out.append(f"{item.text()!r} needs {needed} px in a {table.rowHeight(r)} px row")
    return out


def _sideways(table: QTableView) -> list[str]:
    header = table.horizontalHeader()
    problems = []
    if table.horizontalScrollBar().maximum() > 0:
        problems.append(f"scroll bar range {table.horizontalScrollBar().maximum()}")
    if header.length() > table.viewport().width():
        problems.append(f"columns {header.length()} px in a {table.viewport().width()} px table")
    return problems


@pytest.mark.parametrize("language", ["en", "zh_CN"])
@pytest.mark.parametrize("size", SIZES)
def test_result_tables_fit_without_sideways_scrolling(qtbot, window, back_to_english, language, size):
    from infusecalc.i18n import qt as i18n_qt

    if language != "en":
        i18n_qt.install(language, QApplication.instance())
    window.load_case(parse_case(_failing_case()))
    _settle(qtbot, window, *size)
    tables = _result_tables(window)
    assert window.results.findings in tables and window.results.eligibility_box.table in tables
    findings_dates = _date_columns(window.results.findings)
    assert findings_dates == [4], findings_dates                  # the case fails: dates shown
    assert _date_columns(window.results.eligibility_box.table) == [3]
    qtbot.waitUntil(lambda: all(_sideways(t) == [] for t in tables), timeout=2000)
    qtbot.waitUntil(lambda: all(clipped_cells(t, words_whole=False) == [] for t in tables), timeout=2000)
    assert [p for t in tables for p in _words_cut(t)] == []
    # The date is never cut; its weekday stays on its line too, except in the narrowest
    # pane (1024 pixels, the findings failing) where it may go under the date.
    assert [p for t in tables for p in _cut_dates(t, with_weekday=False)] == []
    if size[0] >= 1280:
        assert [p for t in tables for p in _cut_dates(t)] == []
    # The pane itself gives way without scrolling; the form keeps every input in view.
    right = window.splitter.widget(1)
    assert right.horizontalScrollBar().maximum() == 0
    assert window.splitter.widget(0).horizontalScrollBar().maximum() == 0
    for t in tables:
        assert _inside(t, right)


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_a_narrowed_results_pane_still_fits_its_tables(qtbot, window, back_to_english, language):
    """The splitter moved as far right as the form allows at 1024×768: the tables follow."""
    from infusecalc.i18n import qt as i18n_qt

    if language != "en":
        i18n_qt.install(language, QApplication.instance())
    window.load_case(parse_case(_failing_case()))
    _settle(qtbot, window, 1024, 768)
    window.splitter.setSizes([1024, 0])
    _settle(qtbot, window, 1024, 768)
    tables = _result_tables(window)
    assert window.splitter.sizes()[1] == window.splitter.widget(1).minimumWidth()
    qtbot.waitUntil(lambda: all(_sideways(t) == [] for t in tables), timeout=2000)
    assert [p for t in tables for p in _cut_dates(t, with_weekday=False)] == []
    assert all(clipped_cells(t, words_whole=False) == [] for t in tables)
    assert [p for t in tables for p in _words_cut(t)] == []
