"""A number and its unit stay on one line in the result tables ("window 7 d" read "window 7"
then "d" on the next line; ISMP: a number is written with its unit). Checked with the table's
own wrapping at the column widths the window gives, in English and Chinese."""

from __future__ import annotations

import re

import pytest
from PySide6.QtGui import QTextLayout, QTextOption
from PySide6.QtWidgets import QApplication, QStyle

from infusecalc.core.case import parse_case
from infusecalc.gui.widgets import number_with_unit

from .test_fits_screens import _settle, back_to_english  # noqa: F401
from .test_result_tables_fit import _failing_case

pytestmark = pytest.mark.gui


def test_number_with_unit_joins_only_a_number_and_its_unit():
    assert number_with_unit("4 d before infusion; window 3 d") == "4\u00a0d before infusion; window 3\u00a0d"
    assert number_with_unit("输注前 81 天；洗脱期 14 天") == "输注前 81\u00a0天；洗脱期 14\u00a0天"
    assert number_with_unit("97 % is above 91 %") == "97\u00a0% is above 91\u00a0%"
    # "× ULN" and a space before a number still break
    assert number_with_unit("35 U/L = 0.875 × ULN (40 U/L)") == "35\u00a0U/L = 0.875 × ULN (40\u00a0U/L)"


def _parted(text: str, font, width: int) -> list[str]:
    """Numbers whose unit starts the next line when ``text`` wraps at ``width``."""
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    layout.beginLayout()
    starts = []
    while (line := layout.createLine()).isValid():
        line.setLineWidth(width)
        starts.append(line.textStart())
    layout.endLayout()
    return [text[max(0, s - 6):s + 4] for s in starts[1:]
            if re.match(r"[^\W\d_]|%", text[s:s + 1]) and re.search(r"\d[\s\u00a0]$", text[:s])]


@pytest.mark.parametrize("language", ["en", "zh_CN"])
# (At 1024×768 a sentence column may be narrower than "81 d" itself: it breaks anywhere.)
@pytest.mark.parametrize("size", [(1280, 720), (1366, 768)])
def test_no_number_is_parted_from_its_unit_in_the_result_tables(qtbot, window, back_to_english, language, size):
    if language != "en":
        from infusecalc.i18n import qt as i18n_qt

        i18n_qt.install(language, QApplication.instance())
    window.load_case(parse_case(_failing_case()))
    _settle(qtbot, window, *size)
    qtbot.wait(50)
    parted = []
    for table in (window.results.findings, window.results.eligibility_box.table):
        margin = 2 * (table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table) + 1)
        for r in range(table.rowCount()):
            for c in range(table.columnCount()):
                item = table.item(r, c)
                if item is not None and item.text():
                    parted += _parted(item.text(), item.font(), table.columnWidth(c) - margin)
    assert parted == []
