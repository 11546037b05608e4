"""The window fits the screens pharmacies have (issue 15, item 6): at 1366x768 every input and
the result are visible without sideways scrolling, in English and Chinese, with a full case
(courses, conditioning, a glucocorticoid route, radiotherapy site, eligibility values); at
1280x720 the form still never scrolls sideways; the splitter cannot squeeze the form into
hiding an input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget

from infusecalc.core.case import parse_case

pytestmark = pytest.mark.gui
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _full_case() -> dict:
    data = json.loads((EXAMPLES / "eligibility-example.json").read_text(encoding="utf-8"))
    data["exposures"] = [
        {"agent": "daunorubicin", "first_date": "2026-11-24", "last_date": "2026-12-01"},
        {"agent": "dexamethasone", "last_date": "2026-12-06", "daily_dose": "10 mg", "route": "intra-articular"},
        {"agent": "radiotherapy", "site": "lung", "last_date": "2026-09-20"},
        {"agent": "fludarabine", "first_date": "2026-12-04", "last_date": "2026-12-06",
         "purpose": "lymphodepletion"},
    ]
    return data


@pytest.fixture
def back_to_english(qtbot):
    yield
    from infusecalc.i18n import qt as i18n_qt

    i18n_qt.install("en", QApplication.instance())


def _areas(window) -> tuple[QScrollArea, QScrollArea]:
    return window.splitter.widget(0), window.splitter.widget(1)


def _inside(widget: QWidget, area: QScrollArea) -> bool:
    """The widget lies wholly within the scroll area's viewport, left to right."""
    left = widget.mapTo(area.viewport(), QPoint(0, 0)).x()
    return left >= 0 and left + widget.width() <= area.viewport().width()


def _settle(qtbot, window, width: int, height: int) -> None:
    window.resize(width, height)
    qtbot.waitUntil(lambda: window.width() == width)
    for _ in range(3):
        QApplication.processEvents()
        qtbot.wait(20)


def _key_inputs(window) -> list[QWidget]:
    f = window.form
    widgets: list[QWidget] = [f.subject_id, f.infusion_date.edit, f.consent_date.edit, f.group, f.dose_level,
                              f.weight, f.weight_unit, f.weight_date.edit, f.concentration,
                              f.container_volume, f.lot, f.bag_ids]
    for row in f.exposures.rows:
        widgets += [row.agent, row.first_date.edit, row.last_date.edit, row.daily_dose, row.route, row.site,
                    row.classify, row.conditioning, row.remove]
    return widgets


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_every_input_and_the_result_fit_1366x768(qtbot, window, back_to_english, language):
    from infusecalc.i18n import qt as i18n_qt

    if language != "en":
        i18n_qt.install(language, QApplication.instance())
    window.load_case(parse_case(_full_case()))
    _settle(qtbot, window, 1366, 768)
    left, right = _areas(window)
    assert len(window.form.exposures.rows) == 4
    assert left.horizontalScrollBar().maximum() == 0
    assert right.horizontalScrollBar().maximum() == 0
    hidden = [w.accessibleName() or w.objectName() or type(w).__name__
              for w in _key_inputs(window) if not _inside(w, left)]
    assert hidden == []
    for w in (window.results.banner, window.results.timeline, window.results.dose_label,
              window.results.volume_label, window.results.findings):
        assert w.isVisible() and _inside(w, right), w.objectName()
    # The route names whole, not clipped: "intra-articular" (local) against "intramuscular".
    route = window.form.exposures.rows[1].route
    assert route.width() >= route.fontMetrics().horizontalAdvance(route.currentText()) + 20


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_the_form_never_scrolls_sideways_at_1280x720(qtbot, window, back_to_english, language):
    from infusecalc.i18n import qt as i18n_qt

    if language != "en":
        i18n_qt.install(language, QApplication.instance())
    window.load_case(parse_case(_full_case()))
    _settle(qtbot, window, 1280, 720)
    left, right = _areas(window)
    assert window.width() == 1280
    assert left.horizontalScrollBar().maximum() == 0
    assert [w for w in _key_inputs(window) if not _inside(w, left)] == []
    assert right.width() >= right.minimumWidth()


