"""People and electronic signatures (21 CFR Part 11 §11.50, §11.70, §11.100, §11.200, §11.300).

A signature is the user ID and the password given at that moment: the password opens the user's
sealed Ed25519 key (keys.py), and the key signs the events of the action (store.Writer
.append_signed). Who exists, their role, whether they are disabled or locked, their failure
count and their key all come from the chain (ledger.py), never from the users table.

Every failed signature is an event; five in a row lock the account until an admin unlocks it.
An unknown user ID and a wrong password get the same message after the same work (a dummy KDF),
and an unknown ID is recorded only as a digest (it may be a password typed in the wrong box).
An account whose password someone else set (added, reset, recovered) changes it before it signs
anything else; password ageing is a site setting, off by default.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import asdict, dataclass
from typing import Literal

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from . import keys
from .chain import Kind
from .identity import (MIN_PASSWORD, IdentityError, check_distinct, check_full_name,
                       check_password_policy, comparable, normalise_user_id)
from .ledger import MAX_FAILURES, Ledger, UserState
from .store import Store, UserRow, Writer, utc_text

ROLES = ("pharmacist", "nurse", "admin")
MIN_PASSWORD = MIN_PASSWORD
MAX_FAILURES = MAX_FAILURES
PASSWORD_AGE_SETTING = "password_max_age_days"
REJECTED = "user ID or password not accepted"

Meaning = Literal["issued", "verified", "voided", "reprinted", "user_added", "user_disabled",
                  "user_unlocked"]


class RecordsError(Exception):
    """A refusal the user can act on; the message says what to do."""


class SignatureError(RecordsError):
    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        # unknown_user, wrong_password, disabled, locked, role, preparer, must_change,
        # password_expired, no_key, key_mismatch
        self.reason = reason


@dataclass(frozen=True)
class Credentials:
    user_id: str
    password: str

    def __repr__(self) -> str:  # never print a password in a traceback or a log
        return f"Credentials(user_id={self.user_id!r}, password=***)"


@dataclass(frozen=True)
class Signer:
    """A user whose password just opened their key: what Writer.append_signed signs with."""

    state: UserState
    key: Ed25519PrivateKey

    @property
    def user_id(self) -> str:
        return self.state.user_id

    @property
    def full_name(self) -> str:
        return self.state.full_name

    @property
    def role(self) -> str:
        return self.state.role

    def sign(self, message: bytes) -> str:
        return keys.sign(self.key, message)

    def __repr__(self) -> str:
        return f"Signer({self.state.user_id!r}, {self.state.role!r})"


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
    try:
        return normalise_user_id(user_id)
    except IdentityError as exc:
        raise RecordsError(str(exc)) from None


def check_new_password(password: str, user_id: str = "") -> None:
    try:
        check_password_policy(password, user_id)
    except IdentityError as exc:
        raise RecordsError(str(exc)) from None


def id_digest(typed: str) -> str:
    """How an unknown typed user ID is recorded: never the text (it may be a password)."""
    return hashlib.sha256(("infusecalc-unknown-id|" + typed).encode("utf-8")).hexdigest()[:16]


def _record_failure(store: Store, state: UserState | None, typed: str, meaning: str, reason: str,
                    counted: bool) -> str:
    """Append the failure (and the lock at the fifth in a row); returns a note for the message."""
    note = ""
    with store.write() as w:
        if state is None:
            w.append(Kind.SIGNATURE_FAILED, {"user_id": "", "user_digest": id_digest(typed),
                                             "meaning": meaning, "reason": reason, "counted": False})
            return note
        now = w.ledger().user(state.user_id) or state
        failures = now.failures + (1 if counted else 0)
        w.append(Kind.SIGNATURE_FAILED, {"user_id": now.user_id, "meaning": meaning, "reason": reason,
                                         "counted": counted, "failures_in_a_row": failures},
                 user_id=now.user_id)
        if counted:
            w.set_user(now.user_id, failed_signatures=failures)
        if counted and failures >= MAX_FAILURES and not now.locked:
            w.set_user(now.user_id, locked=True)
            w.append(Kind.USER_LOCKED, {"user_id": now.user_id, "after_failures": failures},
                     user_id=now.user_id)
    return note


def _fail(store: Store, user_id: str, meaning: str, reason: str, message: str,
          count_it: bool = False) -> SignatureError:
    """Record a refused signature of a known or typed user ID; return the error to raise."""
    state = store.user_state(user_id)
    _record_failure(store, state, user_id, meaning, reason, count_it and state is not None)
    return SignatureError(reason, message)


def _expired(ledger: Ledger, state: UserState, now: dt.datetime) -> bool:
    days = ledger.settings.get(PASSWORD_AGE_SETTING) or 0
    if not isinstance(days, int) or days <= 0 or not state.password_set_utc:
        return False
    set_at = dt.datetime.strptime(state.password_set_utc, "%Y-%m-%dT%H:%M:%S.%fZ").replace(
        tzinfo=dt.timezone.utc)
    return now - set_at > dt.timedelta(days=days)


def open_key(store: Store, creds: Credentials, meaning: str) -> Signer:
    """The signer's key opened with the password, or SignatureError (recorded).

    Checks nothing but identity: authenticate() adds the account's state and role.
    """
    ledger = store.ledger()
    state = ledger.user(creds.user_id)
    if state is None:
        keys.dummy_unseal(creds.password)    # the same work as a real attempt
        _record_failure(store, None, creds.user_id, meaning, "unknown_user", False)
        raise SignatureError("unknown_user", REJECTED)
    if state.public_key is None:
        raise _fail(store, state.user_id, meaning, "no_key",
                    f"'{state.user_id}' has no signing key (an account from before signed records): "
                    f"an admin sets a new password ('infusecalc users reset {state.user_id} --by "
                    f"ADMIN'), or the only admin runs 'infusecalc users recover {state.user_id}'")
    sealed = store.sealed_key(state.user_id) or ""
    if keys.sealed_sha256(sealed) != state.key_sha256:
        keys.dummy_unseal(creds.password)
        raise _fail(store, state.user_id, meaning, "key_mismatch",
                    f"the stored signing key of '{state.user_id}' is not the one the audit trail "
                    f"names (the users table was changed): nothing can be signed with it. Site IT: "
                    f"restore the database from a backup and run 'infusecalc audit verify'")
    key = keys.unseal(sealed, creds.password, state.user_id, state.public_key)
    if key is None:
        note = _record_failure(store, state, creds.user_id, meaning, "wrong_password", True)
        after = store.user_state(state.user_id)
        if after is not None and after.locked and not state.locked:
            note = (f"; after {after.failures} failed signatures in a row the account is now "
                    f"locked until an admin unlocks it")
        raise SignatureError("wrong_password", REJECTED + note)
    return Signer(state, key)


def authenticate(store: Store, creds: Credentials, meaning: str, roles: tuple[str, ...],
                 allow_must_change: bool = False) -> Signer:
    """Check a signature; on any failure record it and raise SignatureError.

    The slow key opening runs outside any write transaction, so a signer never holds up other
    writers for the KDF's half second.
    """
    signer = open_key(store, creds, meaning)
    state = signer.state
    if state.disabled:
        raise _fail(store, state.user_id, meaning, "disabled", f"user '{state.user_id}' is disabled")
    if state.locked:
        raise _fail(store, state.user_id, meaning, "locked",
                    f"user '{state.user_id}' is locked after failed signatures; an admin must unlock "
                    f"it ('infusecalc users unlock {state.user_id} --by ADMIN')")
    if not allow_must_change:
        if state.must_change:
            raise _fail(store, state.user_id, meaning, "must_change",
                        f"the password of '{state.user_id}' was set by someone else: change it "
                        f"before signing ('infusecalc users passwd {state.user_id}', or Tools > "
                        f"Change password)")
        if _expired(store.ledger(), state, dt.datetime.now(dt.timezone.utc)):
            raise _fail(store, state.user_id, meaning, "password_expired",
                        f"the password of '{state.user_id}' has expired (site setting): change it "
                        f"before signing ('infusecalc users passwd {state.user_id}')")
    if state.role not in roles:
        raise _fail(store, state.user_id, meaning, "role",
                    f"'{state.user_id}' is a {state.role}; signing as '{meaning}' needs the role "
                    f"{' or '.join(roles)}")
    return signer


def confirm_signer(w: Writer, signer: Signer, allow_must_change: bool = False) -> Signer:
    """Inside the action's transaction: the signer is still allowed (as the chain says now),
    and a run of failures ends with a signed event."""
    state = w.ledger().user(signer.user_id)
    if state is None or not state.can_sign:
        raise SignatureError("disabled", f"user '{signer.user_id}' was disabled or locked meanwhile")
    if state.public_key != signer.state.public_key:
        raise SignatureError("no_key", f"the signing key of '{signer.user_id}' was replaced meanwhile")
    if state.must_change and not allow_must_change:
        raise SignatureError("must_change", f"the password of '{signer.user_id}' must be changed first")
    fresh = Signer(state, signer.key)
    if state.failures:
        w.append_signed(Kind.FAILURES_CLEARED, {"user_id": state.user_id,
                                                "after_failures": state.failures}, fresh)
        w.set_user(state.user_id, failed_signatures=0)
        fresh = Signer(w.ledger().user(signer.user_id) or state, signer.key)
    return fresh


def manifest(signer: Signer | UserRow, meaning: str, signed_sha256: str,
             now: dt.datetime | None = None) -> Manifest:
    return Manifest(meaning=meaning, user_id=signer.user_id, full_name=signer.full_name,
                    signed_utc=utc_text(now or dt.datetime.now(dt.timezone.utc)),
                    signed_sha256=signed_sha256)


def _new_key(password: str, user_id: str) -> tuple[Ed25519PrivateKey, str, dict[str, str]]:
    key = keys.new_private_key()
    sealed = keys.seal(key, password, user_id)      # slow: outside any transaction
    return key, sealed, {"public_key": keys.public_text(key), "key_sha256": keys.sealed_sha256(sealed)}


def _checked(fn, *args):
    try:
        return fn(*args)
    except IdentityError as exc:
        raise RecordsError(str(exc)) from None


def add_user(store: Store, user_id: str, role: str, password: str, full_name: str | None = None,
             by: Credentials | None = None) -> UserRow:
    """Add a user. The first user of an empty database signs its own addition; later ones need an
    admin's signature, and must change the password the admin set before they sign."""
    uid = check_user_id(user_id)
    if role not in ROLES:
        raise RecordsError(f"'{role}' is not a role; use one of {', '.join(ROLES)}")
    name = _checked(check_full_name, full_name or uid)
    check_new_password(password, uid)
    admin = authenticate(store, by, "user_added", ("admin",)) if by is not None else None
    key, sealed, public = _new_key(password, uid)
    with store.write() as w:
        ledger = w.ledger()
        first = not ledger.users and w.user_count() == 0
        if admin is None and not first:
            raise RecordsError("users exist already: adding a user needs an admin's signature "
                               "(--by ADMIN)")
        if admin is not None:
            admin = confirm_signer(w, admin)
        _checked(check_distinct, uid, [u.user_id for u in ledger.users.values()])
        payload = {"user_id": uid, "full_name": name, "role": role, **public,
                   "by": admin.user_id if admin else None, "first_user": first,
                   "must_change": admin is not None}
        if admin is None:
            me = UserState(user_id=uid, full_name=name, role=role, public_key=public["public_key"],
                           key_sha256=public["key_sha256"])
            ev = w.append_signed(Kind.USER_ADDED, payload, Signer(me, key))
        else:
            ev = w.append_signed(Kind.USER_ADDED, payload, admin)
        row = UserRow(user_id=uid, full_name=name, role=role, password_hash=sealed,
                      disabled=False, locked=False, failed_signatures=0, added_event=ev.seq)
        w.add_user(row)
    return row


