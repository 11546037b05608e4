"""Case files: open/save round-trips exactly; unsaved changes are never dropped silently."""

from __future__ import annotations

import json
import os
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


def test_saving_over_a_pipe_is_refused_in_words_and_the_case_stays_unsaved(window, tmp_path, questions):
    # A save is a rename over the chosen name: over a FIFO or a device (as root, /dev/null) it
    # would have replaced the device with a case file.
    import stat

    assert window.open_path(str(EXAMPLE))
    window.form.weight.setText("70")
    pipe = tmp_path / "pipe.json"
    os.mkfifo(pipe)
    assert not window.save_to(str(pipe))
    ((title, text),) = questions.explained
    assert title == "Save failed" and "pipe, socket or device" in text
    assert stat.S_ISFIFO(os.stat(pipe).st_mode) and window.is_modified()


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


def test_values_the_lists_do_not_hold_are_kept_and_reported(window, tmp_path, questions):
    data = {"subject_id": "0101-030", "group": "C", "age_years": 30, "weight": "70 stone",
            "dose_level": "DL9", "infusion_date": "2026-12-10",
            "exposures": [{"agent": "radiotherapy", "last_date": "2026-11-01", "site": "liver"}]}
    src = tmp_path / "odd.json"
    src.write_text(json.dumps(data), encoding="utf-8")
    assert window.open_path(str(src))
    assert window.form.group.currentData() == "C"
    assert window.form.dose_level.currentData() == "DL9"
    assert window.form.weight.text() == "70 stone"
    assert window.form.error_label_for("group").message()
    assert window.form.error_label_for("weight").message()
    questions.save_with_errors_answer = True
    out = tmp_path / "odd-out.json"
    assert window.save_to(str(out))
    assert json.loads(out.read_text(encoding="utf-8")) == file_form(json.dumps(data))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are a POSIX thing")
def test_a_fifo_is_refused_unopened_and_never_hangs_the_window(window, tmp_path, questions):
    """A FIFO with no writer blocks a plain open() forever. If the window ever opened it, the
    watchdog below (a writer after 5 s) would release it, and the test would fail, not hang."""
    import threading

    fifo = tmp_path / "case.json"
    os.mkfifo(fifo)
    reader_was_waiting: list[bool] = []

    def release() -> None:
        try:
            fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)   # ENXIO: nobody is reading
        except OSError:
            return
        reader_was_waiting.append(True)
        os.close(fd)

    watchdog = threading.Timer(5, release)
    watchdog.start()
    try:
        assert not window.open_path(str(fifo))
    finally:
        watchdog.cancel()
    assert not reader_was_waiting
    title, text = questions.explained[-1]
    assert title == "Cannot open the case" and str(fifo) in text
    assert "not a regular file" in text and "Choose a file saved on disk" in text


@pytest.mark.parametrize("kind", ["device", "folder", "too large"])
def test_a_device_a_folder_or_a_huge_file_is_refused_with_what_to_do(window, tmp_path, questions, kind):
    from infusecalc.core.casefile import MAX_CASE_BYTES

    if kind == "device":
        path = "/dev/zero"          # never ends: would be read until memory runs out
        if not os.path.exists(path):
            pytest.skip("no /dev/zero here")
    elif kind == "folder":
        path = str(tmp_path)
    else:
        big = tmp_path / "big.json"
        big.write_bytes(b" " * (MAX_CASE_BYTES + 1))
        path = str(big)
    window.form.subject_id.setText("0101-055")       # what was on screen stays
    assert not window.open_path(path)
    _, text = questions.explained[-1]
    expected = {"device": "not a regular file", "folder": "is a folder, not a file",
                "too large": f"larger than {MAX_CASE_BYTES:,} bytes"}[kind]
    assert path in text and expected in text
    assert window.form.subject_id.text() == "0101-055"


def test_the_case_file_refusal_is_worded_in_chinese(qtbot, tmp_path, questions):
    from PySide6.QtWidgets import QApplication

    from infusecalc.gui.casefile import refusal_text
    from infusecalc.core.regular_file import FileRefused, read_regular_file
    from infusecalc.i18n import qt as i18n_qt

    app = QApplication.instance()
    i18n_qt.install("zh_CN", app)
    try:
        with pytest.raises(FileRefused) as refused:
            read_regular_file(tmp_path, 10)
        text = refusal_text(refused.value, str(tmp_path))
        assert "文件夹" in text and "folder" not in text
    finally:
        i18n_qt.install("en", app)
