"""Users, passwords and signatures: refusals are recorded, five failures lock."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from infusecalc.records import passwords
from infusecalc.records.users import (MAX_FAILURES, Credentials, RecordsError, SignatureError,
                                      add_user, authenticate, disable_user, id_digest,
                                      unlock_user)

from .conftest import ADMIN, NURSE, PHARMACIST


def test_production_kdf_parameters_are_the_default():
    # A fresh interpreter, without the tests' cheap-KDF hook.
    code = ("from infusecalc.records import passwords as p; h = p.hash_password('correct horse'); "
            "print(h); print(p.check_password('correct horse', h), p.check_password('wrong horse', h))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    stored, checks = out.splitlines()
    assert stored.startswith("scrypt$n=131072,r=8,p=1$")
    assert checks == "True False"
    assert passwords.parse_params(stored) == passwords.PRODUCTION


def test_hash_is_salted_and_checked_with_its_own_parameters():
    a, b = passwords.hash_password("same password"), passwords.hash_password("same password")
    assert a != b and passwords.check_password("same password", a)
    assert not passwords.check_password("same passworD", a)
    # A hash made with other parameters stays valid when the defaults change.
    old = a
    passwords._params = passwords.KdfParams(n=2**5, r=2, p=1)
    try:
        assert passwords.check_password("same password", old)
    finally:
        passwords._params = passwords.KdfParams(n=2**4, r=1, p=1)


def test_first_user_needs_no_signature_later_ones_need_an_admin(store):
    add_user(store, "admin", "admin", "admin-pass-1")
    with pytest.raises(RecordsError, match="admin's signature"):
        add_user(store, "eve", "pharmacist", "eve-pass-1234")
    with pytest.raises(SignatureError):
        add_user(store, "eve", "pharmacist", "eve-pass-1234", by=Credentials("admin", "nope-nope"))
    add_user(store, "bob", "nurse", "bob-pass-1234", by=Credentials("admin", "admin-pass-1"))
    assert [u.user_id for u in store.users()] == ["admin", "bob"]
    assert [u.must_change for u in store.ledger().users.values()] == [False, True]
    added = store.events_of_kind("user_added")
    assert [json.loads(e.payload)["by"] for e in added] == [None, "admin"]
    assert store.verify().ok


def test_a_nurse_cannot_add_users(people):
    with pytest.raises(SignatureError) as err:
        add_user(people, "eve", "admin", "eve-pass-1234", by=Credentials(*NURSE))
    assert err.value.reason == "role"
    assert people.user("eve") is None


def test_wrong_password_is_refused_and_recorded(people):
    with pytest.raises(SignatureError) as err:
        authenticate(people, Credentials(PHARMACIST[0], "wrong-password"), "issued", ("pharmacist",))
    assert err.value.reason == "wrong_password"
    failed = people.events_of_kind("signature_failed")
    assert [json.loads(e.payload)["reason"] for e in failed] == ["wrong_password"]
    assert people.user(PHARMACIST[0]).failed_signatures == 1


def test_five_failures_in_a_row_lock_until_an_admin_unlocks(people):
    uid = NURSE[0]
    for i in range(MAX_FAILURES):
        with pytest.raises(SignatureError) as err:
            authenticate(people, Credentials(uid, f"bad-{i}"), "verified", ("nurse",))
    assert "now locked" in str(err.value)
    assert people.user(uid).locked
    # Locked: even the right password is refused (and recorded).
    with pytest.raises(SignatureError) as err:
        authenticate(people, Credentials(*NURSE), "verified", ("nurse",))
    assert err.value.reason == "locked"
    assert len(people.events_of_kind("signature_failed")) == MAX_FAILURES + 1
    assert len(people.events_of_kind("user_locked")) == 1
    unlock_user(people, uid, by=Credentials(*ADMIN))
    assert authenticate(people, Credentials(*NURSE), "verified", ("nurse",)).user_id == uid
    assert people.verify().ok


def test_a_success_ends_the_run_of_failures(people):
    from infusecalc.records.users import confirm_signer

    for i in range(MAX_FAILURES - 1):
        with pytest.raises(SignatureError):
            authenticate(people, Credentials(NURSE[0], f"bad-{i}"), "verified", ("nurse",))
    row = authenticate(people, Credentials(*NURSE), "verified", ("nurse",))
    with people.write() as w:
        confirm_signer(w, row)
    with pytest.raises(SignatureError) as err:
        authenticate(people, Credentials(NURSE[0], "bad-again"), "verified", ("nurse",))
    assert err.value.reason == "wrong_password" and not people.user(NURSE[0]).locked


def test_disabled_user_is_refused_and_last_admin_kept(people):
    disable_user(people, NURSE[0], by=Credentials(*ADMIN))
    with pytest.raises(SignatureError) as err:
        authenticate(people, Credentials(*NURSE), "verified", ("nurse",))
    assert err.value.reason == "disabled"
    with pytest.raises(RecordsError, match="last active admin"):
        disable_user(people, ADMIN[0], by=Credentials(*ADMIN))
    kinds = [e.kind for e in people.iter_events()]
    assert kinds.count("user_disabled") == 1 and kinds[-1] == "signature_failed"


def test_unknown_user_is_refused_and_recorded(people):
    with pytest.raises(SignatureError) as err:
        authenticate(people, Credentials("mallory", "whatever-1"), "issued", ("pharmacist",))
    assert err.value.reason == "unknown_user"
    # The same words as a wrong password; the typed ID is kept only as a digest (it may be a
    # password typed into the user field).
    assert str(err.value) == "user ID or password not accepted"
    last = people.events_of_kind("signature_failed")[-1]
    assert last.user_id == "" and "mallory" not in last.payload
    assert json.loads(last.payload)["user_digest"] == id_digest("mallory")


@pytest.mark.parametrize("uid,role,pw,msg", [("", "nurse", "long-enough", "user ID"),
                                             ("a b", "nurse", "long-enough", "user ID"),
                                             ("bob", "doctor", "long-enough", "role"),
                                             ("bob", "nurse", "short", "at least"),
                                             ("bob", "nurse", "password2026!", "common"),
                                             ("bob", "nurse", "Qwertyuiop123", "common"),
                                             ("wang.pharmacy", "nurse", "Wang.Pharmacy", "user ID"),
                                             ("bob\n", "nurse", "long-enough-1", "user ID"),
                                             ("wang.", "nurse", "long-enough-1", "user ID"),
                                             ("wаng", "nurse", "long-enough-1", "user ID")])
def test_bad_user_input_is_refused(store, uid, role, pw, msg):
    with pytest.raises(RecordsError, match=msg):
        add_user(store, uid, role, pw)
    assert store.users() == [] and store.head() is None


def test_credentials_never_show_the_password():
    assert "s3cret" not in repr(Credentials("bob", "s3cret-pass"))