def disable_user(store: Store, user_id: str, by: Credentials) -> None:
    admin = authenticate(store, by, "user_disabled", ("admin",))
    with store.write() as w:
        admin = confirm_signer(w, admin)
        ledger = w.ledger()
        row = ledger.user(user_id)
        if row is None:
            raise RecordsError(f"no user '{user_id}'")
        if row.disabled:
            raise RecordsError(f"user '{row.user_id}' is disabled already")
        if row.role == "admin" and not ledger.active_admins(besides=row.user_id):
            raise RecordsError(f"'{row.user_id}' is the last active admin; add another admin first")
        w.append_signed(Kind.USER_DISABLED, {"user_id": row.user_id, "by": admin.user_id}, admin)
        w.set_user(row.user_id, disabled=True)


def unlock_user(store: Store, user_id: str, by: Credentials) -> None:
    admin = authenticate(store, by, "user_unlocked", ("admin",))
    with store.write() as w:
        admin = confirm_signer(w, admin)
        row = w.ledger().user(user_id)
        if row is None:
            raise RecordsError(f"no user '{user_id}'")
        if not row.locked:
            raise RecordsError(f"user '{row.user_id}' is not locked")
        w.append_signed(Kind.USER_UNLOCKED, {"user_id": row.user_id, "by": admin.user_id}, admin)
        w.set_user(row.user_id, locked=False, failed_signatures=0)


