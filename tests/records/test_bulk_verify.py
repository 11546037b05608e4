"""audit verify's fast path gives the report the event-by-event check gives.

The walk hashes each event with a hand-written canonical text (chain.event_hash), reads rows
with the driver's own cursor, and checks signatures in chunks, in worker processes when asked
(sigbatch). Each of those is compared here with the plain definition: canonical_json for the
hash, Ledger.apply (which verifies each signature as it goes) for the report.
"""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infusecalc.records import keys, sigbatch
from infusecalc.records.chain import (GENESIS, Event, Kind, _slow_hash, chain_hashes, event_hash,
                                      event_hashes, verify_events)
from infusecalc.records.ledger import fold
from infusecalc.records.users import Credentials, authenticate

from .attacks import forged_signature, rehashed
from .conftest import PHARMACIST, add_people

texts = st.text(max_size=40)


@settings(max_examples=300, deadline=None)
@given(seq=st.integers(min_value=0, max_value=10**12), kind=texts, utc=texts, local=texts,
       user=texts, version=texts, protocol=texts, payload=texts, prev=texts, signature=texts)
def test_event_hash_is_sha256_of_canonical_json(seq, kind, utc, local, user, version, protocol,
                                                 payload, prev, signature):
    args = (seq, kind, utc, local, user, version, protocol, payload, prev)
    assert event_hash(*args) == _slow_hash(*args)
    assert event_hash(*args, signature) == _slow_hash(*args, signature)
    assert event_hashes(*args, signature) == (_slow_hash(*args), _slow_hash(*args, signature))
    # What the walk computes for an event whose signature a checkpoint covers: the link alone.
    content, stored = chain_hashes(*args, signature, content=False)
    assert stored == _slow_hash(*args, signature)
    assert content == ("" if signature else stored)


def test_event_hash_of_unusual_values_falls_back_to_the_definition():
    # A bool is not a number to the fast writer; json writes true, not 1.
    args = (True, "k", "u", "l", "who", "v", "", "{}", GENESIS)
    assert event_hash(*args) == _slow_hash(*args)
    assert event_hash(*args) != event_hash(1, *args[1:])


def _signed_chain(store, orders: int) -> list[Event]:
    add_people(store)
    signer = authenticate(store, Credentials(*PHARMACIST), "saved", ("pharmacist",))
    with store.write() as w:
        for i in range(orders):
            w.append_signed(Kind.ORDER_SAVED, {"subject_id": "0101-007", "i": i, "name": "张"},
                            signer)
    return list(store.iter_events())


def _one_by_one(events):
    """The plain definition: fold each event, signature checked at once, stop at the first."""
    ledger = fold([])
    for ev in events:
        problem = ledger.apply(ev)
        if problem:
            return ev.seq, problem
    return None


@pytest.fixture
def small_chunks(monkeypatch):
    # Many chunks from a short chain, so the pool and the chunk order are exercised.
    monkeypatch.setattr(sigbatch, "CHUNK", 4)


@pytest.mark.parametrize("workers", [1, 2])
def test_intact_signed_chain_verifies_in_chunks(store, small_chunks, workers):
    events = _signed_chain(store, 30)
    report = verify_events(events, workers=workers)
    assert report.ok and report.checked == len(events) and report.head.hash == events[-1].hash
    assert store.verify(workers=workers).ok


@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize("where", ["first order", "middle", "last"])
def test_a_forged_signature_is_reported_at_its_event(store, small_chunks, workers, where):
    events = _signed_chain(store, 30)
    orders = [ev.seq for ev in events if ev.kind == Kind.ORDER_SAVED]
    seq = {"first order": orders[0], "middle": orders[15], "last": orders[-1]}[where]
    forged = forged_signature(events[seq - 1])
    tampered = rehashed(events, seq, signature=forged)
    expected_seq, expected_problem = _one_by_one(tampered)
    assert expected_seq == seq and "does not verify" in expected_problem
    report = verify_events(tampered, workers=workers)
    assert not report.ok and report.bad_seq == seq and report.problem == expected_problem
    assert report.checked == seq - 1 and report.head.seq == seq - 1
    assert report.head.hash == tampered[seq - 2].hash


@pytest.mark.parametrize("workers", [1, 2])
def test_the_first_problem_wins_whether_signature_or_structure(store, small_chunks, workers):
    events = _signed_chain(store, 30)
    orders = [ev.seq for ev in events if ev.kind == Kind.ORDER_SAVED]
    early, late = orders[5], orders[20]
    forged = keys.sign(keys.new_private_key(), b"anything")
    bad_signature = rehashed(events, early, signature=forged)
    # A signature fails first, then an event goes missing: the signature is reported.
    gap = [ev for ev in bad_signature if ev.seq != late]
    report = verify_events(gap, workers=workers)
    assert report.bad_seq == early and "does not verify" in report.problem
    # An event goes missing first, a signature fails later: the gap is reported.
    bad_late = rehashed(events, late, signature=forged)
    gap_first = [ev for ev in bad_late if ev.seq != early]
    report = verify_events(gap_first, workers=workers)
    assert report.bad_seq == early and "missing" in report.problem and report.checked == early - 1
    # Two forged signatures in different chunks: the earlier one, wherever the pool finishes first.
    both = rehashed(bad_signature, late, signature=forged)
    report = verify_events(both, workers=workers)
    assert report.bad_seq == early and "does not verify" in report.problem


def test_a_forged_signature_on_the_file_is_found_by_the_worker_processes(store, small_chunks):
    events = _signed_chain(store, 20)
    seq = events[-3].seq
    forged = forged_signature(events[seq - 1])
    tampered = {ev.seq: ev for ev in rehashed(events, seq, signature=forged)}
    path = store.backend.path
    store.close()
    db = sqlite3.connect(path)
    db.execute("DROP TRIGGER IF EXISTS events_refuse_update")
    for s in range(seq, len(events) + 1):
        ev = tampered[s]
        db.execute("UPDATE events SET signature=?, prev_hash=?, hash=? WHERE seq=?",
                   (ev.signature, ev.prev_hash, ev.hash, s))
    db.commit()
    db.close()
    from infusecalc.records.store import open_sqlite_file

    with open_sqlite_file(path) as again:
        for workers in (1, 2):
            report = again.verify(workers=workers)
            assert not report.ok and report.bad_seq == seq and "does not verify" in report.problem


def test_rows_read_in_pages_are_every_event_in_order(store):
    for i in range(23):
        store.append("order_saved", {"i": i})
    pages = list(store.iter_events(batch=5))
    assert [ev.seq for ev in pages] == list(range(1, 24))
    assert pages == store.events_of_kind("order_saved")


def test_inline_when_the_platform_cannot_fork(monkeypatch):
    monkeypatch.setattr(sigbatch, "can_fork", lambda: False)
    assert sigbatch.SignatureBatch(workers=4).workers == 1
