"""A data folder or records file that cannot be one is refused with a message (exit 2), never an
internal error (exit 3) and never a hang: a file given as the folder, a FIFO, a folder or random
bytes where the SQLite file should be."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from infusecalc.records.adoption import AdoptionError, read_sqlite_adoptions
from infusecalc.records.store import open_store
from infusecalc.records.users import RecordsError

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "issue-example.json"
DB = "infusecalc.sqlite3"


def _bad_records(tmp_path: Path, kind: str) -> Path:
    folder = tmp_path / kind
    folder.mkdir()
    target = folder / DB
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "folder":
        target.mkdir()
    else:
        target.write_bytes(b"not a database, but 5,000 bytes of something else " * 100)
    return folder


def test_a_file_given_as_the_data_folder_is_refused(tmp_path):
    plain = tmp_path / "notes.txt"
    plain.write_text("x")
    with pytest.raises(RecordsError, match="is a file, not a folder"):
        open_store(plain)


@pytest.mark.parametrize("kind, words", [("fifo", "not a regular file"), ("folder", "not a regular file"),
                                         ("junk", "not a SQLite database")])
def test_a_records_file_that_cannot_be_one_is_refused_before_sqlite_opens_it(tmp_path, kind, words):
    folder = _bad_records(tmp_path, kind)
    with pytest.raises(RecordsError, match=words):
        with open_store(folder) as store:
            store.users()
    with pytest.raises(AdoptionError, match=words):       # check's read-only reader (no SQLAlchemy)
        read_sqlite_adoptions(folder / DB)


@pytest.mark.parametrize("argv", [["check", str(EXAMPLE)], ["users", "list"], ["audit", "verify"]])
@pytest.mark.parametrize("kind", ["fifo", "junk"])
def test_the_command_line_refuses_them_with_exit_2(tmp_path, kind, argv):
    folder = _bad_records(tmp_path, kind)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.run([sys.executable, "-m", "infusecalc", "--data-dir", str(folder), *argv],
                         capture_output=True, text=True, timeout=60, env=env, cwd=ROOT)   # a hang was the bug
    assert run.returncode == 2, run.stderr
    assert str(folder / DB) in run.stderr and "internal error" not in run.stderr
