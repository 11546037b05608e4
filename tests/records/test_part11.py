"""Part 11 password and identity controls, files and exports (issue 12, items 6 and 7)."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import stat
import sys

import pytest

from infusecalc.records import keys, passwords
from infusecalc.records.chain import Kind
from infusecalc.records.users import (Credentials, RecordsError, SignatureError, add_user,
                                      authenticate, change_password, recover_admin, reset_password,
                                      set_password_ageing)

from .conftest import ADMIN, NURSE, PHARMACIST


def test_ids_are_one_person_whatever_the_case_or_width_and_look_alikes_are_refused(people):
    by = Credentials(*ADMIN)
    for look_alike in ("LI.NURSE", "ｌｉ.ｎｕｒｓｅ", "li-nurse", "l1.nurse", "li_nurse"):
        with pytest.raises(RecordsError):
            add_user(people, look_alike, "nurse", "another-pass-123", by=by)
    # The same person whatever case or width the ID is typed in.
    assert authenticate(people, Credentials("LI.NURSE", NURSE[1]), "verified", ("nurse",)).user_id == NURSE[0]
    assert authenticate(people, Credentials("ｌｉ.ｎｕｒｓｅ", NURSE[1]), "verified", ("nurse",)).user_id == NURSE[0]
    # ... but not with a trailing newline or space: that is another, unknown, ID.
    for typed in (NURSE[0] + "\n", NURSE[0] + " "):
        with pytest.raises(SignatureError) as err:
            authenticate(people, Credentials(typed, NURSE[1]), "verified", ("nurse",))
        assert err.value.reason == "unknown_user"


def test_full_names_carry_no_control_characters(people):
    for name in ("Li\nNa", "Li\u202eNa", "Li\x00Na"):
        with pytest.raises(RecordsError, match="control character"):
            add_user(people, "zhou", "nurse", "zhou-pass-1234", full_name=name, by=Credentials(*ADMIN))


def test_unknown_user_and_wrong_password_cost_the_same_kdf_work(people, monkeypatch):
    calls = []
    real = passwords.derive
    monkeypatch.setattr(passwords, "derive", lambda *a: calls.append(1) or real(*a))
    for creds in (Credentials("nobody.here", "whatever-pass-1"), Credentials(NURSE[0], "wrong-pass-12")):
        calls.clear()
        with pytest.raises(SignatureError) as err:
            authenticate(people, creds, "verified", ("nurse",))
        assert str(err.value) == "user ID or password not accepted" and calls == [1]


def test_a_password_set_by_someone_else_must_be_changed_before_signing(people):
    reset_password(people, NURSE[0], "temporary-pass-77", Credentials(*ADMIN))
    with pytest.raises(SignatureError, match="set by someone else") as err:
        authenticate(people, Credentials(NURSE[0], "temporary-pass-77"), "verified", ("nurse",))
    assert err.value.reason == "must_change"
    with pytest.raises(SignatureError):
        authenticate(people, Credentials(*NURSE), "verified", ("nurse",))   # the old key is gone
    with pytest.raises(RecordsError, match="common"):
        change_password(people, NURSE[0], "temporary-pass-77", "Password2026!")
    change_password(people, NURSE[0], "temporary-pass-77", "my-own-choice-9")
    signer = authenticate(people, Credentials(NURSE[0], "my-own-choice-9"), "verified", ("nurse",))
    kinds = [e.kind for e in people.iter_events()]
    assert kinds[-2:] == ["user_key_reset", "user_password_changed"] or "user_password_changed" in kinds
    assert people.verify().ok and signer.state.public_key


def test_changing_a_password_keeps_the_key(people):
    before = people.user_state(PHARMACIST[0]).public_key
    change_password(people, PHARMACIST[0], PHARMACIST[1], "a-new-pharm-pass")
    assert people.user_state(PHARMACIST[0]).public_key == before
    with pytest.raises(SignatureError):
        authenticate(people, Credentials(*PHARMACIST), "issued", ("pharmacist",))
    assert authenticate(people, Credentials(PHARMACIST[0], "a-new-pharm-pass"), "issued",
                        ("pharmacist",)).state.public_key == before


def test_password_ageing_is_off_by_default_and_a_site_setting(people):
    assert authenticate(people, Credentials(*NURSE), "verified", ("nurse",))
    set_password_ageing(people, 30, Credentials(*ADMIN))
    assert authenticate(people, Credentials(*NURSE), "verified", ("nurse",))   # set today
    # Thirty-one days later the password has expired: change it first.
    import infusecalc.records.users as users

    later = dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=31)
    real = users._expired
    users_expired = lambda ledger, state, now: real(ledger, state, later)  # noqa: E731
    try:
        users._expired = users_expired
        with pytest.raises(SignatureError) as err:
            authenticate(people, Credentials(*NURSE), "verified", ("nurse",))
        assert err.value.reason == "password_expired"
    finally:
        users._expired = real


def test_the_only_admin_locked_out_is_recovered_with_write_access(people):
    for i in range(5):
        with pytest.raises(SignatureError):
            authenticate(people, Credentials(ADMIN[0], f"forgot-it-{i}"), "user_added", ("admin",))
    assert people.user_state(ADMIN[0]).locked
    with pytest.raises(RecordsError, match="not an active admin"):
        recover_admin(people, NURSE[0], "temporary-admin-9")
    recover_admin(people, ADMIN[0], "temporary-admin-9")
    with pytest.raises(SignatureError, match="set by someone else"):
        authenticate(people, Credentials(ADMIN[0], "temporary-admin-9"), "user_added", ("admin",))
    change_password(people, ADMIN[0], "temporary-admin-9", "admin-chose-this")
    assert authenticate(people, Credentials(ADMIN[0], "admin-chose-this"), "user_added", ("admin",))
    (ev,) = people.events_of_kind(Kind.USER_RECOVERED)
    assert ev.signature and people.verify().ok
    # While another admin can unlock, recovery is refused.
    add_user(people, "second.admin", "admin", "temporary-second", by=Credentials(ADMIN[0], "admin-chose-this"))
    change_password(people, "second.admin", "temporary-second", "second-admin-pass")
    with pytest.raises(RecordsError, match="another admin"):
        recover_admin(people, ADMIN[0], "temporary-admin-8")


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_the_data_folder_database_wal_and_backups_are_private(tmp_path, people, data_dir):
    assert stat.S_IMODE(os.stat(data_dir).st_mode) == 0o700
    for name in ("infusecalc.sqlite3", "infusecalc.sqlite3-wal", "infusecalc.sqlite3-shm"):
        path = data_dir / name
        assert path.exists() and stat.S_IMODE(os.stat(path).st_mode) == 0o600, name
    target = tmp_path / "copy.sqlite3"
    people.backup(target)
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600


def test_csv_export_cells_cannot_run_as_formulas_and_still_verify(people):
    from infusecalc.records.chain import verify_events
    from infusecalc.records.export import read_export, write_csv

    people.append("guards_restored", {"x": 1}, user_id="=HYPERLINK(\"http://x\")")
    people.append("guards_restored", {"x": 2}, user_id="+1+1")
    out = io.StringIO()
    write_csv(people.iter_events(), out)
    text = out.getvalue()
    cells = [c for line in text.splitlines() for c in line.split(",")]
    assert not any(c.startswith(("=", "+", "-", "@", "\t", "\r")) for c in cells)
    assert "'=HYPERLINK" in text and "'+1+1" in text
    assert verify_events(read_export(text)).ok


def test_an_event_earlier_than_the_one_before_is_kept_with_a_warning(people):
    signer = authenticate(people, Credentials(*PHARMACIST), "issued", ("pharmacist",))
    with people.write() as w:
        ev = w.append_signed(Kind.ORDER_SAVED, {"subject_id": "x"}, signer,
                             now=dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc))
    (warning,) = people.events_of_kind(Kind.CLOCK_WENT_BACK)
    assert json.loads(warning.payload)["event"] == ev.seq and warning.seq == ev.seq + 1
    assert people.verify().ok


def test_sealed_key_does_not_open_under_another_user_id(people):
    sealed = people.sealed_key(NURSE[0])
    public = people.user_state(NURSE[0]).public_key
    assert keys.unseal(sealed, NURSE[1], NURSE[0], public) is not None
    assert keys.unseal(sealed, NURSE[1], PHARMACIST[0], public) is None
