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


def _fields_text(seq: int, kind: str, utc: str, local_time: str, user_id: str,
                 program_version: str, protocol_sha256: str, payload: str,
                 prev_hash: str) -> tuple[str, str] | None:
    """canonical_json of the event's fields, cut where "signature" sorts in: (before, after).

    The same text canonical_json builds (keys sorted, compact, ensure_ascii=False), written out
    field by field with json's own string encoder: ``audit verify`` hashes every event twice and
    json.dumps of a dict was most of its non-signature time. None for any value that is not a
    plain str / int, which then goes through canonical_json itself (tests compare the two).
    """
    if type(seq) is not int:
        return None
    e = _encode_str
    try:
        before = (f'{{"kind":{e(kind)},"local_time":{e(local_time)},"payload":{e(payload)},'
                  f'"prev_hash":{e(prev_hash)},"program_version":{e(program_version)},'
                  f'"protocol_sha256":{e(protocol_sha256)},"seq":{seq}')
        after = f',"user_id":{e(user_id)},"utc":{e(utc)}}}'
    except TypeError:   # the encoder takes str only
        return None
    return before, after


def event_hashes(seq: int, kind: str, utc: str, local_time: str, user_id: str,
                 program_version: str, protocol_sha256: str, payload: str, prev_hash: str,
                 signature: str = "") -> tuple[str, str]:
    """(content hash, stored hash) in one pass: what the signer signs, and the chain link."""
    cut = _fields_text(seq, kind, utc, local_time, user_id, program_version, protocol_sha256,
                       payload, prev_hash)
    if cut is None or type(signature) is not str:
        args = (seq, kind, utc, local_time, user_id, program_version, protocol_sha256, payload,
                prev_hash)
        return _slow_hash(*args), _slow_hash(*args, signature)
    before, after = cut
    content = sha256_text(before + after)
    if not signature:
        return content, content
    return content, sha256_text(f'{before},"signature":{_encode_str(signature)}{after}')


def event_hash(seq: int, kind: str, utc: str, local_time: str, user_id: str, program_version: str,
               protocol_sha256: str, payload: str, prev_hash: str, signature: str = "") -> str:
    cut = _fields_text(seq, kind, utc, local_time, user_id, program_version, protocol_sha256,
                       payload, prev_hash)
    if cut is None or type(signature) is not str:
        return _slow_hash(seq, kind, utc, local_time, user_id, program_version, protocol_sha256,
                          payload, prev_hash, signature)
    before, after = cut
    if signature:
        return sha256_text(f'{before},"signature":{_encode_str(signature)}{after}')
    return sha256_text(before + after)


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
class ChainReport:
    ok: bool
    checked: int                 # events checked before the first problem (all of them when ok)
    bad_seq: int | None          # the first bad event's number
    problem: str                 # one sentence, empty when ok
    head: Anchor | None          # the last event checked


def verify_events(events: Iterable[Event], anchor: Anchor | None = None,
                  workers: int = 1) -> ChainReport:
    """Walk the events in stored order; stop at the first that breaks the chain, or whose
    signature does not verify against the key its signer had at that point (ledger.Ledger).

    The walk itself (order, links, hashes, who may sign what with which key) is sequential; the
    Ed25519 checks, most of its time, are collected and run in chunks, by ``workers`` processes
    where the platform can fork (sigbatch.py). The report is the one a check of each event in
    turn gives: the first problem by event number, whether of a signature or of anything else.
    """
    from .sigbatch import SignatureBatch

    with SignatureBatch(workers) as batch:
        report = _walk(events, anchor, batch)
        failed = batch.first_failure()   # every signature up to where the walk stopped
    if failed is not None and (report.bad_seq is None or failed.seq <= report.bad_seq):
        from .ledger import bad_signature

        head = Anchor(failed.seq - 1, failed.prev_hash) if failed.seq > 1 else None
        return ChainReport(False, failed.seq - 1, failed.seq,
                           bad_signature(failed.seq, failed.kind, failed.user_id), head)
    return report


def _walk(events: Iterable[Event], anchor: Anchor | None, batch) -> ChainReport:
    from .ledger import Ledger

    content = ""

    def defer(ev: Event, public: str) -> None:
        batch.add(ev.seq, ev.kind, ev.user_id, ev.prev_hash, public, ev.signature,
                  signed_message(content))

    ledger = Ledger(defer_signature=defer)
    prev_hash = GENESIS
    expected = 1
    last: Event | None = None
    anchor_seen = False
    for ev in events:
        if ev.seq != expected:
            head = Anchor(last.seq, last.hash) if last else None
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
                               f"was inserted, removed, replaced or reordered",
                               Anchor(last.seq, last.hash) if last else None)
        content, stored = event_hashes(ev.seq, ev.kind, ev.utc, ev.local_time, ev.user_id,
                                       ev.program_version, ev.protocol_sha256, ev.payload,
                                       ev.prev_hash, ev.signature)
        if stored != ev.hash:
            return ChainReport(False, expected - 1, ev.seq,
                               f"event {ev.seq} was altered: its content does not match its hash "
                               f"(edited, reordered or forged)",
                               Anchor(last.seq, last.hash) if last else None)
        problem = ledger.apply(ev, check_hash=False)
        if problem is None and ev.kind == Kind.PROTOCOL_ADOPTED:
            from .adoption import content_problem   # the kept protocol bytes match their SHA-256

            problem = content_problem(ev)
        if problem is not None:
            return ChainReport(False, expected - 1, ev.seq, problem,
                               Anchor(last.seq, last.hash) if last else None)
        if anchor is not None and ev.seq == anchor.seq:
            anchor_seen = True
            if ev.hash != anchor.hash:
                return ChainReport(False, expected - 1, ev.seq,
                                   f"event {ev.seq} differs from the anchor {anchor}: the chain was "
                                   f"rewritten from event {ev.seq} or before",
                                   Anchor(last.seq, last.hash) if last else None)
        if batch.failed_early():
            break    # a signature already failed: the report names it, nothing after counts
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
