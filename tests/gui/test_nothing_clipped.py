"""Nothing on screen is cut, found by trying the window under a real X server as a pharmacist
and a nurse would (issue 15, item 6: "nothing clipped in Chinese"; item 5: the verify window)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QWidget

from .test_fits_screens import _settle, back_to_english  # noqa: F401 - a fixture

pytestmark = pytest.mark.gui


def _cut_labels(window) -> list[str]:
    """Checklist names drawn shorter than their wrapped text needs (lines cut top and bottom)."""
    cut = []
    for label, _combo in window.form.checklist.items.values():
        need = label.heightForWidth(label.width())
        if label.height() < need:
            cut.append(f"{label.text()!r}: {label.height()} < {need}")
    return cut


@pytest.mark.parametrize("language", ["en", "zh_CN"])
@pytest.mark.parametrize("size", [(1366, 768), (1024, 768)])
def test_every_checklist_name_is_drawn_whole(qtbot, window, back_to_english, language, size):  # noqa: F811
    from infusecalc.i18n import qt as i18n_qt

    if language != "en":
        i18n_qt.install(language, QApplication.instance())
    _settle(qtbot, window, *size)
    labels = [label for label, _c in window.form.checklist.items.values()]
    assert len(labels) > 20
    # Some names need two lines here (not in Chinese at 1366, where every name fits on one):
    # the test would prove nothing otherwise.
    assert (language, size) == ("zh_CN", (1366, 768)) or any(label.heightForWidth(label.width()) > label.fontMetrics().lineSpacing() * 1.5
               for label in labels)
    assert _cut_labels(window) == []


def test_text_copied_from_the_results_reads_as_typed(qtbot, window, back_to_english):  # noqa: F811
    """The date line under the banner keeps a Chinese weekday on its line with invisible word
    joiners (U+2060): under X11 a selection copied with Ctrl+C or the mouse kept them, and
    "2026-12-13（周日）" pasted into a search did not find the date typed."""
    from PySide6.QtCore import Qt

    from infusecalc.core.case import parse_case
    from infusecalc.gui.screenshot import SAMPLE_CASE
    from infusecalc.i18n import qt as i18n_qt

    i18n_qt.install("zh_CN", QApplication.instance())
    window.load_case(parse_case(SAMPLE_CASE))
    line = window.results.timeline
    qtbot.waitUntil(line.isVisible)
    assert "\u2060" in line.text()          # kept together on screen
    line.setFocus()
    line.setSelection(0, len(line.text()))
    QApplication.clipboard().clear()
    qtbot.keyClick(line, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: QApplication.clipboard().text() != "")
    copied = QApplication.clipboard().text()
    assert "\u2060" not in copied and "\u00a0" not in copied
    assert "2026-12-13（周日）" in copied


def _message_room(window) -> int:
    """The width the status bar leaves its message, left of the widgets it keeps."""
    bar = window.statusBar()
    kept = [w for w in bar.findChildren(QWidget) if w.isVisible() and w.parentWidget() is bar
            and w.x() > 0]
    return min([w.x() for w in kept] + [bar.width()])


@pytest.mark.parametrize("width", [1366, 1280, 1024])
def test_a_status_bar_message_is_not_cut(qtbot, window, width, tmp_path):
    """Under X11 at 1366 pixels "Signed sheet IC-54QH-GFME written to /tmp/walk/home/dose-she"
    was all the status bar showed: the records' path and the protocol took the rest."""
    window.records._update_status()
    window.statusBar().clearMessage()     # "Protocol loaded." for 3 s
    _settle(qtbot, window, width, 768)
    records = window.records.status_label
    assert records.isVisible() and records.text()
    message = "Dose sheet written to /home/pharmacy/dose-sheet-0101-007.pdf"
    window.statusBar().showMessage(message, 8000)
    _settle(qtbot, window, width, 768)
    assert not records.isVisible() and not window.protocol_label.isVisible()
    need = window.statusBar().fontMetrics().horizontalAdvance(message)
    assert need <= _message_room(window)
    window.statusBar().clearMessage()
    qtbot.waitUntil(lambda: records.isVisible() and window.protocol_label.isVisible())


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_a_column_title_wider_than_its_column_wraps_instead_of_being_cut(qtbot, window, back_to_english,  # noqa: F811
                                                                         language):
    """At 1024x768 the findings' date column read "arliest clearing dat": its title, centred on
    one line, was cut at both ends. Each title of a column kept whole (a result, a date) is
    drawn wrapped, on as many lines as it needs, and the header is as tall as those lines."""
    from PySide6.QtCore import QRect, Qt

    from infusecalc.core.case import parse_case
    from infusecalc.i18n import qt as i18n_qt

    from .test_fits_screens import _full_case

    if language != "en":
        i18n_qt.install(language, QApplication.instance())
    window.load_case(parse_case(_full_case()))
    _settle(qtbot, window, 1024, 768)
    table = window.results.findings
    header = table.horizontalHeader()
    fm = header.fontMetrics()
    flags = int(Qt.AlignmentFlag.AlignCenter) | int(Qt.TextFlag.TextWordWrap)

    def cut() -> list[str]:
        out = []
        for col in (2, 4):            # the result and the earliest clearing date, kept whole
            title = str(table.model().headerData(col, Qt.Orientation.Horizontal))
            room = header.sectionSize(col) - 8
            box = fm.boundingRect(QRect(0, 0, room, 10000), flags, title)
            # (a word wider than a column squeezed below it is the narrowest pane's compromise,
            # as in the cells; the lines, though, are all there)
            if box.height() > header.height():
                out.append(f"{title!r}: {box.width()}x{box.height()} in {room}x{header.height()}")
        return out

    qtbot.waitUntil(lambda: cut() == [], timeout=2000)
