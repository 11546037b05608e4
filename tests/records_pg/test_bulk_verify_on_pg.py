"""audit verify's fast path on the site server: the driver's cursor pages through the events
and the worker processes check the signatures, with the same report as on SQLite."""

from __future__ import annotations

import pytest

from infusecalc.records import sigbatch
from infusecalc.records.pg_url import open_records

from tests.records.attacks import forged_signature, rehashed
from tests.records.test_bulk_verify import _signed_chain

from .conftest import admin_connect


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(sigbatch, "CHUNK", 4)


def test_paged_rows_and_worker_processes_on_the_server(store, pg_db, pg_cluster, small_chunks):
    events = _signed_chain(store, 12)
    assert list(store.iter_events(batch=5)) == events
    for workers in (1, 2):
        report = store.verify(workers=workers)
        assert report.ok and report.checked == len(events)
    # Someone with the server's superuser rewrites a signature and every hash after it.
    seq = events[-4].seq
    forged = forged_signature(events[seq - 1])
    tampered = {ev.seq: ev for ev in rehashed(events, seq, signature=forged)}
    with admin_connect(pg_cluster, pg_db.name) as conn:
        conn.execute("ALTER TABLE infusecalc.events DISABLE TRIGGER USER")
        for s in range(seq, len(events) + 1):
            ev = tampered[s]
            conn.execute("UPDATE infusecalc.events SET signature=%s, prev_hash=%s, hash=%s "
                         "WHERE seq=%s", (ev.signature, ev.prev_hash, ev.hash, s))
    with open_records(pg_db.url) as again:
        for workers in (1, 2):
            report = again.verify(workers=workers)
            assert not report.ok and report.bad_seq == seq and "does not verify" in report.problem
