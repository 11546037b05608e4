"""Several workstations on one database: one linear chain, waiting writers, the server away."""

from __future__ import annotations

import itertools
import json
import threading
import time

import psycopg
import pytest

from infusecalc.cli.main import main
from infusecalc.records import pg
from infusecalc.records.pg import ChainBusy, DatabaseUnavailable
from infusecalc.records.pg_url import open_records
from infusecalc.records.service import issue_sheet
from infusecalc.records.users import Credentials

from .cluster import wait_until_up
from .conftest import PHARMACIST, admin_connect, drop_database, new_database
from tests.records.conftest import open_example_level

from .helpers import add_people, example_case, parse_worker, spawn_worker

SHEETS, WORKERS = 200, 4


@pytest.fixture(params=["sqlite", "postgresql"])
def shared_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'shared.sqlite3'}"
    return request.getfixturevalue("pg_db").url


def test_four_workstations_issue_and_verify_200_sheets_in_one_chain(shared_url, capsys):
    with open_records(shared_url) as store:
        add_people(store)
        open_example_level(store)   # the example's level opens only by a recorded decision
        base = store.head().seq
    procs = [spawn_worker(shared_url, f"w{k}", SHEETS // WORKERS) for k in range(WORKERS)]
    results = [p.communicate(timeout=600) for p in procs]
    assert [p.returncode for p in procs] == [0] * WORKERS, [err[-2000:] for _, err in results]
    reports = [parse_worker(out) for out, _ in results]
    assert [len(i) for i, _ in reports] == [SHEETS // WORKERS] * WORKERS
    assert [len(v) for _, v in reports] == [SHEETS // WORKERS] * WORKERS

    with open_records(shared_url) as store:
        chain = store.verify()
        stored = {ev.seq: ev for ev in store.iter_events()}
    # One chain, no gap, no fork: order saved + issued + verified for every sheet.
    assert chain.ok, chain.problem
    assert chain.checked == base + 3 * SHEETS == len(stored)
    owner = {}
    for k, (issued, verified) in enumerate(reports):
        for seq, sheet_id, anchor in issued:
            ev = stored[seq]
            assert ev.kind == "sheet_issued" and json.loads(ev.payload)["sheet_id"] == sheet_id
            # The anchor printed on the sheet is its own issue event (it covers the issue).
            anchor_seq, anchor_hash = anchor.split(":")
            assert int(anchor_seq) == seq and ev.hash == anchor_hash
            assert stored[seq - 1].kind == "order_saved"
            owner[seq] = k
        for seq, sheet_id in verified:
            ev = stored[seq]
            assert ev.kind == "sheet_verified" and json.loads(ev.payload)["sheet_id"] == sheet_id
    # The workstations really wrote at the same time (else this proves nothing).
    order = [owner[s] for s in sorted(owner)]
    assert sum(a != b for a, b in itertools.pairwise(order)) >= WORKERS

    # Either workstation's 'audit verify' confirms the one chain.
    assert main(["--database", shared_url, "audit", "verify"]) == 0
    assert f"chain verified: {base + 3 * SHEETS} events" in capsys.readouterr().out


def _hold_chain_lock(cluster, database: str):
    conn = admin_connect(cluster, database, autocommit=False)
    conn.execute(f"SELECT pg_advisory_xact_lock({pg.CHAIN_LOCK_KEY})")
    return conn


def test_a_writer_waits_for_the_chain_lock_then_writes(pg_cluster, pg_db, store):
    store.append("order_saved", {"i": 0})
    holder = _hold_chain_lock(pg_cluster, pg_db.name)
    done: list = []
    t = threading.Thread(target=lambda: done.append(store.append("order_saved", {"i": 1})))
    t.start()
    time.sleep(0.8)
    assert t.is_alive() and not done  # waiting, not failing, not writing around the lock
    holder.rollback()
    holder.close()
    t.join(20)
    assert done and done[0].seq == 2
    assert store.verify().ok


def test_a_writer_not_granted_the_lock_says_why_and_saves_nothing(pg_cluster, pg_db, monkeypatch):
    monkeypatch.setattr(pg, "LOCK_WAIT_S", 1)
    with open_records(pg_db.url) as store:
        store.append("order_saved", {"i": 0})
        holder = _hold_chain_lock(pg_cluster, pg_db.name)
        try:
            with pytest.raises(ChainBusy, match="nothing was saved"):
                store.append("order_saved", {"i": 1})
        finally:
            holder.rollback()
            holder.close()
        assert store.head().seq == 1
        assert store.append("order_saved", {"i": 2}).seq == 2  # and it works again at once


def test_server_away_is_refused_clearly_then_reconnects_by_itself(pg_cluster, pg_db, people):
    store = people
    open_example_level(store)
    before = store.head()
    pg_cluster.stop("fast")
    try:
        with pytest.raises(DatabaseUnavailable) as err:
            issue_sheet(store, example_case(), Credentials(*PHARMACIST))
        assert "does not fall back to a local file" in str(err.value)
        assert pg_db.name in str(err.value)
    finally:
        pg_cluster.start()
        wait_until_up(pg_cluster)
    out = issue_sheet(store, example_case(), Credentials(*PHARMACIST))  # the same Store object
    assert out.event_seq == before.seq + 2 and store.verify().ok


def test_server_stopped_mid_run_gives_a_clear_error_and_no_partial_event(pg_cluster):
    db = new_database(pg_cluster)
    try:
        with open_records(db.url) as store:
            add_people(store)
            open_example_level(store)
        proc = spawn_worker(db.url, "ward", 100_000)
        assert proc.stdout is not None
        lines = []
        while sum(line.startswith("issued") for line in lines) < 8:
            line = proc.stdout.readline()
            assert line, proc.stderr.read() if proc.stderr else ""
            lines.append(line)
        pg_cluster.stop("immediate")  # as a power cut or a crash would
        rest, err = proc.communicate(timeout=120)
        pg_cluster.start()
        wait_until_up(pg_cluster)
        assert proc.returncode == 3, err
        assert "records server" in err and ("lost the connection" in err or "cannot reach" in err)
        assert "Traceback" not in err
        issued, verified = parse_worker("".join(lines) + rest)

        with open_records(db.url) as store:
            chain = store.verify()
            stored = {ev.seq: ev for ev in store.iter_events()}
            with store.read() as conn:
                from sqlalchemy import select

                from infusecalc.records.schema import sheets
                sheet_rows = {r.sheet_id: r for r in conn.execute(select(*sheets.c))}
        assert chain.ok, chain.problem
        for seq, sheet_id, _ in issued:          # everything reported saved is there
            assert json.loads(stored[seq].payload)["sheet_id"] == sheet_id
        for seq, sheet_id in verified:
            assert stored[seq].kind == "sheet_verified"
            assert json.loads(stored[seq].payload)["sheet_id"] == sheet_id
        # No partial action: every order has its issued sheet right after it and a sheets row,
        # and no sheets row lacks its event.
        issued_events = {s: e for s, e in stored.items() if e.kind == "sheet_issued"}
        for seq, ev in stored.items():
            if ev.kind == "order_saved":
                assert seq + 1 in issued_events
        assert {json.loads(e.payload)["sheet_id"] for e in issued_events.values()} == set(sheet_rows)
        assert all(sheet_rows[json.loads(e.payload)["sheet_id"]].issued_event == s
                   for s, e in issued_events.items())
    finally:
        if not pg_cluster.is_running():
            pg_cluster.start()
        drop_database(pg_cluster, db)


def test_a_lock_in_another_database_does_not_block_this_chain(pg_cluster, pg_db, store):
    """Advisory locks are per database: a lock in another database does not block this chain."""
    other = new_database(pg_cluster)
    try:
        holder = _hold_chain_lock(pg_cluster, other.name)
        try:
            assert store.append("order_saved", {"i": 0}).seq == 1
        finally:
            holder.rollback()
            holder.close()
    finally:
        drop_database(pg_cluster, other)


def test_psycopg_is_the_driver(store):
    assert store.engine.dialect.driver == "psycopg"
    with store.read() as conn:
        assert isinstance(conn.connection.dbapi_connection, psycopg.Connection)
