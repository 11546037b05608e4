"""Eligibility values and the investigator's checklist, typed into the real window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from infusecalc.core.case import parse_case

from .conftest import choose, set_date, type_order, wait_result

pytestmark = pytest.mark.gui


def type_lab(qtbot, form, lab: str, value: str, date: str, unit: str | None = None, uln: str | None = None,
             uln_unit: str | None = None) -> None:
    row = form.eligibility.rows[lab]
    row.value.setFocus()
    qtbot.keyClicks(row.value, value)
    if unit:
        choose(qtbot, row.unit.combo, unit)
    if uln:
        row.uln.setFocus()
        qtbot.keyClicks(row.uln, uln)
        if uln_unit:
            choose(qtbot, row.uln_unit.combo, uln_unit)
    set_date(qtbot, row.date, date)


def test_values_typed_in_the_form_reach_the_core_and_results(qtbot, window):
    f = window.form
    type_order(qtbot, window, group="A", level="DL1", weight="70", age="40")
    choose(qtbot, f.eligibility.sex, "male")
    type_lab(qtbot, f, "creatinine", "1", "2026-12-08", unit="mg/dL")
    type_lab(qtbot, f, "alt", "121", "2026-12-08", uln="40")      # U/L is the only unit: shown, not chosen
    type_lab(qtbot, f, "spo2", "97", "2026-12-09")
    wait_result(qtbot, window)
    data = window.current_data()
    assert data["sex"] == "male"
    assert data["labs"]["creatinine"] == {"value": "1 mg/dL", "date": "2026-12-08"}
    assert data["labs"]["alt"] == {"value": "121 U/L", "date": "2026-12-08", "uln": "40 U/L"}
    assert data["labs"]["spo2"] == {"value": "97 %", "date": "2026-12-09"}
    ev = window.evaluation()
    assert not ev.cleared and [x.criterion for x in ev.eligibility.findings] == [
        "creatinine_clearance", "alt", "spo2"]
    table = window.results.eligibility_box.table
    statuses = [table.item(i, 1).text() for i in range(table.rowCount())]
    assert statuses == ["✔ PASS", "✖ FAIL", "✔ PASS"]
    assert "3.025 × ULN" in table.item(1, 4).text()
    assert "(140 - 40 years) × 70 kg / (72 × 1 mg/dL)" in window.results.eligibility_box.formula.text()
    assert "ALT" in window.results.banner_reasons.text()


def test_a_unit_is_never_guessed_and_the_error_names_the_row(qtbot, window):
    f = window.form
    type_order(qtbot, window, group="A", level="DL1", weight="70", age="40")
    choose(qtbot, f.eligibility.sex, "female")
    row = f.eligibility.rows["creatinine"]
    assert row.unit.combo.currentIndex() == -1      # mg/dL or umol/L: the user chooses
    type_lab(qtbot, f, "creatinine", "88", "2026-12-08")
    wait_result(qtbot, window)
    assert window.current_data()["labs"]["creatinine"]["value"] == "88"
    qtbot.waitUntil(lambda: row.error.message() != "", timeout=2000)
    assert "no unit" in row.error.message()


def test_checklist_answers_and_who_attested_round_trip(qtbot, window):
    f = window.form
    type_order(qtbot, window, group="A", level="DL1", weight="70", age="40")
    c = f.checklist
    qtbot.keyClicks(c.attested_by, "Dr Li")
    set_date(qtbot, c.attested_on, "2026-12-08")
    _label, combo = c.items["CD19_CD20_POSITIVE"]
    combo.setFocus()
    combo.setCurrentIndex(combo.findData("not_met"))
    wait_result(qtbot, window)
    data = window.current_data()
    assert data["attestations"] == {"CD19_CD20_POSITIVE": "not_met"}
    assert data["attested_by"] == "Dr Li" and data["attested_on"] == "2026-12-08"
    ev = window.evaluation()
    assert not ev.cleared and ev.eligibility.checklist.not_met == 1
    assert "CD19" in window.results.eligibility_box.checklist.text()
    # Loading the case back shows the same answers and values.
    case = parse_case({**data, "sex": "female",
                       "labs": {"bilirubin": {"value": "1.2 mg/dL", "date": "2026-12-08", "uln": "21 umol/L"}}})
    window.load_case(case)
    assert combo.currentData() == "not_met" and c.attested_by.text() == "Dr Li"
    row = f.eligibility.rows["bilirubin"]
    assert (row.value.text(), row.unit.unit(), row.uln.text(), row.uln_unit.unit()) == ("1.2", "mg/dL", "21", "umol/L")
    assert f.eligibility.sex.currentData() == "female"
    assert window.current_data()["labs"] == {"bilirubin": {"value": "1.2 mg/dL", "date": "2026-12-08",
                                                           "uln": "21 umol/L"}}


def test_the_eligibility_rows_are_in_the_tab_order(qtbot, window):
    f = window.form
    order = f.inputs()
    row = f.eligibility.rows["alt"]
    i = order.index(row.value)
    assert order[i + 1] is row.uln and order[i + 2] is row.date.check
    assert order.index(f.eligibility.sex) < order.index(f.eligibility.rows["creatinine"].value)
    assert order.index(f.checklist.attested_by) < order.index(f.concentration)
    assert order[-1] is f.bag_ids
    f.eligibility.rows["inr"].value.setFocus()
    qtbot.keyClick(f.eligibility.rows["inr"].value, Qt.Key.Key_Tab)
    assert f.eligibility.rows["inr"].uln.hasFocus()
