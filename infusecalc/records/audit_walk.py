"""The walk of ``audit verify``: every event's number, link and hash, every state change (who may
sign what with which key), and the Ed25519 signatures — all of them, or those a signed
checkpoint does not cover.

Why a checkpoint may stand in for the signatures before it
----------------------------------------------------------
An admin makes a checkpoint (records/audit.py) only after a full check passed: every hash,
every signature, every state change up to the event just before it. The checkpoint records that
event's number and hash, and its own signature covers its content, which holds its previous
hash, i.e. the hash of that very event, which in turn covers every event before it. So:
- an edit of any earlier event (payload, signer, signature, order) changes the hashes from there
  on; the walk recomputes them all from the first event, so the edit is found either as an event
  whose hash does not match (the chain broken there) or, if every later hash was recomputed, as
  a checkpoint whose recorded hash and signed previous hash no longer match: its signature does
  not verify and it is not used;
- a checkpoint counts only if its signer held the admin role and a key in force at that point
  of the chain, and the roles and keys are derived from events whose signatures are ALWAYS
  checked, before a checkpoint too (ALWAYS_CHECKED: user, key and site changes, and
  checkpoints). Someone with write access but no admin's private key can neither forge the
  checkpoint nor make themselves an admin without a signature that fails;
- what no check of a chain alone can catch (the whole chain rebuilt from its first event with
  keys of the forger's own, or a recovery, which needs only write access, inserted in the past)
  fools a full check too; an anchor kept elsewhere catches it (`audit verify --anchor`; the
  checkpoint command prints one).
A checkpoint that is not signed by an admin, whose signature fails, or whose recorded hash is not
the previous event's, is no checkpoint: the check falls back to every signature and reports it.

The walk works on plain row tuples (the events columns in chain.Event's order): no object per
event, one hash per event whose signature is not checked (two when it is), and the common event
(a signer and kind seen before, no change of state since) decided from a cached key instead of
the whole fold; any other event goes through ledger.Ledger.apply as before.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any

from . import keys
from .chain import (GENESIS, UNSIGNED_KINDS, Anchor, ChainReport, CheckpointUse, Event, Kind,
                    chain_hashes, signed_message)
from .ledger import STATE_KINDS, Ledger, bad_signature
from .sigbatch import SignatureBatch

Row = tuple[Any, ...]   # seq, kind, utc, local_time, user_id, program_version, protocol_sha256,
                        # payload, prev_hash, hash, signature

# Signatures checked even before a trusted checkpoint: who may sign with which key comes from
# these, and a checkpoint is worth no more than the key that signed it.
ALWAYS_CHECKED = frozenset(STATE_KINDS | {Kind.AUDIT_CHECKPOINT})
# Kinds the cached path never takes: their checks read their payload or change the state.
_FOLD_ONLY = frozenset(STATE_KINDS | UNSIGNED_KINDS | {Kind.PROTOCOL_ADOPTED, Kind.AUDIT_CHECKPOINT})

# json's C scanner: json.loads without its Python wrapper (the same parse; anything it does not
# take whole goes through the fold, which parses with json.loads and says what is wrong).
_scan = json.JSONDecoder().scan_once


class NotTrusted(Exception):
    """The checkpoint meant to be relied on cannot be: check every signature instead."""


def checkpoint_problem(ev: Event) -> str | None:
    """A checkpoint event must record exactly the event before it, as fully verified."""
    try:
        p = json.loads(ev.payload)
    except ValueError:
        p = None
    if not isinstance(p, dict) or p.get("all_signatures_verified") is not True:
        return f"event {ev.seq} is an audit checkpoint that does not say what it covers"
    covers, recorded = p.get("covers_seq"), p.get("covers_hash")
    if type(covers) is not int or covers != ev.seq - 1 or recorded != ev.prev_hash:
        return (f"event {ev.seq} is an audit checkpoint whose recorded chain head "
                f"{covers}:{recorded} is not the event before it ({ev.seq - 1}:{ev.prev_hash}): "
                f"it covers nothing")
    return None


class ChainWalk:
    """Fed rows in chain order; stops at the first problem. ``trust``: the number of a
    checkpoint event to rely on (see the module's docstring), None to check every signature.

    It can be fed again after finish() (audit checkpoint feeds the events appended while it
    checked, inside its write transaction)."""

    def __init__(self, batch: SignatureBatch, anchor: Anchor | None = None,
                 trust: int | None = None) -> None:
        self.batch = batch
        self.anchor = anchor
        self.candidate = trust
        self.trust_upto = trust - 1 if trust else 0
        self.ledger = Ledger(defer_signature=self._defer)
        self.expected = 1
        self.prev_hash = GENESIS
        self.anchor_seen = False
        self.stopped: ChainReport | None = None
        self.trusted = 0            # signatures a checkpoint covers, not checked now
        self.inline = 0             # signatures checked here (the checkpoint relied on)
        self.used: CheckpointUse | None = None
        self._keys: dict[tuple[str, str], str] = {}   # (user_id, kind) -> the key that must sign
        # the event the fold is looking at: its content hash, whether its signature is skipped
        self._content = ""
        self._skip = False
        self._public: str | None = None
        self._candidate_signed = False

    # --- the walk --------------------------------------------------------------------------

    def feed(self, rows: Iterable[Row]) -> bool:
        """Check these rows; False once a problem has stopped the walk."""
        if self.stopped is not None:
            return False
        batch, cached, trust_upto, anchor = self.batch, self._keys, self.trust_upto, self.anchor
        anchor_seq = anchor.seq if anchor is not None else -1
        expected, prev_hash = self.expected, self.prev_hash
        trusted = 0
        stop = False
        try:
            for row in rows:
                (seq, kind, utc, local_time, user_id, version, protocol, payload, prev,
                 stored, signature) = row
                if seq != expected or prev != prev_hash:
                    self.expected, self.prev_hash = expected, prev_hash
                    self._stop(self._order_problem(seq, expected))
                    return False
                skip = seq <= trust_upto and kind not in ALWAYS_CHECKED
                content, computed = chain_hashes(seq, kind, utc, local_time, user_id, version,
                                                 protocol, payload, prev, signature, not skip)
                if computed != stored:
                    self.expected, self.prev_hash = expected, prev_hash
                    self._stop(self._problem(seq, f"event {seq} was altered: its content does not "
                                                  f"match its hash (edited, reordered or forged)"))
                    return False
                public = cached.get((user_id, kind)) if signature else None
                fast = False
                if public is not None:
                    try:
                        obj, end = _scan(payload, 0)
                        fast = type(obj) is dict and end == len(payload)
                    except (StopIteration, ValueError, RecursionError):
                        fast = False
                if fast:
                    # The fold would find the same: signed, a readable payload, a signer and kind
                    # it allowed with this key, and no change of state since (_fold clears this).
                    if skip:
                        trusted += 1
                    else:
                        batch.add(seq, kind, user_id, prev, public, signature,
                                  signed_message(content))
                        stop = batch.failed_early()
                else:
                    self.trusted += trusted
                    trusted = 0
                    self.expected, self.prev_hash = expected, prev_hash
                    problem = self._fold(row, content, skip)
                    if problem is not None:
                        self._stop(self._problem(seq, problem))
                        return False
                    stop = batch.failed_early()
                if seq == anchor_seq:
                    self.anchor_seen = True
                    if stored != anchor.hash:
                        self.expected, self.prev_hash = expected, prev_hash
                        self._stop(self._problem(
                            seq, f"event {seq} differs from the anchor {anchor}: the chain was "
                                 f"rewritten from event {seq} or before"))
                        return False
                prev_hash = stored
                expected = seq + 1
                if stop:
                    break    # a signature already failed: the report names it, nothing after counts
        finally:
            self.trusted += trusted
            self.expected, self.prev_hash = expected, prev_hash
        return True

    def head(self) -> Anchor | None:
        return Anchor(self.expected - 1, self.prev_hash) if self.expected > 1 else None

    def _fold(self, row: Row, content: str, skip: bool) -> str | None:
        """An event the cached path does not decide: through the ledger's fold."""
        ev = Event(*row)
        self._content, self._skip, self._public = content, skip, None
        self._candidate_signed = False
        problem = self.ledger.apply(ev, check_hash=False)
        if problem is None and ev.kind == Kind.PROTOCOL_ADOPTED:
            from .adoption import content_problem   # the kept protocol bytes match their SHA-256

            problem = content_problem(ev)
        if problem is None and ev.kind == Kind.AUDIT_CHECKPOINT:
            problem = checkpoint_problem(ev)
        if ev.seq == self.candidate:
            if problem is None and not self._candidate_signed:
                problem = bad_signature(ev.seq, ev.kind, ev.user_id)
            if problem is not None:
                raise NotTrusted(problem)
            self.used = CheckpointUse(ev.seq, ev.seq - 1, ev.user_id, ev.utc, 0)
        if problem is None:
            if ev.kind in STATE_KINDS:
                self._keys.clear()       # who may sign with which key may have changed
            elif self._public is not None and ev.kind not in _FOLD_ONLY:
                self._keys[(ev.user_id, ev.kind)] = self._public
        return problem

    def _defer(self, ev: Event, public: str) -> None:
        """The fold found the key this event must be signed with."""
        self._public = public
        if ev.seq == self.candidate:
            # Relied on for everything before it: checked now, before anything counts on it.
            self.inline += 1
            self._candidate_signed = keys.verify(public, ev.signature, signed_message(self._content))
        elif self._skip:
            self.trusted += 1
        else:
            self.batch.add(ev.seq, ev.kind, ev.user_id, ev.prev_hash, public, ev.signature,
                           signed_message(self._content))

    # --- reports ---------------------------------------------------------------------------

    def _order_problem(self, seq: int, expected: int) -> ChainReport:
        if seq > expected:
            what = (f"event {expected} is missing (the next stored event is {seq}): events were "
                    f"removed or renumbered")
            return self._problem(expected, what)
        if seq == expected:
            what = (f"event {seq} does not follow event {seq - 1}: an event before it was "
                    f"inserted, removed, replaced or reordered")
            return self._problem(seq, what)
        what = (f"event {seq} appears again or out of order after event {expected - 1}: events "
                f"were inserted or reordered")
        return self._problem(expected, what)

    def _problem(self, seq: int, what: str) -> ChainReport:
        return ChainReport(False, self.expected - 1, seq, what, self.head())

    def _stop(self, report: ChainReport) -> None:
        if self.candidate is not None and self.used is None:
            # Found before the checkpoint was reached: a full check would report the first
            # problem by event number, and a signature before this one may be it.
            raise NotTrusted(f"the check stopped at event {report.bad_seq} before reaching it")
        self.stopped = report

    def finish(self) -> ChainReport:
        """The report: the first problem by event number, of a signature or of anything else."""
        failed = self.batch.first_failure()
        head = self.head()
        if self.stopped is not None:
            report = self.stopped
        elif self.anchor is not None and not self.anchor_seen:
            count = self.expected - 1
            report = ChainReport(False, count, count + 1,
                                 f"the chain ends at event {count} but the anchor names event "
                                 f"{self.anchor.seq}: newest events were removed (truncated)", head)
        else:
            report = ChainReport(True, self.expected - 1, None, "", head)
        if self.candidate is not None and self.used is None:
            raise NotTrusted(f"the chain ends at event {self.expected - 1}, before it")
        if failed is not None and (report.bad_seq is None or failed.seq <= report.bad_seq):
            if self.candidate is not None and failed.seq < self.candidate:
                raise NotTrusted(f"a signature before it, of event {failed.seq}, does not verify")
            at = Anchor(failed.seq - 1, failed.prev_hash) if failed.seq > 1 else None
            report = ChainReport(False, failed.seq - 1, failed.seq,
                                 bad_signature(failed.seq, failed.kind, failed.user_id), at)
        used = replace(self.used, signatures_trusted=self.trusted) if self.used else None
        return replace(report, signatures_checked=self.batch.count + self.inline, checkpoint=used)


def verify_rows(read: Callable[[], Iterable[Row]], anchor: Anchor | None = None,
                workers: int = 1, checkpoint: int | None = None) -> ChainReport:
    """Walk the rows ``read()`` gives. With ``checkpoint`` (the number of the newest checkpoint
    event), signatures it covers are not checked again, unless it does not hold: then ``read()``
    is walked again, checking every signature, and the report says why."""
    if checkpoint is not None:
        try:
            return _run(read(), anchor, workers, checkpoint)
        except NotTrusted as exc:
            report = _run(read(), anchor, workers, None)
            note = (f"checkpoint event {checkpoint} was not used ({exc}); every signature was "
                    f"checked instead")
            return replace(report, notes=(*report.notes, note))
    return _run(read(), anchor, workers, None)


def _run(rows: Iterable[Row], anchor: Anchor | None, workers: int,
         checkpoint: int | None) -> ChainReport:
    with SignatureBatch(workers) as batch:
        walk = ChainWalk(batch, anchor, checkpoint)
        walk.feed(rows)
        return walk.finish()
