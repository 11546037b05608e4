"""The exposures table: completion from the formulary, and unknown agents classified by hand."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from infusecalc.core.formulary import default_formulary
from infusecalc.gui import exposures as exposures_module
from infusecalc.gui.exposures import ClassDialog

from ..modal_dialogs import on_next_modal
from .conftest import tick, type_agent, type_order, wait_result

pytestmark = pytest.mark.gui


def test_completion_offers_synonyms_brand_and_chinese_names(window):
    row = window.form.exposures.add_row()
    model = row.agent.completer().model()
    names = {model.index(i, 0).data() for i in range(model.rowCount())}
    expected = {name for name, _agent in default_formulary().completions()}
    assert names == expected
    assert any(not n.isascii() for n in names)     # Chinese names are offered too


def test_a_recognised_agent_shows_its_tall_man_name(qtbot, window):
    row = window.form.exposures.add_row()
    type_agent(qtbot, row, "vincristine")
    assert default_formulary().lookup("vincristine").display_name in row.note.text()
    assert "vinCRIStine" in row.note.text()


def test_an_unknown_agent_asks_for_its_class(qtbot, window, monkeypatch):
    asked = []

    def fake_ask(parent, agent, choices, current=None):
        asked.append((agent, [c for c, _d in choices]))
        return ["chemotherapy"]

    monkeypatch.setattr(exposures_module, "ask_washout_class", fake_ask)
    type_order(qtbot, window)
    row = window.form.exposures.add_row()
    row.agent.setFocus()
    qtbot.keyClicks(row.agent, "zorubicin-x")
    qtbot.keyClick(row.agent, Qt.Key.Key_F4)   # asked for
    qtbot.waitUntil(lambda: len(asked) > 0, timeout=2000)
    qtbot.wait(20)
    assert len(asked) == 1
    agent, classes = asked[0]
    assert agent == "zorubicin-x" and "chemotherapy" in classes
    assert "classified by hand" in row.note.text()
    tick(qtbot, row.last_date.check)
    wait_result(qtbot, window)
    exposure = window.current_data()["exposures"][0]
    assert exposure["class"] == "chemotherapy"
    finding = window.evaluation().washout.findings[0]
    assert finding.classified_by_hand
    assert "classified by hand" in window.results.findings.item(0, 0).text()


def test_cancelling_the_class_leaves_the_agent_refused(qtbot, window, monkeypatch):
    monkeypatch.setattr(exposures_module, "ask_washout_class", lambda *a: None)
    type_order(qtbot, window)
    row = window.form.exposures.add_row()
    qtbot.keyClicks(row.agent, "zorubicin-x")
    row.classify.click()
    qtbot.wait(20)
    tick(qtbot, row.last_date.check)
    wait_result(qtbot, window)
    assert window.evaluation() is None
    assert "not in the formulary" in row.error.message()
    assert row.classify.isEnabled()


def test_the_class_dialog_itself(qtbot, window):
    """Drive the real dialog: OK stays disabled until a class is ticked."""
    row = window.form.exposures.add_row()
    seen = {}

    def answer(dialog):
        assert isinstance(dialog, ClassDialog)
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        seen["ok_before"] = ok.isEnabled()
        dialog.check("tyrosine_kinase_inhibitor")
        seen["ok_after"] = ok.isEnabled()
        ok.click()

    qtbot.keyClicks(row.agent, "some new tki")
    with on_next_modal(answer) as handled:
        row.ask_class()
    assert len(handled) == 1
    assert seen == {"ok_before": False, "ok_after": True}
    assert row.hand_classes == ["tyrosine_kinase_inhibitor"]


def test_retyping_the_agent_drops_the_class_chosen_for_the_old_name(qtbot, window, monkeypatch):
    monkeypatch.setattr(exposures_module, "ask_washout_class", lambda *a: ["chemotherapy"])
    row = window.form.exposures.add_row()
    type_agent(qtbot, row, "zorubicin-x")
    row.classify.click()
    qtbot.waitUntil(lambda: row.hand_classes == ["chemotherapy"], timeout=2000)
    qtbot.keyClicks(row.agent, "y")
    assert row.hand_classes == []
    assert "classified by hand" not in row.note.text()
    assert "class" not in window.current_data()["exposures"][0]


def test_closing_the_window_does_not_ask_for_a_class(qtbot, window, monkeypatch):
    asked = []
    monkeypatch.setattr(exposures_module, "ask_washout_class", lambda *a: asked.append(a) or None)
    row = window.form.exposures.add_row()
    type_agent(qtbot, row, "zorubicin-x")
    window.close()
    qtbot.wait(20)
    assert asked == []
