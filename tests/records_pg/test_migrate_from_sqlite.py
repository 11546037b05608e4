"""A workstation's SQLite records carried into the server: every event, its number and its hash."""

from __future__ import annotations

import sqlite3

from infusecalc.cli.main import main
from infusecalc.records.pg_url import open_records
from infusecalc.records.service import find_sheet, issue_sheet, verify_sheet, void_sheet
from infusecalc.records.users import Credentials

from .conftest import ADMIN, NURSE, PHARMACIST
from tests.records.attacks import edit_sqlite_file
from tests.records.conftest import open_example_level
from .helpers import add_people, example_case, example_entry


def _workstation(path, sheets=3):
    """A SQLite workstation with users, issued, verified and voided sheets."""
    with open_records(f"sqlite:///{path}") as store:
        add_people(store)
        open_example_level(store)   # the example's level opens only by a recorded decision
        ids = []
        for _ in range(sheets):
            out = issue_sheet(store, example_case(), Credentials(*PHARMACIST))
            ids.append(out.sheet.sheet_id)
        verify_sheet(store, find_sheet(store, ids[0]), example_entry(), Credentials(*NURSE))
        void_sheet(store, ids[-1], "bag damaged", Credentials(*ADMIN))
        return ids, [e.as_dict() for e in store.iter_events()], store.users(), store.head()


def test_migration_preserves_every_event_and_the_chain(pg_db, tmp_path, capsys):
    path = tmp_path / "infusecalc.sqlite3"
    ids, source_events, source_users, source_head = _workstation(path)
    assert main(["--database", pg_db.url, "db", "migrate-from-sqlite", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"copied {len(source_events)} events, 3 users and 3 sheets" in out

    with open_records(pg_db.url) as server:
        copied = [e.as_dict() for e in server.iter_events()]
        assert copied[:len(source_events)] == source_events       # same numbers, same hashes
        assert copied[-1]["kind"] == "records_migrated"           # and the move itself recorded
        assert server.verify(source_head).ok                      # old sheets' anchors still check
        assert server.users() == source_users                     # passwords and lock state too
        # A sheet issued at the workstation is found on the server by its ID; a void still holds.
        assert find_sheet(server, ids[1]).sheet_id == ids[1]
        try:
            find_sheet(server, ids[-1])
            raise AssertionError("a voided sheet was found")
        except Exception as exc:  # noqa: BLE001
            assert "voided" in str(exc)
        # The chain goes on from there.
        nxt = issue_sheet(server, example_case(), Credentials(*PHARMACIST))
        assert nxt.event_seq == len(copied) + 2 and server.verify().ok


def test_migration_refuses_a_source_chain_that_does_not_verify(pg_db, tmp_path, capsys):
    path = tmp_path / "infusecalc.sqlite3"
    _workstation(path, sheets=1)
    edit_sqlite_file(path, "UPDATE events SET user_id = 'someone' WHERE seq = 5")
    assert main(["--database", pg_db.url, "db", "migrate-from-sqlite", str(path)]) == 2
    err = capsys.readouterr().err
    assert "does NOT verify: event 5" in err and "Nothing was copied" in err
    with open_records(pg_db.url) as server:
        assert server.head() is None and server.users() == []


def test_migration_refuses_a_server_chain_that_is_not_empty(pg_db, store, tmp_path, capsys):
    store.append("order_saved", {"from": "another workstation"})
    path = tmp_path / "infusecalc.sqlite3"
    _workstation(path, sheets=1)
    assert main(["--database", pg_db.url, "db", "migrate-from-sqlite", str(path)]) == 2
    assert "only fills an empty chain" in capsys.readouterr().err
    assert store.head().seq == 1


def test_migration_of_a_missing_file_is_refused(pg_db, tmp_path, capsys):
    assert main(["--database", pg_db.url, "db", "migrate-from-sqlite", str(tmp_path / "no.db")]) == 2
    assert "is not a file" in capsys.readouterr().err
    assert not (tmp_path / "no.db").exists()


def test_migration_refuses_a_file_whose_users_table_differs_from_its_chain(pg_db, tmp_path, capsys):
    path = tmp_path / "infusecalc.sqlite3"
    _workstation(path, sheets=1)
    db = sqlite3.connect(path)
    db.execute("UPDATE users SET role = 'admin' WHERE user_id = ?", (NURSE[0],))   # a promotion
    db.commit()
    db.close()
    assert main(["--database", pg_db.url, "db", "migrate-from-sqlite", str(path)]) == 2
    err = capsys.readouterr().err
    assert "users table" in err and "differs from its chain" in err and "Nothing was copied" in err
    with open_records(pg_db.url) as server:
        assert server.head() is None
