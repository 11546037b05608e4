"""The one storage interface the records code uses (SQLAlchemy Core, no engine-specific SQL).

Every change goes through ``Store.write()``: one serialised transaction in which events are
appended to the chain and the current-state tables are updated together, or not at all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, func, insert, select, update

from .. import __version__
from . import schema
from .backend import WRITE_OPTION, Backend, SqliteBackend, sqlite_backend
from .canonical import canonical_json
from .chain import (GENESIS, UNSIGNED_KINDS, Anchor, ChainReport, Event, Kind, event_hash,
                    signed_message)
from .ledger import STATE_KINDS, Ledger, UserState, user_key
from .schema import events, sheets, users


_INSERT_EVENT = insert(events)
# The events columns in Event's field order, for plain DB-API reads.
_EVENT_COLUMNS = ", ".join(c.name for c in events.c)


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


class UnsignedEvent(RuntimeError):
    """A program error: an event of a signed kind was about to be written without a signer."""


class Writer:
    """Handed out by ``Store.write()``; valid only inside that transaction."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self._head: tuple[int, str, str] | None = None

    def head(self) -> tuple[int, str]:
        return self._head_row()[:2]

    def _head_row(self) -> tuple[int, str, str]:
        if self._head is None:
            row = self.conn.execute(select(events.c.seq, events.c.hash, events.c.utc)
                                    .order_by(events.c.seq.desc()).limit(1)).first()
            self._head = (row.seq, row.hash, row.utc) if row else (0, GENESIS, "")
        return self._head

    def append_signed(self, kind: str, payload: dict[str, Any], signer: Any,
                      protocol_sha256: str = "", now: dt.datetime | None = None) -> Event:
        """THE way a person's action enters the chain: the event is signed with the signer's
        Ed25519 key (``users.Signer``, from ``users.authenticate``) over its content hash,
        which covers the previous event's hash. ``audit verify`` and every decision check it."""
        return self._write(kind, payload, signer.user_id, protocol_sha256, now, signer)

    def append(self, kind: str, payload: dict[str, Any], user_id: str = "",
               protocol_sha256: str = "", now: dt.datetime | None = None, *,
               signer: Any = None) -> Event:
        """An event; kinds other than chain.UNSIGNED_KINDS need ``signer`` (see append_signed)."""
        if signer is not None:
            return self._write(kind, payload, signer.user_id, protocol_sha256, now, signer)
        if kind not in UNSIGNED_KINDS:
            raise UnsignedEvent(f"a '{kind}' event must be signed: use Writer.append_signed()")
        return self._write(kind, payload, user_id, protocol_sha256, now, None)

    def _write(self, kind: str, payload: dict[str, Any], user_id: str, protocol_sha256: str,
               now: dt.datetime | None, signer: Any) -> Event:
        moment = now or dt.datetime.now(dt.timezone.utc)
        seq, prev, prev_utc = self._head_row()
        fields = dict(seq=seq + 1, kind=str(kind), utc=utc_text(moment), local_time=local_text(moment),
                      user_id=user_id, program_version=__version__, protocol_sha256=protocol_sha256,
                      payload=canonical_json(payload), prev_hash=prev)
        signature = signer.sign(signed_message(event_hash(**fields))) if signer is not None else ""
        ev = Event(**fields, hash=event_hash(**fields, signature=signature), signature=signature)
        # One statement object with bound parameters: compiled once, cached by SQLAlchemy.
        self.conn.execute(_INSERT_EVENT, ev.as_dict())
        self._head = (ev.seq, ev.hash, ev.utc)
        if prev_utc and ev.utc < prev_utc and kind != Kind.CLOCK_WENT_BACK:
            # A clock set back (or another workstation's wrong clock): keep the event, and say so.
            self._write(Kind.CLOCK_WENT_BACK, {"event": ev.seq, "utc": ev.utc,
                                               "previous_utc": prev_utc}, "", "", None, None)
        return ev

    def ledger(self) -> Ledger:
        """Who may sign, folded from the chain inside this transaction."""
        return _ledger(self.conn)

    def events_about(self, kinds, sheet_id: str) -> list[Event]:
        return _events_about(self.conn, kinds, sheet_id)

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

    def sealed_key(self, user_id: str) -> str | None:
        return _sealed_key(self.conn, user_id)

    def sheet(self, sheet_id: str) -> SheetRow | None:
        return _sheet(self.conn, sheet_id)

    def user_count(self) -> int:
        return self.conn.execute(select(func.count()).select_from(users)).scalar_one()


