"""The window's records actions, with real widgets and a real records database in a temp folder:
issuing a signed sheet, bedside verification, the users dialog and ``--verify-mode``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from infusecalc.core.case import parse_case
from infusecalc.records.users import Credentials

from ..records.conftest import ADMIN, PHARMACIST
from .conftest import wait_idle

pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("cheap_kdf")]
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "issue-example.json"


@pytest.fixture
def records(window, data_dir, tmp_path):
    """The window's records actions on the temp folder; signatures and PDF path answered here."""
    r = window.records
    r.set_data_dir(str(data_dir))
    r.signer = Credentials(*PHARMACIST)
    r.asked = []
    r.shown = []

    def ask(parent, meaning):
        r.asked.append(meaning)
        return r.signer

    r.ask_credentials = ask
    r.choose_pdf_path = lambda suggested: str(tmp_path / "signed.pdf")
    r.show_issued = lambda sheet_id, path: r.shown.append((sheet_id, path))
    yield r
    r.close()


def _example(**changes) -> dict:
    """The README's case with a complete label (lot and bag IDs): ready to issue."""
    data = json.loads(EXAMPLE.read_text())
    data["product"].update(lot="L2026-118", bag_ids=["B-001", "B-002"])
    data.update(changes)
    return data


@pytest.mark.parametrize("drop, word", [("lot", "lot number"), ("bag_ids", "bag IDs"),
                                        ("product", "label values")])
def test_a_cleared_case_without_a_complete_label_is_not_ready_and_says_what_is_missing(
        qtbot, window, records, people, questions, drop, word):
    data = _example()
    if drop == "product":
        del data["product"]
    else:
        del data["product"][drop]
    window.load_case(parse_case(data))
    assert window.evaluation().cleared
    banner = window.results.banner_text.text()
    assert banner == "✔ CLEARED — NOT READY TO ISSUE" and "READY TO ISSUE" in banner
    assert word in window.results.banner_reasons.text()
    assert not records.issue_action.isEnabled()
    assert word in records.issue_action.toolTip() and word in records.issue_action.statusTip()
    assert records.issue_state_label.text() == "Not ready to issue"
    # Called anyway (a shortcut, a script): refused before any file or password is asked.
    assert records.issue_signed_sheet() is False
    assert records.asked == [] and records.shown == []
    assert word in questions.explained[-1][1]
    assert _events(people, "sheet_issued") == []


def test_a_complete_cleared_case_is_ready_to_issue_in_green(qtbot, window, records):
    window.new_case()
    assert records.issue_state_label.text() == "No dose computed: nothing to issue"
    window.load_case(parse_case(_example()))
    assert window.results.banner_text.text() == "✔ CLEARED FOR INFUSION — READY TO ISSUE"
    assert "#0b5d1e" in window.results.banner.styleSheet()
    assert records.issue_action.isEnabled()
    assert records.issue_state_label.text() == "Ready to issue"


def _events(data_dir, kind: str):
    from infusecalc.records.store import open_store

    with open_store(data_dir) as store:
        return store.events_of_kind(kind)


def test_issuing_a_cleared_case_records_the_signed_sheet_and_writes_its_pdf(
        qtbot, window, records, people, questions, tmp_path):
    from pypdf import PdfReader

    window.load_case(parse_case(_example()))
    assert window.evaluation().cleared
    assert records.issue_action.isEnabled()
    records.issue_action.trigger()
    # The records are asked in the background; meanwhile the action cannot be triggered again.
    assert not records.issue_action.isEnabled()
    wait_idle()
    assert records.issue_action.isEnabled()
    assert questions.explained == []
    (sheet_id, path), = records.shown
    assert path == str(tmp_path / "signed.pdf")
    assert "Meaning: issued" in records.asked[0] and "0101-007" in records.asked[0]
    (event,) = _events(people, "sheet_issued")
    payload = json.loads(event.payload)
    assert payload["sheet_id"] == sheet_id and payload["signature"]["user_id"] == PHARMACIST[0]
    text = "".join(page.extract_text() for page in PdfReader(path).pages)
    assert sheet_id in text
    assert "DRAFT" not in text
    assert "records:" in records.status_label.text().lower()


