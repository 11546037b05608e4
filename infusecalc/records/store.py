"""The one storage interface the records code uses (SQLAlchemy Core, no engine-specific SQL).

Every change goes through ``Store.write()``: one serialised transaction in which events are
appended to the chain and the current-state tables are updated together, or not at all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, func, insert, select, update

from .. import __version__
from . import schema
from .backend import WRITE_OPTION, Backend, SqliteBackend, sqlite_backend
from .canonical import canonical_json
from .chain import GENESIS, Anchor, ChainReport, Event, event_hash, verify_events
from .schema import events, sheets, users


_INSERT_EVENT = insert(events)


def utc_text(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def local_text(moment: dt.datetime) -> str:
    return moment.astimezone().isoformat(timespec="microseconds")


@dataclass(frozen=True)
class UserRow:
    user_id: str
    full_name: str
    role: str
    password_hash: str
    disabled: bool
    locked: bool
    failed_signatures: int
    added_event: int


@dataclass(frozen=True)
class SheetRow:
    sheet_id: str
    subject_id: str
    issued_by: str
    issued_event: int
    issued_utc: str
    anchor: str
    voided_event: int | None
    void_reason: str | None


class Writer:
    """Handed out by ``Store.write()``; valid only inside that transaction."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self._head: tuple[int, str] | None = None

    def head(self) -> tuple[int, str]:
        if self._head is None:
            row = self.conn.execute(
                select(events.c.seq, events.c.hash).order_by(events.c.seq.desc()).limit(1)).first()
            self._head = (row.seq, row.hash) if row else (0, GENESIS)
        return self._head

    def append(self, kind: str, payload: dict[str, Any], user_id: str = "",
               protocol_sha256: str = "", now: dt.datetime | None = None) -> Event:
        moment = now or dt.datetime.now(dt.timezone.utc)
        seq, prev = self.head()
        fields = dict(seq=seq + 1, kind=str(kind), utc=utc_text(moment), local_time=local_text(moment),
                      user_id=user_id, program_version=__version__, protocol_sha256=protocol_sha256,
                      payload=canonical_json(payload), prev_hash=prev)
        ev = Event(**fields, hash=event_hash(**fields))
        # One statement object with bound parameters: compiled once, cached by SQLAlchemy.
        self.conn.execute(_INSERT_EVENT, ev.as_dict())
        self._head = (ev.seq, ev.hash)
        return ev

    # current state, changed beside the event that explains the change
    def add_user(self, row: UserRow) -> None:
        self.conn.execute(insert(users).values(**row.__dict__))

    def set_user(self, user_id: str, **values: Any) -> None:
        self.conn.execute(update(users).where(users.c.user_id == user_id).values(**values))

    def add_sheet(self, row: SheetRow) -> None:
        self.conn.execute(insert(sheets).values(**row.__dict__))

    def void_sheet(self, sheet_id: str, event_seq: int, reason: str) -> None:
        self.conn.execute(update(sheets).where(sheets.c.sheet_id == sheet_id)
                          .values(voided_event=event_seq, void_reason=reason))

    def user(self, user_id: str) -> UserRow | None:
        return _user(self.conn, user_id)

    def sheet(self, sheet_id: str) -> SheetRow | None:
        return _sheet(self.conn, sheet_id)

    def user_count(self) -> int:
        return self.conn.execute(select(func.count()).select_from(users)).scalar_one()


class Store:
    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        self.engine: Engine = backend.engine()
        with self.write() as w:
            schema.migrate(w.conn, utc_text(dt.datetime.now(dt.timezone.utc)))
            backend.install_guards(w.conn)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def describe(self) -> str:
        return self.backend.describe()

    @contextmanager
    def write(self) -> Iterator[Writer]:
        with self.engine.connect().execution_options(**{WRITE_OPTION: True}) as conn:
            with conn.begin():
                self.backend.lock_for_append(conn)
                yield Writer(conn)

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            with conn.begin():
                yield conn

    def append(self, kind: str, payload: dict[str, Any], user_id: str = "",
               protocol_sha256: str = "") -> Event:
        with self.write() as w:
            return w.append(kind, payload, user_id, protocol_sha256)

    def head(self) -> Anchor | None:
        with self.read() as conn:
            row = conn.execute(
                select(events.c.seq, events.c.hash).order_by(events.c.seq.desc()).limit(1)).first()
        return Anchor(row.seq, row.hash) if row else None

    def iter_events(self, batch: int = 5000) -> Iterator[Event]:
        """All events in chain order, read in batches from one consistent snapshot."""
        with self.read() as conn:
            result = conn.execution_options(yield_per=batch).execute(
                select(*events.c).order_by(events.c.seq))
            for row in result:
                yield Event(*row)  # the columns are in Event's field order (schema.py)

    def event(self, seq: int) -> Event | None:
        with self.read() as conn:
            row = conn.execute(select(*events.c).where(events.c.seq == seq)).first()
        return Event(**row._mapping) if row else None

    def events_of_kind(self, kind: str) -> list[Event]:
        with self.read() as conn:
            rows = conn.execute(select(*events.c).where(events.c.kind == str(kind))
                                .order_by(events.c.seq)).all()
        return [Event(**r._mapping) for r in rows]

    def verify(self, anchor: Anchor | None = None) -> ChainReport:
        return verify_events(self.iter_events(), anchor)

    def user(self, user_id: str) -> UserRow | None:
        with self.read() as conn:
            return _user(conn, user_id)

    def users(self) -> list[UserRow]:
        with self.read() as conn:
            rows = conn.execute(select(*users.c).order_by(users.c.user_id)).all()
        return [UserRow(**r._mapping) for r in rows]

    def sheet(self, sheet_id: str) -> SheetRow | None:
        with self.read() as conn:
            return _sheet(conn, sheet_id)

    def backup(self, target: Path) -> None:
        self.backend.backup(self.engine, Path(target))


def _user(conn: Connection, user_id: str) -> UserRow | None:
    row = conn.execute(select(*users.c).where(users.c.user_id == user_id)).first()
    return UserRow(**row._mapping) if row else None


def _sheet(conn: Connection, sheet_id: str) -> SheetRow | None:
    row = conn.execute(select(*sheets.c).where(sheets.c.sheet_id == sheet_id)).first()
    return SheetRow(**row._mapping) if row else None


DATA_DIR_ENV = "INFUSECALC_DATA_DIR"


def default_data_dir() -> Path:
    """INFUSECALC_DATA_DIR, else the platform's per-user data folder."""
    import os

    if os.environ.get(DATA_DIR_ENV):
        return Path(os.environ[DATA_DIR_ENV])
    import platformdirs

    return Path(platformdirs.user_data_dir("InfuseCalc", appauthor=False))


def open_store(data_dir: str | Path | None = None) -> Store:
    """The embedded SQLite store in data_dir (created on first use), else default_data_dir()."""
    folder = Path(data_dir) if data_dir else default_data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return Store(sqlite_backend(folder))


def open_sqlite_file(path: str | Path) -> Store:
    return Store(SqliteBackend(Path(path)))
