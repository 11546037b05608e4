"""Signed audit checkpoints: an admin's statement, in the chain, that everything before it verified.

``infusecalc audit checkpoint --by ADMIN`` runs the full check (every hash, every signature
against the key in force, every derivation of who may sign) and only if it passes appends an
``audit_checkpoint`` event signed by the admin, recording the event just before it (number and
hash) as fully verified. ``audit verify`` then checks the signatures after the newest such
checkpoint only; audit_walk.py says why that is sound and what it still checks before it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy import select

from .audit_walk import ChainWalk
from .chain import ChainReport, Event, Kind
from .schema import events
from .sigbatch import SignatureBatch
from .store import Store
from .users import Credentials, authenticate, confirm_signer


@dataclass(frozen=True)
class CheckpointResult:
    report: ChainReport       # the full check it rests on (up to the event before it)
    event: Event | None       # the checkpoint appended; None when the check failed


class _Broken(Exception):
    def __init__(self, report: ChainReport) -> None:
        super().__init__(report.problem)
        self.report = report


def make_checkpoint(store: Store, by: Credentials, workers: int = 1) -> CheckpointResult:
    """Check the whole chain and, if it holds, append a checkpoint signed by ``by`` (an admin).

    The admin's password is checked first (a refusal is recorded as for every signature, and
    costs no check of the chain). The long check runs outside any write transaction; the events
    appended meanwhile are checked inside it, holding the append lock, so the checkpoint covers
    exactly the event before it.
    """
    admin = authenticate(store, by, "audit_checkpoint", ("admin",))
    with SignatureBatch(workers) as batch:
        walk = ChainWalk(batch)
        if not walk.feed(store.iter_rows()):
            return CheckpointResult(walk.finish(), None)
        differences = store.check_cache()
        try:
            with store.write() as w:
                admin = confirm_signer(w, admin)    # may append a signed end to a run of failures
                head = walk.head()
                after = head.seq if head else 0
                walk.feed(tuple(r) for r in w.conn.execute(
                    select(*events.c).where(events.c.seq > after).order_by(events.c.seq)))
                report = walk.finish()
                if report.ok and differences:
                    report = replace(report, ok=False,
                                     problem="the users table differs from the chain: "
                                             + "; ".join(differences))
                if not report.ok or report.head is None:
                    raise _Broken(report)           # nothing of this transaction is kept
                ev = w.append_signed(Kind.AUDIT_CHECKPOINT, {
                    "covers_seq": report.head.seq, "covers_hash": report.head.hash,
                    "events_checked": report.checked,
                    "signatures_checked": report.signatures_checked,
                    "all_signatures_verified": True, "by": admin.user_id}, admin)
        except _Broken as exc:
            return CheckpointResult(exc.report, None)
    return CheckpointResult(report, ev)
