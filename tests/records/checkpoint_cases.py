"""Signed audit checkpoints, written once and run on SQLite and on PostgreSQL.

Each case takes a Store with ``people`` in it and ``rewrite(store, events)``, which writes the
given events over the stored ones with the database's own guards out of the way (someone with
the file, or the server's superuser). The chain is then checked as `audit verify` does: from the
newest checkpoint (the default) and with every signature (--full).
"""

from __future__ import annotations

import dataclasses

from infusecalc.records import keys
from infusecalc.records.audit import make_checkpoint
from infusecalc.records.chain import Event, Kind
from infusecalc.records.users import Credentials, authenticate

from .attacks import forge_event, forged_signature, rehashed
from .conftest import ADMIN, NURSE, PHARMACIST


def orders(store, n: int, signer=None) -> list[Event]:
    signer = signer or authenticate(store, Credentials(*PHARMACIST), "saved", ("pharmacist",))
    with store.write() as w:
        return [w.append_signed(Kind.ORDER_SAVED, {"subject_id": "0101-007", "i": i, "name": "张"},
                                signer) for i in range(n)]


def signed_count(store) -> int:
    return sum(1 for ev in store.iter_events() if ev.signature)


def checkpoint(store) -> Event:
    made = make_checkpoint(store, Credentials(*ADMIN))
    assert made.report.ok and made.event is not None, made.report
    return made.event


# --- the cases ---------------------------------------------------------------------------------

def checked_only_after_the_checkpoint(store, rewrite):
    before = orders(store, 12)
    cp = checkpoint(store)
    assert cp.seq == before[-1].seq + 1
    assert cp.user_id == ADMIN[0] and cp.signature
    after = orders(store, 5)
    report = store.verify(full=False)
    assert report.ok and report.checked == after[-1].seq
    used = report.checkpoint
    assert used is not None and used.seq == cp.seq and used.covers_seq == cp.seq - 1
    assert used.user_id == ADMIN[0] and used.utc == cp.utc
    # Checked: the checkpoint itself, the 5 after it, and every change of who may sign with
    # which key before it (the admin's, pharmacist's and nurse's additions and password changes).
    state = sum(1 for ev in store.iter_events()
                if ev.seq < cp.seq and ev.kind in {Kind.USER_ADDED, Kind.USER_PASSWORD_CHANGED})
    assert state == 5
    assert report.signatures_checked == 1 + 5 + state
    assert used.signatures_trusted == signed_count(store) - report.signatures_checked
    full = store.verify(full=True)
    assert full.ok and full.checkpoint is None and full.signatures_checked == signed_count(store)


def forged_before_a_checkpoint_that_did_not_check_is_found_by_full(store, rewrite):
    """A checkpoint made over a forged signature (not through make_checkpoint, which refuses):
    the default trusts the admin's word, --full still finds the forgery."""
    events = orders(store, 6)
    seq = events[2].seq
    stored = list(store.iter_events())
    rewrite(store, rehashed(stored, seq, signature=forged_signature(stored[seq - 1])))
    refused = make_checkpoint(store, Credentials(*ADMIN))
    assert refused.event is None and refused.report.bad_seq == seq
    assert "does not verify" in refused.report.problem
    admin = authenticate(store, Credentials(*ADMIN), "audit_checkpoint", ("admin",))
    head = store.head()
    with store.write() as w:
        w.append_signed(Kind.AUDIT_CHECKPOINT, {"covers_seq": head.seq, "covers_hash": head.hash,
                                                "all_signatures_verified": True, "by": ADMIN[0]},
                        admin)
    trusting = store.verify(full=False)
    assert trusting.ok and trusting.checkpoint is not None
    full = store.verify(full=True)
    assert not full.ok and full.bad_seq == seq and "does not verify" in full.problem


def forged_before_the_checkpoint_breaks_the_checkpoint(store, rewrite):
    """A forged signature put in after the checkpoint was made, every hash recomputed: the
    checkpoint no longer holds and every signature is checked, so the forgery is found."""
    events = orders(store, 6)
    cp = checkpoint(store)
    orders(store, 2)
    seq = events[3].seq
    stored = list(store.iter_events())
    rewrite(store, rehashed(stored, seq, signature=forged_signature(stored[seq - 1])))
    for full in (False, True):
        report = store.verify(full=full)
        assert not report.ok and report.bad_seq == seq and "does not verify" in report.problem
        assert report.checkpoint is None
    report = store.verify(full=False)
    assert any(f"checkpoint event {cp.seq} was not used" in n for n in report.notes)


def edit_before_the_checkpoint(store, rewrite):
    """An unsigned event before the checkpoint (a failed signature) edited and every hash after
    it recomputed: the checkpoint's recorded hash no longer matches."""
    orders(store, 3)
    nurse = store.user_state(NURSE[0])
    from infusecalc.records.users import SignatureError

    try:
        authenticate(store, Credentials(NURSE[0], "not-her-password"), "verified", ("nurse",))
    except SignatureError:
        pass
    failed = store.events_of_kind(Kind.SIGNATURE_FAILED)[-1]
    orders(store, 3)
    cp = checkpoint(store)
    orders(store, 2)
    stored = list(store.iter_events())
    payload = failed.payload.replace(f'"user_id":"{nurse.user_id}"', '"user_id":"someone.else"')
    assert payload != failed.payload
    # Without recomputing the hashes: that event no longer matches its own hash.
    rewrite(store, [dataclasses.replace(failed, payload=payload)])
    report = store.verify(full=False)
    assert not report.ok and report.bad_seq == failed.seq and "altered" in report.problem
    # Recomputing every hash after it: the checkpoint's record of the chain no longer matches.
    rewrite(store, rehashed(stored, failed.seq, payload=payload))
    report = store.verify(full=False)
    assert not report.ok and report.checkpoint is None
    note = next(n for n in report.notes if f"checkpoint event {cp.seq} was not used" in n)
    assert f"is not the event before it ({cp.seq - 1}:" in note
    # Every signature checked: the next signed event's covered the edited event's old hash.
    assert report.bad_seq == failed.seq + 1 and "does not verify" in report.problem


