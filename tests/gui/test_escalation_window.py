"""Trial > Dose escalation in the window: the ledger shown, outcomes and decisions signed as
issuing is, and the order form's level list marking the levels that are not open."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from infusecalc.core.case import parse_case
from infusecalc.records.users import Credentials

from ..escalation.helpers import adult, issue_and_verify
from ..records.conftest import ADMIN, PHARMACIST, add_people
from .conftest import wait_idle

pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("cheap_kdf")]


@pytest.fixture
def store(tmp_path):
    from infusecalc.records.store import open_store

    s = open_store(tmp_path / "data")
    add_people(s)
    yield s
    s.close()


class Signer:
    """The window's credentials provider, answered here: records each meaning asked."""

    def __init__(self) -> None:
        self.creds = Credentials(*PHARMACIST)
        self.asked: list[str] = []

    def __call__(self, parent, meaning):
        self.asked.append(meaning)
        return self.creds


@pytest.fixture
def signer():
    return Signer()


@pytest.fixture
def view(qtbot, store, signer):
    from infusecalc.gui.escalation_view import EscalationView

    v = EscalationView(store, ask_credentials=signer)
    qtbot.addWidget(v)
    v.show()
    wait_idle()   # the ledger is read in the background
    return v


def rows(table) -> list[tuple[str, ...]]:
    return [tuple(table.item(r, c).text() for c in range(table.columnCount()))
            for r in range(table.rowCount())]


