"""The attacks of issue 12 on who may sign, written once and run on SQLite and on PostgreSQL.

Each takes a Store with ``people`` in it and edits the database the way someone with write
access could (on PostgreSQL: as the program's own role, which may insert events and update the
users table), then asserts the edit changes no decision and that ``audit verify`` reports it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3

import pytest
from sqlalchemy import text

from infusecalc import __version__
from infusecalc.records import keys
from infusecalc.records.canonical import canonical_json
from infusecalc.records.chain import GENESIS, Event, event_hash, signed_message
from infusecalc.records.store import local_text, utc_text
from infusecalc.records.users import MAX_FAILURES, Credentials, SignatureError, authenticate, open_key

from .conftest import ADMIN, NURSE, PHARMACIST


def edit_sqlite_file(path, *statements: str) -> None:
    """Run ``statements`` on an SQLite records file as someone holding the file could: plain
    sqlite3, the trigger that refuses any update of an event dropped first."""
    db = sqlite3.connect(path)
    try:
        db.execute("DROP TRIGGER events_refuse_update")
        for statement in statements:
            db.execute(statement)
        db.commit()
    finally:
        db.close()


def sql(store, statement: str, **params) -> None:
    with store.engine.begin() as conn:
        conn.execute(text(statement), params)


def forge_event(store, kind: str, payload: dict, user_id: str, sign_with=None) -> Event:
    """Append a well-formed event after the head, hashed as the program would (and signed with
    a key the attacker holds, if any)."""
    head = store.head()   # None: an empty chain, the forged event its first
    now = dt.datetime.now(dt.timezone.utc)
    fields = dict(seq=head.seq + 1 if head else 1, kind=kind, utc=utc_text(now),
                  local_time=local_text(now), user_id=user_id, program_version=__version__,
                  protocol_sha256="", payload=canonical_json(payload),
                  prev_hash=head.hash if head else GENESIS)
    sig = keys.sign(sign_with, signed_message(event_hash(**fields))) if sign_with is not None else ""
    ev = Event(**fields, hash=event_hash(**fields, signature=sig), signature=sig)
    sql(store, "INSERT INTO events (seq, kind, utc, local_time, user_id, program_version, "
               "protocol_sha256, payload, prev_hash, hash, signature) VALUES (:seq, :kind, :utc, "
               ":local_time, :user_id, :program_version, :protocol_sha256, :payload, :prev_hash, "
               ":hash, :signature)", **ev.as_dict())
    return ev


def rehashed(events: list[Event], seq: int, **change) -> list[Event]:
    """Event ``seq`` changed, and every hash from it on recomputed as someone who knows the
    algorithm (but holds no one's private key) would: the signatures stay as they were."""
    out, prev = [], GENESIS
    for ev in events:
        if ev.seq == seq:
            ev = dataclasses.replace(ev, **change)
        if ev.seq >= seq:
            ev = dataclasses.replace(ev, prev_hash=prev)
            ev = dataclasses.replace(ev, hash=ev.expected_hash())
        out.append(ev)
        prev = ev.hash
    return out


def forged_signature(ev: Event) -> str:
    """A well-formed signature of the right message, by a key nobody here was given."""
    return keys.sign(keys.new_private_key(), ev.signed_message())


def reopened_report(store, reopen):
    with reopen() as again:
        return again.verify()


def promote_a_nurse_in_the_users_table(store, reopen):
    sql(store, "UPDATE users SET role = 'pharmacist' WHERE user_id = :u", u=NURSE[0])
    with pytest.raises(SignatureError) as err:
        authenticate(store, Credentials(*NURSE), "issued", ("pharmacist",))
    assert err.value.reason == "role"
    report = reopened_report(store, reopen)
    assert not report.ok and "role is 'pharmacist' in the table but 'nurse' in the chain" in report.problem


def insert_an_admin_into_the_users_table(store, reopen):
    key = keys.new_private_key()
    sealed = keys.seal(key, "mallory-pass-99", "mallory")
    sql(store, "INSERT INTO users (user_id, full_name, role, password_hash, disabled, locked, "
               "failed_signatures, added_event) VALUES ('mallory', 'M', 'admin', :s, false, false, 0, 1)",
        s=sealed)
    with pytest.raises(SignatureError) as err:
        authenticate(store, Credentials("mallory", "mallory-pass-99"), "user_added", ("admin",))
    assert err.value.reason == "unknown_user"
    assert store.user("mallory") is None
    report = reopened_report(store, reopen)
    assert not report.ok and "'mallory' is in the users table but was never added" in report.problem


def reset_a_lock_and_reenable_in_the_users_table(store, reopen):
    from infusecalc.records.users import disable_user

    for i in range(MAX_FAILURES):
        with pytest.raises(SignatureError):
            authenticate(store, Credentials(NURSE[0], f"bad-guess-{i}"), "verified", ("nurse",))
    disable_user(store, PHARMACIST[0], Credentials(*ADMIN))
    sql(store, "UPDATE users SET locked = false, failed_signatures = 0, disabled = false")
    with pytest.raises(SignatureError) as err:
        authenticate(store, Credentials(*NURSE), "verified", ("nurse",))
    assert err.value.reason == "locked"
    with pytest.raises(SignatureError) as err:
        authenticate(store, Credentials(*PHARMACIST), "issued", ("pharmacist",))
    assert err.value.reason == "disabled"
    report = reopened_report(store, reopen)
    assert not report.ok and "locked is False in the table but True in the chain" in report.problem


def swap_a_sealed_key_then_restore_it(store, reopen):
    original = store.sealed_key(PHARMACIST[0])
    mine = keys.new_private_key()
    sql(store, "UPDATE users SET password_hash = :s WHERE user_id = :u",
        s=keys.seal(mine, "attacker-pass-1", PHARMACIST[0]), u=PHARMACIST[0])
    with pytest.raises(SignatureError) as err:
        authenticate(store, Credentials(PHARMACIST[0], "attacker-pass-1"), "issued", ("pharmacist",))
    assert err.value.reason == "key_mismatch"
    assert not reopened_report(store, reopen).ok
    sql(store, "UPDATE users SET password_hash = :s WHERE user_id = :u", s=original, u=PHARMACIST[0])
    assert authenticate(store, Credentials(*PHARMACIST), "issued", ("pharmacist",)).user_id == PHARMACIST[0]


def change_a_full_name_in_the_users_table(store, reopen):
    sql(store, "UPDATE users SET full_name = 'Someone Else' WHERE user_id = :u", u=PHARMACIST[0])
    signer = authenticate(store, Credentials(*PHARMACIST), "issued", ("pharmacist",))
    assert signer.full_name == "Wang Fang"
    assert not reopened_report(store, reopen).ok


def append_an_unsigned_admin(store, reopen):
    ev = forge_event(store, "user_added", {"user_id": "mallory", "role": "admin", "full_name": "M",
                                           "by": ADMIN[0], "first_user": False}, ADMIN[0])
    assert store.user("mallory") is None
    report = reopened_report(store, reopen)
    assert not report.ok and report.bad_seq == ev.seq and "no signature" in report.problem


def a_nurse_signs_her_own_promotion(store, reopen):
    """She knows her own password, so she can sign: but her role may not sign user events."""
    nurse_key = open_key(store, Credentials(*NURSE), "attack").key
    mine = keys.new_private_key()
    ev = forge_event(store, "user_added", {"user_id": "mallory", "role": "admin", "full_name": "M",
                                           "public_key": keys.public_text(mine), "key_sha256": "x",
                                           "by": NURSE[0], "first_user": False},
                     NURSE[0], sign_with=nurse_key)
    assert store.user("mallory") is None
    report = reopened_report(store, reopen)
    assert not report.ok and report.bad_seq == ev.seq and "needs the role admin" in report.problem


def sign_with_a_key_nobody_was_given(store, reopen):
    stranger = keys.new_private_key()
    ev = forge_event(store, "user_unlocked", {"user_id": NURSE[0], "by": ADMIN[0]}, ADMIN[0],
                     sign_with=stranger)
    report = reopened_report(store, reopen)
    assert not report.ok and report.bad_seq == ev.seq and "does not verify" in report.problem


ATTACKS = [promote_a_nurse_in_the_users_table, insert_an_admin_into_the_users_table,
           reset_a_lock_and_reenable_in_the_users_table, swap_a_sealed_key_then_restore_it,
           change_a_full_name_in_the_users_table, append_an_unsigned_admin,
           a_nurse_signs_her_own_promotion, sign_with_a_key_nobody_was_given]
