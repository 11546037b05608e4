"""An admin resets a password in the users dialog; an account whose password someone else set
is asked to choose its own at the moment it signs (issue 12, item 6), in the window's issue, at
the bedside and in the users dialog. Real widgets, a real records database in a temp folder."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from infusecalc.core.case import parse_case
from infusecalc.gui.background import wait_idle
from infusecalc.records.users import Credentials, SignatureError, authenticate, reset_password

from ..modal_dialogs import change_password as answer_change, on_next_modal
from ..records.conftest import ADMIN, PHARMACIST
from .test_records_integration import _events, _example, records  # noqa: F401 - a fixture

pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("cheap_kdf")]
OK = QDialogButtonBox.StandardButton.Ok
TEMPORARY = "temporary-given-by-admin"
CHOSEN = "wang-chose-this-herself"


def _state(data_dir, user_id):
    from infusecalc.records.store import open_store

    with open_store(data_dir) as store:
        return store.user_state(user_id)


def test_an_admin_resets_a_password_in_the_users_dialog(qtbot, people):
    from infusecalc.gui.users_dialog import TemporaryPasswordDialog, UsersDialog
    from infusecalc.records.store import open_store

    store = open_store(people)
    old_key = store.user_state(PHARMACIST[0]).public_key
    asked = []
    dialog = UsersDialog(store, ask_credentials=lambda p, m: asked.append(m) or Credentials(*ADMIN))
    qtbot.addWidget(dialog)
    wait_idle()     # the list is read in the background
    assert not dialog.reset_button.isEnabled()      # nobody selected yet
    dialog.select_user(PHARMACIST[0])
    assert dialog.reset_button.isEnabled()

    def type_twice(modal):
        assert isinstance(modal, TemporaryPasswordDialog)
        qtbot.keyClicks(modal.password_edit, TEMPORARY)
        qtbot.keyClicks(modal.repeat_edit, TEMPORARY + "-typo")
        modal.buttons.button(OK).click()
        assert modal.isVisible() and "differ" in modal.message.text()   # asked again
        assert modal.repeat_edit.text() == ""
        qtbot.keyClicks(modal.repeat_edit, TEMPORARY)
        modal.buttons.button(OK).click()

    seen = on_next_modal(type_twice)
    qtbot.mouseClick(dialog.reset_button, Qt.MouseButton.LeftButton)
    wait_idle(60)
    seen.stop()
    assert len(seen) == 1
    assert len(asked) == 1 and "Meaning: password reset" in asked[0] and PHARMACIST[0] in asked[0]
    assert "reset and recorded" in dialog.message.text()
    (event,) = store.events_of_kind("user_key_reset")
    payload = json.loads(event.payload)
    assert event.user_id == ADMIN[0] and event.signature and payload["user_id"] == PHARMACIST[0]
    state = store.user_state(PHARMACIST[0])
    assert state.must_change and state.public_key not in (None, old_key)
    # The old password opens nothing now; the temporary one opens the new key but cannot sign.
    for password, reason in ((PHARMACIST[1], "wrong_password"), (TEMPORARY, "must_change")):
        with pytest.raises(SignatureError) as refused:
            authenticate(store, Credentials(PHARMACIST[0], password), "issued", ("pharmacist",))
        assert refused.value.reason == reason
    assert store.verify().ok
    store.close()


def test_a_reset_to_a_common_password_is_refused_and_nothing_recorded(qtbot, people):
    from infusecalc.gui.users_dialog import UsersDialog
    from infusecalc.records.store import open_store

    store = open_store(people)
    dialog = UsersDialog(store, ask_credentials=lambda p, m: Credentials(*ADMIN),
                         ask_password=lambda parent, user_id: "password1234")
    qtbot.addWidget(dialog)
    wait_idle()
    dialog.select_user(PHARMACIST[0])
    assert dialog.reset_selected() is True     # asked, signed, then refused by the records
    wait_idle(60)
    assert dialog.message.text().startswith("Not reset:") and "common" in dialog.message.text()
    assert store.events_of_kind("user_key_reset") == []
    store.close()


def test_issuing_with_a_password_set_by_the_admin_opens_the_change_then_issues(
        qtbot, window, records, people, questions):
    with_admin = Credentials(*ADMIN)
    from infusecalc.records.store import open_store

    with open_store(people) as store:
        reset_password(store, PHARMACIST[0], TEMPORARY, with_admin)
    window.load_case(parse_case(_example()))
    records.signer = Credentials(PHARMACIST[0], TEMPORARY)
    seen = on_next_modal(answer_change(qtbot, PHARMACIST[0], TEMPORARY, CHOSEN))
    records.issue_action.trigger()
    wait_idle(60)
    seen.stop()
    assert len(seen) == 1 and questions.explained == []
    (event,) = _events(people, "sheet_issued")
    assert event.user_id == PHARMACIST[0] and json.loads(event.payload)["sheet_id"] == records.shown[0][0]
    changed = _events(people, "user_password_changed")[-1]
    assert json.loads(changed.payload)["user_id"] == PHARMACIST[0]
    assert _events(people, "user_key_reset")[-1].seq < changed.seq < event.seq and not _state(people, PHARMACIST[0]).must_change
    # Only the refusal for a password to change led to the dialog: it was recorded as such.
    failed = [json.loads(e.payload)["reason"] for e in _events(people, "signature_failed")]
    assert failed == ["must_change"]


def test_cancelling_the_change_issues_nothing(qtbot, window, records, people, questions):
    from infusecalc.records.store import open_store

    with open_store(people) as store:
        reset_password(store, PHARMACIST[0], TEMPORARY, Credentials(*ADMIN))
    window.load_case(parse_case(_example()))
    records.signer = Credentials(PHARMACIST[0], TEMPORARY)
    seen = on_next_modal(lambda modal: modal.reject())
    records.issue_action.trigger()
    wait_idle(60)
    seen.stop()
    assert len(seen) == 1 and records.shown == []
    title, text = questions.explained[-1]
    assert title == "Not issued" and "set by someone else" in text
    assert _events(people, "sheet_issued") == [] and _state(people, PHARMACIST[0]).must_change


def test_a_wrong_password_never_opens_the_change_dialog(qtbot, window, records, people, questions):
    from infusecalc.records.store import open_store

    with open_store(people) as store:
        reset_password(store, PHARMACIST[0], TEMPORARY, Credentials(*ADMIN))
    window.load_case(parse_case(_example()))
    records.signer = Credentials(PHARMACIST[0], "not-the-temporary-one")
    seen = on_next_modal(lambda modal: modal.reject())
    records.issue_action.trigger()
    wait_idle(60)
    title, text = questions.explained[-1]
    assert title == "Not issued" and "password not accepted" in text
    seen.stop()         # the action is over: any dialog would have come and gone by now
    # Whoever does not know the password learns nothing about the account from a dialog.
    assert seen == [] and _events(people, "sheet_issued") == []


def test_an_admin_whose_password_was_set_by_another_chooses_one_at_the_signature(qtbot, people):
    from infusecalc.gui.users_dialog import UsersDialog
    from infusecalc.records.store import open_store
    from infusecalc.records.users import add_user

    store = open_store(people)
    add_user(store, "second.admin", "admin", TEMPORARY, full_name="Second Admin",
             by=Credentials(*ADMIN))
    dialog = UsersDialog(store, ask_credentials=lambda p, m: Credentials("second.admin", TEMPORARY))
    qtbot.addWidget(dialog)
    wait_idle()
    qtbot.keyClicks(dialog.user_edit, "li.nurse")
    qtbot.keyClicks(dialog.password_edit, "nurse-pass-long-1")
    qtbot.keyClicks(dialog.repeat_edit, "nurse-pass-long-1")
    seen = on_next_modal(answer_change(qtbot, "second.admin", TEMPORARY, CHOSEN))
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    wait_idle(60)
    seen.stop()
    assert len(seen) == 1, dialog.message.text()
    added = [e for e in store.events_of_kind("user_added")
             if json.loads(e.payload)["user_id"] == "li.nurse"]
    assert len(added) == 1 and added[0].user_id == "second.admin"
    assert authenticate(store, Credentials("second.admin", CHOSEN), "user_added", ("admin",))
    assert store.verify().ok
    store.close()
