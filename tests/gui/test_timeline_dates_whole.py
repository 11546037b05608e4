"""The line under the banner never splits a date from its weekday (issue 15 item 3: "one line
under the banner with the earliest infusion date (and consent date ...)"). In Chinese the
line wrapped between "2026-12-13" and "（周日）"; a reader then takes the next line's weekday
for the start of a new phrase. Checked in Chinese and English at 1024×768 and 1366×768,
with the label's own font, width and wrapping, and over every width the line may be given."""

from __future__ import annotations

import re

import pytest
from PySide6.QtGui import QTextLayout, QTextOption
from PySide6.QtWidgets import QApplication

from infusecalc.core.case import parse_case

from ..core.helpers import base_case
from .test_fits_screens import _settle, back_to_english  # noqa: F401

pytestmark = pytest.mark.gui

# A date and the weekday after it, whatever joins them (a space, no space, a joiner).
_DATED = re.compile(r"(\d{4}-\d{2}-\d{2})[\s\u00a0\u2060]*([（(][^）)]+[）)])")


def _line_of(layout: QTextLayout, position: int) -> int:
    for i in range(layout.lineCount()):
        line = layout.lineAt(i)
        if line.textStart() <= position < line.textStart() + line.textLength():
            return i
    raise AssertionError(position)


def split_dates(text: str, font, width: int) -> list[str]:
    """Dates whose weekday starts on another line when ``text`` is wrapped at ``width`` as a
    word-wrapping QLabel wraps it (at line-break opportunities, Unicode UAX #14)."""
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    layout.setTextOption(option)
    layout.beginLayout()
    while (line := layout.createLine()).isValid():
        line.setLineWidth(width)
    layout.endLayout()
    return [m.group(0) for m in _DATED.finditer(text)
            if _line_of(layout, m.start(1)) != _line_of(layout, m.end(2) - 1)]


def _consent_and_infusion_failing(window) -> None:
    window.load_case(parse_case(base_case(exposures=[{"agent": "vaccine", "last_date": "2026-11-10"},
                                                     {"agent": "daunorubicin", "last_date": "2026-12-05"}])))


@pytest.mark.parametrize("language", ["zh_CN", "en"])
@pytest.mark.parametrize("size", [(1024, 768), (1366, 768)])
def test_no_date_is_parted_from_its_weekday_under_the_banner(qtbot, window, back_to_english, language, size):
    from infusecalc.i18n import qt as i18n_qt

    if language != "en":
        i18n_qt.install(language, QApplication.instance())
    _consent_and_infusion_failing(window)
    _settle(qtbot, window, *size)
    label = window.results.timeline
    assert label.isVisible() and label.wordWrap()
    text = label.text()
    dated = _DATED.findall(text)
    assert len(dated) == 4, text          # earliest and planned infusion, earliest and signed consent
    width = label.contentsRect().width()
    # As the window lays it out now ...
    assert split_dates(text, label.font(), width) == []
    # ... and at any width the pane may give it (a splitter drag, a smaller screen), down to
    # the narrowest that still holds a date and its weekday.
    narrowest = max(label.fontMetrics().horizontalAdvance(m.group(0)) for m in _DATED.finditer(text)) + 2
    for w in range(narrowest, width + 1, 3):
        assert split_dates(text, label.font(), w) == [], w
    # The label is as high as its lines: nothing drawn below its bottom edge.
    assert label.height() >= label.heightForWidth(label.width())


def test_the_join_is_not_a_visible_character(qtbot, window, back_to_english):
    """Joined, the date reads and measures as before: the Chinese join has no width, the
    English one is a (non-breaking) space."""
    from infusecalc.i18n import qt as i18n_qt

    i18n_qt.install("zh_CN", QApplication.instance())
    _consent_and_infusion_failing(window)
    label = window.results.timeline
    fm = label.fontMetrics()
    joined = _DATED.search(label.text()).group(0)
    assert "\u2060" in joined
    assert fm.horizontalAdvance(joined) == fm.horizontalAdvance(joined.replace("\u2060", ""))
