"""Dates and routes in plain sight at 1366x768, in English and Chinese (issue 15, item 3)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from infusecalc.core.case import parse_case

pytestmark = pytest.mark.gui
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "issue-example.json"


@pytest.fixture
def back_to_english(qtbot):
    yield
    from infusecalc.i18n import qt as i18n_qt
    from PySide6.QtWidgets import QApplication

    i18n_qt.install("en", QApplication.instance())


def _not_cleared(window) -> None:
    data = json.loads(EXAMPLE.read_text())
    data["exposures"][0]["last_date"] = "2026-12-05"     # daunorubicin: fails, a later date is given
    window.load_case(parse_case(data))


def _date_fits(qtbot, window) -> None:
    table = window.results.findings
    header = table.horizontalHeader()
    qtbot.waitUntil(lambda: table.isVisible())
    fails = [i for i, f in enumerate(window.evaluation().washout.findings) if f.status == "fail"]
    assert fails

    def cut() -> list[tuple[int, str, int, int]]:
        out = []
        for row in fails:
            for col in (2, 4):      # the result and the earliest clearing date: never cut
                text = table.item(row, col).text()
                needed = table.fontMetrics().horizontalAdvance(text)
                if header.sectionSize(col) < needed:
                    out.append((col, text, header.sectionSize(col), needed))
        return out

    # Columns are refitted on the next turn of the event loop after the text changes.
    qtbot.waitUntil(lambda: cut() == [], timeout=2000)
    # Every column is inside the table: nothing hidden to the right.
    assert header.length() <= table.viewport().width() + 1
    right = window.results.parentWidget().parentWidget()
    assert right.horizontalScrollBar().maximum() == 0


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_earliest_dates_are_whole_and_stated_under_the_banner_at_1366x768(
        qtbot, window, back_to_english, language):
    from infusecalc.i18n import qt as i18n_qt
    from PySide6.QtWidgets import QApplication

    window.resize(1366, 768)
    _not_cleared(window)
    if language != "en":
        i18n_qt.install(language, QApplication.instance())
        qtbot.wait(50)
    ev = window.evaluation()
    earliest = ev.washout.earliest_infusion_date
    assert earliest is not None and not ev.cleared
    line = window.results.timeline
    assert line.isVisible() and earliest.isoformat() in line.text()
    assert ev.infusion_date.isoformat() in line.text()
    _date_fits(qtbot, window)


def test_column_widths_follow_a_switch_back_from_chinese(qtbot, window, back_to_english):
    from infusecalc.i18n import qt as i18n_qt
    from PySide6.QtWidgets import QApplication

    window.resize(1366, 768)
    _not_cleared(window)
    qtbot.wait(50)              # the columns are refitted on the next turn of the event loop
    header = window.results.findings.horizontalHeader()
    english = header.sectionSize(4)
    i18n_qt.install("zh_CN", QApplication.instance())
    qtbot.wait(50)
    i18n_qt.install("en", QApplication.instance())
    qtbot.wait(50)
    assert header.sectionSize(4) == english
    _date_fits(qtbot, window)


def test_routes_are_whole_words_grouped_systemic_and_local(qtbot, window):
    from infusecalc.core.protocol import default_protocol

    settings = default_protocol().protocol.site_settings
    window.resize(1366, 768)
    row = window.form.exposures.add_row()
    combo = row.route
    texts = [combo.itemText(i) for i in range(combo.count())]
    codes = [combo.itemData(i) for i in range(combo.count())]
    systemic_at, local_at = texts.index("Systemic"), texts.index("Local (not counted)")
    assert codes[systemic_at] is None and codes[local_at] is None          # headers, not values
    assert not combo.model().item(systemic_at).isEnabled()
    listed_systemic = [c for c in codes[systemic_at + 1:local_at] if c]
    listed_local = [c for c in codes[local_at + 1:] if c]
    assert listed_systemic == list(settings.systemic_routes)
    assert listed_local == list(settings.local_routes)
    for code in ("intramuscular", "intra-articular"):
        combo.setCurrentIndex(combo.findData(code))
        assert combo.currentText() == code                               # the whole word
        needed = combo.fontMetrics().horizontalAdvance(code)
        assert combo.width() >= needed + 20 or combo.minimumWidth() >= needed + 20


def test_the_splitter_is_remembered(qtbot, tmp_path):
    from PySide6.QtCore import QSettings

    from infusecalc.gui.main_window import MainWindow

    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    first = MainWindow(settings=settings)
    qtbot.addWidget(first)
    first.resize(1280, 720)
    first.show()
    qtbot.waitExposed(first)
    first.splitter.setSizes([800, 480])
    first.splitter.splitterMoved.emit(800, 1)
    sizes = first.splitter.sizes()
    second = MainWindow(settings=settings)
    qtbot.addWidget(second)
    second.resize(1280, 720)
    second.show()
    qtbot.waitExposed(second)
    assert second.splitter.sizes() == sizes


def test_usable_at_1280x720(qtbot, window):
    """Every input and the result side by side at 1280x720: nothing needs sideways scrolling."""
    window.resize(1280, 720)
    qtbot.wait(50)
    left = window.form.parentWidget().parentWidget()
    right = window.results.parentWidget().parentWidget()
    assert left.width() >= left.minimumWidth() and right.width() >= right.minimumWidth()
    assert left.horizontalScrollBar().maximum() == 0
