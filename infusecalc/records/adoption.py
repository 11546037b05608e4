"""Protocol amendments adopted in the records: which protocol file is in force here.

Issue 17: "an amendment means rebuilding the bundle" no longer. ``infusecalc protocol adopt FILE
--by ADMIN`` keeps the file's exact bytes in one signed event (kind ``protocol_adopted``), with
their SHA-256, the protocol's version, effective date and amendment. The protocol in force is the
newest adopted one (the shipped file until one is adopted); a sheet names the SHA-256 it was
computed under, and a verifying station computes with exactly that file when its records hold it.

This module is the pure part (no SQLAlchemy): the payload, its checks (``audit verify`` runs
``content_problem`` on every adoption event) and the fold of adoption events into a history. The
fold checks each event as the escalation ledger does: intact, validly signed by an admin of the
chain at that point, and its bytes hashing to its recorded SHA-256; anything else makes the
history unreadable (never silently skipped, never a silent fall-back to the shipped file).
``adoption_store`` reads and writes it in a Store; ``read_sqlite_adoptions`` reads an SQLite file
read-only with the standard library, so ``infusecalc check`` stays fast.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..core.protocol import LoadedProtocol
    from .chain import Event

# chain.Kind.PROTOCOL_ADOPTED (a test holds them equal): the chain module is imported only once
# there are records to read, so `check` without records imports none of it.
ADOPTED = "protocol_adopted"
FORMAT = "infusecalc-protocol-adoption-1"
# Who may adopt: the chain's fold enforces it too (ledger.SIGNER_ROLES).
ADOPTERS = ("admin",)


class AdoptionError(Exception):
    """An adoption that cannot be recorded or read; the message says what to do."""


class ProtocolNotHeld(AdoptionError):
    """A sheet computed under a protocol this station's records do not hold."""

    def __init__(self, message: str, sha256: str, version: str) -> None:
        super().__init__(message)
        self.sha256 = sha256
        self.version = version


@dataclass(frozen=True)
class Adoption:
    seq: int
    utc: str
    user_id: str
    full_name: str
    file_name: str
    sha256: str
    protocol_id: str
    version: str
    effective_date: str
    amendment: str | None
    content: bytes

    def loaded(self) -> LoadedProtocol:
        """The protocol itself, validated exactly as ``--protocol FILE`` validates a file."""
        from ..core.protocol import protocol_from_bytes

        return protocol_from_bytes(self.content, self.file_name, f"adopted in the records (event {self.seq})")

    def as_json(self, in_force: bool) -> dict[str, Any]:
        return {"event": self.seq, "adopted_utc": self.utc, "adopted_by": self.user_id,
                "adopted_by_name": self.full_name, "file_name": self.file_name,
                "sha256": self.sha256, "protocol_id": self.protocol_id, "version": self.version,
                "effective_date": self.effective_date, "amendment": self.amendment,
                "in_force": in_force}


def payload(lp: LoadedProtocol, raw: bytes) -> dict[str, Any]:
    """What the signed event holds: the bytes (base64, so they come back exactly) and what a
    person reads in the history. The signature manifest is added by the caller."""
    p = lp.protocol
    return {"format": FORMAT, "file_name": lp.file_name, "sha256": lp.sha256,
            "protocol_id": p.id, "version": p.version, "effective_date": p.effective_date.isoformat(),
            "amendment": p.amendment, "size": len(raw),
            "content_b64": base64.b64encode(raw).decode("ascii")}


def _content(data: dict[str, Any]) -> bytes:
    return base64.b64decode(str(data.get("content_b64", "")).encode("ascii"), validate=True)


def content_problem(ev: Event) -> str | None:
    """For ``audit verify``: an adoption event whose stored bytes do not hash to the SHA-256 it
    records (or to the event's own protocol hash) is a damaged or forged amendment."""
    try:
        data = json.loads(ev.payload)
        raw = _content(data)
    except (ValueError, TypeError, AttributeError, binascii.Error):
        return f"event {ev.seq} ({ev.kind}) does not hold readable protocol bytes"
    digest = hashlib.sha256(raw).hexdigest()
    if not isinstance(data, dict) or data.get("sha256") != digest or ev.protocol_sha256 != digest:
        return (f"event {ev.seq} ({ev.kind}): the stored protocol file does not hash to the "
                f"SHA-256 it records (altered or forged)")
    return None


def fold(events: Iterable[Event]) -> list[Adoption]:
    """The adoption history from events in chain order (the signers' state kinds and the
    adoption events; others are ignored). Raises AdoptionError on any event that may not count."""
    from .ledger import judged   # Ed25519 (cryptography): only once there are records

    out: list[Adoption] = []
    for ev, problem in judged(events, {ADOPTED}):
        if problem is None and not ev.signature:
            problem = f"event {ev.seq} ({ev.kind}) carries no signature"
        problem = problem or content_problem(ev)
        if problem is not None:
            raise AdoptionError(f"{problem}; the protocol in force cannot be read until "
                                f"'infusecalc audit verify' is clean")
        data = json.loads(ev.payload)
        sig = data.get("signature") or {}
        out.append(Adoption(seq=ev.seq, utc=ev.utc, user_id=ev.user_id,
                            full_name=str(sig.get("full_name") or ev.user_id),
                            file_name=str(data.get("file_name", "")), sha256=str(data["sha256"]),
                            protocol_id=str(data.get("protocol_id", "")),
                            version=str(data.get("version", "")),
                            effective_date=str(data.get("effective_date", "")),
                            amendment=data.get("amendment"), content=_content(data)))
    return out


def in_force(history: list[Adoption]) -> LoadedProtocol:
    """The newest adopted protocol, else the shipped one."""
    from ..core.protocol import default_protocol

    return history[-1].loaded() if history else default_protocol()


