"""Output files that are never overwritten: the name is claimed by the kernel, or refused.

``backup``, ``keys export`` and ``audit export --out`` write a file the user names. Checking that
the path is free and then writing it leaves a gap: a second writer, or someone who plants a file
or a symbolic link at the path in between, gets overwritten or written through (a link to the
live database, to ~/.pgpass, to another site's key file). Here the file is created with
O_CREAT | O_EXCL (and O_NOFOLLOW): one step in which the kernel refuses any existing name, a
symbolic link included even when it points nowhere, and nothing is ever written through it.

Everything is then written through that one descriptor. SQLite's backup API wants a path, so a
backup is first made in a private folder (0700, a random name) beside the target, verified
there, and its bytes copied into the claimed file. A failure removes the claimed file (only if
it is still the one created here) and is a RecordsError: the command's exit 2 with a message
saying what, where, why and how to fix it.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from .users import RecordsError

_CHUNK = 1 << 20


class OutputRefused(RecordsError):
    """The output file was not written (it exists, or cannot be created or written)."""


def _flags() -> int:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
    for name in ("O_NOFOLLOW", "O_CLOEXEC", "O_NOCTTY", "O_BINARY"):
        flags |= getattr(os, name, 0)
    return flags


def _exists_message(path: Path, what: str) -> str:
    kind = "a symbolic link" if os.path.islink(path) else (
        "a folder" if os.path.isdir(path) else "a file")
    return (f"{path} already exists ({kind}): {what} never replaces or writes through anything "
            f"already at the path it is given, so nothing was written. Give the name of a new "
            f"file, or move the existing one aside first.")


def _cannot(path: Path, what: str, exc: OSError | ValueError) -> str:
    reason = getattr(exc, "strerror", None) or str(exc)
    return (f"cannot write {what} to {path}: {reason}. Nothing was written. Check that the folder "
            f"exists, that you may write in it and that the disk has room, then try again.")


def claim(path: str | Path, what: str, mode: int = 0o600) -> int:
    """Create ``path`` exclusively and return its open descriptor; OutputRefused otherwise."""
    path = Path(path)
    try:
        return os.open(path, _flags(), mode)
    except FileExistsError:
        raise OutputRefused(_exists_message(path, what)) from None
    except (OSError, ValueError) as exc:   # ValueError: a NUL in the path
        raise OutputRefused(_cannot(path, what, exc)) from None


def _discard(path: Path, fd: int) -> None:
    """Remove the file created here, and only that one (not whatever replaced it meanwhile)."""
    try:
        mine, now = os.fstat(fd), os.lstat(path)
        if (mine.st_dev, mine.st_ino) == (now.st_dev, now.st_ino):
            os.unlink(path)
    except OSError:
        pass


def _sync_folder(path: Path) -> None:
    if os.name != "posix":
        return
    try:
        fd = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextmanager
def new_file(path: str | Path, what: str, mode: int = 0o600) -> Iterator[int]:
    """The descriptor of a newly created ``path``; written, synced and closed at the end, or
    removed again if the block fails. Write errors become OutputRefused."""
    path = Path(path)
    fd = claim(path, what, mode)
    try:
        yield fd
        os.fsync(fd)
    except OSError as exc:
        _discard(path, fd)
        os.close(fd)
        raise OutputRefused(_cannot(path, what, exc)) from None
    except BaseException:
        _discard(path, fd)
        os.close(fd)
        raise
    os.close(fd)
    _sync_folder(path)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def write_new_bytes(path: str | Path, data: bytes, what: str, mode: int = 0o600) -> None:
    with new_file(path, what, mode) as fd:
        _write_all(fd, data)


@contextmanager
def new_text_file(path: str | Path, what: str, mode: int = 0o600) -> Iterator[IO[str]]:
    """A text stream (UTF-8, no newline translation) on a newly created ``path``."""
    with new_file(path, what, mode) as fd:
        stream = os.fdopen(os.dup(fd), "w", encoding="utf-8", newline="")
        try:
            yield stream
        finally:
            stream.close()   # flushes: a full disk shows here, inside new_file's handling


def write_new_copy(path: str | Path, produce: Callable[[Path], None], what: str,
                   mode: int = 0o600) -> None:
    """Claim ``path``, let ``produce`` write a file at a path it is given (inside a private
    folder beside ``path``; what it leaves there is removed), then copy that file's bytes in."""
    path = Path(path)
    with new_file(path, what, mode) as fd:
        try:
            work = Path(tempfile.mkdtemp(prefix=".infusecalc-", dir=path.parent or "."))
        except OSError as exc:
            raise OutputRefused(_cannot(path, what, exc)) from None
        try:
            made = work / path.name
            produce(made)
            with open(made, "rb") as src:
                while chunk := src.read(_CHUNK):
                    _write_all(fd, chunk)
        finally:
            shutil.rmtree(work, ignore_errors=True)


__all__ = ["OutputRefused", "claim", "new_file", "new_text_file", "write_new_bytes", "write_new_copy"]
