"""Site set-up on PostgreSQL (``infusecalc db init``) and moving records between databases.

``init_site`` runs with an admin's connection: it creates the schema, brings it to the latest
version, installs the append-only triggers, creates the program's login role with no password
(site IT sets it) and grants that role exactly what the program needs: read and insert events,
read, insert and update the current-state tables, read the schema version. No UPDATE, DELETE or
TRUNCATE on events, no DELETE anywhere, no CREATE in the schema.

``migrate_from_sqlite`` copies a workstation's SQLite records into an empty server chain event
for event (same numbers, same hashes, so the anchors printed on old sheets still check), after
verifying the source chain and again on the server before committing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Engine, func, insert, select, text

from .chain import Anchor, Event, verify_events
from .pg import SCHEMA, PostgresBackend, server_schema_version
from .schema import LATEST, events, sheets, users
from .store import Store, utc_text
from .users import RecordsError

DEFAULT_APP_ROLE = "infusecalc_app"
_ROLE = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
BATCH = 5000

# What the program's role may do, table by table (everything else is revoked).
APP_GRANTS: list[tuple[str, str]] = [
    ("SELECT, INSERT", "events"),
    ("SELECT, INSERT, UPDATE", "users"),
    ("SELECT, INSERT, UPDATE", "sheets"),
    ("SELECT", "schema_version"),
]
MIGRATED_KIND = "records_migrated"


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def init_site(admin_url: str, app_role: str = DEFAULT_APP_ROLE) -> list[str]:
    """Set up (or bring forward) the records schema; returns the lines to print."""
    from .pg_url import check_url

    if check_url(admin_url) != "postgresql":
        raise RecordsError("--admin-url must be a postgresql://ADMIN@HOST/DATABASE URL")
    if not _ROLE.match(app_role):
        raise RecordsError(f"'{app_role}' is not a usable role name: use lower-case letters, digits "
                           f"and '_', starting with a letter or '_'")
    backend = PostgresBackend(admin_url)
    lines: list[str] = []
    eng = backend.engine()
    try:
        with eng.begin() as conn:
            me, db = conn.execute(text("SELECT current_user, current_database()")).one()
            if me == app_role:
                raise RecordsError(f"--admin-url connects as '{me}', the program's own role; connect "
                                   f"as the admin who owns the records schema")
            role = conn.execute(text("SELECT rolsuper, rolbypassrls, rolcanlogin FROM pg_roles "
                                     "WHERE rolname = :r"), {"r": app_role}).first()
            if role is None:
                conn.exec_driver_sql(f"CREATE ROLE {_ident(app_role)} LOGIN NOSUPERUSER NOCREATEDB "
                                     f"NOCREATEROLE NOINHERIT")
                lines.append(f"created login role {app_role} with no password: site IT sets it "
                             f"(psql: \\password {app_role}) and puts it in each workstation "
                             f"account's ~/.pgpass")
            else:
                if role.rolsuper or role.rolbypassrls:
                    raise RecordsError(f"role '{app_role}' is a superuser (or bypasses row security): "
                                       f"it could alter events. Use a plain role (--app-role NAME)")
                lines.append(f"role {app_role} exists already; its password is left as it is"
                             + ("" if role.rolcanlogin else " (it has no LOGIN: ALTER ROLE "
                                f"{app_role} LOGIN)"))
            conn.exec_driver_sql(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}")
            before = server_schema_version(conn)
    finally:
        eng.dispose()
    # Store() migrates forward and installs the triggers, as this admin, under the chain lock.
    Store(backend).close()
    lines.append(f"schema {SCHEMA} in database {db}: version {LATEST}"
                 + (" (new)" if before == 0 else f" (was {before})" if before != LATEST else
                    " (up to date)"))
    lines.append("triggers on events refuse UPDATE, DELETE and TRUNCATE (for every role)")
    eng = backend.engine()
    try:
        with eng.begin() as conn:
            r = _ident(app_role)
            conn.exec_driver_sql(f"REVOKE ALL ON SCHEMA {SCHEMA} FROM PUBLIC")
            conn.exec_driver_sql(f"REVOKE ALL ON ALL TABLES IN SCHEMA {SCHEMA} FROM PUBLIC, {r}")
            conn.exec_driver_sql(f"GRANT CONNECT ON DATABASE {_ident(db)} TO {r}")
            conn.exec_driver_sql(f"GRANT USAGE ON SCHEMA {SCHEMA} TO {r}")
            lines.append(f"granted to {app_role}: CONNECT on database {db}; USAGE on schema {SCHEMA}")
            for rights, table in APP_GRANTS:
                conn.exec_driver_sql(f"GRANT {rights} ON {SCHEMA}.{table} TO {r}")
                lines.append(f"granted to {app_role}: {rights} on {SCHEMA}.{table}")
    finally:
        eng.dispose()
    lines.append(f"not granted to {app_role}: UPDATE, DELETE or TRUNCATE on events; DELETE or "
                 f"TRUNCATE on any table; CREATE in schema {SCHEMA}")
    return lines


# --- copying records between stores --------------------------------------------------------

@dataclass(frozen=True)
class CopyResult:
    events: int
    users: int
    sheets: int
    head: Anchor | None


def _rows(conn: Connection, table, order) -> Iterator[dict]:
    # Per statement: Connection.execution_options() would change the whole connection.
    result = conn.execute(select(*table.c).order_by(order).execution_options(yield_per=BATCH))
    for row in result:
        yield dict(row._mapping)


def _insert_batches(conn: Connection, table, rows: Iterable[dict]) -> int:
    n, batch = 0, []
    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH:
            conn.execute(insert(table), batch)
            n, batch = n + len(batch), []
    if batch:
        conn.execute(insert(table), batch)
        n += len(batch)
    return n


def _verify_in(conn: Connection):
    rows = conn.execute(select(*events.c).order_by(events.c.seq).execution_options(yield_per=BATCH))
    return verify_events(Event(**r._mapping) for r in rows)


def _copy(src: Connection, dst: Connection) -> CopyResult:
    n_ev = _insert_batches(dst, events, _rows(src, events, events.c.seq))
    n_us = _insert_batches(dst, users, _rows(src, users, users.c.user_id))
    n_sh = _insert_batches(dst, sheets, _rows(src, sheets, sheets.c.sheet_id))
    report = _verify_in(dst)
    if not report.ok or report.checked != n_ev:
        raise RecordsError(f"the copied chain does not verify ({report.problem or 'count differs'}); "
                           f"nothing was copied")
    return CopyResult(n_ev, n_us, n_sh, report.head)


def copy_to_sqlite(engine: Engine, target: Path) -> CopyResult:
    """A consistent SQLite copy of a server's records (``infusecalc backup`` on PostgreSQL)."""
    from .backend import SqliteBackend

    target.parent.mkdir(parents=True, exist_ok=True)
    with engine.connect().execution_options(isolation_level="REPEATABLE READ") as src:
        with src.begin():
            with Store(SqliteBackend(target)) as copy, copy.write() as w:
                return _copy(src, w.conn)


