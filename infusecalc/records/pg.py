"""PostgreSQL behind the same ``store.Store`` interface: one audit chain for a whole site.

What differs from SQLite, and only that, lives here:
- every table sits in the schema ``infusecalc`` (search_path is set per connection), which the
  site's admin role owns; the program's role gets USAGE on it and no CREATE, so a workstation can
  never create or alter tables, only use them (``pg_admin.init_site`` sets this up);
- a write transaction first takes one transaction-level advisory lock, so appends are serialised
  across every workstation and the chain stays linear (the seq primary key would refuse a fork
  even without it); a writer waits up to LOCK_WAIT_S for it, then says so and saves nothing;
- triggers refuse UPDATE, DELETE and TRUNCATE on events, on top of the revoked privileges;
- a server that cannot be reached raises ``DatabaseUnavailable``, never a fallback to a file.

The password never comes from the program: libpq reads PGPASSFILE / ~/.pgpass or a service
file (PGSERVICEFILE) by itself. A URL that carries a password is refused (see ``pg_url``).
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url

from .users import RecordsError

SCHEMA = "infusecalc"
# One fixed key for the whole program: "the audit chain of this database" (any 64-bit number
# works; this one spells nothing and is unlikely to collide with another application's lock).
CHAIN_LOCK_KEY = 1190_0707_3001
LOCK_WAIT_S = 30
CONNECT_TIMEOUT_S = 5
GUARD_TRIGGERS = ("events_refuse_update", "events_refuse_delete", "events_refuse_truncate")


class DatabaseUnavailable(RecordsError):
    """The records server cannot be reached, or the connection was lost mid-action."""


class ChainBusy(RecordsError):
    """Another writer held the chain lock for longer than LOCK_WAIT_S."""


class NotInitialised(RecordsError):
    """The server database has no (or an older) InfuseCalc schema: site IT runs ``db init``."""


def safe_url_text(url: str) -> str:
    """The URL for messages: never a password (there is none: it is refused earlier)."""
    return make_url(url).render_as_string(hide_password=True)


class PostgresBackend:
    name = "postgresql"

    def __init__(self, url: str) -> None:
        # postgresql://, postgres:// and postgresql+psycopg:// all mean psycopg 3.
        u = make_url(url)
        self.url = u.set(drivername="postgresql+psycopg")
        self.shown = safe_url_text(url)

    def describe(self) -> str:
        return self.shown

    def engine(self) -> Engine:
        eng = create_engine(
            self.url,
            # A connection the server dropped (restart, network) is replaced on next use, so a
            # workstation reconnects by itself once the server is back.
            pool_pre_ping=True,
            connect_args={
                "connect_timeout": CONNECT_TIMEOUT_S,
                "application_name": "infusecalc",
                "options": f"-c search_path={SCHEMA} -c lock_timeout={LOCK_WAIT_S * 1000}",
            })
        shown = self.shown

        @event.listens_for(eng, "handle_error")
        def _handle_error(ctx) -> None:
            _translate(ctx, shown)

        return eng

    def lock_for_append(self, conn: Connection) -> None:
        # Held until COMMIT or ROLLBACK; the head is read after it, so no two writers ever
        # append after the same event. Waits up to lock_timeout (LOCK_WAIT_S), then ChainBusy.
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({CHAIN_LOCK_KEY})")

    def install_guards(self, conn: Connection) -> list[str]:
        have = {r[0] for r in conn.execute(text(
            "SELECT t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = :s AND c.relname = 'events' AND NOT t.tgisinternal"), {"s": SCHEMA})}
        missing = [t for t in GUARD_TRIGGERS if t not in have]
        if not missing:
            return []
        if not _owns_events(conn):
            raise RecordsError(
                f"the append-only guards on the events table are missing on {self.shown}: someone "
                f"with owner rights removed them. Nothing was done. Site IT: run 'infusecalc db init "
                f"--admin-url URL' again to restore them, then 'infusecalc audit verify'.")
        for stmt in guard_ddl():
            conn.exec_driver_sql(stmt)
        return missing

    def backup(self, engine: Engine, target: Path) -> None:
        # A portable SQLite copy of the whole records database (one consistent snapshot); the
        # site's own backup is pg_dump (README, "Running a site").
        from .pg_admin import copy_to_sqlite

        copy_to_sqlite(engine, Path(target))


def guard_ddl() -> list[str]:
    return [
        f"""CREATE OR REPLACE FUNCTION {SCHEMA}.refuse_event_change() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
              RAISE EXCEPTION 'events are append-only: %% refused', TG_OP
                USING ERRCODE = 'insufficient_privilege';
            END $$""",
        f"DROP TRIGGER IF EXISTS events_refuse_update ON {SCHEMA}.events",
        f"CREATE TRIGGER events_refuse_update BEFORE UPDATE ON {SCHEMA}.events "
        f"FOR EACH ROW EXECUTE FUNCTION {SCHEMA}.refuse_event_change()",
        f"DROP TRIGGER IF EXISTS events_refuse_delete ON {SCHEMA}.events",
        f"CREATE TRIGGER events_refuse_delete BEFORE DELETE ON {SCHEMA}.events "
        f"FOR EACH ROW EXECUTE FUNCTION {SCHEMA}.refuse_event_change()",
        f"DROP TRIGGER IF EXISTS events_refuse_truncate ON {SCHEMA}.events",
        f"CREATE TRIGGER events_refuse_truncate BEFORE TRUNCATE ON {SCHEMA}.events "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {SCHEMA}.refuse_event_change()",
    ]


def _owns_events(conn: Connection) -> bool:
    return bool(conn.execute(text(
        "SELECT pg_has_role(current_user, c.relowner, 'USAGE') FROM pg_class c "
        "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = :s AND c.relname = 'events'"),
        {"s": SCHEMA}).scalar())


def _translate(ctx, shown: str) -> None:
    """Turn the driver's errors that a user can act on into RecordsError subclasses."""
    import psycopg

    exc = ctx.original_exception
    if isinstance(exc, psycopg.errors.LockNotAvailable):
        raise ChainBusy(
            f"another workstation has held the audit chain of {shown} for more than {LOCK_WAIT_S} s; "
            f"nothing was saved. Try again; if it keeps happening, site IT should look for a stuck "
            f"session (pg_stat_activity, application_name 'infusecalc').") from exc
    if isinstance(exc, psycopg.OperationalError) and (
            ctx.connection is None or ctx.is_disconnect
            or isinstance(exc, (psycopg.errors.AdminShutdown, psycopg.errors.CrashShutdown,
                                psycopg.errors.CannotConnectNow))
            or exc.sqlstate is None or exc.sqlstate.startswith("08")):
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        if ctx.connection is None:
            raise DatabaseUnavailable(
                f"cannot reach the records server {shown} ({reason}). Nothing was saved, and "
                f"InfuseCalc does not fall back to a local file: issuing and verifying wait until "
                f"the server is back (site IT: is it running and reachable?).") from exc
        raise DatabaseUnavailable(
            f"lost the connection to the records server {shown} ({reason}). This action was not "
            f"confirmed: each action is one transaction, so nothing partial is kept, but before "
            f"repeating it when the server is back, check whether it was saved.") from exc
    if isinstance(exc, psycopg.errors.InsufficientPrivilege) and "append-only" not in str(exc):
        raise RecordsError(
            f"the database role has no right to do this on {shown} "
            f"({str(exc).strip().splitlines()[0]}). Workstations connect as the program's role "
            f"set up by 'infusecalc db init'.") from exc


def server_schema_version(conn: Connection) -> int:
    """The records schema version on the server; 0 when there is none (no schema, no table)."""
    exists = conn.execute(text("SELECT to_regclass(:t) IS NOT NULL"),
                          {"t": f"{SCHEMA}.schema_version"}).scalar_one()
    if not exists:
        return 0
    return conn.execute(text(f"SELECT coalesce(max(version), 0) FROM {SCHEMA}.schema_version")).scalar_one()
