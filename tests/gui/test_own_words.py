"""Messages in the window's own words (issue 15, item 4): field labels, not case-file keys;
the unit box understood; no internal codes on screen; kg as read, not nine decimals."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from .conftest import type_agent, type_order, wait_result

pytestmark = pytest.mark.gui


@pytest.mark.parametrize("typed, unit, expected", [
    ("42 kg", "kg", "42 kg"), ("42kg", "kg", "42 kg"), ("42", "kg", "42 kg"),
    ("92.6 lb", "", "92.6 lb"), ("42 lb", "kg", "42 lb kg")])
def test_a_unit_typed_as_well_as_chosen_is_understood(typed, unit, expected):
    from infusecalc.gui.order_form import OrderForm

    assert OrderForm.weight_with_unit(typed, unit) == expected


def test_42_kg_typed_with_kg_chosen_computes(qtbot, window):
    type_order(qtbot, window, weight="42 kg", unit="kg")
    wait_result(qtbot, window)
    assert window.evaluation() is not None
    assert window.evaluation().weight.kg == 42
    assert not window.form._errors["weight"].message()


@pytest.mark.parametrize("typed, unit, said", [
    ("42 kg", "lb", "The weight is typed in kg but the unit box says lb"),
    ("42 KG", "kg", "\u201cKG\u201d after the number is not a unit of weight")])
def test_a_unit_typed_against_the_unit_box_is_said_in_the_windows_words(qtbot, window, typed, unit, said):
    """Found under Xvfb: "42 kg" with lb chosen said "'kg lb' is not accepted", a text nobody
    typed (the window had put the two units together)."""
    type_order(qtbot, window, weight=typed, unit=unit)
    wait_result(qtbot, window)
    message = window.form._errors["weight"].message()
    assert said in message
    assert f"{typed.split()[1]} {unit}" not in message and "'" not in message


def test_a_missing_exposure_date_is_named_by_its_label_not_its_key(qtbot, window):
    type_order(qtbot, window)
    row = window.form.exposures.add_row()
    type_agent(qtbot, row, "daunorubicin")
    window.calculate_action.trigger()
    message = row.error.message()
    assert "Exposure 1: Last date" in message and "required" in message
    assert "last_date" not in message and '"' not in message


def test_no_internal_code_is_on_screen_and_the_code_stays_in_the_tooltip(qtbot, window):
    type_order(qtbot, window, weight="20")        # a warning to acknowledge
    wait_result(qtbot, window)
    code = window.evaluation().unacknowledged[0].code
    box = window.results.warning_checkbox(code)
    row = box.parentWidget()
    assert code not in row.message.text() and code not in box.accessibleName()
    assert row.message.toolTip() == code


def test_a_pound_weight_is_shown_to_two_decimals(qtbot, window):
    type_order(qtbot, window, weight="92.6", unit="lb")
    wait_result(qtbot, window)
    ev = window.evaluation()
    assert ev.weight.kg != round(ev.weight.kg, 2)               # nine decimals exactly
    shown = window.results.weight_label.text()
    assert shown == "42 kg (92.6 lb entered)"
    assert str(ev.weight.kg) not in window.results.rate_label.text()
    assert "≈42 kg" in window.results.rate_label.text()
    assert str(ev.weight.kg).rstrip("0") in window.results.weight_label.toolTip()


def test_class_names_are_words_not_ids(qtbot, window, monkeypatch):
    from infusecalc.gui import exposures as exposures_module

    monkeypatch.setattr(exposures_module, "ask_washout_class", lambda *a: ["monoclonal_antibody"])
    row = window.form.exposures.add_row()
    type_agent(qtbot, row, "newmab")
    row.classify.click()
    assert "monoclonal_antibody" not in row.note.text()
    assert "monoclonal antibody" in row.note.text().lower()


def test_the_class_dialog_names_each_class_in_words_and_shows_it_whole(qtbot, window):
    """Found under Xvfb: the English list read "t cell lytic" and "peg asparaginase" (ids with
    spaces), and at 520 pixels "donor lymphocyte infusion: …" was cut, the list scrolling
    sideways."""
    from infusecalc.gui.exposures import ClassDialog

    choices = window.form.exposures.class_choices
    dialog = ClassDialog(window, "newmab", choices)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    texts = [dialog.list.item(i).text() for i in range(dialog.list.count())]
    names = [t.split(":")[0] for t in texts]
    assert "T-cell lytic agent" in names and "PEG-asparaginase" in names
    assert not [n for n in names if "_" in n or n.startswith("t cell")]
    assert dialog.list.horizontalScrollBar().maximum() == 0
    assert dialog.width() <= dialog.screen().availableGeometry().width()
    # Every line drawn whole: as wide as the list, or wrapped within it.
    view = dialog.list.viewport()
    for i in range(dialog.list.count()):
        rect = dialog.list.visualItemRect(dialog.list.item(i))
        assert rect.right() <= view.width(), texts[i]
        needed = dialog.list.fontMetrics().boundingRect(
            rect.adjusted(24, 0, 0, 0), int(Qt.TextFlag.TextWordWrap), texts[i]).height()
        assert rect.height() >= needed, texts[i]


def test_agent_names_offered_while_typing_are_whole(qtbot, window):
    """Found under Xvfb: the completion pop-up was as narrow as the agent box and offered
    "4-demethoxydau…" and "hydroxydaunoru…"."""
    row = window.form.exposures.add_row()
    row.agent.setFocus()
    qtbot.keyClicks(row.agent, "dauno")
    popup = row.agent.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    model = popup.model()
    texts = [str(model.index(i, 0).data()) for i in range(model.rowCount())]
    assert any(t.startswith("4-demethoxydaunorubicin") for t in texts)
    room = popup.viewport().width()
    cut = [t for t in texts if popup.fontMetrics().horizontalAdvance(t) + 8 > room]
    assert cut == []
    qtbot.keyClick(popup, Qt.Key.Key_Escape)


def test_a_radiotherapy_site_is_a_word_not_its_code(qtbot, window):
    """Found under Xvfb: the English site box read "cns", the protocol's code."""
    from infusecalc.core.case import parse_case
    from infusecalc.gui.screenshot import SAMPLE_CASE

    window.load_case(parse_case(SAMPLE_CASE))
    row = window.form.exposures.rows[2]
    assert row.site.currentText() == "CNS"
    assert window.current_data()["exposures"][2]["site"] == "cns"   # the case file keeps the code
    row.site.setCurrentText("cns")                                   # typed as the code: the same
    assert window.current_data()["exposures"][2]["site"] == "cns"


