"""Tables (SQLAlchemy Core, portable types only) and the forward migrations.

``events`` is the record of truth and is only ever inserted into. ``users`` and ``sheets`` are
the current state that the events describe, kept beside them for quick look-up and changed in
the same transaction as the event that explains the change.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import (Boolean, Column, Connection, Integer, MetaData, String, Table, Text,
                        func, insert, inspect, select)

metadata = MetaData()

schema_version = Table(
    "schema_version", metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("applied_utc", String(40), nullable=False),
)

events = Table(
    "events", metadata,
    # Numbered by the program (head + 1) inside a serialised transaction: the primary key
    # makes a fork impossible even if that serialisation ever failed.
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("kind", String(40), nullable=False),
    Column("utc", String(40), nullable=False),
    Column("local_time", String(40), nullable=False),
    Column("user_id", String(200), nullable=False),
    Column("program_version", String(40), nullable=False),
    Column("protocol_sha256", String(64), nullable=False),
    Column("payload", Text, nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False, unique=True),
    # base64 Ed25519 signature of the event's content hash by its user's key; "" for the few
    # unsigned kinds (chain.UNSIGNED_KINDS) and for events written before version 2.
    Column("signature", Text, nullable=False, server_default=""),
)

users = Table(
    "users", metadata,
    Column("user_id", String(200), primary_key=True),
    Column("full_name", String(200), nullable=False),
    Column("role", String(20), nullable=False),
    # Since version 2: the user's sealed Ed25519 private key (keys.seal), whose SHA-256 the chain
    # carries. Before: a scrypt password hash (such an account has no key and cannot sign).
    Column("password_hash", Text, nullable=False),
    Column("disabled", Boolean, nullable=False, default=False),
    Column("locked", Boolean, nullable=False, default=False),
    Column("failed_signatures", Integer, nullable=False, default=0),
    Column("added_event", Integer, nullable=False),
)

sheets = Table(
    "sheets", metadata,
    Column("sheet_id", String(20), primary_key=True),
    Column("subject_id", String(200), nullable=False),
    Column("issued_by", String(200), nullable=False),
    Column("issued_event", Integer, nullable=False),
    Column("issued_utc", String(40), nullable=False),
    Column("anchor", String(100), nullable=False),    # chain head printed on the sheet
    # The QR payload itself lives in the (hash-chained) sheet_issued event, never only here.
    Column("voided_event", Integer, nullable=True),
    Column("void_reason", Text, nullable=True),
)

EVENT_COLUMNS = [c.name for c in events.columns]


def _v1(conn: Connection) -> None:
    metadata.create_all(conn, tables=[events, users, sheets])


def _v2(conn: Connection) -> None:
    # Signatures on events, and indexes for the chain-derived state (events by kind).
    have = {c["name"] for c in inspect(conn).get_columns("events")}
    if "signature" not in have:
        conn.exec_driver_sql("ALTER TABLE events ADD COLUMN signature TEXT NOT NULL DEFAULT ''")
    conn.exec_driver_sql("CREATE INDEX IF NOT EXISTS events_kind_seq ON events (kind, seq)")


# Forward only: a database is never migrated backwards. Append (version, step); never edit one.
MIGRATIONS: list[tuple[int, Callable[[Connection], None]]] = [
    (1, _v1),
    (2, _v2),
]
LATEST = MIGRATIONS[-1][0]


class SchemaTooNew(RuntimeError):
    pass


def current_version(conn: Connection) -> int:
    if not inspect(conn).has_table("schema_version"):
        return 0
    return conn.execute(select(func.coalesce(func.max(schema_version.c.version), 0))).scalar_one()


def migrate(conn: Connection, now_utc: str) -> int:
    """Bring the schema up to LATEST inside the caller's (write) transaction; returns the old version."""
    metadata.create_all(conn, tables=[schema_version])
    have = current_version(conn)
    if have > LATEST:
        raise SchemaTooNew(f"the database has schema version {have}, newer than this program's "
                           f"{LATEST}; use a newer InfuseCalc")
    for version, step in MIGRATIONS:
        if version > have:
            step(conn)
            conn.execute(insert(schema_version).values(version=version, applied_utc=now_utc))
    return have
