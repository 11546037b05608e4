"""Reading a file named by a path someone chose: a regular file only, and at most a bound.

A FIFO blocks ``open`` until a writer comes (a window would hang), a device such as /dev/zero
never ends, a folder is not a file: each is refused before any byte is read, as a FileRefused
whose ``problem`` the text layer words in either language. The CLI's ``check`` reads FIFOs and
standard input on purpose (cli/caseinput.py, bounded in time); everything else that opens a
chosen file (the window's case files, protocol and formulary files, an adopted protocol) reads
it through here.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

from .errors import Problem


class FileRefused(OSError):
    """A chosen file that was not read; ``code`` says why, ``strerror`` in English."""

    def __init__(self, code: str, reason: str, limit: int, error: str = "") -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason
        self.strerror = reason
        self.limit = limit
        self.error = error

    def problem(self, path: str | Path) -> Problem:
        return Problem(self.code, "(file)", str(path), self.reason,
                       params={"limit": self.limit, "error": self.error})


def _kind(mode: int, limit: int) -> FileRefused | None:
    if stat.S_ISDIR(mode):
        return FileRefused("FILE_IS_FOLDER", "It is a folder, not a file. Choose the file inside it.", limit)
    if not stat.S_ISREG(mode):
        return FileRefused("FILE_NOT_REGULAR", "It is not a regular file (a pipe, FIFO, socket or device) and "
                           "was not read. Choose a file saved on disk.", limit)
    return None


def check_output_target(path: str | Path) -> None:
    """Refuse to write over anything but a regular file (or nothing).

    Every output is written beside its target and renamed over it, and a rename replaces
    whatever has the name: asked to write a sheet to /dev/null, a program running as root would
    put a PDF where the device was, and every later ``> /dev/null`` of the machine would fill it.
    A symbolic link is replaced as a link (its target is never written), so it is not refused.
    """
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return   # nothing there yet, or the write itself will fail and say why
    if stat.S_ISDIR(mode):
        raise FileRefused("OUTPUT_IS_FOLDER", "It is a folder. Add a file name to the path.", 0)
    if not stat.S_ISREG(mode):
        raise FileRefused("OUTPUT_NOT_REGULAR", "It is a pipe, socket or device, not a file, and was not "
                          "written to. Choose a file name on disk.", 0)


def _unreadable(exc: OSError, limit: int) -> FileRefused:
    error = exc.strerror or str(exc)
    return FileRefused("FILE_UNREADABLE", f"It cannot be read ({error}). Check that it exists and that you "
                       f"may read it.", limit, error)


def read_regular_file(path: str | Path, limit: int) -> bytes:
    """The bytes of ``path``, at most ``limit`` of them; FileRefused (an OSError) otherwise."""
    try:
        refused = _kind(os.stat(path).st_mode, limit)   # a device is never even opened
        if refused:
            raise refused
        # Non-blocking, so that a file swapped for a FIFO after the stat cannot block the open;
        # the descriptor's own type is what decides.
        flags = os.O_RDONLY
        if sys.platform == "win32":
            flags |= os.O_BINARY
        else:
            flags |= os.O_NONBLOCK | os.O_NOCTTY
        fd = os.open(path, flags)
    except FileRefused:
        raise
    except OSError as exc:
        raise _unreadable(exc, limit) from None
    try:
        refused = _kind(os.fstat(fd).st_mode, limit)
        if refused:
            raise refused
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except FileRefused:
        raise
    except OSError as exc:
        raise _unreadable(exc, limit) from None
    finally:
        os.close(fd)
    if size > limit:
        raise FileRefused("FILE_TOO_LARGE", f"It is larger than {limit:,} bytes, far larger than such a file "
                          f"is, and was not read. Check that this is the right file.", limit)
    return b"".join(chunks)