def test_the_class_choices_use_chinese_punctuation_in_chinese(qtbot, window):
    """Found under Xvfb: "抗体偶联药物: 单克隆抗体…, 输注前 28 天" with English colon and comma."""
    from PySide6.QtWidgets import QApplication

    from infusecalc.i18n import qt as i18n_qt

    i18n_qt.install("zh_CN", QApplication.instance())
    try:
        choices = window.form.exposures.class_choices
    finally:
        i18n_qt.install("en", QApplication.instance())
    radiotherapy = dict(choices)["radiotherapy"]
    assert "：" in radiotherapy and "；" in radiotherapy and "，" in radiotherapy
    assert not any(mark in text for _c, text in choices for mark in (": ", ", ", "; "))
    english = dict(window.form.exposures.class_choices)["radiotherapy"]
    assert english.startswith("radiotherapy: ") and "; " in english


def test_121_lb_reads_54_88_kg_on_screen_and_on_the_sheet(qtbot, window):
    type_order(qtbot, window, weight="121", unit="lb")
    wait_result(qtbot, window)
    ev = window.evaluation()
    assert ev.dose.weight_kg_used == Decimal("54.88467677")     # the dose uses every digit
    assert window.results.weight_label.text() == "54.88 kg (121 lb entered)"
    assert "54.88467677" not in window.results.rate_label.text()
    assert "54.88467677" in window.results.weight_label.toolTip()
