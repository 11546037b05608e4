"""The chain catches every kind of tampering done directly on the SQLite file."""

from __future__ import annotations

import sqlite3

import pytest

from infusecalc.records.chain import GENESIS, Anchor, event_hash, parse_anchor, verify_events
from infusecalc.records.store import open_sqlite_file, open_store


def _fill(data_dir, n=10):
    with open_store(data_dir) as s:
        for i in range(n):
            s.append("order_saved", {"i": i, "name": "Zhāng 张"}, user_id="pharm")
        return s.head(), s.backend.path


def _attacker(path) -> sqlite3.Connection:
    """Opens the file as an attacker would: plain sqlite3, guards dropped."""
    db = sqlite3.connect(path)
    db.execute("DROP TRIGGER IF EXISTS events_refuse_update")
    db.execute("DROP TRIGGER IF EXISTS events_refuse_delete")
    return db


def _report(path, anchor=None):
    with open_sqlite_file(path) as s:
        return s.verify(anchor)


def _rehash_from(db: sqlite3.Connection, start: int) -> None:
    """Recompute every hash from event start on, as an attacker who knows the algorithm would."""
    cols = "seq, kind, utc, local_time, user_id, program_version, protocol_sha256, payload"
    rows = db.execute(f"SELECT {cols} FROM events ORDER BY seq").fetchall()
    prev = GENESIS
    for row in rows:
        if row[0] >= start:
            h = event_hash(*row, prev)
            db.execute("UPDATE events SET prev_hash=?, hash=? WHERE seq=?", (prev, h, row[0]))
        prev = db.execute("SELECT hash FROM events WHERE seq=?", (row[0],)).fetchone()[0]
    db.commit()


def test_intact_chain_verifies_with_its_count(data_dir):
    head, path = _fill(data_dir)
    report = _report(path, head)
    assert report.ok and report.checked == 10 and report.head == head


def test_database_refuses_update_and_delete(data_dir):
    _, path = _fill(data_dir, 3)
    db = sqlite3.connect(path)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("UPDATE events SET payload='{}' WHERE seq=2")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("DELETE FROM events WHERE seq=3")


def test_edited_payload_is_named(data_dir):
    _, path = _fill(data_dir)
    db = _attacker(path)
    db.execute("UPDATE events SET payload='{\"i\":99,\"name\":\"Zhāng 张\"}' WHERE seq=4")
    db.commit()
    report = _report(path)
    assert not report.ok and report.bad_seq == 4 and report.checked == 3
    assert "altered" in report.problem


@pytest.mark.parametrize("column,value", [("user_id", "nurse"), ("utc", "2020-01-01T00:00:00.000000Z"),
                                          ("kind", "sheet_voided"), ("protocol_sha256", "f" * 64)])
def test_any_edited_field_is_named(data_dir, column, value):
    _, path = _fill(data_dir)
    db = _attacker(path)
    db.execute(f"UPDATE events SET {column}=? WHERE seq=7", (value,))
    db.commit()
    assert _report(path).bad_seq == 7


def test_deleted_row_is_named(data_dir):
    _, path = _fill(data_dir)
    db = _attacker(path)
    db.execute("DELETE FROM events WHERE seq=4")
    db.commit()
    report = _report(path)
    assert not report.ok and report.bad_seq == 4 and "missing" in report.problem


def test_deleted_and_renumbered_rows_are_named(data_dir):
    _, path = _fill(data_dir)
    db = _attacker(path)
    db.execute("DELETE FROM events WHERE seq=4")
    db.execute("UPDATE events SET seq=seq+1000 WHERE seq>4")
    db.execute("UPDATE events SET seq=seq-1001 WHERE seq>1000")
    db.commit()
    report = _report(path)
    assert not report.ok and report.bad_seq == 4


def test_reordered_rows_are_named(data_dir):
    _, path = _fill(data_dir)
    db = _attacker(path)
    db.execute("UPDATE events SET seq=-1 WHERE seq=3")
    db.execute("UPDATE events SET seq=3 WHERE seq=4")
    db.execute("UPDATE events SET seq=4 WHERE seq=-1")
    db.commit()
    report = _report(path)
    assert not report.ok and report.bad_seq == 3


