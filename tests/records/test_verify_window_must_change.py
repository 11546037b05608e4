"""At the bedside, a nurse whose password an admin set is asked to choose her own at the moment
she signs the check, and the check is then signed with it (pytest-qt, real widgets)."""

from __future__ import annotations

import json

import pytest

pytest.importorskip("pytestqt")

from infusecalc.records.users import Credentials, authenticate, reset_password  # noqa: E402

from ..modal_dialogs import change_password as answer_change, on_next_modal  # noqa: E402
from .conftest import ADMIN, NURSE  # noqa: E402
from .test_verify_window import _compare, _enter, _scan, issued  # noqa: E402,F401

pytestmark = pytest.mark.gui
TEMPORARY = "temporary-for-the-nurse"
CHOSEN = "li-na-chose-this-herself"


def test_a_nurse_with_a_password_set_by_the_admin_changes_it_then_verifies(qtbot, people, issued):
    from infusecalc.gui.verify_window import VerifyWindow

    reset_password(people, NURSE[0], TEMPORARY, Credentials(*ADMIN))
    w = VerifyWindow(people, ask_credentials=lambda parent, meaning: Credentials(NURSE[0], TEMPORARY))
    qtbot.addWidget(w)
    w.show()
    _scan(qtbot, w, issued.payload)
    _enter(qtbot, w)
    with on_next_modal(answer_change(qtbot, NURSE[0], TEMPORARY, CHOSEN)) as seen:
        _compare(qtbot, w)
    assert len(seen) == 1
    assert w.result_label.text().startswith("VERIFIED"), w.message.text()
    events = list(people.iter_events())
    kinds = [e.kind for e in events]
    assert kinds[-1] == "sheet_verified" and events[-1].user_id == NURSE[0]
    changed = [e for e in events if e.kind == "user_password_changed"][-1]
    assert json.loads(changed.payload)["user_id"] == NURSE[0] and changed.seq < events[-1].seq
    assert authenticate(people, Credentials(NURSE[0], CHOSEN), "verified", ("nurse",))
    assert people.verify().ok