def test_the_splitter_cannot_squeeze_the_form_into_sideways_scrolling(qtbot, window):
    window.load_case(parse_case(_full_case()))
    _settle(qtbot, window, 1366, 768)
    left, right = _areas(window)
    window.splitter.setSizes([200, 1166])          # as far left as a drag could go
    qtbot.wait(20)
    assert left.horizontalScrollBar().maximum() == 0
    assert _inside(window.form.weight_unit, left)
    # Moving it the other way gives the results more room and the form keeps its inputs.
    window.splitter.setSizes([900, 466])
    qtbot.wait(20)
    assert window.splitter.sizes()[0] >= 880
    assert right.width() >= right.minimumWidth()


def test_a_new_exposure_row_widens_the_form_minimum_not_the_scroll(qtbot, window):
    """The minimum follows the form: a row whose route needs a wider box (added after the
    window is laid out) still leaves no sideways scrolling."""
    _settle(qtbot, window, 1366, 768)
    left, _right = _areas(window)
    row = window.form.exposures.add_row()
    row.agent.setText("dexamethasone")
    row.route.setCurrentIndex(row.route.findData("intra-articular"))
    for _ in range(3):
        QApplication.processEvents()
        qtbot.wait(20)
    assert left.horizontalScrollBar().maximum() == 0
    assert _inside(row.remove, left) and _inside(row.site, left)


def test_exposure_columns_are_recomputed_on_a_language_switch(qtbot, window, back_to_english):
    from infusecalc.i18n import qt as i18n_qt

    window.load_case(parse_case(_full_case()))
    _settle(qtbot, window, 1366, 768)
    grid = window.form.exposures.grid

    def widths() -> list[int]:
        return [grid.cellRect(0, c).width() for c in range(grid.columnCount())]

    english = widths()
    i18n_qt.install("zh_CN", QApplication.instance())
    _settle(qtbot, window, 1366, 768)
    left, _right = _areas(window)
    assert left.horizontalScrollBar().maximum() == 0
    headers = window.form.exposures.headers
    for label in headers:        # no Chinese heading is cut
        assert label.width() >= label.minimumSizeHint().width()
    i18n_qt.install("en", QApplication.instance())
    _settle(qtbot, window, 1366, 768)
    assert widths() == english


def _wrapped_height(text: str, font, width: int) -> tuple[int, bool]:
    """The height ``text`` needs at ``width``, wrapped as an item view wraps it (at word
    boundaries, inside a word only when one is wider than the line), and whether it had to
    break inside a word."""
    from PySide6.QtGui import QFontMetricsF, QTextLayout, QTextOption

    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    layout.beginLayout()
    lines = 0
    inside = False
    while (line := layout.createLine()).isValid():
        line.setLineWidth(width)
        end = line.textStart() + line.textLength()
        if 0 < end < len(text) and not text[end - 1].isspace() and text[end - 1].isascii() \
                and text[end].isascii() and text[end - 1].isalnum() and text[end].isalnum():
            inside = True
        lines += 1
    layout.endLayout()
    return int(lines * QFontMetricsF(font).lineSpacing() + 0.999), inside


def clipped_cells(table, words_whole: bool = True) -> list[str]:
    """Cells whose text is not wholly visible in its cell (what a "…" or a cut line hides),
    with ``words_whole`` also those that had to break inside a word, and columns reaching past
    the table's viewport."""
    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

    margin = 2 * (table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table) + 1)
    out = []
    header = table.horizontalHeader()
    if header.length() > table.viewport().width() + table.horizontalScrollBar().maximum():
        out.append(f"columns {header.length()} px in a {table.viewport().width()} px table")
    for r in range(table.rowCount()):
        for c in range(table.columnCount()):
            item = table.item(r, c)
            if item is None or not item.text():
                continue
            width = table.columnWidth(c) - margin
            _, inside = _wrapped_height(item.text(), item.font(), width)
            # the height the view's own delegate needs to draw it whole at this width
            option = QStyleOptionViewItem()
            option.initFrom(table.viewport())
            option.font = item.font()
            option.rect = QRect(0, 0, table.columnWidth(c), 100000)
            option.features |= QStyleOptionViewItem.ViewItemFeature.WrapText
            height = table.itemDelegate().sizeHint(option, table.model().index(r, c)).height()
            if height > table.rowHeight(r) or (words_whole and inside):
                out.append(f"{item.text()!r}: {height} high{' broken in a word' if inside else ''} "
                           f"in {width}x{table.rowHeight(r)}")
    return out