def test_inserted_row_is_named(data_dir):
    _, path = _fill(data_dir)
    db = _attacker(path)
    # A well-forged event 5 (correct hash over a correct link), later events renumbered.
    db.execute("UPDATE events SET seq=seq+1000 WHERE seq>=5")
    db.execute("UPDATE events SET seq=seq-999 WHERE seq>1000")
    prev = db.execute("SELECT hash FROM events WHERE seq=4").fetchone()[0]
    fields = (5, "order_saved", "2026-11-25T10:00:00.000000Z", "2026-11-25T18:00:00.000000+08:00",
              "pharm", "0.1.0", "", '{"i":"forged"}')
    db.execute("INSERT INTO events (seq, kind, utc, local_time, user_id, program_version, protocol_sha256, "
               "payload, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?)", (*fields, prev, event_hash(*fields, prev)))
    db.commit()
    report = _report(path)
    # The forged event is consistent in itself; the first event that no longer fits is the next.
    assert not report.ok and report.bad_seq == 6 and "does not follow" in report.problem


def test_inserted_duplicate_of_a_row_is_named(data_dir):
    _, path = _fill(data_dir)
    db = _attacker(path)
    # A copy of event 3 appended as event 11 (hash must be unique: the attacker alters it).
    row = db.execute("SELECT * FROM events WHERE seq=3").fetchone()
    db.execute("INSERT INTO events (seq, kind, utc, local_time, user_id, program_version, protocol_sha256, "
               "payload, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?)", (11, *row[1:9], "e" * 64))
    db.commit()
    report = _report(path)
    assert not report.ok and report.bad_seq == 11


def test_deleted_newest_rows_pass_alone_but_fail_against_an_anchor(data_dir):
    head, path = _fill(data_dir)
    db = _attacker(path)
    db.execute("DELETE FROM events WHERE seq>=9")
    db.commit()
    assert _report(path).ok  # a chain alone cannot see its tail cut off
    report = _report(path, head)
    # Reopening found the dropped guards, restored them and recorded that as the new event 9.
    assert not report.ok and report.bad_seq == 10 and "truncated" in report.problem
    with open_sqlite_file(path) as s:
        assert [e.seq for e in s.events_of_kind("guards_restored")] == [9]


def test_rewritten_chain_passes_alone_but_fails_against_an_anchor(data_dir):
    head, path = _fill(data_dir)
    db = _attacker(path)
    db.execute("UPDATE events SET payload='{\"i\":\"rewritten\"}' WHERE seq=3")
    _rehash_from(db, 3)
    assert _report(path).ok
    report = _report(path, head)
    assert not report.ok and report.bad_seq == 10 and "rewritten" in report.problem
    # An older anchor, before the rewrite point, does not see it; one after it does.
    assert _report(path, Anchor(2, _hash_of(path, 2))).ok


def _hash_of(path, seq):
    return sqlite3.connect(path).execute("SELECT hash FROM events WHERE seq=?", (seq,)).fetchone()[0]


def test_anchor_text_round_trip_and_refusal():
    a = parse_anchor(f"12:{'AB' * 32}")
    assert a == Anchor(12, "ab" * 32) and parse_anchor(str(a)) == a
    for bad in ("12", "0:" + "a" * 64, "x:" + "a" * 64, "3:" + "a" * 63):
        with pytest.raises(ValueError):
            parse_anchor(bad)


def test_empty_chain_verifies_and_an_anchor_on_it_fails():
    assert verify_events([]).ok
    assert not verify_events([], Anchor(1, "a" * 64)).ok


def test_event_fields_follow_the_table_columns():
    # Store.iter_events builds events positionally from rows: the two orders must agree.
    import dataclasses

    from infusecalc.records.chain import Event
    from infusecalc.records.schema import EVENT_COLUMNS

    assert EVENT_COLUMNS == [f.name for f in dataclasses.fields(Event)]
