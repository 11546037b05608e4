"""A data folder or SQLite file whose name holds '%' is that folder or file: the path is never
read as a URL (where %41 means "A"). Found by the command fuzzing in CI: '--data-dir %00'
ended in an internal error, and a folder named 'a%41b' would have opened the records of 'aAb'."""

from __future__ import annotations

import contextlib
import io

from infusecalc.cli import main as cli_main
from infusecalc.records.adoption import locate_records
from infusecalc.records.pg_url import open_records


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli_main.main(list(argv))
    return code, out.getvalue(), err.getvalue()


def test_a_data_folder_named_with_percent_escapes_is_that_folder(tmp_path):
    for name in ("a%41b", "%00", "100%"):
        folder = tmp_path / name
        code, _out, err = run("--data-dir", str(folder), "users", "list")
        assert code == 0, err
        assert (folder / "infusecalc.sqlite3").is_file()
    assert not (tmp_path / "aAb").exists()
    with open_records(data_dir=tmp_path / "a%41b") as store:
        assert store.describe() == str(tmp_path / "a%41b" / "infusecalc.sqlite3")


def test_a_sqlite_url_is_read_once_as_a_url_and_the_protocol_lookup_agrees(tmp_path):
    url = f"sqlite:///{tmp_path}/a%2541b/records.db"     # %25 is '%': the folder 'a%41b'
    code, _out, err = run("--database", url, "users", "list")
    assert code == 0, err
    assert (tmp_path / "a%41b" / "records.db").is_file()
    assert locate_records(url, None) == (None, tmp_path / "a%41b" / "records.db")


def test_a_sqlite_url_naming_a_nul_character_is_refused_in_words(tmp_path):
    code, out, err = run("--database", f"sqlite:///{tmp_path}/%00/records.db", "users", "list")
    assert code == 2 and out == ""
    assert "NUL character" in err and "Traceback" not in err
