"""Trial > Dose escalation: a signer whose password someone else set is asked to choose their own
at the moment they sign, as in the order window, and the record is then signed with it (pytest-qt,
the real dialog)."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt

from infusecalc.records.users import Credentials, add_user, authenticate, change_password, reset_password

from ..modal_dialogs import change_password as answer_change, on_next_modal
from ..records.conftest import ADMIN
from .conftest import wait_idle
from .test_escalation_window import signer, store, view  # noqa: F401 - fixtures

pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("cheap_kdf")]
DECIDER = "admin.two"
TEMPORARY = "temporary-for-admin-two"
CHOSEN = "admin-two-chose-this-herself"


@pytest.fixture
def reset_decider(store, signer):
    """A second admin, whose password the first admin has just reset: the view signs with the
    temporary one, as it was typed into the signature dialog."""
    add_user(store, DECIDER, "admin", "temporary-admin-two", by=Credentials(*ADMIN))
    change_password(store, DECIDER, "temporary-admin-two", "admin-two-own-pass-1")
    reset_password(store, DECIDER, TEMPORARY, Credentials(*ADMIN))
    signer.creds = Credentials(DECIDER, TEMPORARY)


def _decide(qtbot, view) -> None:
    view.group_combo.setCurrentIndex(view.group_combo.findData("B"))
    view.level_combo.setCurrentIndex(view.level_combo.findData("DL2"))
    view.action_combo.setCurrentIndex(view.action_combo.findData("open"))
    qtbot.keyClicks(view.reference_edit, "SRC minutes 2026-11-30")
    qtbot.mouseClick(view.decide_button, Qt.MouseButton.LeftButton)


def test_the_signer_changes_the_password_then_the_decision_is_signed(qtbot, store, view, reset_decider):
    with on_next_modal(answer_change(qtbot, DECIDER, TEMPORARY, CHOSEN)) as seen:
        _decide(qtbot, view)
        qtbot.waitUntil(lambda: "Decision recorded" in view.message.text(), timeout=30000)
        wait_idle()
    assert len(seen) == 1
    events = list(store.iter_events())
    decision = [e for e in events if e.kind == "escalation_decision"][-1]
    assert decision.user_id == DECIDER
    changed = [e for e in events if e.kind == "user_password_changed"][-1]
    assert json.loads(changed.payload)["user_id"] == DECIDER and changed.seq < decision.seq
    assert authenticate(store, Credentials(DECIDER, CHOSEN), "escalation_decision", ("admin",))
    assert view.history.rowCount() == 1 and DECIDER in view.history.item(0, 3).text()
    assert store.verify().ok


def test_cancelling_the_change_records_nothing_and_says_why(qtbot, store, view, reset_decider):
    with on_next_modal(answer_change(qtbot, DECIDER, TEMPORARY, None)) as seen:
        _decide(qtbot, view)
        qtbot.waitUntil(lambda: view.message.text().startswith("Not recorded"), timeout=30000)
        wait_idle()
    assert len(seen) == 1
    assert "set by someone else" in view.message.text()
    assert [e for e in store.iter_events() if e.kind == "escalation_decision"] == []
    assert view.reference_edit.text() == "SRC minutes 2026-11-30"   # nothing typed is lost
