"""People and electronic signatures (21 CFR Part 11 §11.50, §11.70, §11.200).

A signature is the user ID and the password given at that moment. Every failed signature is an
event; five in a row lock the account until an admin unlocks it. A manifest (printed name, UTC
time, meaning) is bound to the sha256 of exactly what was signed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass
from typing import Literal

from . import passwords
from .chain import Kind
from .store import Store, UserRow, Writer, utc_text

ROLES = ("pharmacist", "nurse", "admin")
MAX_FAILURES = 5
MIN_PASSWORD = 8
_USER_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")

Meaning = Literal["issued", "verified", "voided", "reprinted", "user_added", "user_disabled",
                  "user_unlocked"]


class RecordsError(Exception):
    """A refusal the user can act on; the message says what to do."""


class SignatureError(RecordsError):
    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason   # unknown_user, wrong_password, disabled, locked, role, preparer


@dataclass(frozen=True)
class Credentials:
    user_id: str
    password: str

    def __repr__(self) -> str:  # never print a password in a traceback or a log
        return f"Credentials(user_id={self.user_id!r}, password=***)"


@dataclass(frozen=True)
class Manifest:
    """What a signature shows on screen and paper, bound to the hash of what was signed."""

    meaning: str
    user_id: str
    full_name: str
    signed_utc: str
    signed_sha256: str

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


def check_user_id(user_id: str) -> str:
    if not _USER_ID.match(user_id or ""):
        raise RecordsError(f"'{user_id}' is not a usable user ID: use letters, digits, '.', '_', "
                           f"'-' or '@' (up to 64), starting with a letter or digit")
    return user_id


def check_new_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise RecordsError(f"the password must have at least {MIN_PASSWORD} characters")


def _fail(store: Store, user_id: str, meaning: str, reason: str, message: str,
          count_it: bool = False) -> SignatureError:
    """Record a failed signature (and a lock at the fifth in a row); return the error to raise."""
    user_id = user_id[:200]  # whatever was typed as a user ID, kept to the column's size
    with store.write() as w:
        row = w.user(user_id)
        failures = row.failed_signatures if row else 0
        if count_it and row is not None:
            failures += 1
            w.set_user(user_id, failed_signatures=failures)
        w.append(Kind.SIGNATURE_FAILED, {"user_id": user_id, "meaning": meaning, "reason": reason,
                                         "failures_in_a_row": failures}, user_id=user_id)
        if count_it and row is not None and failures >= MAX_FAILURES and not row.locked:
            w.set_user(user_id, locked=True)
            w.append(Kind.USER_LOCKED, {"user_id": user_id, "after_failures": failures}, user_id=user_id)
            message += f"; after {failures} failed signatures in a row the account is now locked " \
                       f"until an admin unlocks it"
    return SignatureError(reason, message)


def authenticate(store: Store, creds: Credentials, meaning: str, roles: tuple[str, ...]) -> UserRow:
    """Check a signature; on any failure record it and raise SignatureError.

    The slow password check runs outside any write transaction, so a signer never holds up
    other writers for the KDF's half second.
    """
    row = store.user(creds.user_id)
    if row is None:
        raise _fail(store, creds.user_id, meaning, "unknown_user",
                    f"no user '{creds.user_id}' in {store.describe()}")
    if row.disabled:
        raise _fail(store, row.user_id, meaning, "disabled", f"user '{row.user_id}' is disabled")
    if row.locked:
        raise _fail(store, row.user_id, meaning, "locked",
                    f"user '{row.user_id}' is locked after failed signatures; an admin must unlock "
                    f"it ('infusecalc users unlock {row.user_id} --by ADMIN')")
    if not passwords.check_password(creds.password, row.password_hash):
        raise _fail(store, row.user_id, meaning, "wrong_password",
                    f"wrong password for '{row.user_id}'", count_it=True)
    if row.role not in roles:
        raise _fail(store, row.user_id, meaning, "role",
                    f"'{row.user_id}' is a {row.role}; signing as '{meaning}' needs the role "
                    f"{' or '.join(roles)}")
    return row


def confirm_signer(w: Writer, signer: UserRow) -> UserRow:
    """Inside the action's transaction: the signer is still allowed, and the failure run ends."""
    row = w.user(signer.user_id)
    if row is None or row.disabled or row.locked:
        raise SignatureError("disabled", f"user '{signer.user_id}' was disabled or locked meanwhile")
    if row.failed_signatures:
        w.set_user(row.user_id, failed_signatures=0)
    return row


