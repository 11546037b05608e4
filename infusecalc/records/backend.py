"""What differs between database engines, behind one small interface.

``store.Store`` speaks SQLAlchemy Core only; everything engine-specific (connection set-up,
how a write transaction is serialised, the triggers that refuse UPDATE and DELETE, backups)
lives in a Backend. SQLite is the embedded default; another engine adds a Backend beside it.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Protocol

from sqlalchemy import URL, Connection, Engine, create_engine, event

from .sqlite_file import not_a_database

DB_FILE_NAME = "infusecalc.sqlite3"
BUSY_TIMEOUT_MS = 30_000


class Backend(Protocol):
    name: str

    def engine(self) -> Engine: ...

    def lock_for_append(self, conn: Connection) -> None:
        """Called first in every write transaction: serialise appends so the chain never forks
        (an engine without SQLite's BEGIN IMMEDIATE takes e.g. an advisory lock here)."""

    def install_guards(self, conn: Connection) -> list[str]:
        """Make the database itself refuse UPDATE and DELETE on events; returns the guards that
        were missing and are now back (empty when all were there)."""

    def backup(self, engine: Engine, target: Path) -> None:
        """Write a consistent copy of the whole database to target."""

    def describe(self) -> str:
        """Where the data lives, for messages."""


# Write transactions ask for the engine's write lock up front (see SqliteBackend).
WRITE_OPTION = "infusecalc_write"


def private_file(path: Path) -> None:
    """POSIX: create the file 0600 (empty: SQLite reads it as a new database), or tighten it and
    its WAL and SHM to 0600. SQLite gives -wal and -shm the database file's own mode."""
    if os.name != "posix":
        return
    if not path.exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        return
    for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        try:
            if p.exists() and p.stat().st_uid == os.getuid() and p.stat().st_mode & 0o077:
                os.chmod(p, 0o600)
        except OSError:
            pass   # someone else's file, or gone meanwhile: SQLite reports what matters


class SqliteBackend:
    """The embedded default: one file, WAL, full synchronous writes, serialised appends."""

    name = "sqlite"

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def describe(self) -> str:
        return str(self.path)

    def engine(self) -> Engine:
        problem = not_a_database(self.path)
        if problem:
            from .users import RecordsError   # users imports the store, which imports this

            raise RecordsError(f"the records file {self.path} {problem}; move it aside (restore a "
                               f"backup) or choose another data folder. Nothing was changed")
        private_file(self.path)
        # The path as a path, not pasted into a URL: a URL's %41 means "A", so a data folder
        # named "a%41b" opened the records of "aAb", and "%00" ended in an internal error.
        eng = create_engine(URL.create("sqlite", database=str(self.path)),
                            connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

        @event.listens_for(eng, "connect")
        def _connect(dbapi_conn, _record) -> None:
            # Let SQLAlchemy's "begin" event below decide how a transaction starts (pysqlite's
            # own implicit BEGIN would be deferred and could not serialise appends).
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            # WAL: readers never block the writer; FULL: a commit that returned is on disk.
            cur.execute("PRAGMA journal_mode = WAL")
            cur.execute("PRAGMA synchronous = FULL")
            cur.execute("PRAGMA foreign_keys = ON")
            cur.close()

        @event.listens_for(eng, "begin")
        def _begin(conn: Connection) -> None:
            # BEGIN IMMEDIATE takes the write lock before the head of the chain is read, so two
            # processes can never both append after the same event: the chain cannot fork.
            write = conn.get_execution_options().get(WRITE_OPTION, False)
            conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

        return eng

    def lock_for_append(self, conn: Connection) -> None:
        pass  # BEGIN IMMEDIATE (see _begin above) already holds the write lock

    def install_guards(self, conn: Connection) -> list[str]:
        have = {r[0] for r in conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'events'")}
        restored = []
        for op in ("UPDATE", "DELETE"):
            name = f"events_refuse_{op.lower()}"
            if name not in have:
                restored.append(name)
                conn.exec_driver_sql(
                    f"CREATE TRIGGER {name} BEFORE {op} ON events "
                    f"BEGIN SELECT RAISE(ABORT, 'events are append-only: {op} refused'); END")
        return restored

    def backup(self, engine: Engine, target: Path) -> None:
        # SQLite's online backup API copies a consistent snapshot even while others write.
        private_file(target)
        with engine.connect() as conn:
            source = conn.connection.dbapi_connection
            dest = sqlite3.connect(str(target))
            try:
                source.backup(dest)  # type: ignore[union-attr]
            finally:
                dest.close()


def sqlite_backend(data_dir: Path) -> SqliteBackend:
    return SqliteBackend(Path(data_dir) / DB_FILE_NAME)
