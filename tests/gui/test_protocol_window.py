"""The window and the protocol in force (issue 17 items 6-7): indication and whole-bag total in the
order form, Tools > Adopt protocol…, the status bar, Help, issuing after another workstation's
adoption, and the verify window computing with the protocol a sheet names."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from infusecalc.core.case import parse_case
from infusecalc.core.protocol import default_protocol
from infusecalc.gui.main_window import MainWindow
from infusecalc.records.users import Credentials

from ..records.conftest import ADMIN, PHARMACIST
from .conftest import choose, type_order, wait_idle, wait_result

pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("cheap_kdf")]
ROOT = Path(__file__).resolve().parents[2]
LABELS = ROOT / "resources" / "protocols" / "labels"
AMENDMENT = ROOT / "tests" / "fixtures" / "ct1190b-amendment-1.toml"
EXAMPLE = ROOT / "examples" / "issue-example.json"


@pytest.fixture
def make_window(qtbot, tmp_path):
    made: list[MainWindow] = []

    def make(protocol: Path | None = None, data: Path | None = None) -> MainWindow:
        w = MainWindow(settings=QSettings(str(tmp_path / f"s{len(made)}.ini"), QSettings.Format.IniFormat))
        w.protocol_path = str(protocol) if protocol else None
        w.explained = []
        w.ask_unsaved = lambda: QMessageBox.StandardButton.Discard  # type: ignore[method-assign]
        w.explain = lambda title, text: w.explained.append((title, text))  # type: ignore[method-assign]
        if data is not None:
            w.records.set_data_dir(str(data))
        qtbot.addWidget(w)
        w.show()
        qtbot.waitExposed(w)
        w.load_core_now()
        made.append(w)
        return w
    yield make
    for w in made:
        w.records.close()


def _rows_visible(w) -> tuple[bool, bool]:
    return (w.form.indication.isVisibleTo(w.form), w.form.total_cells.isVisibleTo(w.form))


# -- order form: indication and whole-bag total ------------------------------------------------

def test_the_shipped_protocol_shows_neither_field(make_window):
    w = make_window()
    assert _rows_visible(w) == (False, False)
    assert "indication" not in w.form.to_data()


def test_a_tecartus_mcl_case_is_computed_with_its_indication_in_the_window(qtbot, make_window, tmp_path):
    from tests.core.test_label_protocols import _tecartus_both

    w = make_window(_tecartus_both(tmp_path))
    assert _rows_visible(w) == (True, False)
    type_order(qtbot, w, group="MCL", level="label", weight="70", age="60")
    wait_result(qtbot, w)
    # Without the indication the core refuses, under the field that needs it.
    assert "indication" in w.form.error_label_for("indication").message().lower()
    assert [w.form.indication.itemData(i) for i in range(w.form.indication.count())] == ["MCL"]
    choose(qtbot, w.form.indication, "MCL")
    wait_result(qtbot, w)
    assert w.form.to_data()["indication"] == "MCL"
    assert w.evaluation() is not None and w.evaluation().dose.indication == "MCL"
    assert "140,000,000" in w.results.dose_label.text()      # 2 × 10^6/kg × 70 kg
    # Another group lists its own indication only: MCL is not carried to B-ALL.
    choose(qtbot, w.form.group, "BALL")
    assert w.form.indication.currentIndex() == -1
    assert [w.form.indication.itemData(i) for i in range(w.form.indication.count())] == ["B-ALL"]


@pytest.mark.parametrize("label, group, within, above", [
    ("breyanzi.toml", "LBCL", "1.0e8", "1.2e8"),       # 50-110 × 10^6
    ("abecma.toml", "MM", "4.5e8", "5.2e8"),           # 300-510 × 10^6
])
def test_a_whole_bag_case_is_computed_in_the_window(qtbot, make_window, label, group, within, above):
    w = make_window(LABELS / label)
    assert _rows_visible(w) == (False, True)
    type_order(qtbot, w, group=group, level="label", weight="70", age="50")
    qtbot.keyClicks(w.form.total_cells, within)
    wait_result(qtbot, w)
    assert w.form.to_data()["product"]["total_cells"] == f"{within} cell"
    ev = w.evaluation()
    assert ev is not None and ev.cleared and ev.product.whole_bag
    assert ev.product.delivered_cells == int(float(within))
    w.form.total_cells.clear()
    qtbot.keyClicks(w.form.total_cells, above)
    wait_result(qtbot, w)
    ev = w.evaluation()
    assert ev is not None and not ev.cleared
    assert "NOT CLEARED" in w.results.banner_text.text()


def test_a_loaded_case_keeps_its_indication_and_total(qtbot, make_window):
    w = make_window(LABELS / "breyanzi.toml")
    data = {"subject_id": "X-1", "group": "LBCL", "age_years": 50, "weight": "70 kg", "dose_level": "label",
            "infusion_date": "2026-12-10", "product": {"total_cells": "1.0e8 cell"}}
    w.load_case(parse_case(data))
    assert w.form.total_cells.text() == "1.0e8"
    assert w.form.to_data()["product"]["total_cells"] == "1.0e8 cell"
    # An indication the protocol does not know is shown (never dropped) for the core to refuse.
    w.load_case(parse_case({**data, "indication": "MCL"}))
    assert w.form.indication.isVisibleTo(w.form) and w.form.to_data()["indication"] == "MCL"


# -- Help, status bar, adoption -----------------------------------------------------------------

def test_help_says_the_label_files_are_format_examples(make_window, monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: shown.append(text))
    w = make_window(LABELS / "yescarta.toml")
    w.protocol_actions.help_action.trigger()
    assert "examples of the format and test data, not a claim that InfuseCalc is cleared" in shown[0]
    assert "USPI 2024-04" in shown[0] and "trial file, not adopted" in shown[0]
    assert "trial file, not adopted" in w.protocol_label.text()


def test_the_window_starts_with_the_protocol_adopted_in_its_records(make_window, people):
    from infusecalc.records.adoption_store import adopt
    from infusecalc.records.store import open_store

    w = make_window(data=people)
    assert "shipped" in w.protocol_label.text()
    with open_store(people) as store:
        adopt(store, AMENDMENT.read_bytes(), str(AMENDMENT), Credentials(*ADMIN))
    w2 = make_window(data=people)
    assert "amendment 1 (test fixture)" in w2.protocol_label.text()
    assert "adopted in the records" in w2.protocol_label.text()
    # --protocol still tries another file, and says it is not adopted.
    w3 = make_window(protocol=Path(default_protocol().path), data=people)
    assert "trial file, not adopted" in w3.protocol_label.text()


def _answer(w, who):
    asked: list[str] = []

    def ask(parent, meaning):
        asked.append(meaning)
        return Credentials(*who)
    w.records.ask_credentials = ask
    return asked


def test_adopt_protocol_through_the_window(qtbot, make_window, people):
    from infusecalc.records.adoption_store import history
    from infusecalc.records.store import open_store

    w = make_window(data=people)
    w.load_case(parse_case(json.loads(EXAMPLE.read_text())))
    assert "252,000,000" in w.results.dose_label.text()
    pa = w.protocol_actions
    pa.choose_file = lambda: str(AMENDMENT)
    confirmed: list[str] = []
    pa.confirm = lambda title, text: confirmed.append(text) or True
    # A pharmacist cannot adopt: refused by the records, nothing recorded, nothing changed.
    _answer(w, PHARMACIST)
    assert pa.adopt_protocol() is True         # the records are asked, in the background
    wait_idle()
    assert "admin" in w.explained[-1][1]
    assert "shipped" in w.protocol_label.text()
    asked = _answer(w, ADMIN)
    assert pa.adopt_action in w.records.tools_menu.actions()
    pa.adopt_action.trigger()
    wait_idle()
    assert "amendment 1 (test fixture)" in confirmed[-1] and "SHA-256" in confirmed[-1]
    assert "Meaning: protocol adopted" in asked[0]
    assert "amendment 1 (test fixture)" in w.protocol_label.text()
    assert "adopted in the records" in w.protocol_label.text()
    wait_result(qtbot, w)
    assert "250,000,000" in w.results.dose_label.text()       # the amended cap, on the open case
    # The same file again: refused, named.
    assert pa.adopt_protocol() is True
    wait_idle()
    assert "adopted already" in w.explained[-1][1]
    w.records.close()
    with open_store(people) as store:
        assert [a.version for a in history(store)] == ["amendment 1 (test fixture)"]
        assert store.verify().ok


def _stale_amendment(path: Path) -> None:
    """The amendment with a cap its quoted sentence does not state: not a valid protocol file."""
    path.write_text(AMENDMENT.read_text(encoding="utf-8").replace('cap_cells = "2.5e8"', 'cap_cells = "2.4e8"', 1),
                    encoding="utf-8")


@pytest.mark.parametrize("make_file, refusal", [
    (_stale_amendment, "not a valid protocol file"),
    # Opening a FIFO blocks until a writer comes: the window would freeze for good.
    (os.mkfifo, "not a regular file"),
], ids=["invalid file", "fifo"])
def test_a_file_that_is_no_protocol_is_refused_before_any_signature(make_window, people, tmp_path,
                                                                     make_file, refusal):
    w = make_window(data=people)
    chosen = tmp_path / "protocol.toml"
    make_file(chosen)
    w.protocol_actions.choose_file = lambda: str(chosen)
    w.protocol_actions.confirm = lambda title, text: True
    asked = _answer(w, ADMIN)
    assert w.protocol_actions.adopt_protocol() is False     # refused at once, without waiting
    wait_idle()
    assert asked == [] and refusal in w.explained[-1][1]


def test_issuing_after_another_workstation_adopted_computes_again_first(qtbot, make_window, people, tmp_path):
    from infusecalc.records.adoption_store import adopt
    from infusecalc.records.store import open_store

    w = make_window(data=people)
    data = json.loads(EXAMPLE.read_text())
    data["product"].update(lot="L1", bag_ids=["B-1", "B-2"])
    w.load_case(parse_case(data))
    with open_store(people) as store:       # another workstation adopts meanwhile
        adopt(store, AMENDMENT.read_bytes(), str(AMENDMENT), Credentials(*ADMIN))
    _answer(w, PHARMACIST)
    w.records.choose_pdf_path = lambda suggested: str(tmp_path / "signed.pdf")
    w.records.show_issued = lambda sheet_id, path: None
    w.records.issue_signed_sheet()
    wait_idle()
    assert "protocol in force changed" in w.explained[-1][1]
    assert "amendment 1 (test fixture)" in w.protocol_label.text()
    wait_result(qtbot, w)
    assert "250,000,000" in w.results.dose_label.text()
    assert w.records.issue_signed_sheet() is True
    wait_idle()
    assert w.records.last_issue.sheet.protocol_version == "amendment 1 (test fixture)"


# -- the verify window ---------------------------------------------------------------------------

def _issue(store, protocol=None):
    from infusecalc.records.service import issue_sheet

    data = json.loads(EXAMPLE.read_text())
    data["product"].update(lot="L7", bag_ids=["B-01", "B-02"])
    return issue_sheet(store, parse_case(data), Credentials(*PHARMACIST), protocol).sheet


def test_the_verify_window_uses_the_protocol_the_sheet_names(qtbot, people, tmp_path):
    from infusecalc.core.protocol import load_protocol
    from infusecalc.gui.verify_window import VerifyWindow
    from infusecalc.records.adoption_store import adopt
    from infusecalc.records.store import open_store

    from tests.records.conftest import NURSE, add_ready_user
    from tests.records.test_verify_window import _enter, _scan

    store = open_store(people)
    try:
        add_ready_user(store, NURSE[0], "nurse", NURSE[1], "Li Na", Credentials(*ADMIN))
        before = _issue(store)                                 # under the shipped file
        adopt(store, AMENDMENT.read_bytes(), str(AMENDMENT), Credentials(*ADMIN))
        amended = load_protocol(AMENDMENT)
        w = VerifyWindow(store, protocol=amended, ask_credentials=lambda parent, meaning: Credentials(*NURSE))
        qtbot.addWidget(w)
        w.show()
        _scan(qtbot, w, before.sheet_id)
        wait_idle()
        _enter(qtbot, w)
        w.verify()
        wait_idle()
        assert "VERIFIED" in w.result_label.text() and "252,000,000" in w.result_label.text()
        # A sheet computed under a file this station never adopted: refused, naming its version.
        trial = tmp_path / "trial.toml"
        trial.write_text(AMENDMENT.read_text(encoding="utf-8").replace(
            'version = "amendment 1 (test fixture)"', 'version = "amendment 2 (draft)"'), encoding="utf-8")
        other = _issue(store, load_protocol(trial))
        w.reset()
        _scan(qtbot, w, other.sheet_id)
        wait_idle()
        assert "amendment 2 (draft)" in w.message.text() and "protocol adopt" in w.message.text()
        assert not w.entry_box.isEnabled()
    finally:
        store.close()
