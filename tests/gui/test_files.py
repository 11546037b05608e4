"""Case files: open/save round-trips exactly; unsaved changes are never dropped silently."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from infusecalc.core.case import parse_case_json

from .conftest import type_order

pytestmark = pytest.mark.gui

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "issue-example.json"


def file_form(text: str) -> dict:
    return parse_case_json(text).model_dump(mode="json", by_alias=True, exclude_none=True)


def test_open_and_save_round_trip_a_case_file_exactly(window, tmp_path):
    original_text = EXAMPLE.read_text(encoding="utf-8")
    original = json.loads(original_text)
    assert window.open_path(str(EXAMPLE))
    assert not window.is_modified()
    assert window.evaluation() is not None
    out = tmp_path / "saved.json"
    assert window.save_to(str(out))
    saved = json.loads(out.read_text(encoding="utf-8"))
    assert saved == file_form(original_text)
    for key, value in original.items():        # every value of the file, unchanged
        if key == "product":
            assert {k: saved[key][k] for k in value} == value
        else:
            assert saved[key] == value, key
    # Saving again, or re-opening and saving, writes the same bytes.
    first = out.read_bytes()
    assert window.open_path(str(out)) and window.save_to(str(out))
    assert out.read_bytes() == first


def test_a_case_with_hand_classes_warnings_and_dob_round_trips(window, tmp_path):
    data = {"subject_id": "0101-020", "group": "A", "date_of_birth": "1980-02-29", "age_years": 46,
            "weight": "92.5 lb", "weight_date": "2026-12-01", "dose_level": "DL-1",
            "deescalation_confirmed": True, "deescalation_reference": "SRC 2026-11",
            "infusion_date": "2026-12-10", "consent_date": "2026-11-20",
            "exposures": [{"agent": "newmab", "class": ["monoclonal_antibody", "t_cell_lytic"],
                           "last_date": "2026-10-01"},
                          {"agent": "Oncaspar", "last_date": "2026-10-02"},
                          {"agent": "prednisolone", "last_date": "2026-12-08", "daily_dose": "20 mg",
                           "route": "po"}],
            "product": {"concentration": "2.5e7 cell/mL", "container_volume": "20 mL",
                        "lot": "L-1", "bag_ids": ["B1", "B2"]},
            "acknowledged_warnings": ["WEIGHT_BELOW_USUAL"]}
    src = tmp_path / "in.json"
    src.write_text(json.dumps(data), encoding="utf-8")
    assert window.open_path(str(src))
    out = tmp_path / "out.json"
    assert window.save_to(str(out))
    assert json.loads(out.read_text(encoding="utf-8")) == file_form(json.dumps(data))


def test_an_invalid_file_is_explained_not_loaded(window, tmp_path, questions):
    bad = tmp_path / "bad.json"
    bad.write_text('{"subject_id": "1", "weigth": "40 kg"}', encoding="utf-8")
    assert not window.open_path(str(bad))
    assert questions.explained and "weigth" in questions.explained[0][1]


def test_an_incomplete_case_is_not_saved_and_nothing_is_lost(qtbot, window, tmp_path, questions):
    qtbot.keyClicks(window.form.subject_id, "0101-099")
    out = tmp_path / "draft.json"
    assert not window.save_to(str(out))
    assert not out.exists()
    assert questions.explained and "infusion_date" in questions.explained[0][1]
    assert window.form.subject_id.text() == "0101-099"
    assert window.is_modified()


def test_a_case_that_parses_but_has_errors_is_saved_only_if_confirmed(qtbot, window, tmp_path, questions):
    type_order(qtbot, window, weight="0")
    out = tmp_path / "errors.json"
    questions.save_with_errors_answer = False
    assert not window.save_to(str(out)) and not out.exists()
    questions.save_with_errors_answer = True
    assert window.save_to(str(out))
    assert json.loads(out.read_text(encoding="utf-8"))["weight"] == "0 kg"


def test_closing_with_unsaved_changes_asks(qtbot, window, questions):
    qtbot.keyClicks(window.form.subject_id, "0101-007")
    assert window.is_modified()
    questions.unsaved_answer = QMessageBox.StandardButton.Cancel
    assert not window.close()
    assert questions.unsaved_asked == 1 and window.isVisible()
    questions.unsaved_answer = QMessageBox.StandardButton.Discard
    assert window.close()
    assert questions.unsaved_asked == 2


def test_new_with_unsaved_changes_asks_and_cancel_keeps_the_case(qtbot, window, questions):
    qtbot.keyClicks(window.form.subject_id, "0101-007")
    questions.unsaved_answer = QMessageBox.StandardButton.Cancel
    window.new_action.trigger()
    assert questions.unsaved_asked == 1
    assert window.form.subject_id.text() == "0101-007"
    questions.unsaved_answer = QMessageBox.StandardButton.Discard
    window.new_action.trigger()
    assert window.form.subject_id.text() == ""
    assert not window.is_modified()


def test_an_unchanged_case_closes_without_asking(window, questions):
    assert window.open_path(str(EXAMPLE))
    assert window.close()
    assert questions.unsaved_asked == 0


def test_recent_files_are_remembered(window, tmp_path):
    assert window.open_path(str(EXAMPLE))
    out = tmp_path / "copy.json"
    assert window.save_to(str(out))
    assert window.recent_files()[:2] == [str(out.resolve()), str(EXAMPLE.resolve())]
    texts = [a.text() for a in window.recent_menu.actions()]
    assert texts[0].endswith("copy.json") and texts[1].endswith("issue-example.json")


def test_open_with_unsaved_changes_asks_first(qtbot, window, questions):
    qtbot.keyClicks(window.form.subject_id, "0101-007")
    questions.unsaved_answer = QMessageBox.StandardButton.Cancel
    assert not window.open_case(str(EXAMPLE))
    assert questions.unsaved_asked == 1
    assert window.form.subject_id.text() == "0101-007"