def test_a_pdf_that_cannot_be_written_still_names_the_issued_sheet(
        qtbot, window, records, people, questions, tmp_path):
    window.load_case(parse_case(_example()))
    records.choose_pdf_path = lambda suggested: str(tmp_path / "no-such-folder" / "signed.pdf")
    records.issue_action.trigger()
    wait_idle()
    (event,) = _events(people, "sheet_issued")
    sheet_id = json.loads(event.payload)["sheet_id"]
    title, text = questions.explained[-1]
    assert title == "Sheet issued, PDF not written" and sheet_id in text and "reprint" in text
    assert records.shown == [(sheet_id, None)]


def test_the_window_signs_the_evaluation_it_shows_without_computing_the_case_again(
        qtbot, window, records, people, questions, monkeypatch):
    """The window computes the case afresh when Issue is pressed, names its dose in the
    signature's meaning, and hands that evaluation to the records: they do not compute it again,
    and the sheet recorded is that evaluation (records/service.py issue_sheet)."""
    from infusecalc.records import service

    window.load_case(parse_case(_example()))
    taken = []
    real_inputs = window.sheet_inputs
    monkeypatch.setattr(window, "sheet_inputs", lambda: taken.append(real_inputs()) or taken[-1])
    in_records = []
    real_evaluate = service.evaluate
    monkeypatch.setattr(service, "evaluate", lambda *a, **k: in_records.append(a) or real_evaluate(*a, **k))
    records.issue_action.trigger()
    wait_idle()
    assert questions.explained == [] and len(records.shown) == 1
    ((ev, _case),) = taken
    assert in_records == [] and records.last_issue.evaluation is ev
    (event,) = _events(people, "sheet_issued")
    assert json.loads(event.payload)["evaluation"] == ev.model_dump(mode="json")


def test_a_case_that_is_not_cleared_cannot_be_issued(qtbot, window, records, people, questions):
    data = _example()
    data["exposures"][0]["last_date"] = "2026-12-09"  # daunorubicin the day before infusion
    window.load_case(parse_case(data))
    ev = window.evaluation()
    assert ev is not None and not ev.cleared
    assert window.pdf_action.isEnabled()           # a draft sheet still prints, marked so
    assert not records.issue_action.isEnabled()
    # The status bar says no more than the banner: not "not ready", not to be issued at all.
    assert records.issue_state_label.text() == "NOT CLEARED: not to be issued"
    assert records.issue_signed_sheet() is False   # even when called directly
    assert records.asked == [] and records.shown == []
    assert "CLEARED" in questions.explained[0][1]
    assert _events(people, "sheet_issued") == []


def test_a_wrong_password_issues_nothing(qtbot, window, records, people, questions, tmp_path):
    window.load_case(parse_case(_example()))
    records.signer = Credentials(PHARMACIST[0], "not-the-password")
    records.issue_action.trigger()
    wait_idle()
    assert records.shown == [] and not (tmp_path / "signed.pdf").exists()
    title, text = questions.explained[-1]
    assert title == "Not issued" and "password not accepted" in text
    assert _events(people, "sheet_issued") == []
    assert json.loads(_events(people, "signature_failed")[-1].payload)["reason"] == "wrong_password"


def test_without_users_issuing_explains_that_a_user_is_needed(qtbot, window, records, data_dir,
                                                              questions, monkeypatch):
    from infusecalc.gui import signing

    offered = []
    monkeypatch.setattr(signing, "ensure_first_admin", lambda store, parent=None: offered.append(1) or False)
    window.load_case(parse_case(_example()))
    records.issue_action.trigger()
    wait_idle()
    assert offered == [1] and records.asked == []
    assert questions.explained[-1][0] == "A user is needed"
    assert _events(data_dir, "sheet_issued") == []