def manifest(signer: UserRow, meaning: str, signed_sha256: str,
             now: dt.datetime | None = None) -> Manifest:
    return Manifest(meaning=meaning, user_id=signer.user_id, full_name=signer.full_name,
                    signed_utc=utc_text(now or dt.datetime.now(dt.timezone.utc)),
                    signed_sha256=signed_sha256)


def add_user(store: Store, user_id: str, role: str, password: str, full_name: str | None = None,
             by: Credentials | None = None) -> UserRow:
    """Add a user. The first user of an empty database needs no signature; later ones an admin's."""
    check_user_id(user_id)
    if role not in ROLES:
        raise RecordsError(f"'{role}' is not a role; use one of {', '.join(ROLES)}")
    check_new_password(password)
    name = (full_name or user_id).strip()
    admin = authenticate(store, by, "user_added", ("admin",)) if by is not None else None
    pw_hash = passwords.hash_password(password)  # slow: outside the transaction
    with store.write() as w:
        first = w.user_count() == 0
        if admin is None and not first:
            raise RecordsError("users exist already: adding a user needs an admin's signature "
                               "(--by ADMIN)")
        if admin is not None:
            confirm_signer(w, admin)
        if w.user(user_id) is not None:
            raise RecordsError(f"user '{user_id}' exists already")
        ev = w.append(Kind.USER_ADDED, {"user_id": user_id, "full_name": name, "role": role,
                                        "by": admin.user_id if admin else None,
                                        "first_user": first},
                      user_id=admin.user_id if admin else user_id)
        row = UserRow(user_id=user_id, full_name=name, role=role, password_hash=pw_hash,
                      disabled=False, locked=False, failed_signatures=0, added_event=ev.seq)
        w.add_user(row)
    return row


def disable_user(store: Store, user_id: str, by: Credentials) -> None:
    admin = authenticate(store, by, "user_disabled", ("admin",))
    with store.write() as w:
        confirm_signer(w, admin)
        row = w.user(user_id)
        if row is None:
            raise RecordsError(f"no user '{user_id}'")
        if row.disabled:
            raise RecordsError(f"user '{user_id}' is disabled already")
        if row.role == "admin" and not any(u.role == "admin" and not u.disabled and
                                           u.user_id != user_id for u in _all(w)):
            raise RecordsError(f"'{user_id}' is the last active admin; add another admin first")
        w.set_user(user_id, disabled=True)
        w.append(Kind.USER_DISABLED, {"user_id": user_id, "by": admin.user_id}, user_id=admin.user_id)


def unlock_user(store: Store, user_id: str, by: Credentials) -> None:
    admin = authenticate(store, by, "user_unlocked", ("admin",))
    with store.write() as w:
        confirm_signer(w, admin)
        row = w.user(user_id)
        if row is None:
            raise RecordsError(f"no user '{user_id}'")
        if not row.locked:
            raise RecordsError(f"user '{user_id}' is not locked")
        w.set_user(user_id, locked=False, failed_signatures=0)
        w.append(Kind.USER_UNLOCKED, {"user_id": user_id, "by": admin.user_id}, user_id=admin.user_id)


def _all(w: Writer) -> list[UserRow]:
    from sqlalchemy import select

    from .schema import users

    return [UserRow(**r._mapping) for r in w.conn.execute(select(*users.c)).all()]
