"""The hash chain: how one event is hashed, and how a sequence of events is checked.

Pure Python, no database: ``audit verify`` on the database and on an export run the same code.
Each event's hash covers its number, its kind, its times, its user, the program version, the
protocol hash, its canonical payload and the previous event's hash. Changing, removing,
reordering or inserting an event therefore breaks the chain at the first event touched. A chain
alone cannot show that its newest events were cut off or that all of it was recomputed: an
anchor ("N:HASH" printed on every issued sheet, or kept by ``audit checkpoint``) can.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from .canonical import canonical_json, sha256_text

GENESIS = "0" * 64


class Kind(StrEnum):
    ORDER_SAVED = "order_saved"
    SHEET_ISSUED = "sheet_issued"
    SHEET_REPRINTED = "sheet_reprinted"
    SHEET_VERIFIED = "sheet_verified"
    VERIFICATION_MISMATCH = "verification_mismatch"
    SHEET_VOIDED = "sheet_voided"
    USER_ADDED = "user_added"
    USER_DISABLED = "user_disabled"
    USER_LOCKED = "user_locked"
    USER_UNLOCKED = "user_unlocked"
    SIGNATURE_FAILED = "signature_failed"
    USER_PASSWORD_CHANGED = "user_password_changed"
    USER_KEY_RESET = "user_key_reset"           # an admin set a new password: a new key pair
    USER_RECOVERED = "user_recovered"           # `users recover`: a new key pair, self-signed
    FAILURES_CLEARED = "signature_failures_cleared"
    SITE_SETTING = "site_setting"
    KEYS_IMPORTED = "keys_imported"             # public keys of another installation trusted here
    GUARDS_RESTORED = "guards_restored"
    RECORDS_MIGRATED = "records_migrated"
    CLOCK_WENT_BACK = "clock_went_back"         # an event's time is earlier than the one before
    # The i3+3 dose-escalation ledger (records/escalation.py), signed like every person's action
    DLT_OUTCOME = "dlt_outcome"
    DLT_OUTCOME_CORRECTED = "dlt_outcome_corrected"
    ESCALATION_DECISION = "escalation_decision"
    # A protocol file adopted as the one in force here (records/adoption.py): its bytes are kept
    PROTOCOL_ADOPTED = "protocol_adopted"


# Events the program writes with no person signing: failures, the lock they cause, and the
# store's own housekeeping. Every other kind must carry its signer's Ed25519 signature.
UNSIGNED_KINDS = frozenset({Kind.SIGNATURE_FAILED, Kind.USER_LOCKED, Kind.GUARDS_RESTORED,
                            Kind.RECORDS_MIGRATED, Kind.CLOCK_WENT_BACK})


@dataclass(frozen=True, slots=True)
class Event:
    seq: int
    kind: str
    utc: str                # 2026-11-25T14:14:32.123456Z
    local_time: str         # the workstation's wall clock with its offset
    user_id: str            # "" when no signed-in person caused it
    program_version: str
    protocol_sha256: str    # "" for events not tied to a computation
    payload: str            # canonical JSON text
    prev_hash: str
    hash: str
    signature: str = ""     # base64 Ed25519 signature of content_hash() by user_id's key; "" unsigned

    def content_hash(self) -> str:
        """The hash of everything but the signature: what the signer signs (it covers prev_hash)."""
        return event_hash(self.seq, self.kind, self.utc, self.local_time, self.user_id,
                          self.program_version, self.protocol_sha256, self.payload, self.prev_hash)

    def expected_hash(self) -> str:
        return event_hash(self.seq, self.kind, self.utc, self.local_time, self.user_id,
                          self.program_version, self.protocol_sha256, self.payload, self.prev_hash,
                          self.signature)

    def signed_message(self) -> bytes:
        return signed_message(self.content_hash())

    def as_dict(self) -> dict[str, object]:
        return {"seq": self.seq, "kind": self.kind, "utc": self.utc, "local_time": self.local_time,
                "user_id": self.user_id, "program_version": self.program_version,
                "protocol_sha256": self.protocol_sha256, "payload": self.payload,
                "prev_hash": self.prev_hash, "hash": self.hash, "signature": self.signature}


def signed_message(content_hash: str) -> bytes:
    return f"infusecalc-event-v1|{content_hash}".encode("ascii")


def event_hash(seq: int, kind: str, utc: str, local_time: str, user_id: str, program_version: str,
               protocol_sha256: str, payload: str, prev_hash: str, signature: str = "") -> str:
    fields = {"seq": seq, "kind": kind, "utc": utc, "local_time": local_time, "user_id": user_id,
              "program_version": program_version, "protocol_sha256": protocol_sha256,
              "payload": payload, "prev_hash": prev_hash}
    if signature:
        # Only signed events hash their signature, so every event written before signatures
        # existed keeps its hash (and the anchors printed on old sheets still check).
        fields["signature"] = signature
    return sha256_text(canonical_json(fields))


@dataclass(frozen=True)
class Anchor:
    seq: int
    hash: str

    def __str__(self) -> str:
        return f"{self.seq}:{self.hash}"


_ANCHOR = re.compile(r"^\s*(\d+)\s*:\s*([0-9a-fA-F]{64})\s*$")


def parse_anchor(text: str) -> Anchor:
    m = _ANCHOR.match(text)
    if not m or int(m.group(1)) < 1:
        raise ValueError(f"'{text}' is not an anchor; write it N:HASH, like "
                         f"12:{'ab' * 32} (event number, colon, 64 hex digits)")
    return Anchor(int(m.group(1)), m.group(2).lower())


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int                 # events checked before the first problem (all of them when ok)
    bad_seq: int | None          # the first bad event's number
    problem: str                 # one sentence, empty when ok
    head: Anchor | None          # the last event checked


def verify_events(events: Iterable[Event], anchor: Anchor | None = None) -> ChainReport:
    """Walk the events in stored order; stop at the first that breaks the chain, or whose
    signature does not verify against the key its signer had at that point (ledger.Ledger)."""
    from .ledger import Ledger

    ledger = Ledger()
    prev_hash = GENESIS
    expected = 1
    last: Event | None = None
    anchor_seen = False
    for ev in events:
        head = Anchor(last.seq, last.hash) if last else None
        if ev.seq != expected:
            if ev.seq > expected:
                what = (f"event {expected} is missing (the next stored event is {ev.seq}): "
                        f"events were removed or renumbered")
            else:
                what = (f"event {ev.seq} appears again or out of order after event {expected - 1}: "
                        f"events were inserted or reordered")
            return ChainReport(False, expected - 1, expected, what, head)
        if ev.prev_hash != prev_hash:
            return ChainReport(False, expected - 1, ev.seq,
                               f"event {ev.seq} does not follow event {ev.seq - 1}: an event before it "
                               f"was inserted, removed, replaced or reordered", head)
        if ev.expected_hash() != ev.hash:
            return ChainReport(False, expected - 1, ev.seq,
                               f"event {ev.seq} was altered: its content does not match its hash "
                               f"(edited, reordered or forged)", head)
        problem = ledger.apply(ev, check_hash=False)
        if problem is None and ev.kind == Kind.PROTOCOL_ADOPTED:
            from .adoption import content_problem   # the kept protocol bytes match their SHA-256

            problem = content_problem(ev)
        if problem is not None:
            return ChainReport(False, expected - 1, ev.seq, problem, head)
        if anchor is not None and ev.seq == anchor.seq:
            anchor_seen = True
            if ev.hash != anchor.hash:
                return ChainReport(False, expected - 1, ev.seq,
                                   f"event {ev.seq} differs from the anchor {anchor}: the chain was "
                                   f"rewritten from event {ev.seq} or before", head)
        prev_hash = ev.hash
        last = ev
        expected += 1
    head = Anchor(last.seq, last.hash) if last else None
    if anchor is not None and not anchor_seen:
        count = last.seq if last else 0
        return ChainReport(False, count, count + 1,
                           f"the chain ends at event {count} but the anchor names event "
                           f"{anchor.seq}: newest events were removed (truncated)", head)
    return ChainReport(True, last.seq if last else 0, None, "", head)
