"""Reading a case file from a path or standard input, bounded in size and in time.

A FIFO with no writer would block ``open`` forever and ``/dev/zero`` never ends: the file is
opened without blocking, read at most MAX_CASE_BYTES + 1 bytes, and a pipe or FIFO that stays
silent for READ_TIMEOUT_S (or keeps trickling past READ_TOTAL_S) is refused.
"""

from __future__ import annotations

import os
import select
import stat
import sys
import time

from ..core.casefile import MAX_CASE_BYTES, decode

# Standard input, when the process started with it closed (main() notes it).
stdin_closed = False

# How long a pipe or FIFO may stay silent (before its first byte, and between two chunks).
# The trade-off: a case file is a few kilobytes that a writer such as `cat` delivers in
# microseconds, and "no input takes more than a second to refuse" (issue 14), so one second;
# a pipe from a program that is slow to start (`ssh host cat case.json | infusecalc check -`,
# a script that builds the case for longer than a second) is refused with exit 2 and a message
# that says to save its output to a file and check the file. That refusal is safe (nothing is
# computed from half a file); it was 10 s before, so a silent pipe held the command 10 s.
READ_TIMEOUT_S = 1.0
# However the chunks arrive, reading a case never takes longer than this (a writer trickling a
# byte a second would otherwise hold the command for days).
READ_TOTAL_S = 10.0


class CaseReadError(OSError):
    """The case file cannot be read; ``strerror`` says why (exit 2)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.strerror = reason


def _wait(fd: int, silence_deadline: float, total_deadline: float) -> None:
    now = time.monotonic()
    left = min(silence_deadline, total_deadline) - now
    ready = select.select([fd], [], [], left)[0] if left > 0 else []
    if ready:
        return
    if time.monotonic() >= total_deadline:
        raise CaseReadError(f"the stream was still arriving after {READ_TOTAL_S:g} seconds; save the "
                            f"case to a file and check the file")
    raise CaseReadError(f"nothing arrived within {READ_TIMEOUT_S:g} second{'s' if READ_TIMEOUT_S != 1 else ''} "
                        f"(a pipe or FIFO whose writer is silent?); if the program writing it is slow to "
                        f"start, save its output to a file and check the file")


def _read_fd(fd: int, pipe: bool) -> bytes:
    """At most MAX_CASE_BYTES + 1 bytes; a pipe silent for READ_TIMEOUT_S, or still arriving
    after READ_TOTAL_S, is refused."""
    chunks: list[bytes] = []
    size = 0
    start = time.monotonic()
    silence_deadline, total_deadline = start + READ_TIMEOUT_S, start + READ_TOTAL_S
    can_wait = pipe and os.name != "nt"    # select() takes only sockets on Windows
    while size <= MAX_CASE_BYTES:
        if can_wait and os.get_blocking(fd):
            _wait(fd, silence_deadline, total_deadline)
        try:
            chunk = os.read(fd, min(65536, MAX_CASE_BYTES + 1 - size))
        except BlockingIOError:   # a FIFO opened without blocking: its writer has not written yet
            _wait(fd, silence_deadline, total_deadline)
            continue
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
        silence_deadline = time.monotonic() + READ_TIMEOUT_S
    if pipe and not chunks:
        # A FIFO nobody has open for writing reads as empty at once (POSIX).
        raise CaseReadError("nothing to read (a FIFO with no writer, or an empty stream)")
    return b"".join(chunks)


def read_case_bytes(path: str) -> bytes:
    """The bytes of a case file ('-' is standard input); at most MAX_CASE_BYTES + 1 of them."""
    if path == "-":
        if sys.stdin is None or stdin_closed:
            raise CaseReadError("standard input is closed")
        try:
            fd = sys.stdin.fileno()
            mode = os.fstat(fd).st_mode
        except (OSError, ValueError) as exc:
            raise CaseReadError(f"standard input cannot be read: {getattr(exc, 'strerror', None) or exc}") from None
        return _read_fd(fd, pipe=stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode))
    try:
        mode = os.stat(path).st_mode
        if stat.S_ISDIR(mode):
            raise CaseReadError("is a folder, not a file")
        special = not stat.S_ISREG(mode)
        # Without O_NONBLOCK, opening a FIFO waits for a writer forever.
        fd = os.open(path, os.O_RDONLY | (os.O_NONBLOCK if special and hasattr(os, "O_NONBLOCK") else 0))
    except OSError as exc:
        raise CaseReadError(exc.strerror or str(exc)) from None
    try:
        return _read_fd(fd, pipe=stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode))
    except OSError as exc:
        raise CaseReadError(exc.strerror or str(exc)) from None
    finally:
        os.close(fd)


def read_case_text(path: str) -> str:
    """The text of a case file: bounded read, then UTF-8 (or UTF-16/32 with a byte-order mark).

    Raises CaseReadError (an OSError) when it cannot be read, InputError when it is not text."""
    return decode(read_case_bytes(path))