def change_password(store: Store, user_id: str, current: str, new: str) -> None:
    """The account holder changes their own password: the same key, sealed again."""
    signer = authenticate(store, Credentials(user_id, current), "password_changed",
                          ROLES, allow_must_change=True)
    check_new_password(new, signer.user_id)
    if new == current:
        raise RecordsError("the new password must differ from the current one")
    sealed = keys.seal(signer.key, new, signer.user_id)
    with store.write() as w:
        signer = confirm_signer(w, signer, allow_must_change=True)
        w.append_signed(Kind.USER_PASSWORD_CHANGED,
                        {"user_id": signer.user_id, "key_sha256": keys.sealed_sha256(sealed)}, signer)
        w.set_user(signer.user_id, password_hash=sealed, failed_signatures=0)


def reset_password(store: Store, user_id: str, new: str, by: Credentials) -> None:
    """An admin sets a new password: a new key pair (the old one is no longer in force), unlocked,
    to be changed by the user before they sign."""
    admin = authenticate(store, by, "user_key_reset", ("admin",))
    target = store.user_state(user_id)
    if target is None:
        raise RecordsError(f"no user '{user_id}'")
    if comparable(target.user_id) == comparable(admin.user_id):
        raise RecordsError("an admin changes their own password with 'users passwd', not reset")
    check_new_password(new, target.user_id)
    _key, sealed, public = _new_key(new, target.user_id)
    with store.write() as w:
        admin = confirm_signer(w, admin)
        w.append_signed(Kind.USER_KEY_RESET, {"user_id": target.user_id, **public,
                                              "by": admin.user_id}, admin)
        w.set_user(target.user_id, password_hash=sealed, failed_signatures=0, locked=False)


