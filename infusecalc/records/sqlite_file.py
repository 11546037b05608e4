"""Whether a path can be an SQLite records file, asked before SQLite opens it.

SQLite opens a FIFO (read-only: blocking until a writer comes, so `check` hung), a folder or a
device and fails later with "disk I/O error"; another file fails with "file is not a database"
at the first query. Both read as internal errors. Standard library only: `check` imports this
without SQLAlchemy.
"""

from __future__ import annotations

from pathlib import Path

SQLITE_HEADER = b"SQLite format 3\x00"


def not_a_database(path: Path) -> str | None:
    """Why ``path`` cannot be the records file, or None (absent, empty or an SQLite file)."""
    if not path.exists():
        return None
    if not path.is_file():
        return "is not a regular file (a folder, FIFO or device)"
    try:
        with path.open("rb") as fh:
            head = fh.read(len(SQLITE_HEADER))
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    if head and head != SQLITE_HEADER:
        return "is not a SQLite database (not InfuseCalc records, or damaged)"
    return None
