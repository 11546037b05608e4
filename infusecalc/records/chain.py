"""The hash chain: how one event is hashed, and how a sequence of events is checked.

Pure Python, no database: ``audit verify`` on the database and on an export run the same code.
Each event's hash covers its number, its kind, its times, its user, the program version, the
protocol hash, its canonical payload and the previous event's hash. Changing, removing,
reordering or inserting an event therefore breaks the chain at the first event touched. A chain
alone cannot show that its newest events were cut off or that all of it was recomputed: an
anchor ("N:HASH" printed on every issued sheet, or kept by ``audit checkpoint``) can.
"""

from __future__ import annotations

import json
import re
from hashlib import sha256 as _sha256
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from .canonical import canonical_json, sha256_text

# json's own encoder for one string (the C one when present), as json.dumps(ensure_ascii=False) uses it.
_encode_str = json.encoder.encode_basestring

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
    # An admin's signed statement that every hash and signature up to the event before it
    # verified (records/audit.py): `audit verify` need not check those signatures again.
    AUDIT_CHECKPOINT = "audit_checkpoint"


# Kinds that every version of the program has written signed (they came after signatures): an
# unsigned one never counts, even before the chain's first signature, where events written
# before signatures existed are otherwise kept as they were. Unsigned, an escalation decision in
# a database with no users yet opened a dose level, and `audit verify` passed it.
SIGNED_SINCE_FIRST_WRITTEN = frozenset({Kind.DLT_OUTCOME, Kind.DLT_OUTCOME_CORRECTED,
                                        Kind.ESCALATION_DECISION, Kind.PROTOCOL_ADOPTED,
                                        Kind.AUDIT_CHECKPOINT})

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


# What json's string encoder escapes (ensure_ascii=False): control characters, quote, backslash.
# In UTF-8 these bytes stand only for themselves, so a str whose UTF-8 holds none of them
# encodes as itself between quotes.
_ESCAPED = bytes(range(0x20)) + b'"\\'


def chain_hashes(seq: int, kind: str, utc: str, local_time: str, user_id: str,
                 program_version: str, protocol_sha256: str, payload: str, prev_hash: str,
                 signature: str = "", content: bool = True) -> tuple[str, str]:
    """(content hash, stored hash): what the signer signs, and the chain link; the content hash
    is "" when ``content`` is False and the event is signed (nobody checks its signature now).

    SHA-256 of the same text canonical_json builds (keys sorted, compact, ensure_ascii=False),
    written out directly: ``audit verify`` hashes every event, and json.dumps of a dict was most
    of its non-signature time. The short fields (kind, times, user, version, hashes, signature)
    practically never hold a character json escapes; one check over all of them lets them in as
    they are, and only the payload goes through json's own string encoder. Any other value (one
    to escape, or not a plain str / int) goes through canonical_json itself (tests compare the
    two on arbitrary text).
    """
    try:
        short = "".join((kind, local_time, prev_hash, program_version, protocol_sha256, user_id,
                         utc, signature)).encode()
        plain = type(seq) is int and len(short.translate(None, _ESCAPED)) == len(short)
        text = _encode_str(payload) if plain else ""
    except (TypeError, UnicodeEncodeError):   # join and the encoder take str only
        plain = False
    if not plain:
        args = (seq, kind, utc, local_time, user_id, program_version, protocol_sha256, payload,
                prev_hash)
        if not signature:
            unsigned = _slow_hash(*args)
            return unsigned, unsigned
        return (_slow_hash(*args) if content else ""), _slow_hash(*args, signature)
    before = (f'{{"kind":"{kind}","local_time":"{local_time}","payload":{text},'
              f'"prev_hash":"{prev_hash}","program_version":"{program_version}",'
              f'"protocol_sha256":"{protocol_sha256}","seq":{seq}')
    after = f',"user_id":"{user_id}","utc":"{utc}"}}'
    if not signature:
        unsigned = _sha256(f"{before}{after}".encode()).hexdigest()
        return unsigned, unsigned
    stored = _sha256(f'{before},"signature":"{signature}"{after}'.encode()).hexdigest()
    return (_sha256(f"{before}{after}".encode()).hexdigest() if content else ""), stored


def event_hashes(seq: int, kind: str, utc: str, local_time: str, user_id: str,
                 program_version: str, protocol_sha256: str, payload: str, prev_hash: str,
                 signature: str = "") -> tuple[str, str]:
    """(content hash, stored hash) in one pass: what the signer signs, and the chain link."""
    return chain_hashes(seq, kind, utc, local_time, user_id, program_version, protocol_sha256,
                        payload, prev_hash, signature)


def event_hash(seq: int, kind: str, utc: str, local_time: str, user_id: str, program_version: str,
               protocol_sha256: str, payload: str, prev_hash: str, signature: str = "") -> str:
    return chain_hashes(seq, kind, utc, local_time, user_id, program_version, protocol_sha256,
                        payload, prev_hash, signature, content=False)[1]


def _slow_hash(seq: int, kind: str, utc: str, local_time: str, user_id: str,
               program_version: str, protocol_sha256: str, payload: str, prev_hash: str,
               signature: str = "") -> str:
    """The definition: SHA-256 of canonical_json of the fields (event_hash writes the same text
    faster for plain values)."""
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
class CheckpointUse:
    """The signed checkpoint a check relied on (records/audit.py)."""

    seq: int                  # the checkpoint event
    covers_seq: int           # the event just before it: every signature up to here verified then
    user_id: str              # the admin who signed it
    utc: str
    signatures_trusted: int   # signatures before it not checked again this time


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int                 # events checked before the first problem (all of them when ok)
    bad_seq: int | None          # the first bad event's number
    problem: str                 # one sentence, empty when ok
    head: Anchor | None          # the last event checked
    signatures_checked: int = 0  # Ed25519 signatures verified by this check
    checkpoint: CheckpointUse | None = None   # None: every signature was checked
    notes: tuple[str, ...] = ()  # e.g. why a checkpoint was not used


def verify_events(events: Iterable[Event], anchor: Anchor | None = None,
                  workers: int = 1) -> ChainReport:
    """Every hash, link, state change and signature of these events, in stored order
    (audit_walk.py); the report names the first problem by event number."""
    from .audit_walk import verify_rows

    return verify_rows(lambda: (_row(ev) for ev in events), anchor, workers)


def _row(ev: Event) -> tuple:
    return (ev.seq, ev.kind, ev.utc, ev.local_time, ev.user_id, ev.program_version,
            ev.protocol_sha256, ev.payload, ev.prev_hash, ev.hash, ev.signature)