class Store:
    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        self.engine: Engine = backend.engine()
        with self.write() as w:
            old = schema.migrate(w.conn, utc_text(dt.datetime.now(dt.timezone.utc)))
            restored = backend.install_guards(w.conn)
            if restored and old > 0:
                # Someone removed the append-only guards: they are back, and the chain says so.
                w.append(Kind.GUARDS_RESTORED, {"guards": sorted(restored)})
        # The users table is a cache of the chain: any difference is kept for audit verify.
        self.cache_differences: list[str] = self.check_cache()

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
        """One raw, unsigned event in its own transaction: for tests and storage tools only.
        (A person's action goes through Writer.append_signed; ``audit verify`` reports an
        unsigned event of a signed kind once the chain has signatures.)"""
        with self.write() as w:
            return w._write(kind, payload, user_id, protocol_sha256, None, None)

    def head(self) -> Anchor | None:
        with self.read() as conn:
            row = conn.execute(
                select(events.c.seq, events.c.hash).order_by(events.c.seq.desc()).limit(1)).first()
        return Anchor(row.seq, row.hash) if row else None

    def iter_events(self, batch: int = 5000) -> Iterator[Event]:
        """All events in chain order (see iter_rows)."""
        for row in self.iter_rows(batch):
            yield Event(*row)

    def iter_rows(self, batch: int = 5000) -> Iterator[tuple[Any, ...]]:
        """All events in chain order as plain tuples in Event's field order, read in pages of
        ``batch`` by event number in one read transaction. Plain DB-API rows (the driver's own
        cursor, no SQLAlchemy row objects): the walk of ``audit verify`` reads every event, and
        this is most of its reading time."""
        with self.read() as conn:
            cursor = conn.connection.driver_connection.cursor()   # type: ignore[union-attr]
            try:
                after = 0
                while True:
                    # ``after`` is an int the program made, never text from outside.
                    cursor.execute(f"SELECT {_EVENT_COLUMNS} FROM events WHERE seq > {int(after)} "
                                   f"ORDER BY seq LIMIT {int(batch)}")
                    rows = cursor.fetchall()
                    yield from rows
                    if len(rows) < batch:
                        return
                    after = rows[-1][0]
            finally:
                cursor.close()

    def newest_checkpoint(self) -> int | None:
        """The number of the newest audit checkpoint event (records/audit.py), if any."""
        with self.read() as conn:
            return conn.execute(select(func.max(events.c.seq))
                                .where(events.c.kind == str(Kind.AUDIT_CHECKPOINT))).scalar()

    def event(self, seq: int) -> Event | None:
        with self.read() as conn:
            row = conn.execute(select(*events.c).where(events.c.seq == seq)).first()
        return Event(**row._mapping) if row else None

    def events_of_kind(self, kind: str) -> list[Event]:
        with self.read() as conn:
            rows = conn.execute(select(*events.c).where(events.c.kind == str(kind))
                                .order_by(events.c.seq)).all()
        return [Event(**r._mapping) for r in rows]

    def verify(self, anchor: Anchor | None = None, workers: int = 1,
               full: bool = True) -> ChainReport:
        """The hash chain, the state derived from it, the signatures, and the users cache.
        ``full``: every signature against the key in force; else the newest signed checkpoint
        stands in for the signatures before it (audit_walk.py says why that is sound).
        ``workers`` > 1 checks the signatures on that many processes (sigbatch.py)."""
        from .audit_walk import verify_rows

        report = verify_rows(self.iter_rows, anchor, workers,
                             None if full else self.newest_checkpoint())
        if report.ok and self.cache_differences:
            return replace(report, ok=False, problem="the users table differs from the chain: "
                                                     + "; ".join(self.check_cache()))
        return report

    def ledger(self) -> Ledger:
        with self.read() as conn:
            return _ledger(conn)

    def events_about(self, kinds, sheet_id: str) -> list[Event]:
        """Events of these kinds whose payload names this sheet ID (callers check each one)."""
        with self.read() as conn:
            return _events_about(conn, kinds, sheet_id)

    def user_state(self, user_id: str) -> UserState | None:
        return self.ledger().user(user_id)

    def sealed_key(self, user_id: str) -> str | None:
        with self.read() as conn:
            return _sealed_key(conn, user_id)

    def user(self, user_id: str) -> UserRow | None:
        """A user as the chain says (the users table's row only for the sealed key)."""
        with self.read() as conn:
            ledger = _ledger(conn)
            state = ledger.user(user_id)
            return _row_of(state, _sealed_key(conn, state.user_id)) if state else None

    def users(self) -> list[UserRow]:
        with self.read() as conn:
            ledger = _ledger(conn)
            return [_row_of(u, _sealed_key(conn, u.user_id) or "")
                    for u in sorted(ledger.users.values(), key=lambda u: u.user_id)]

    def check_cache(self) -> list[str]:
        """Every difference between the users table and the chain (empty when they agree)."""
        import hashlib

        with self.read() as conn:
            ledger = _ledger(conn)
            rows = {user_key(r.user_id): UserRow(**r._mapping)
                    for r in conn.execute(select(*users.c)).all()}
        out = []
        for k, u in ledger.users.items():
            row = rows.pop(k, None)
            if row is None:
                out.append(f"'{u.user_id}' is missing from the users table")
                continue
            for name, chain_value, table_value in (
                    ("role", u.role, row.role), ("full name", u.full_name, row.full_name),
                    ("disabled", u.disabled, bool(row.disabled)), ("locked", u.locked, bool(row.locked)),
                    ("failed signatures", u.failures, row.failed_signatures)):
                if chain_value != table_value:
                    out.append(f"'{u.user_id}': {name} is {table_value!r} in the table but "
                               f"{chain_value!r} in the chain")
            if u.key_sha256 and hashlib.sha256(row.password_hash.encode("utf-8")).hexdigest() != u.key_sha256:
                out.append(f"'{u.user_id}': the stored signing key is not the one the chain names")
        out += [f"'{row.user_id}' is in the users table but was never added in the chain"
                for row in rows.values()]
        return out

    def sheet(self, sheet_id: str) -> SheetRow | None:
        with self.read() as conn:
            return _sheet(conn, sheet_id)

    def backup(self, target: Path) -> ChainReport:
        """Write a consistent copy of the whole database to ``target``, a new file (anything
        already there, a symbolic link included, is refused and left untouched: newfile.py), and
        return the verification of the copy, made before its bytes were copied there."""
        import sqlite3

        from .newfile import OutputRefused, write_new_copy

        report: ChainReport | None = None

        def produce(path: Path) -> None:
            nonlocal report
            try:
                self.backend.backup(self.engine, path)
                with Store(SqliteBackend(path)) as copy:
                    report = copy.verify()
            except sqlite3.Error as exc:   # the copy could not be written (a full disk)
                raise OutputRefused(f"the backup to {target} could not be written ({exc}). Nothing "
                                    f"was written there; check that the disk has room and try "
                                    f"again.") from None

        write_new_copy(target, produce, "a backup")
        assert report is not None
        return report


