"""The exposure row of issue 11: a course (first and last date), the Conditioning choice, and
a class dialog that shows the protocol's rules and the current choice when reopened."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from infusecalc.core.case import parse_case
from infusecalc.gui.exposures import ClassDialog

from ..modal_dialogs import on_next_modal
from .conftest import set_date, tick, type_agent, type_order, wait_result

pytestmark = pytest.mark.gui


def test_a_conditioning_course_is_entered_judged_and_kept(qtbot, window):
    type_order(qtbot, window)
    row = window.form.exposures.add_row()
    type_agent(qtbot, row, "fludarabine")
    set_date(qtbot, row.first_date, "2026-12-03")
    set_date(qtbot, row.last_date, "2026-12-06")
    tick(qtbot, row.conditioning)
    wait_result(qtbot, window)
    exposure = window.current_data()["exposures"][0]
    assert exposure == {"agent": "fludarabine", "first_date": "2026-12-03", "last_date": "2026-12-06",
                        "purpose": "lymphodepletion"}
    ev = window.evaluation()
    assert [(f.rule, f.status) for f in ev.washout.findings] == [("lymphodepletion", "pass")]
    # Without the choice, the same agent is prior chemotherapy (2026-12-06 is 4 days before).
    tick(qtbot, row.conditioning)
    wait_result(qtbot, window)
    assert [(f.rule, f.status) for f in window.evaluation().washout.findings] == [("chemotherapy", "fail")]
    # Loading a case file keeps the course and the purpose (nothing typed is lost).
    case = parse_case({**window.current_data(), "exposures": [exposure]})
    window.form.exposures.load(case.exposures)
    loaded = window.form.exposures.rows[0]
    assert loaded.to_data() == exposure and loaded.conditioning.isChecked()


def test_the_class_dialog_shows_rules_and_the_current_choice(qtbot, window):
    type_order(qtbot, window)
    row = window.form.exposures.add_row()
    row.agent.setText("unlisted-mab-x")
    row.hand_classes = ["monoclonal_antibody", "t_cell_lytic"]
    seen = {}

    def look(dialog):
        assert isinstance(dialog, ClassDialog)
        seen["ticked"] = dialog.chosen()
        seen["texts"] = [dialog.list.item(i).text() for i in range(dialog.list.count())]
        dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()

    with on_next_modal(look):
        row.ask_class()
    assert seen["ticked"] == ["monoclonal_antibody", "t_cell_lytic"]
    assert any("T-cell lytic agent or antibody, 56 days before infusion" in t for t in seen["texts"])
    assert row.hand_classes == ["monoclonal_antibody", "t_cell_lytic"]   # cancel keeps the choice
