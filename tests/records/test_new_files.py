"""Output files the records commands write are created in one step, never overwritten.

`backup`, `keys export` and `audit export --out` used to check that the path was free and then
write it: a file or symbolic link planted in between (or a second writer) was overwritten or
written through. Now the kernel claims the name (O_CREAT | O_EXCL | O_NOFOLLOW,
records/newfile.py): anything already there is refused with exit 2 and left exactly as it was.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import sys
import threading

import pytest

from infusecalc.records.newfile import OutputRefused, write_new_bytes
from infusecalc.records.store import open_sqlite_file, open_store

from .test_cli_records import cli, site  # noqa: F401 - fixtures

COMMANDS = {
    "backup": lambda path: ("backup", str(path)),
    "keys export": lambda path: ("keys", "export", "--out", str(path)),
    "audit export": lambda path: ("audit", "export", "--format", "json", "--out", str(path)),
}
posix_only = pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need privileges there")


def _refused(result, path) -> str:
    code, out, err = result
    assert code == 2, err
    assert out == "", "nothing on stdout for a refusal"
    assert "Traceback" not in err
    assert str(path) in err and "nothing was written" in err.lower()
    return err


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_an_existing_file_is_refused_and_left_as_it_was(cli, site, tmp_path, command):
    target = tmp_path / "out" / "already-here"
    target.parent.mkdir()
    target.write_bytes(b"someone else's file\n")
    err = _refused(cli(*COMMANDS[command](target)), target)
    assert "already exists (a file)" in err and "move the existing one aside" in err
    assert target.read_bytes() == b"someone else's file\n"
    assert sorted(p.name for p in target.parent.iterdir()) == ["already-here"]   # no leftovers


@posix_only
@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("points_at", ["nothing", "a file"])
def test_a_symlink_planted_at_the_target_is_never_written_through(cli, site, tmp_path, command, points_at):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    victim = elsewhere / "victim"
    if points_at == "a file":
        victim.write_bytes(b"precious\n")
    out = tmp_path / "out"
    out.mkdir()
    link = out / "copy"
    link.symlink_to(victim)
    err = _refused(cli(*COMMANDS[command](link)), link)
    assert "(a symbolic link)" in err
    assert link.is_symlink() and os.readlink(link) == str(victim)
    if points_at == "a file":
        assert victim.read_bytes() == b"precious\n"
    else:
        assert not victim.exists(), "nothing was created through the dangling link"
    assert sorted(p.name for p in out.iterdir()) == ["copy"]


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_folder_that_does_not_exist_is_exit_2_not_an_internal_error(cli, site, tmp_path, command):
    target = tmp_path / "no-such-folder" / "file"
    err = _refused(cli(*COMMANDS[command](target)), target)
    assert "No such file or directory" in err and "Check that the folder exists" in err
    assert not target.parent.exists()


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_new_file_is_written(cli, site, tmp_path, command):
    target = tmp_path / "new"
    code, _, err = cli(*COMMANDS[command](target))
    assert code == 0, err
    assert target.is_file() and target.stat().st_size > 0
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".infusecalc-")) == []
    if sys.platform != "win32":
        mode = stat.S_IMODE(target.stat().st_mode)
        if command == "keys export":   # public keys, to be carried: readable, never writable by others
            assert not mode & 0o022
        else:                          # the records: private, as the database is
            assert mode & 0o077 == 0


def test_two_backups_racing_for_one_name_make_one_file_and_one_refusal(cli, site, tmp_path):
    target = tmp_path / "copy.sqlite3"
    results: list[object] = []
    start = threading.Barrier(4)

    def one() -> None:
        with open_store(cli.data_dir) as store:
            start.wait()
            try:
                results.append(store.backup(target))
            except OutputRefused as exc:
                results.append(exc)

    threads = [threading.Thread(target=one) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    made = [r for r in results if not isinstance(r, OutputRefused)]
    assert len(made) == 1 and made[0].ok and len(results) == 4
    with open_store(cli.data_dir) as live, open_sqlite_file(target) as copy:
        assert copy.head() == live.head()


def test_a_backup_that_fails_half_way_leaves_no_file(cli, site, tmp_path, monkeypatch):
    from infusecalc.records.backend import SqliteBackend

    def full_disk(self, engine, target):
        target.write_bytes(b"SQLite format 3\x00 half")
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(SqliteBackend, "backup", full_disk)
    target = tmp_path / "copy.sqlite3"
    err = _refused(cli("backup", str(target)), target)
    assert "disk is full" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["case.json", "data"])


def test_a_file_planted_after_the_name_was_claimed_is_not_removed_by_a_failure(tmp_path, monkeypatch):
    # Cleaning up after a failure removes only the file this process created.
    from infusecalc.records import newfile

    target = tmp_path / "keys.json"

    def swap_then_fail(fd, data):
        os.unlink(target)
        target.write_bytes(b"planted\n")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(newfile, "_write_all", swap_then_fail)
    with pytest.raises(OutputRefused, match="No space left on device"):
        write_new_bytes(target, b"{}", "the key export")
    assert target.read_bytes() == b"planted\n"