def _user(conn: Connection, user_id: str) -> UserRow | None:
    state = _ledger(conn).user(user_id)
    return _row_of(state, _sealed_key(conn, state.user_id) or "") if state else None


def _sealed_key(conn: Connection, user_id: str) -> str | None:
    return conn.execute(select(users.c.password_hash).where(users.c.user_id == user_id)).scalar()


def _row_of(state: UserState, sealed: str | None) -> UserRow:
    return UserRow(user_id=state.user_id, full_name=state.full_name, role=state.role,
                   password_hash=sealed or "", disabled=state.disabled, locked=state.locked,
                   failed_signatures=state.failures, added_event=state.added_seq)


def _events_about(conn: Connection, kinds, sheet_id: str) -> list[Event]:
    needle = '%"sheet_id":' + canonical_json(sheet_id) + '%'
    rows = conn.execute(select(*events.c).where(events.c.kind.in_([str(k) for k in kinds]))
                        .where(events.c.payload.like(needle)).order_by(events.c.seq))
    return [Event(*r) for r in rows]


def _ledger(conn: Connection) -> Ledger:
    """The fold of the state-bearing events (a few per user), checked event by event."""
    ledger = Ledger()
    rows = conn.execute(select(*events.c).where(events.c.kind.in_([str(k) for k in STATE_KINDS]))
                        .order_by(events.c.seq))
    for row in rows:
        ledger.apply(Event(*row))
    return ledger


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
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)   # the records are nobody else's
        problem = None
    except FileExistsError:   # exist_ok covers a folder only: this is a file or a device
        problem = "it is a file, not a folder"
    except OSError as exc:
        problem = exc.strerror or str(exc)
    if problem is not None:
        from .users import RecordsError   # users imports this module

        raise RecordsError(f"the data folder {folder} cannot be used ({problem}); give --data-dir "
                           f"(or INFUSECALC_DATA_DIR) a folder InfuseCalc may create or write. "
                           f"Nothing was changed")
    return Store(sqlite_backend(folder))


def open_sqlite_file(path: str | Path) -> Store:
    return Store(SqliteBackend(Path(path)))
