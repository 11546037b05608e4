"""The embedded database: created on first use, durable settings, versioned schema."""

from __future__ import annotations

import sqlite3

import pytest

from infusecalc.records import schema
from infusecalc.records.store import default_data_dir, open_store


def test_created_on_first_use_with_wal_full_sync_and_a_schema_version(tmp_path):
    folder = tmp_path / "new" / "deeper"
    with open_store(folder) as store:
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 10_000
    db = sqlite3.connect(folder / "infusecalc.sqlite3")
    assert db.execute("SELECT max(version) FROM schema_version").fetchone()[0] == schema.LATEST
    triggers = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='trigger'")}
    assert {"events_refuse_update", "events_refuse_delete"} <= triggers


def test_reopening_migrates_nothing_twice_and_keeps_events(tmp_path):
    with open_store(tmp_path) as s:
        s.append("order_saved", {"i": 1})
    with open_store(tmp_path) as s:
        assert s.verify().checked == 1
    db = sqlite3.connect(tmp_path / "infusecalc.sqlite3")
    assert db.execute("SELECT count(*) FROM schema_version").fetchone()[0] == len(schema.MIGRATIONS)


def test_forward_migration_runs_new_steps_once(tmp_path, monkeypatch):
    open_store(tmp_path).close()
    ran = []

    new = schema.LATEST + 1

    def step(conn):
        ran.append(new)
        conn.exec_driver_sql("CREATE TABLE site_notes (id INTEGER PRIMARY KEY, note TEXT)")

    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, (new, step)])
    monkeypatch.setattr(schema, "LATEST", new)
    open_store(tmp_path).close()
    open_store(tmp_path).close()
    assert ran == [new]


def test_a_database_from_a_newer_program_is_refused(tmp_path):
    open_store(tmp_path).close()
    db = sqlite3.connect(tmp_path / "infusecalc.sqlite3")
    db.execute("INSERT INTO schema_version VALUES (99, '2030-01-01T00:00:00Z')")
    db.commit()
    with pytest.raises(schema.SchemaTooNew, match="newer"):
        open_store(tmp_path)


def test_default_folder_is_the_environment_or_the_user_data_dir(monkeypatch, tmp_path):
    monkeypatch.setenv("INFUSECALC_DATA_DIR", str(tmp_path / "x"))
    assert default_data_dir() == tmp_path / "x"
    monkeypatch.delenv("INFUSECALC_DATA_DIR")
    import platformdirs

    assert default_data_dir() == platformdirs.user_data_path("InfuseCalc", appauthor=False)
