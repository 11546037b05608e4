"""db init, append-only enforced by the server, tampering by a superuser, the CLI on a server."""

from __future__ import annotations

import io
import json
import uuid

import psycopg
import pytest

from infusecalc.cli.main import main
from infusecalc.records.pg_url import open_records
from infusecalc.records.schema import LATEST
from infusecalc.records.users import RecordsError

from .conftest import admin_connect, app_connect, drop_database, new_database
from .helpers import EXAMPLE

EDITS = ["UPDATE infusecalc.events SET payload = '{}' WHERE seq = 2",
         "DELETE FROM infusecalc.events WHERE seq = 3",
         "TRUNCATE infusecalc.events"]


def _fill(store, n=10):
    for i in range(n):
        store.append("order_saved", {"i": i, "name": "Zhāng 张"}, user_id="pharm")
    return store.head()


@pytest.mark.parametrize("sql", EDITS)
def test_the_program_role_cannot_update_delete_or_truncate_an_event(pg_cluster, pg_db, store, sql):
    _fill(store, 3)
    before = [e.as_dict() for e in store.iter_events()]
    with app_connect(pg_cluster, pg_db.name) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied"):
            conn.execute(sql)
    # The owner (or a superuser) who forgets is stopped by the triggers as well.
    with admin_connect(pg_cluster, pg_db.name) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="append-only"):
            conn.execute(sql)
    assert [e.as_dict() for e in store.iter_events()] == before


@pytest.mark.parametrize("sql", [
    "ALTER TABLE infusecalc.events DISABLE TRIGGER USER",
    "DROP TRIGGER events_refuse_update ON infusecalc.events",
    "CREATE TABLE infusecalc.notes (x int)",
    "DELETE FROM infusecalc.users",
    "DELETE FROM infusecalc.sheets",
    "UPDATE infusecalc.schema_version SET version = 99",
])
def test_the_program_role_cannot_change_the_schema_or_delete_state(pg_cluster, pg_db, store, sql):
    _fill(store, 1)
    with app_connect(pg_cluster, pg_db.name) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(sql)


def test_db_init_creates_the_role_with_no_password_and_prints_its_grants(pg_cluster, capsys):
    db = new_database(pg_cluster, init=False)
    role = "ward_" + uuid.uuid4().hex[:8]
    try:
        assert main(["db", "init", "--admin-url", db.admin_url, "--app-role", role]) == 0
        out = capsys.readouterr().out
        assert f"created login role {role} with no password" in out
        assert f"granted to {role}: SELECT, INSERT on infusecalc.events" in out
        assert f"not granted to {role}: UPDATE, DELETE or TRUNCATE on events" in out
        assert f"version {LATEST} (new)" in out
        with admin_connect(pg_cluster, db.name) as conn:
            pw, login, sup = conn.execute("SELECT rolpassword, rolcanlogin, rolsuper FROM pg_authid "
                                          "WHERE rolname = %s", (role,)).fetchone()
            assert pw is None and login and not sup
            rights = {p: conn.execute("SELECT has_table_privilege(%s, 'infusecalc.events', %s)",
                                      (role, p)).fetchone()[0]
                      for p in ("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE")}
            assert rights == {"SELECT": True, "INSERT": True, "UPDATE": False, "DELETE": False,
                              "TRUNCATE": False}
            assert not conn.execute("SELECT has_schema_privilege(%s, 'infusecalc', 'CREATE')",
                                    (role,)).fetchone()[0]
        # Running it again changes nothing and says so.
        assert main(["db", "init", "--admin-url", db.admin_url, "--app-role", role]) == 0
        out = capsys.readouterr().out
        assert f"role {role} exists already" in out and "(up to date)" in out
    finally:
        drop_database(pg_cluster, db)
        with admin_connect(pg_cluster, "postgres") as conn:
            conn.execute(f"DROP ROLE IF EXISTS {role}")


def test_db_init_refuses_to_make_a_superuser_the_program_role(pg_cluster, capsys):
    db = new_database(pg_cluster, init=False)
    try:
        assert main(["db", "init", "--admin-url", db.admin_url, "--app-role", "infusecalc_admin"]) == 2
        assert "connects as 'infusecalc_admin', the program's own role" in capsys.readouterr().err
    finally:
        drop_database(pg_cluster, db)


def test_a_workstation_on_an_empty_database_is_told_to_run_db_init(pg_cluster, capsys, monkeypatch):
    db = new_database(pg_cluster, init=False)
    try:
        monkeypatch.setattr("sys.stdin", io.StringIO(""))
        assert main(["--database", db.url, "users", "list"]) == 2
        err = capsys.readouterr().err
        assert "no InfuseCalc records schema yet" in err and "infusecalc db init --admin-url" in err
        with admin_connect(pg_cluster, db.name) as conn:  # and it created nothing
            assert conn.execute("SELECT count(*) FROM pg_namespace WHERE nspname = 'infusecalc'"
                                ).fetchone()[0] == 0
    finally:
        drop_database(pg_cluster, db)