def record(qtbot, view, sheet: str, dlt: bool) -> None:
    view.sheet_edit.clear()
    qtbot.keyClicks(view.sheet_edit, sheet)
    qtbot.mouseClick(view.dlt_yes if dlt else view.dlt_no, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(view.outcome_button, Qt.MouseButton.LeftButton)
    wait_idle()   # signed and recorded in the background


def decide(qtbot, view, group: str, level: str, reference: str) -> None:
    view.group_combo.setCurrentIndex(view.group_combo.findData(group))
    view.level_combo.setCurrentIndex(view.level_combo.findData(level))
    view.action_combo.setCurrentIndex(view.action_combo.findData("open"))
    view.reference_edit.clear()
    qtbot.keyClicks(view.reference_edit, reference)
    qtbot.mouseClick(view.decide_button, Qt.MouseButton.LeftButton)
    wait_idle()


def test_the_view_shows_levels_parameters_and_the_decision_table(view):
    assert "pT = 0.3" in view.parameters_label.text() and "[0.25, 0.35]" in view.parameters_label.text()
    assert "to be confirmed by the sponsor" in view.parameters_label.text()
    assert rows(view.levels) == [("A", "DL1", "0", "0", "–", "open"), ("A", "DL2", "0", "0", "–", "closed"),
                                 ("A", "DL3", "0", "0", "–", "closed"), ("A", "DL-1", "0", "0", "–", "closed"),
                                 ("B", "DL1", "0", "0", "–", "closed"), ("B", "DL2", "0", "0", "–", "closed")]
    # The table the core computes: rows n = 1..12, columns y = 0..12.
    assert view.table.item(3, 2).text() == "D"      # (4, 2)
    assert view.table.item(1, 2).text() == "DU"     # (2, 2)
    assert view.table.item(0, 2).text() == ""       # y > n
    assert view.history.rowCount() == 0


def test_outcomes_then_the_de_escalation_decision_signed_in_the_view(qtbot, view, store, signer):
    sheets = [issue_and_verify(store, adult(f"0101-20{i}")) for i in range(3)]
    for sheet, dlt in zip(sheets, (True, False, True), strict=True):
        record(qtbot, view, sheet, dlt)
        assert "Outcome recorded" in view.message.text(), view.message.text()
    assert rows(view.levels)[0] == ("A", "DL1", "3", "2", "D", "open")
    assert view.table.item(2, 2).font().bold()           # the current (3, 2) is marked
    assert "A DL1" in view.table.item(2, 2).toolTip()
    assert f"sheet {sheets[0]}: a dose-limiting toxicity" in signer.asked[0]
    signer.creds = Credentials(*ADMIN)
    decide(qtbot, view, "A", "DL-1", "SRC 2026-12-02")
    assert "Decision recorded" in view.message.text(), view.message.text()
    assert "to open DL-1 of group A" in signer.asked[-1] and "SRC 2026-12-02" in signer.asked[-1]
    assert rows(view.levels)[3] == ("A", "DL-1", "0", "0", "–", "open")
    (history,) = rows(view.history)
    assert history[2] == "open A DL-1" and history[3] == "Site Admin (admin)" and history[4] == "SRC 2026-12-02"


def test_refusals_are_shown_and_nothing_is_asked_or_recorded(qtbot, view, store, signer):
    sheet = issue_and_verify(store, adult("0101-210"))
    qtbot.keyClicks(view.sheet_edit, sheet)
    qtbot.mouseClick(view.outcome_button, Qt.MouseButton.LeftButton)   # no DLT answer chosen
    assert "nothing is preselected" in view.message.text() and signer.asked == []
    signer.creds = Credentials(*ADMIN)
    decide(qtbot, view, "A", "DL-1", "SRC too early")
    assert "Not recorded" in view.message.text() and "only after the i3+3 table at DL1" in view.message.text()
    assert rows(view.levels)[3][-1] == "closed" and view.history.rowCount() == 0
    record(qtbot, view, sheet, False)   # the admin may record outcomes too
    record(qtbot, view, sheet, True)
    assert "already has a DLT outcome" in view.message.text()
    assert rows(view.levels)[0][:4] == ("A", "DL1", "1", "0")


def test_the_trial_menu_opens_the_view_and_the_level_list_marks_closed_levels(qtbot, window, store, signer):
    records = window.records
    records.set_data_dir(str(store.backend.path.parent))
    records.ask_credentials = signer
    titles = [a.text() for a in window.menuBar().actions()]
    assert "T&rial" in titles
    assert records.escalation_action.text() == "Dose &escalation…"
    records.open_escalation_view()   # the records open in the background, then the view
    wait_idle()
    view = records.escalation_view
    assert view is not None and view.isVisible()
    form = window.form
    window.load_case(parse_case(adult("0101-220", "DL2")))
    texts = [form.dose_level.itemText(i) for i in range(form.dose_level.count())]
    assert any(t.startswith("DL1") and "not open" not in t for t in texts)
    assert any(t.startswith("DL2") and t.endswith("(not open)") for t in texts)
    # Opening DL2 in the view refreshes the order form's list.
    signer.creds = Credentials(*ADMIN)
    decide(qtbot, view, "A", "DL2", "SRC 2026-12-03")
    texts = [form.dose_level.itemText(i) for i in range(form.dose_level.count())]
    assert any(t.startswith("DL2") and "not open" not in t for t in texts)
    records.close()


def test_enter_in_a_field_records_what_its_form_is_for(qtbot, view, store, signer):
    """Enter in the sheet ID records the outcome (after the signature), Enter in the decision's
    reference records the decision; each says what is still missing instead of guessing."""
    sheet = issue_and_verify(store, adult("0101-230"))
    qtbot.keyClicks(view.sheet_edit, sheet)
    qtbot.keyClick(view.sheet_edit, Qt.Key.Key_Return)       # no DLT answer yet
    wait_idle()
    assert "nothing is preselected" in view.message.text() and signer.asked == []
    qtbot.mouseClick(view.dlt_no, Qt.MouseButton.LeftButton)
    assert view.dlt_no.isChecked()
    view.sheet_edit.setFocus()
    qtbot.keyClick(view.sheet_edit, Qt.Key.Key_Return)
    wait_idle()
    assert "Outcome recorded" in view.message.text(), view.message.text()
    assert len(signer.asked) == 1 and f"sheet {sheet}: no dose-limiting toxicity" in signer.asked[0]
    signer.creds = Credentials(*ADMIN)
    view.group_combo.setCurrentIndex(view.group_combo.findData("A"))
    view.level_combo.setCurrentIndex(view.level_combo.findData("DL-1"))
    view.action_combo.setCurrentIndex(view.action_combo.findData("open"))
    qtbot.keyClicks(view.reference_edit, "SRC by Enter")
    qtbot.keyClick(view.reference_edit, Qt.Key.Key_Return)
    wait_idle()
    assert len(signer.asked) == 2 and "SRC by Enter" in signer.asked[-1]


def test_every_level_is_in_sight_when_the_view_opens(qtbot, view):
    """Under X11 at 1366x768 the view opened at 700x545 and its levels table showed two rows,
    the second cut, the others below a scroll bar."""
    qtbot.waitExposed(view)
    table = view.levels
    assert table.rowCount() >= 6
    qtbot.waitUntil(lambda: table.verticalScrollBar().maximum() == 0)
    viewport = table.viewport().rect()
    for r in range(table.rowCount()):
        cell = table.visualRect(table.model().index(r, 0))
        assert viewport.contains(cell), r
    assert view.height() <= view.screen().availableGeometry().height()