def test_first_run_offers_to_create_the_first_admin_once_the_window_is_up(
        qtbot, window, records, data_dir, monkeypatch):
    from infusecalc.gui import signing

    offered = []
    monkeypatch.setattr(signing, "ensure_first_admin", lambda store, parent=None: offered.append(parent) or False)
    assert "not opened" in records.status_label.text()   # nothing opened with the window
    records.open_and_welcome()
    assert "not opened" in records.status_label.text()   # opening, in the background
    wait_idle()
    assert offered == [window]
    assert "no users yet" in records.status_label.text() and str(data_dir) in records.status_label.toolTip()


def test_the_status_bar_keeps_room_for_its_messages_at_1366(qtbot, window, records, people, tmp_path):
    """The permanent labels (dose state, records, protocol) leave the status bar's own messages
    ("Saved …", "Opened …") room at 1366 x 768, whatever the length of the records' path; the
    path and the protocol's file stay whole in the tooltips."""
    from pathlib import Path

    window.resize(1366, 768)
    qtbot.waitExposed(window)
    records.open_and_welcome()
    wait_idle()
    where = records.store().describe()
    assert records.status_label.toolTip() == where and "2 users" in records.status_label.text()
    assert window.core_sources().protocol.file_name in window.protocol_label.toolTip()
    qtbot.wait(50)
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QWidget

    bar = window.statusBar()
    permanent = sum(w.width() for w in bar.findChildren(
        QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly) if w.isVisible())
    message = "Saved " + str(Path.home() / "cases" / "0101-007.json")
    assert bar.width() - permanent >= bar.fontMetrics().horizontalAdvance(message), (bar.width(), permanent)


def test_bedside_verification_menu_opens_the_verify_window(qtbot, window, records, people):
    from infusecalc.gui.verify_window import VerifyWindow

    assert records.verify_action in records.tools_menu.actions()
    assert records.issue_action in window.file_menu.actions()
    assert records.verify_action.shortcut().toString() == "Ctrl+Shift+V"
    assert records.issue_action.shortcut().toString() == "Ctrl+Shift+I"
    records.verify_action.trigger()
    wait_idle()
    (vw,) = records.verify_windows
    qtbot.addWidget(vw)
    assert isinstance(vw, VerifyWindow) and vw.isVisible()
    assert vw.store is records.store()
    # The check is blind: the order window's results are hidden until the check is closed.
    assert window.results.isHidden()
    vw.close()
    assert not window.results.isHidden()


def test_adding_a_user_in_the_users_dialog_is_signed_and_recorded(qtbot, people):
    from infusecalc.gui.users_dialog import UsersDialog
    from infusecalc.records.store import open_store

    store = open_store(people)
    asked = []
    dialog = UsersDialog(store, ask_credentials=lambda parent, meaning: asked.append(meaning)
                         or Credentials(*ADMIN))
    qtbot.addWidget(dialog)
    wait_idle()                                   # the users are read in the background
    assert dialog.table.rowCount() == 2
    qtbot.keyClicks(dialog.user_edit, "li.nurse")
    qtbot.keyClicks(dialog.name_edit, "Li Na")
    dialog.role_combo.setCurrentIndex(dialog.role_combo.findData("nurse"))
    qtbot.keyClicks(dialog.password_edit, "nurse-pass-1")
    qtbot.keyClicks(dialog.repeat_edit, "nurse-pass-1")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert not dialog.add_button.isEnabled()      # signed and recorded in the background
    wait_idle()
    assert "li.nurse" in asked[0] and "Meaning: user added" in asked[0]
    (event,) = [e for e in store.events_of_kind("user_added")
                if json.loads(e.payload)["user_id"] == "li.nurse"]
    assert json.loads(event.payload)["by"] == ADMIN[0] and event.user_id == ADMIN[0]
    assert store.user("li.nurse").role == "nurse"
    assert dialog.table.rowCount() == 3 and dialog.selected_user() == "li.nurse"
    # disabling is signed too, and shows in the list
    qtbot.mouseClick(dialog.disable_button, Qt.MouseButton.LeftButton)
    wait_idle()
    assert store.user("li.nurse").disabled and store.events_of_kind("user_disabled")
    assert dialog.table.item(dialog.table.currentRow(), 3).text() == "disabled"
    store.close()