def held(history: list[Adoption], sha256: str) -> LoadedProtocol | None:
    """The protocol with this SHA-256 if this installation holds it (shipped or adopted)."""
    from ..core.protocol import default_protocol

    shipped = default_protocol()
    if shipped.sha256 == sha256:
        return shipped
    for a in reversed(history):
        if a.sha256 == sha256:
            return a.loaded()
    return None


def refuse_not_held(history: list[Adoption], sha256: str, version: str, sheet_id: str) -> ProtocolNotHeld:
    from ..core.protocol import default_protocol

    here = ", ".join(f"{a.version} ({a.sha256[:12]}…)" for a in history) or "none adopted"
    shipped = default_protocol()
    need = f"version {version}" if version else "a protocol version the sheet does not name"
    return ProtocolNotHeld(
        f"sheet {sheet_id} was computed under protocol {need} (SHA-256 {sha256}), which this "
        f"station's records do not hold (shipped: {shipped.protocol.version}, {shipped.sha256[:12]}…; "
        f"adopted: {here}). Nothing was compared. An admin adopts that protocol file here "
        f"('infusecalc protocol adopt FILE --by ADMIN', or Tools > Adopt protocol…), then verify again",
        sha256, version)


def check_new(history: list[Adoption], lp: LoadedProtocol, today: dt.date) -> None:
    """Refuse an adoption that would be a second one of the same file, or one not yet effective."""
    for a in history:
        if a.sha256 == lp.sha256:
            raise AdoptionError(f"this file (SHA-256 {lp.sha256}) was adopted already, by {a.user_id} "
                                f"at {a.utc} (event {a.seq}); nothing was recorded")
    if lp.protocol.effective_date > today:
        raise AdoptionError(f"{lp.file_name} (version {lp.protocol.version}) takes effect on "
                            f"{lp.protocol.effective_date.isoformat()}; adopt it on or after that date "
                            f"(an adopted protocol is in force at once)")


# -- read-only SQLite, standard library only (``infusecalc check``) ----------------------------

_COLUMNS = ("seq, kind, utc, local_time, user_id, program_version, protocol_sha256, payload, "
            "prev_hash, hash, signature")


def read_sqlite_adoptions(path: Path) -> list[Adoption]:
    """The adoption history of an SQLite records file, opened read-only (nothing is created,
    migrated or written). Raises AdoptionError if it cannot be read."""
    import sqlite3

    from .ledger import STATE_KINDS

    from .sqlite_file import not_a_database

    problem = not_a_database(Path(path))
    if problem:
        raise AdoptionError(f"the records database {path} {problem}: the protocol in force cannot "
                            f"be read from it")
    kinds = sorted({str(k) for k in STATE_KINDS} | {str(ADOPTED)})
    try:
        conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True, timeout=5)
    except sqlite3.Error as exc:
        raise AdoptionError(f"the records database {path} cannot be opened to read the protocol in "
                            f"force: {exc}") from None
    try:
        try:
            if not conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events'").fetchone():
                return []    # created but never written: nothing adopted
            rows = conn.execute(f"SELECT {_COLUMNS} FROM events WHERE kind IN ({', '.join('?' * len(kinds))}) "
                                f"ORDER BY seq", kinds).fetchall()
        except sqlite3.Error as exc:
            raise AdoptionError(f"the records database {path} cannot be read to find the protocol in "
                                f"force: {exc}") from None
    finally:
        conn.close()
    from .chain import Event

    return fold(Event(*row) for row in rows)


# -- which records a workstation reads the protocol in force from --------------------------------

SHIPPED, ADOPTED_HERE = "shipped", "adopted"


def locate_records(database: str | None, data_dir: str | Path | None) -> tuple[str | None, Path | None]:
    """(database URL, None) for a server, (None, SQLite file) otherwise, chosen as the records
    commands choose them (records/pg_url.py): --database, --data-dir, INFUSECALC_DATABASE_URL,
    then INFUSECALC_DATA_DIR or the user data folder."""
    import os

    if not database and not data_dir:
        database = os.environ.get("INFUSECALC_DATABASE_URL", "").strip() or None
    if database:
        if database.startswith("sqlite:///"):
            from .pg_url import sqlite_path   # the file open_records opens, read the same way

            return None, sqlite_path(database)
        return database, None
    if not data_dir:
        data_dir = os.environ.get("INFUSECALC_DATA_DIR") or None
    if not data_dir:
        import platformdirs

        data_dir = platformdirs.user_data_dir("InfuseCalc", appauthor=False)
    return None, Path(data_dir) / "infusecalc.sqlite3"


def protocol_in_force_at(database: str | None = None,
                         data_dir: str | Path | None = None) -> tuple[LoadedProtocol, str]:
    """(protocol, SHIPPED or ADOPTED_HERE) in force in these records, read without changing
    anything. An SQLite file is opened read-only with the standard library (no SQLAlchemy, so
    ``check`` stays fast); no records file yet means nothing was adopted: the shipped protocol.
    A server is opened as the records commands open it. Raises AdoptionError when the records
    exist but cannot be read: never a silent fall-back to the shipped file."""
    from ..core.protocol import default_protocol

    url, path = locate_records(database, data_dir)
    if url is not None:
        from .adoption_store import history
        from .pg_url import open_records
        from .users import RecordsError

        try:
            with open_records(url) as store:
                found = history(store)
        except RecordsError as exc:
            raise AdoptionError(f"the protocol in force cannot be read from {url}: {exc}") from None
    elif path is None or not path.exists():
        found = []
    else:
        found = read_sqlite_adoptions(path)
    return (found[-1].loaded(), ADOPTED_HERE) if found else (default_protocol(), SHIPPED)
