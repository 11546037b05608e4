"""Adopting a protocol file in a Store, and reading which one is in force (records/adoption.py).

An adoption goes through the records' one signing path: the admin's signature is checked
(``authenticate``) outside the write transaction, then inside it the signer is confirmed, the
history is read again (no second adoption of the same file slips in meanwhile) and the event is
appended with ``Writer.append_signed``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import Connection, select

from ..core.protocol import LoadedProtocol, protocol_from_bytes
from .adoption import (ADOPTED, ADOPTERS, Adoption, AdoptionError, check_new, fold, held, in_force,
                       payload, refuse_not_held)
from .canonical import sha256_of
from .chain import Event
from .ledger import STATE_KINDS
from .schema import events
from .store import Store
from .users import Credentials, RecordsError, authenticate, confirm_signer, manifest


class AdoptionRefused(RecordsError):
    """The records refuse this adoption (same file twice, not yet effective, damaged history)."""


def read_history(conn: Connection) -> list[Adoption]:
    kinds = sorted({str(k) for k in STATE_KINDS} | {str(ADOPTED)})
    rows = conn.execute(select(*events.c).where(events.c.kind.in_(kinds)).order_by(events.c.seq))
    try:
        return fold(Event(*r) for r in rows)
    except AdoptionError as exc:
        raise AdoptionRefused(str(exc)) from None


def history(store: Store) -> list[Adoption]:
    with store.read() as conn:
        return read_history(conn)


def protocol_in_force(store: Store) -> LoadedProtocol:
    """The newest protocol adopted in these records, else the shipped file."""
    return in_force(history(store))


def protocol_for_sheet(store: Store, sha256: str, version: str, sheet_id: str,
                       trial: LoadedProtocol | None = None) -> LoadedProtocol:
    """The protocol a sheet was computed under: the shipped file or an adoption with that
    SHA-256; AdoptionRefused (naming the version the sheet needs) when this station holds
    neither. A file given explicitly (``--protocol``) is used as given: when it is not the
    sheet's, the comparison records the protocol difference (never a silent substitution)."""
    if trial is not None:
        return trial
    found = held(history(store), sha256)
    if found is None:
        raise AdoptionRefused(str(refuse_not_held(history(store), sha256, version, sheet_id)))
    return found


def adopt(store: Store, raw: bytes, file_name: str, by: Credentials,
          today: dt.date | None = None) -> Adoption:
    """Validate the file's bytes as ``--protocol`` does, then record them signed by an admin.

    Raises ProtocolFileError (the file is not a valid protocol), AdoptionRefused, SignatureError.
    """
    lp = protocol_from_bytes(raw, Path(file_name).name, file_name)
    day = today or dt.date.today()
    try:
        check_new(history(store), lp, day)      # before the signature: nothing to sign for
    except AdoptionError as exc:
        raise AdoptionRefused(str(exc)) from None
    admin = authenticate(store, by, "protocol_adopted", ADOPTERS)
    with store.write() as w:
        admin = confirm_signer(w, admin)
        try:
            check_new(read_history(w.conn), lp, day)
        except AdoptionError as exc:
            raise AdoptionRefused(str(exc)) from None
        body = payload(lp, raw)
        sig = manifest(admin, "protocol_adopted", sha256_of(body))
        ev = w.append_signed(ADOPTED, {**body, "signature": sig.as_dict()}, admin,
                             protocol_sha256=lp.sha256)
    return Adoption(seq=ev.seq, utc=ev.utc, user_id=admin.user_id, full_name=admin.full_name,
                    file_name=lp.file_name, sha256=lp.sha256, protocol_id=lp.protocol.id,
                    version=lp.protocol.version, effective_date=lp.protocol.effective_date.isoformat(),
                    amendment=lp.protocol.amendment, content=raw)



class ProtocolSuperseded(AdoptionRefused):
    """A window computed with a protocol that another workstation's adoption has replaced."""

    def __init__(self, now: LoadedProtocol, was: LoadedProtocol) -> None:
        super().__init__(f"the protocol in force changed: version {now.protocol.version} (SHA-256 "
                         f"{now.sha256[:12]}…) was adopted since version {was.protocol.version} was "
                         f"loaded; compute the case again with it; nothing was issued")
        self.now = now
        self.was = was


def require_in_force(store: Store, protocol: LoadedProtocol) -> None:
    """Refuse (ProtocolSuperseded) to issue under a protocol that is no longer the one in force
    (the window loaded its protocol at start; another workstation may have adopted one since)."""
    with store.read() as conn:
        require_in_force_in(conn, protocol)


def require_in_force_in(conn: Connection, protocol: LoadedProtocol) -> None:
    """``require_in_force`` on a connection: inside the issue's own write transaction no
    adoption can slip in between this check and the sheet it lets through."""
    from ..core.protocol import default_protocol

    hist = read_history(conn)
    now_sha = hist[-1].sha256 if hist else default_protocol().sha256
    if now_sha != protocol.sha256:
        raise ProtocolSuperseded(in_force(hist), protocol)