def test_users_dialog_refuses_a_wrong_admin_password_and_differing_passwords(qtbot, people):
    from infusecalc.gui.users_dialog import UsersDialog
    from infusecalc.records.store import open_store

    store = open_store(people)
    dialog = UsersDialog(store, ask_credentials=lambda p, m: Credentials(ADMIN[0], "wrong-pass-9"))
    qtbot.addWidget(dialog)
    wait_idle()
    qtbot.keyClicks(dialog.user_edit, "li.nurse")
    qtbot.keyClicks(dialog.password_edit, "nurse-pass-1")
    qtbot.keyClicks(dialog.repeat_edit, "nurse-pass-2")
    assert dialog.add() is False and "differ" in dialog.message.text()
    qtbot.keyClicks(dialog.repeat_edit, "nurse-pass-1")
    assert dialog.add() is True                   # asked; the records answer in the background
    wait_idle()
    assert "password not accepted" in dialog.message.text()
    assert store.user("li.nurse") is None
    store.close()


def test_a_locked_user_is_shown_and_unlocked_by_a_signed_change(qtbot, people):
    from infusecalc.gui.users_dialog import UsersDialog
    from infusecalc.records.store import open_store
    from infusecalc.records.users import MAX_FAILURES, RecordsError, authenticate

    store = open_store(people)
    for _ in range(MAX_FAILURES):
        with pytest.raises(RecordsError):
            authenticate(store, Credentials(PHARMACIST[0], "typo-pass-0"), "issued", ("pharmacist",))
    dialog = UsersDialog(store, ask_credentials=lambda p, m: Credentials(*ADMIN))
    qtbot.addWidget(dialog)
    wait_idle()
    dialog.select_user(PHARMACIST[0])
    assert dialog.table.item(dialog.table.currentRow(), 3).text().startswith("locked")
    assert dialog.unlock_button.isEnabled()
    qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
    wait_idle()
    assert not store.user(PHARMACIST[0]).locked and store.events_of_kind("user_unlocked")
    assert dialog.table.item(dialog.table.currentRow(), 3).text() == "active"
    assert not dialog.unlock_button.isEnabled()
    store.close()


def test_verify_mode_opens_the_verify_window_instead_of_the_order_window(qtbot, people, monkeypatch):
    from infusecalc.cli.main import main
    from infusecalc.gui.main_window import MainWindow
    from infusecalc.gui.verify_window import VerifyWindow

    seen = []

    def fake_exec(*_a):
        wait_idle()   # the records open in the background; the window appears once they are
        seen.extend(w for w in QApplication.topLevelWidgets() if w.isVisible())
        return 0

    monkeypatch.setattr(QApplication, "exec", fake_exec)
    assert main(["--data-dir", str(people), "--verify-mode"]) == 0
    verify = [w for w in seen if isinstance(w, VerifyWindow)]
    assert len(verify) == 1 and not [w for w in seen if isinstance(w, MainWindow)]
    assert verify[0].store.describe().startswith(str(people))
    for w in verify:
        qtbot.addWidget(w)
        w.store.close()


def test_the_new_menus_and_the_users_dialog_follow_the_language(qtbot, window, people):
    from infusecalc.gui.users_dialog import UsersDialog
    from infusecalc.i18n import qt as i18n_qt
    from infusecalc.records.store import open_store

    store = open_store(people)
    try:
        i18n_qt.install("zh_CN")
        qtbot.waitUntil(lambda: window.records.tools_menu.title() == "工具(&T)")
        assert window.records.issue_action.text() == "签发已签名剂量单(&I)…"
        assert window.records.status_label.text() == "记录库：尚未打开"
        dialog = UsersDialog(store)
        qtbot.addWidget(dialog)
        wait_idle()
        assert dialog.windowTitle() == "用户"
        assert [dialog.table.item(r, 2).text() for r in range(2)] == ["管理员", "药师"]
    finally:
        i18n_qt.install("en")
        store.close()
    qtbot.waitUntil(lambda: window.records.tools_menu.title() == "&Tools")