def migrate_from_sqlite(source_path: str | Path, target: Store) -> CopyResult:
    """Copy a workstation's SQLite records into the (empty) chain of ``target``.

    Refuses, copying nothing, if the source chain does not verify or the target has events.
    """
    from .backend import SqliteBackend

    path = Path(source_path)
    if not path.is_file():
        raise RecordsError(f"{path} is not a file (give the workstation's infusecalc.sqlite3)")
    with Store(SqliteBackend(path)) as source:
        report = source.verify()
        if not report.ok and report.bad_seq is None:
            raise RecordsError(f"the users table of {path} differs from its chain (" +
                               "; ".join(source.cache_differences) + "): someone edited it outside "
                               "InfuseCalc. Nothing was copied; keep the file as evidence.")
        if not report.ok:
            raise RecordsError(f"the chain of {path} does NOT verify: event {report.bad_seq}: "
                               f"{report.problem}. Nothing was copied; keep that file as evidence "
                               f"and ask site IT / the sponsor how to proceed.")
        with source.read() as src, target.write() as w:
            have = w.conn.execute(select(func.count()).select_from(events)).scalar_one()
            people = w.conn.execute(select(func.count()).select_from(users)).scalar_one()
            if have or people:
                raise RecordsError(
                    f"{target.describe()} holds {have} events and {people} users already; "
                    f"migrate-from-sqlite only fills an empty chain, so that every event keeps its "
                    f"number and hash and the anchors printed on earlier sheets still check. Keep "
                    f"the other workstation's file as a read-only archive instead "
                    f"('infusecalc --database sqlite:///PATH audit verify').")
            result = _copy(src, w.conn)
            if result.events != report.checked:
                raise RecordsError("the source changed while it was copied; nothing was copied")
            w.append(MIGRATED_KIND, {"source": str(path.resolve()), "events": result.events,
                                     "users": result.users, "sheets": result.sheets,
                                     "source_head": str(result.head) if result.head else None,
                                     "migrated_utc": utc_text(dt.datetime.now(dt.timezone.utc))})
    return result
