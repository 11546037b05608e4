"""Who may sign, derived from the chain alone.

Roles, full names, disabled and locked accounts, failed-signature counts, signing keys, site
settings and the public keys a station trusts are all the fold of the chain's events, in order.
Nothing else is read to decide anything: the ``users`` table is a cache (and the holder of each
sealed private key, whose SHA-256 the chain carries), compared with this fold when the store
opens and by ``audit verify``.

An event changes the state only if it is intact (its own hash), carries a valid Ed25519
signature by the key in force for its signer at that point of the chain, and its signer's role
allows its kind. Anything else is ignored and reported as a problem. Pure Python: the store,
``audit verify`` and an export run the same fold.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from . import keys
from .chain import SIGNED_SINCE_FIRST_WRITTEN, UNSIGNED_KINDS, Event, Kind

MAX_FAILURES = 5

# Which roles may sign which kind of event. A kind not listed may be signed by any active user
# (a module that adds kinds, e.g. escalation decisions, registers its own with signer_roles()).
SIGNER_ROLES: dict[str, tuple[str, ...]] = {
    Kind.USER_ADDED: ("admin",),
    Kind.USER_DISABLED: ("admin",),
    Kind.USER_UNLOCKED: ("admin",),
    Kind.USER_KEY_RESET: ("admin",),
    Kind.SITE_SETTING: ("admin",),
    Kind.KEYS_IMPORTED: ("admin",),
    Kind.ORDER_SAVED: ("pharmacist",),
    Kind.SHEET_ISSUED: ("pharmacist",),
    Kind.SHEET_REPRINTED: ("pharmacist",),
    Kind.SHEET_VERIFIED: ("nurse", "pharmacist"),
    Kind.VERIFICATION_MISMATCH: ("nurse", "pharmacist"),
    Kind.SHEET_VOIDED: ("pharmacist", "admin"),
    # The dose-escalation ledger (records/escalation.py). Listed here rather than registered at
    # that module's import, so that `audit verify` enforces them even when it never imports it.
    Kind.DLT_OUTCOME: ("pharmacist", "admin"),
    Kind.DLT_OUTCOME_CORRECTED: ("pharmacist", "admin"),
    Kind.ESCALATION_DECISION: ("admin",),
    # An amendment adopted as the protocol in force (records/adoption.py).
    Kind.PROTOCOL_ADOPTED: ("admin",),
    # `audit checkpoint --by ADMIN` (records/audit.py): relied on by `audit verify`.
    Kind.AUDIT_CHECKPOINT: ("admin",),
}

# The kinds the fold reads for state (the store fetches only these for a decision).
STATE_KINDS = frozenset({Kind.USER_ADDED, Kind.USER_DISABLED, Kind.USER_LOCKED, Kind.USER_UNLOCKED,
                         Kind.SIGNATURE_FAILED, Kind.USER_PASSWORD_CHANGED, Kind.USER_KEY_RESET,
                         Kind.USER_RECOVERED, Kind.FAILURES_CLEARED, Kind.SITE_SETTING,
                         Kind.KEYS_IMPORTED})

# Kinds a user whose password someone else set may still sign: only the change itself.
_WHILE_MUST_CHANGE = frozenset({Kind.USER_PASSWORD_CHANGED, Kind.FAILURES_CLEARED})


def signer_roles(kind: str, roles: tuple[str, ...]) -> None:
    """Register who may sign a new kind of event (call at import of the module that writes it)."""
    SIGNER_ROLES[str(kind)] = tuple(roles)


@functools.lru_cache(maxsize=4096)
def user_key(user_id: str) -> str:
    """The form user IDs are compared in (see identity.normalise_user_id); cached because the
    fold asks it once per event and a chain has few users."""
    from .identity import comparable

    return comparable(user_id)


@dataclass(frozen=True)
class UserState:
    user_id: str
    full_name: str
    role: str
    public_key: str | None        # None: an account from before signing keys (cannot sign)
    key_sha256: str | None        # SHA-256 of the sealed private key the users table must hold
    disabled: bool = False
    locked: bool = False
    failures: int = 0
    must_change: bool = False     # someone else set the password: change it before signing
    password_set_utc: str = ""
    added_seq: int = 0

    @property
    def can_sign(self) -> bool:
        return self.public_key is not None and not self.disabled and not self.locked


@dataclass(frozen=True)
class KnownKey:
    """A public key this chain trusts for sheets: of its own users, or imported."""

    public_key: str
    user_id: str
    full_name: str
    role: str
    source: str          # "" for this installation's own users, else the imported file's site


@dataclass
class Ledger:
    users: dict[str, UserState] = field(default_factory=dict)   # by user_key()
    known_keys: dict[str, KnownKey] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)
    problems: list[tuple[int, str]] = field(default_factory=list)
    signing_started: bool = False   # a signed event was seen: unsigned ones are no longer legacy
    last_utc: str = ""
    # When set, a signature is not checked here but handed over with the key that must have made
    # it (chain.verify_events checks them in bulk and reports the first that fails, which gives
    # the same report as checking each in turn: the walk stops at the first problem anyway).
    defer_signature: Callable[[Event, str], None] | None = field(default=None, repr=False,
                                                                  compare=False)

    def user(self, user_id: str) -> UserState | None:
        return self.users.get(user_key(user_id))

    def active_admins(self, besides: str | None = None) -> list[UserState]:
        skip = user_key(besides) if besides else None
        return [u for k, u in self.users.items()
                if u.role == "admin" and u.can_sign and k != skip]

    # --- the fold --------------------------------------------------------------------------

    def apply(self, ev: Event, check_hash: bool = True) -> str | None:
        """Fold one event in; returns the problem (and ignores the event) if it may not count."""
        problem, payload = self._problem(ev, check_hash)
        if problem is not None:
            self.problems.append((ev.seq, problem))
            return problem
        if ev.kind in STATE_KINDS:
            self._change(ev, payload if payload is not None else json.loads(ev.payload))
        return None

    def _problem(self, ev: Event, check_hash: bool) -> tuple[str | None, dict | None]:
        """(the problem or None, the payload when it was read)."""
        if check_hash and ev.expected_hash() != ev.hash:
            return f"event {ev.seq} was altered: its content does not match its hash", None
        if ev.kind in UNSIGNED_KINDS:
            return None, None
        if not ev.signature:
            if not self.signing_started and ev.kind not in SIGNED_SINCE_FIRST_WRITTEN:
                return None, None   # written before signatures existed: kept as it was
            return (f"event {ev.seq} ({ev.kind}) carries no signature: it was not written by "
                    f"InfuseCalc for a signed-in user"), None
        self.signing_started = True
        try:
            payload = json.loads(ev.payload)
        except ValueError:
            return f"event {ev.seq} has an unreadable payload", None
        if not isinstance(payload, dict):
            return f"event {ev.seq} has an unreadable payload", None
        public, problem = self._signing_key(ev, payload)
        if problem:
            return problem, payload
        if self.defer_signature is not None:
            self.defer_signature(ev, public)
        elif not keys.verify(public, ev.signature, ev.signed_message()):
            return bad_signature(ev.seq, ev.kind, ev.user_id), payload
        return None, payload

    def _signing_key(self, ev: Event, payload: dict) -> tuple[str, str | None]:
        kind = ev.kind
        if kind == Kind.USER_ADDED and payload.get("first_user"):
            if any(u.public_key for u in self.users.values()):
                return "", (f"event {ev.seq} adds a 'first user' to a chain that has signing users "
                            f"already")
            if user_key(str(payload.get("user_id", ""))) != user_key(ev.user_id):
                return "", f"event {ev.seq}: the first user must sign its own addition"
            return str(payload.get("public_key") or ""), None
        if kind == Kind.USER_RECOVERED:
            target = self.user(str(payload.get("user_id", "")))
            if target is None or target.role != "admin" or user_key(ev.user_id) != user_key(target.user_id):
                return "", f"event {ev.seq}: only an admin account can be recovered, by itself"
            if self.active_admins(besides=target.user_id):
                return "", (f"event {ev.seq}: a recovery while another admin could unlock the "
                            f"account is not allowed")
            return str(payload.get("public_key") or ""), None
        signer = self.user(ev.user_id)
        if signer is None:
            return "", f"event {ev.seq} is signed by '{ev.user_id}', who is no user of this chain"
        if signer.public_key is None:
            return "", f"event {ev.seq} is signed by '{ev.user_id}', who has no signing key"
        if signer.disabled or signer.locked:
            state = "disabled" if signer.disabled else "locked"
            return "", f"event {ev.seq} is signed by '{ev.user_id}', whose account was {state}"
        if signer.must_change and kind not in _WHILE_MUST_CHANGE:
            return "", (f"event {ev.seq} is signed by '{ev.user_id}' before changing a password "
                        f"someone else set")
        if kind in (Kind.USER_PASSWORD_CHANGED, Kind.FAILURES_CLEARED):
            if user_key(str(payload.get("user_id", ""))) != user_key(ev.user_id):
                return "", f"event {ev.seq}: only the account holder signs this"
        else:
            roles = SIGNER_ROLES.get(kind)
            if roles is not None and signer.role not in roles:
                return "", (f"event {ev.seq} ({kind}) is signed by '{ev.user_id}', a {signer.role}; "
                            f"it needs the role {' or '.join(roles)}")
        return signer.public_key, None

    def _set(self, user_id: str, **values: Any) -> None:
        k = user_key(user_id)
        if k in self.users:
            self.users[k] = replace(self.users[k], **values)

    def _know(self, state: UserState) -> None:
        if state.public_key:
            self.known_keys[state.public_key] = KnownKey(state.public_key, state.user_id,
                                                         state.full_name, state.role, "")

    def _change(self, ev: Event, p: dict) -> None:
        kind, uid = ev.kind, str(p.get("user_id", ""))
        reset = dict(failures=0, locked=False)
        if kind == Kind.USER_ADDED:
            if user_key(uid) in self.users:
                self.problems.append((ev.seq, f"event {ev.seq} adds '{uid}' a second time"))
                return
            state = UserState(user_id=uid, full_name=str(p.get("full_name") or uid),
                              role=str(p.get("role", "")),
                              public_key=p.get("public_key") if ev.signature else None,
                              key_sha256=p.get("key_sha256") if ev.signature else None,
                              must_change=bool(p.get("must_change", False)),
                              password_set_utc=ev.utc, added_seq=ev.seq)
            self.users[user_key(uid)] = state
            self._know(state)
        elif kind == Kind.USER_DISABLED:
            self._set(uid, disabled=True)
        elif kind == Kind.USER_LOCKED:
            self._set(uid, locked=True)
        elif kind == Kind.USER_UNLOCKED:
            self._set(uid, **reset)
        elif kind == Kind.FAILURES_CLEARED:
            self._set(uid, failures=0)
        elif kind == Kind.SIGNATURE_FAILED:
            counted = p.get("counted", p.get("reason") == "wrong_password")
            state = self.user(uid) if uid else None
            if counted and state is not None:
                n = state.failures + 1
                self._set(uid, failures=n, locked=state.locked or n >= MAX_FAILURES)
        elif kind == Kind.USER_PASSWORD_CHANGED:
            self._set(uid, key_sha256=p.get("key_sha256"), must_change=False,
                      password_set_utc=ev.utc, failures=0)
        elif kind in (Kind.USER_KEY_RESET, Kind.USER_RECOVERED):
            self._set(uid, public_key=p.get("public_key"), key_sha256=p.get("key_sha256"),
                      must_change=True, password_set_utc=ev.utc, **reset)
            state = self.user(uid)
            if state is not None:
                self._know(state)
        elif kind == Kind.SITE_SETTING:
            self.settings[str(p.get("name"))] = p.get("value")
        elif kind == Kind.KEYS_IMPORTED:
            for k in p.get("keys", []):
                self.known_keys.setdefault(str(k["public_key"]), KnownKey(
                    str(k["public_key"]), str(k["user_id"]), str(k.get("full_name", "")),
                    str(k.get("role", "")), str(p.get("source") or "imported")))


def bad_signature(seq: int, kind: str, user_id: str) -> str:
    return (f"event {seq} ({kind}) has a signature that does not verify with the key "
            f"of '{user_id}' in force at that point (forged or altered)")


def fold(events: Iterable[Event]) -> Ledger:
    ledger = Ledger()
    for ev in events:
        ledger.apply(ev)
    return ledger


def judged(events: Iterable[Event], kinds: Collection[str]) -> Iterator[tuple[Event, str | None]]:
    """Each event of ``kinds``, in chain order, with the problem that keeps it from counting
    (None when it counts): the signers' state changes among ``events`` are folded in as ``audit
    verify`` folds them, so an event counts only if its signer could sign it at that point. The
    events of other kinds are passed over. (The escalation ledger and the adoption history read
    their events through this.)"""
    signers = Ledger()
    for ev in events:
        if ev.kind not in kinds and ev.kind not in STATE_KINDS:
            continue
        problem = signers.apply(ev)
        if ev.kind in kinds:
            yield ev, problem
