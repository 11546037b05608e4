"""Typing an order into the real window gives the core's results, live."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt

from infusecalc.cli.main import main as cli_main
from infusecalc.core import formatting as fmt
from infusecalc.core.protocol import default_protocol

from .conftest import choose, set_date, tick, type_order, wait_result

pytestmark = pytest.mark.gui


def test_typing_an_order_updates_the_dose_as_you_type(qtbot, window):
    type_order(qtbot, window, group="B", level="DL1", weight="40")
    qtbot.waitUntil(lambda: window.results.dose_label.text() != "", timeout=2000)
    first = window.results.dose_label.text()
    assert first == fmt.cells(window.evaluation().dose.cells)
    assert "CAP APPLIED" not in window.results.cap_label.text()

    window.form.weight.setFocus()
    window.form.weight.selectAll()
    qtbot.keyClicks(window.form.weight, "55")
    qtbot.waitUntil(lambda: window.results.dose_label.text() != first, timeout=2000)
    ev = window.evaluation()
    assert ev.dose.cap_applied
    assert window.results.dose_label.text() == fmt.cells(ev.dose.cells)
    assert "CAP APPLIED" in window.results.cap_label.text()   # said in words, not colour


def test_switching_group_lists_only_that_groups_levels(qtbot, window):
    protocol = default_protocol().protocol
    f = window.form

    def listed() -> list[str]:
        return [f.dose_level.itemData(i) for i in range(f.dose_level.count())]

    for gid in ("A", "B", "A"):
        choose(qtbot, f.group, gid)
        expected = [lv.id for lv in protocol.group(gid).levels if not lv.requires_deescalation_decision]
        assert listed() == expected
    choose(qtbot, f.group, "B")
    assert "DL3" not in listed()


def test_dl_minus_1_only_after_the_deescalation_decision(qtbot, window):
    f = window.form
    choose(qtbot, f.group, "A")
    assert f.dose_level.findData("DL-1") < 0
    assert f.deescalation.isEnabled()
    tick(qtbot, f.deescalation)
    assert f.dose_level.findData("DL-1") >= 0
    qtbot.keyClicks(f.deescalation_reference, "DSMB minutes 2026-11-02")
    f.dose_level.setCurrentIndex(f.dose_level.findData("DL-1"))
    assert window.current_data()["deescalation_confirmed"] is True
    assert window.current_data()["deescalation_reference"] == "DSMB minutes 2026-11-02"
    # Withdrawing the decision removes DL-1 again; nothing keeps it selected.
    tick(qtbot, f.deescalation)
    assert f.dose_level.findData("DL-1") < 0
    assert "dose_level" not in window.current_data()
    choose(qtbot, f.group, "B")   # Group B has no de-escalation level: nothing to confirm
    assert not f.deescalation.isEnabled()


def test_enter_moves_to_the_next_field_and_runs_the_calculation_at_the_end(qtbot, window):
    window.activateWindow()
    f = window.form
    f.subject_id.setFocus()
    qtbot.waitUntil(f.subject_id.hasFocus, timeout=1000)
    qtbot.keyClick(f.subject_id, Qt.Key.Key_Return)
    assert f.date_of_birth.check.hasFocus()
    # In the last field, Enter calculates and shows every field still missing.
    f.bag_ids.setFocus()
    qtbot.keyClick(f.bag_ids, Qt.Key.Key_Return)
    assert f.error_label_for("subject_id").message() == "Subject ID: required; fill it in."


def test_every_input_has_an_accessible_name_and_a_labelled_buddy(window):
    window.form.exposures.add_row()
    for w in window.form.inputs():
        assert w.accessibleName(), w
    for key, label in window.form._labels.items():
        assert label.buddy() is not None, key
        assert "&" in label.text(), key


def test_mnemonics_do_not_clash(window):
    texts = [label.text() for label in window.form._labels.values()]
    texts += [window.form.exposures.add_button.text(), window.file_menu.title(), window.case_menu.title()]
    keys = [t[t.index("&") + 1].casefold() for t in texts if "&" in t]
    assert len(keys) == len(texts)
    assert len(set(keys)) == len(keys), sorted(keys)


@pytest.mark.parametrize("weight, level", [("40", "DL1"), ("50", "DL1"), ("55", "DL1"), ("62", "DL2")])
def test_conventions_worked_examples_match_infusecalc_check(qtbot, window, tmp_path, capsys, weight, level):
    type_order(qtbot, window, group="B", level=level, weight=weight)
    wait_result(qtbot, window)
    ev = window.evaluation()
    assert ev is not None
    path = tmp_path / "case.json"
    assert window.save_to(str(path))
    capsys.readouterr()
    cli_main(["check", str(path), "--json"])
    from_check = json.loads(capsys.readouterr().out)
    assert ev.dose.cells == from_check["dose"]["cells"]
    assert ev.dose.cap_applied == from_check["dose"]["cap_applied"]
    assert window.results.dose_label.text() == fmt.cells(from_check["dose"]["cells"])


def test_dates_are_iso_with_a_calendar_popup(qtbot, window):
    f = window.form
    set_date(qtbot, f.infusion_date, "2026-12-10")
    assert f.infusion_date.edit.calendarPopup()
    assert f.infusion_date.edit.text() == "2026-12-10"
    assert window.current_data()["infusion_date"] == "2026-12-10"
    tick(qtbot, f.infusion_date.check)   # un-set: left out
    assert "infusion_date" not in window.current_data()


def test_tab_order_follows_the_form(window):
    f = window.form
    for _ in range(2):
        f.exposures.add_row()
    inputs = f.inputs()
    wanted = set(map(id, inputs))
    seen, w = [], inputs[0]
    for _ in range(2000):
        if id(w) in wanted and id(w) not in {id(x) for x in seen}:
            seen.append(w)
        w = w.nextInFocusChain()
        if w is inputs[0]:
            break
    assert [id(x) for x in seen] == [id(x) for x in inputs]


def test_a_language_change_re_runs_every_text(qtbot, window, monkeypatch):
    from PySide6.QtCore import QCoreApplication, QEvent

    calls = []
    original = type(window).retranslateUi
    monkeypatch.setattr(type(window), "retranslateUi", lambda self: (calls.append(1), original(self)))
    QCoreApplication.sendEvent(window, QEvent(QEvent.Type.LanguageChange))
    assert calls
    assert window.form.label_text("weight") == "Body &weight:"