def test_a_user_changes_the_password_an_admin_set_in_the_dialog(qtbot, people):
    from infusecalc.gui.password_dialog import ChangePasswordDialog
    from infusecalc.records.store import open_store
    from infusecalc.records.users import authenticate, reset_password

    store = open_store(people)
    reset_password(store, PHARMACIST[0], "temporary-set-by-admin", Credentials(*ADMIN))
    dialog = ChangePasswordDialog(store, user_id=PHARMACIST[0])
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.current_edit, "temporary-set-by-admin")
    qtbot.keyClicks(dialog.new_edit, "password1234")
    qtbot.keyClicks(dialog.repeat_edit, "password1234")
    assert dialog.change() is True     # asked; the records answer in the background
    wait_idle()
    assert "common" in dialog.message.text() and dialog.result() != dialog.DialogCode.Accepted
    qtbot.keyClicks(dialog.current_edit, "temporary-set-by-admin")
    qtbot.keyClicks(dialog.new_edit, "wang-chose-this-one")
    qtbot.keyClicks(dialog.repeat_edit, "wang-chose-this-one")
    assert dialog.change() is True
    wait_idle()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert authenticate(store, Credentials(PHARMACIST[0], "wang-chose-this-one"), "issued", ("pharmacist",))
    store.close()


def test_a_dose_level_the_ledger_has_not_opened_is_never_called_ready_to_issue(
        qtbot, window, records, people, questions):
    """The records refuse to issue at a level no recorded decision has opened; the window says
    so before anyone types a password: amber, the reason named, the issue action disabled."""
    from infusecalc.gui.session import Readiness
    from infusecalc.records.escalation import record_decision
    from infusecalc.records.store import open_store

    with open_store(people) as store:   # the example's level (Group B DL2), closed again
        record_decision(store, "B", "DL2", False, "test: closed after a DLT review", Credentials(*ADMIN))
    assert window.open_path(str(EXAMPLE))
    records.open_and_welcome()          # reads the ledger, as at start-up
    wait_idle()
    assert window.readiness() is Readiness.CLEARED_NOT_READY
    assert "opens this dose level" in window.results.banner_reasons.text()
    assert not records.issue_action.isEnabled()
    assert "opens this dose level" in records.issue_action.toolTip()

    # Issued at once after the case is opened, before the records are even open: the ledger is
    # read as they open, and the issue stops there, before a file or a password is asked.
    records.close()
    window.form.set_level_states(None)
    assert window.readiness() is Readiness.READY        # nothing read: nothing to hold it back
    assert records.issue_signed_sheet()
    wait_idle()
    assert records.asked == [] and questions.explained[-1][0] == "Not issued"
    assert "opens this dose level" in questions.explained[-1][1]

    with open_store(people) as store:   # opened again by a new decision
        record_decision(store, "B", "DL2", True, "test: reopened", Credentials(*ADMIN))
    records.refresh_level_states()
    wait_idle()
    assert window.readiness() is Readiness.READY and records.issue_action.isEnabled()


def test_the_ledger_is_read_again_when_the_core_is_in_again(qtbot, window, records, people):
    """An adoption puts a protocol in again (core_ready, then open_and_welcome) with the records
    open already: the levels are read again, so a level closed meanwhile is not left READY."""
    from infusecalc.gui.session import Readiness
    from infusecalc.records.escalation import record_decision
    from infusecalc.records.store import open_store

    assert window.open_path(str(EXAMPLE))
    records.open_and_welcome()
    wait_idle()
    assert window.readiness() is Readiness.READY
    with open_store(people) as store:
        record_decision(store, "B", "DL2", False, "test: closed by another station", Credentials(*ADMIN))
    records.open_and_welcome()          # as after an adoption: the store is open already
    wait_idle()
    assert window.readiness() is Readiness.CLEARED_NOT_READY