def test_what_a_superuser_does_to_events_is_caught_by_the_chain(pg_cluster, pg_db, store, capsys):
    head = _fill(store)
    with admin_connect(pg_cluster, pg_db.name) as conn:
        conn.execute("ALTER TABLE infusecalc.events DISABLE TRIGGER USER")
        conn.execute("UPDATE infusecalc.events SET payload = '{\"i\":99}' WHERE seq = 4")
        conn.execute("DELETE FROM infusecalc.events WHERE seq >= 9")
        conn.execute("ALTER TABLE infusecalc.events ENABLE TRIGGER USER")
    report = store.verify(head)
    assert not report.ok and report.bad_seq == 4 and "altered" in report.problem
    assert main(["--database", pg_db.url, "audit", "verify"]) == 1
    assert "CHAIN BROKEN at event 4" in capsys.readouterr().out


def test_a_workstation_refuses_a_server_whose_guards_were_removed(pg_cluster, pg_db, store):
    _fill(store, 2)
    with admin_connect(pg_cluster, pg_db.name) as conn:
        conn.execute("DROP TRIGGER events_refuse_delete ON infusecalc.events")
    with pytest.raises(RecordsError, match="append-only guards on the events table are missing"):
        open_records(pg_db.url)
    # db init puts them back; then workstations open it again.
    from infusecalc.records.pg_admin import init_site
    init_site(pg_db.admin_url)
    with open_records(pg_db.url) as again:
        # ... and the chain records that they were found missing and restored.
        assert again.verify().checked == 3
        assert [e.seq for e in again.events_of_kind("guards_restored")] == [3]


class Cli:
    def __init__(self, url, capsys, monkeypatch) -> None:
        self.url, self.capsys, self.mp = url, capsys, monkeypatch

    def __call__(self, *argv: str, stdin: str = "") -> tuple[int, str, str]:
        self.mp.setattr("sys.stdin", io.StringIO(stdin))
        code = main(["--database", self.url, *argv])
        out, err = self.capsys.readouterr()
        return code, out, err


def test_pharmacy_and_ward_on_one_server_by_the_command_line(pg_db, capsys, monkeypatch, tmp_path):
    pharmacy = Cli(pg_db.url, capsys, monkeypatch)
    monkeypatch.setenv("INFUSECALC_DATABASE_URL", pg_db.url)
    ward = Cli(pg_db.url, capsys, monkeypatch)
    assert pharmacy("users", "add", "admin", "--role", "admin", "--password-stdin",
                    stdin="admin-pass-1\n")[0] == 0
    assert pharmacy("users", "add", "wang", "--role", "pharmacist", "--by", "admin",
                    "--password-stdin", stdin="temporary-pass-w\nadmin-pass-1\n")[0] == 0
    assert pharmacy("users", "add", "li", "--role", "nurse", "--by", "admin", "--password-stdin",
                    stdin="temporary-pass-l\nadmin-pass-1\n")[0] == 0
    assert pharmacy("users", "passwd", "wang", "--password-stdin",
                    stdin="temporary-pass-w\npharm-pass-1\n")[0] == 0
    assert ward("users", "passwd", "li", "--password-stdin", stdin="temporary-pass-l\nnurse-pass-1\n")[0] == 0
    assert pharmacy("escalation", "decide", "--group", "B", "--level", "DL2", "--open", "--reference",
                    "SRC minutes 2026-11-30", "--user", "admin", "--password-stdin",
                    stdin="admin-pass-1\n")[0] == 0   # the example's level opens only by a decision
    code, out, err = pharmacy("issue", str(EXAMPLE), "--user", "wang", "--password-stdin", "--json",
                              stdin="pharm-pass-1\n")
    assert code == 0, err
    sheet = json.loads(out)
    # The ward finds the sheet by its ID alone: same database.
    code, out, err = ward("verify", sheet["sheet_id"], str(EXAMPLE), "--user", "li",
                          "--password-stdin", "--json", stdin="nurse-pass-1\n")
    assert code == 0, err
    assert json.loads(out)["verified"] is True
    code, out, _ = ward("audit", "verify", "--anchor", sheet["anchor"])
    assert code == 0 and "chain verified: 9 events" in out and pg_db.name in out
    code, out, _ = pharmacy("audit", "checkpoint")
    assert code == 0 and out.startswith("9:")
    # A portable, verified SQLite copy of the server's records.
    target = tmp_path / "site-copy.sqlite3"
    code, out, err = pharmacy("backup", str(target))
    assert code == 0, err
    assert "9 events, chain verified" in out
    code, out, _ = Cli(f"sqlite:///{target}", capsys, monkeypatch)("audit", "verify")
    assert code == 0 and "chain verified: 9 events" in out