def recover_admin(store: Store, user_id: str, new: str) -> None:
    """Give the only admin a temporary password when no other admin can unlock it.

    Needs write access to the database (nothing else can stop someone who has it from replacing
    the file); recorded as an event signed by the new key, and the password must be changed at
    the next signature.
    """
    ledger = store.ledger()
    target = ledger.user(user_id)
    if target is None or target.role != "admin" or target.disabled:
        raise RecordsError(f"'{user_id}' is not an active admin account of {store.describe()}; only an "
                           f"admin account can be recovered")
    others = ledger.active_admins(besides=target.user_id)
    if others:
        raise RecordsError(f"another admin ({', '.join(u.user_id for u in others)}) can unlock or "
                           f"reset '{target.user_id}'; recovery is only for when none can")
    check_new_password(new, target.user_id)
    key, sealed, public = _new_key(new, target.user_id)
    with store.write() as w:
        now = w.ledger()
        if now.active_admins(besides=target.user_id):
            raise RecordsError("another admin appeared meanwhile; nothing was done")
        me = UserState(user_id=target.user_id, full_name=target.full_name, role="admin",
                       public_key=public["public_key"], key_sha256=public["key_sha256"])
        w.append_signed(Kind.USER_RECOVERED, {"user_id": target.user_id, **public,
                                              "where": store.describe()}, Signer(me, key))
        w.set_user(target.user_id, password_hash=sealed, failed_signatures=0, locked=False)


def set_password_ageing(store: Store, days: int, by: Credentials) -> None:
    """Site setting: passwords expire after DAYS days (0: never, the default)."""
    if not isinstance(days, int) or days < 0 or days > 3650:
        raise RecordsError("give the password age in days, 0 (off) to 3650")
    admin = authenticate(store, by, "site_setting", ("admin",))
    with store.write() as w:
        admin = confirm_signer(w, admin)
        w.append_signed(Kind.SITE_SETTING, {"name": PASSWORD_AGE_SETTING, "value": days,
                                            "by": admin.user_id}, admin)
