"""Ed25519 checks for ``audit verify`` in bulk: in chunks, on several cores where it can.

A signature check costs about a hundred times what the rest of an event's check costs, and the
checks do not depend on one another once the walk has said which key must have made each
signature (ledger.Ledger.defer_signature). They run in chunks of CHUNK, inline with one worker,
else in a pool of worker processes started by fork (POSIX; cryptography holds the GIL while it
verifies, so threads would not help). Where fork is missing (Windows) or unsafe (macOS, where
system frameworks do not survive it), or the chain is short, the checks run inline. The pool
starts only once a chunk is full, so a small chain never starts a process. The offline bundle
leaves multiprocessing out (packaging/lean.py): there the checks run inline too.
"""

from __future__ import annotations

import sys
from concurrent.futures import Future
from dataclasses import dataclass
from types import TracebackType
from typing import Any

from . import keys

CHUNK = 2000


@dataclass(frozen=True, slots=True)
class Signed:
    """What a report needs of an event whose signature is checked later."""

    seq: int
    kind: str
    user_id: str
    prev_hash: str


def can_fork() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        import multiprocessing
    except ImportError:     # the offline bundle
        return False
    return "fork" in multiprocessing.get_all_start_methods()


class SignatureBatch:
    def __init__(self, workers: int = 1) -> None:
        self.workers = workers if workers > 1 and can_fork() else 1
        self._pool: Any = None     # a ProcessPoolExecutor once a chunk is full
        self._items: list[tuple[str, str, bytes]] = []
        self._events: list[Signed] = []
        self._chunks: list[tuple[Future[int] | int, list[Signed]]] = []
        self._stop = False     # a signature is known to have failed: the walk may stop
        self.count = 0         # signatures handed in

    def __enter__(self) -> SignatureBatch:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def add(self, seq: int, kind: str, user_id: str, prev_hash: str, public: str,
            signature: str, message: bytes) -> None:
        self._items.append((public, signature, message))
        self.count += 1
        self._events.append(Signed(seq, kind, user_id, prev_hash))
        if len(self._items) >= CHUNK:
            self._flush()

    def _flush(self, last: bool = False) -> None:
        items, events = self._items, self._events
        self._items, self._events = [], []
        if not items:
            return
        if self.workers == 1 or (last and self._pool is None):
            # Inline, also a short last chunk when no pool runs yet: starting processes for it
            # costs more than the checks (audit verify after a checkpoint checks a few hundred).
            bad = keys.first_unverified(items)
            self._chunks.append((bad, events))
            self._stop = self._stop or bad >= 0
            return
        if self._pool is None:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            self._pool = ProcessPoolExecutor(self.workers,
                                             mp_context=multiprocessing.get_context("fork"))
        self._chunks.append((self._pool.submit(keys.first_unverified, items), events))
        # Finished chunks so far: one with a failure ends the walk early (first_failure() still
        # decides which failure is the first).
        self._stop = self._stop or any(
            isinstance(r, Future) and r.done() and r.result() >= 0 for r, _ in self._chunks)

    def failed_early(self) -> bool:
        """True once a chunk checked so far holds a signature that failed."""
        return self._stop

    def first_failure(self) -> Signed | None:
        """The earliest event (by number) whose signature does not verify, after checking all."""
        self._flush(last=True)
        for result, events in self._chunks:
            bad = result.result() if isinstance(result, Future) else result
            if bad >= 0:
                return events[bad]
        return None