@pytest.mark.parametrize("language", ["en", "zh_CN"])
@pytest.mark.parametrize("size", [(1366, 768), (1024, 768)])
def test_no_result_table_cuts_a_word_in_either_language(qtbot, window, back_to_english, language, size):
    """The eligibility table's "Why" (and every other cell) wraps at word boundaries instead of
    ending in "…" or cutting a word."""
    from infusecalc.i18n import qt as i18n_qt

    if language != "en":
        i18n_qt.install(language, QApplication.instance())
    window.load_case(parse_case(_full_case()))
    _settle(qtbot, window, *size)
    tables = (window.results.findings, window.results.eligibility_box.table)
    assert all(t.rowCount() >= 4 for t in tables)
    # At 1024 pixels the results pane is about 320 wide: the sentences then break inside
    # words (tests/gui/test_result_tables_fit.py) rather than scroll sideways.
    whole_words = size[0] >= 1366
    qtbot.waitUntil(lambda: all(clipped_cells(t, whole_words) == [] for t in tables), timeout=2000)
    assert all(t.horizontalScrollBar().maximum() == 0 for t in tables)
    # Nothing pushed out of sight: the results never scroll sideways, the earliest date and
    # the banner are whole in the pane (Chinese at 1024x768 had them off-screen).
    right = window.splitter.widget(1)
    assert right.horizontalScrollBar().maximum() == 0
    for w in (window.results.banner, window.results.findings, window.results.eligibility_box.table):
        assert _inside(w, right), w.objectName()
    # the splitter moved: the rows follow the new widths
    window.splitter.setSizes([size[0] * 2 // 3, size[0] // 3])
    _settle(qtbot, window, *size)
    qtbot.waitUntil(lambda: all(clipped_cells(t, whole_words) == [] for t in tables), timeout=2000)


def test_result_columns_return_to_english_widths_after_chinese(qtbot, window, back_to_english):
    """After a switch back from Chinese no column keeps its Chinese width ("rliest clearing da")."""
    from infusecalc.i18n import qt as i18n_qt

    window.load_case(parse_case(_full_case()))
    _settle(qtbot, window, 1366, 768)
    tables = (window.results.findings, window.results.eligibility_box.table)

    def widths() -> list[list[int]]:
        return [[t.columnWidth(c) for c in range(t.columnCount())] for t in tables]

    qtbot.waitUntil(lambda: all(clipped_cells(t) == [] for t in tables), timeout=2000)
    english = widths()
    for lang in ("zh_CN", "en"):
        i18n_qt.install(lang, QApplication.instance())
        window.retranslateUi()
        _settle(qtbot, window, 1366, 768)
        qtbot.waitUntil(lambda: all(clipped_cells(t) == [] for t in tables), timeout=2000)
        if lang == "zh_CN":
            assert widths() != english
    qtbot.waitUntil(lambda: widths() == english, timeout=2000)


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_route_and_site_names_are_whole_in_their_boxes(qtbot, window, back_to_english, language):
    """"中枢神经系统" (CNS) was cut to "中枢神经系" in the site box; every name is whole."""
    from infusecalc.i18n import qt as i18n_qt

    if language != "en":
        i18n_qt.install(language, QApplication.instance())
    data = _full_case()
    data["exposures"][2]["site"] = "cns"
    data["exposures"][1]["route"] = "intramuscular"
    window.load_case(parse_case(data))
    _settle(qtbot, window, 1366, 768)
    shown = []
    for row in window.form.exposures.rows:
        for combo in (row.route, row.site):
            if combo.currentText():
                edit = combo.lineEdit()
                room = edit.contentsRect().width() - 4      # QLineEdit's own text margin, both sides
                shown.append(combo.currentText())
                assert edit.fontMetrics().horizontalAdvance(combo.currentText()) <= room, combo.currentText()
    assert len(shown) == 2
