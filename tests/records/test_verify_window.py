"""pytest-qt drives the blind verification window through a match and a mismatch."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QLabel  # noqa: E402

from infusecalc.core.case import parse_case  # noqa: E402
from infusecalc.records.service import issue_sheet  # noqa: E402
from infusecalc.records.users import Credentials  # noqa: E402

from infusecalc.gui.background import wait_idle  # noqa: E402

from .conftest import NURSE, PHARMACIST, open_example_level  # noqa: E402

pytestmark = pytest.mark.gui
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "issue-example.json"


@pytest.fixture
def issued(people):
    open_example_level(people)   # Group B DL2 opens only by a recorded decision
    data = json.loads(EXAMPLE.read_text())
    data["product"].update(lot="L7", bag_ids=["B-01", "B-02"])
    return issue_sheet(people, parse_case(data), Credentials(*PHARMACIST)).sheet


@pytest.fixture
def window(qtbot, people):
    from infusecalc.gui.verify_window import VerifyWindow

    asked: list[str] = []

    def provider(parent, meaning):
        asked.append(meaning)
        return Credentials(*NURSE)

    w = VerifyWindow(people, ask_credentials=provider)
    w.asked = asked
    qtbot.addWidget(w)
    w.show()
    return w


def _visible_text(w) -> str:
    """Every visible label but the message line (which names the random sheet ID)."""
    return "\n".join(lbl.text() for lbl in w.findChildren(QLabel)
                     if lbl.isVisible() and lbl is not w.message)


def _scan(qtbot, w, text):
    qtbot.keyClicks(w.scan_edit, text)
    qtbot.keyClick(w.scan_edit, Qt.Key.Key_Return)
    wait_idle()   # the sheet is looked up in the background (gui/background.py)


def _compare(qtbot, w):
    qtbot.mouseClick(w.verify_button, Qt.MouseButton.LeftButton)
    assert not w.entry_box.isEnabled()   # held while the records compare and sign
    wait_idle()


def _enter(qtbot, w, weight="42", unit="kg", group="B", level="DL2", conc="1.3e7", vol="10",
           lot="L7", bags="B-02, B-01"):
    qtbot.keyClicks(w.weight_edit, weight)
    w.weight_unit.setCurrentIndex(w.weight_unit.findData(unit))
    w.group_combo.setCurrentIndex(w.group_combo.findData(group))
    w.level_combo.setCurrentIndex(w.level_combo.findData(level))
    qtbot.keyClicks(w.conc_edit, conc)
    qtbot.keyClicks(w.volume_edit, vol)
    qtbot.keyClicks(w.lot_edit, lot)
    qtbot.keyClicks(w.bags_edit, bags)


def test_scan_shows_only_the_subject_then_a_match_verifies(qtbot, window, issued, people):
    _scan(qtbot, window, issued.payload)  # a USB scanner types the QR text and Enter
    shown = _visible_text(window)
    assert "0101-007" in shown and issued.sheet_id in window.message.text()
    # None of the pharmacist's numbers before the entry is complete.
    for secret in ("252,000,000", "2.52", "19.3", "42", "DL2", "1.3e7"):
        assert secret not in shown, secret
    assert not window.verify_button.isEnabled()
    _enter(qtbot, window)
    assert "252,000,000" not in _visible_text(window)
    assert window.verify_button.isEnabled()
    _compare(qtbot, window)
    result = window.result_label.text()
    assert result.startswith("VERIFIED")
    assert "252,000,000 CAR-T cells" in result and "19.3 mL" in result
    assert "Signed by Li Na (li.nurse)" in result and "meaning: verified" in result
    assert issued.sheet_id in window.asked[0]
    assert [e.kind for e in people.iter_events()][-1] == "sheet_verified"


def test_typed_sheet_id_and_a_mismatch_lists_the_fields(qtbot, window, issued, people):
    _scan(qtbot, window, issued.sheet_id.lower())
    assert window.entry_box.isEnabled()
    _enter(qtbot, window, weight="40")
    _compare(qtbot, window)
    result = window.result_label.text()
    assert result.startswith("MISMATCH")
    assert "Weight (kg): you entered 40, the sheet says 42" in result
    assert "Dose (CAR-T cells)" in result and "VERIFIED\n" not in result
    last = list(people.iter_events())[-1]
    assert last.kind == "verification_mismatch"
    assert [d["field"] for d in json.loads(last.payload)["differences"]] == ["weight_kg", "dose_cells", "volume_ml"]
    qtbot.mouseClick(window.next_button, Qt.MouseButton.LeftButton)
    assert window.result_label.text() == "" and window.scan_edit.isEnabled()


def test_unknown_or_damaged_sheet_is_refused_without_opening(qtbot, window, issued):
    bad = issued.payload[:30] + ("Q" if issued.payload[30] != "Q" else "R") + issued.payload[31:]
    _scan(qtbot, window, bad)
    assert "damaged" in window.message.text() and not window.entry_box.isEnabled()


def test_wrong_password_is_not_a_verification(qtbot, people, issued):
    from infusecalc.gui.verify_window import VerifyWindow

    w = VerifyWindow(people, ask_credentials=lambda parent, meaning: Credentials(NURSE[0], "wrong-pass"))
    qtbot.addWidget(w)
    _scan(qtbot, w, issued.payload)
    _enter(qtbot, w)
    _compare(qtbot, w)
    assert "password not accepted" in w.message.text() and w.result_label.text() == ""
    assert not people.events_of_kind("sheet_verified")


def test_sign_dialog_collects_both_components(qtbot):
    from infusecalc.gui.signing import SignDialog

    d = SignDialog("Meaning: verified", None)
    qtbot.addWidget(d)
    from PySide6.QtWidgets import QDialogButtonBox, QLineEdit
    ok = d.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled() and d.password_edit.echoMode() == QLineEdit.EchoMode.Password
    qtbot.keyClicks(d.user_edit, "li.nurse")
    assert not ok.isEnabled()
    qtbot.keyClicks(d.password_edit, "nurse-pass-1")
    assert ok.isEnabled() and d.credentials() == Credentials("li.nurse", "nurse-pass-1")
    assert "Meaning: verified" in d.meaning_label.text()


def test_first_admin_dialog_creates_the_first_user(qtbot, store):
    from infusecalc.gui.signing import FirstAdminDialog

    d = FirstAdminDialog(store)
    qtbot.addWidget(d)
    qtbot.keyClicks(d.user_edit, "admin")
    qtbot.keyClicks(d.name_edit, "Site Admin")
    qtbot.keyClicks(d.password_edit, "admin-pass-1")
    qtbot.keyClicks(d.repeat_edit, "admin-pass-2")
    d.create()
    assert "differ" in d.error_label.text() and store.users() == []
    qtbot.keyClicks(d.repeat_edit, "admin-pass-1")
    d.create()
    wait_idle()   # the key is sealed (scrypt) in the background
    assert d.created_user_id == "admin" and d.result() == d.DialogCode.Accepted
    (row,) = store.users()
    assert (row.role, row.full_name) == ("admin", "Site Admin")
    assert d.password_edit.text() == ""


def _in_view(w, label) -> bool:
    """``label`` lies wholly within the verify window's scrolled viewport."""
    from PySide6.QtCore import QPoint, QRect

    viewport = w.scroll.viewport()
    top_left = label.mapTo(viewport, QPoint(0, 0))
    return viewport.rect().contains(QRect(top_left, label.size()))


def test_the_window_opens_with_the_whole_entry_and_shows_a_mismatch_whole(qtbot, window, issued):
    """Under a real X server the window opened at 473x358: the entry scrolled both ways, and
    a MISMATCH signed at the bottom showed only its first words at the window's edge."""
    qtbot.waitExposed(window)
    assert window.scroll.horizontalScrollBar().maximum() == 0
    assert window.scroll.verticalScrollBar().maximum() == 0
    _scan(qtbot, window, issued.sheet_id)
    _enter(qtbot, window, weight="40", bags="B-01, B-03")
    _compare(qtbot, window)
    assert window.result_label.text().startswith("MISMATCH")
    qtbot.waitUntil(lambda: _in_view(window, window.result_label))
    room = window.screen().availableGeometry()
    assert window.height() <= room.height() and window.width() <= room.width()
    assert window.scroll.horizontalScrollBar().maximum() == 0