def _bad_checkpoint_is_ignored(store, cp_seq: int, problem: str):
    signed_before = sum(1 for ev in store.iter_events() if ev.signature and ev.seq < cp_seq)
    for full in (False, True):
        report = store.verify(full=full)
        assert not report.ok and report.bad_seq == cp_seq and problem in report.problem
        assert report.checkpoint is None
        assert report.signatures_checked >= signed_before     # none of them taken on trust
    notes = store.verify(full=False).notes
    assert any(f"checkpoint event {cp_seq} was not used" in n and "every signature was checked" in n
               for n in notes)


def checkpoint_by_a_non_admin(store, rewrite):
    orders(store, 4)
    pharmacist = authenticate(store, Credentials(*PHARMACIST), "saved", ("pharmacist",))
    head = store.head()
    with store.write() as w:
        cp = w.append_signed(Kind.AUDIT_CHECKPOINT, {
            "covers_seq": head.seq, "covers_hash": head.hash, "all_signatures_verified": True,
            "by": PHARMACIST[0]}, pharmacist)
    orders(store, 2)
    _bad_checkpoint_is_ignored(store, cp.seq, "it needs the role admin")


def checkpoint_with_a_bad_signature(store, rewrite):
    orders(store, 4)
    head = store.head()
    cp = forge_event(store, Kind.AUDIT_CHECKPOINT, {
        "covers_seq": head.seq, "covers_hash": head.hash, "all_signatures_verified": True,
        "by": ADMIN[0]}, ADMIN[0], sign_with=keys.new_private_key())
    orders(store, 2)
    _bad_checkpoint_is_ignored(store, cp.seq, "does not verify")


def checkpoint_with_a_wrong_recorded_hash(store, rewrite):
    events = orders(store, 4)
    admin = authenticate(store, Credentials(*ADMIN), "audit_checkpoint", ("admin",))
    with store.write() as w:
        cp = w.append_signed(Kind.AUDIT_CHECKPOINT, {
            "covers_seq": events[-1].seq, "covers_hash": events[0].hash,
            "all_signatures_verified": True, "by": ADMIN[0]}, admin)
    orders(store, 2)
    _bad_checkpoint_is_ignored(store, cp.seq, "is not the event before it")


def forged_after_the_checkpoint(store, rewrite):
    orders(store, 5)
    cp = checkpoint(store)
    after = orders(store, 4)
    seq = after[1].seq
    stored = list(store.iter_events())
    rewrite(store, rehashed(stored, seq, signature=forged_signature(stored[seq - 1])))
    report = store.verify(full=False)
    assert not report.ok and report.bad_seq == seq and "does not verify" in report.problem
    assert report.checkpoint is not None and report.checkpoint.seq == cp.seq and not report.notes


def disabled_signer_after_the_cached_key(store, rewrite):
    """The walk decides a signer's next events from a cached key: a change of state (here the
    pharmacist disabled) must end that, or a disabled user's own key would still count."""
    from infusecalc.records.users import disable_user

    signer = authenticate(store, Credentials(*PHARMACIST), "saved", ("pharmacist",))
    orders(store, 3, signer)
    disable_user(store, PHARMACIST[0], Credentials(*ADMIN))
    ev = forge_event(store, Kind.ORDER_SAVED, {"subject_id": "0101-007", "i": 99}, PHARMACIST[0],
                     sign_with=signer.key)
    for full in (False, True):
        report = store.verify(full=full)
        assert not report.ok and report.bad_seq == ev.seq and "was disabled" in report.problem


def forged_admin_signs_a_checkpoint(store, rewrite):
    """Someone with write access appends an admin of their own (the admin's signature on it
    forged) and has that admin sign a checkpoint: the additions of users are checked before a
    checkpoint too, so it is no checkpoint."""
    orders(store, 3)
    mallory = keys.new_private_key()
    added = forge_event(store, Kind.USER_ADDED, {
        "user_id": "mallory", "full_name": "M", "role": "admin",
        "public_key": keys.public_text(mallory), "key_sha256": "0" * 64, "by": ADMIN[0],
        "first_user": False, "must_change": False}, ADMIN[0], sign_with=keys.new_private_key())
    orders(store, 2)
    head = store.head()
    cp = forge_event(store, Kind.AUDIT_CHECKPOINT, {
        "covers_seq": head.seq, "covers_hash": head.hash, "all_signatures_verified": True,
        "by": "mallory"}, "mallory", sign_with=mallory)
    for full in (False, True):
        report = store.verify(full=full)
        assert not report.ok and report.bad_seq == added.seq and "does not verify" in report.problem
        assert report.checkpoint is None
    assert any(f"checkpoint event {cp.seq} was not used" in n
               for n in store.verify(full=False).notes)


CASES = [forged_admin_signs_a_checkpoint, checked_only_after_the_checkpoint, forged_before_a_checkpoint_that_did_not_check_is_found_by_full,
         forged_before_the_checkpoint_breaks_the_checkpoint, edit_before_the_checkpoint,
         checkpoint_by_a_non_admin, checkpoint_with_a_bad_signature,
         checkpoint_with_a_wrong_recorded_hash, forged_after_the_checkpoint,
         disabled_signer_after_the_cached_key]
