"""core/regular_file.py: a chosen file is read only if it is a regular file within its bound."""

from __future__ import annotations

import os

import pytest

from infusecalc.core.regular_file import FileRefused, read_regular_file


def test_a_file_of_exactly_the_bound_is_read_and_one_byte_more_is_refused(tmp_path):
    ok = tmp_path / "ok.json"
    ok.write_bytes(b"x" * 100)
    assert read_regular_file(ok, 100) == b"x" * 100
    ok.write_bytes(b"x" * 101)
    with pytest.raises(FileRefused) as refused:
        read_regular_file(ok, 100)
    assert refused.value.code == "FILE_TOO_LARGE" and "100 bytes" in refused.value.reason


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX only")
def test_a_fifo_and_a_device_are_refused_before_reading(tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    for path in (fifo, "/dev/zero", "/dev/null"):
        with pytest.raises(FileRefused) as refused:
            read_regular_file(path, 1000)
        assert refused.value.code == "FILE_NOT_REGULAR"
        problem = refused.value.problem(path)
        assert problem.value == str(path) and "regular file" in problem.message


def test_a_folder_and_a_missing_file_say_what_they_are(tmp_path):
    with pytest.raises(FileRefused) as folder:
        read_regular_file(tmp_path, 10)
    assert folder.value.code == "FILE_IS_FOLDER"
    with pytest.raises(FileRefused) as missing:
        read_regular_file(tmp_path / "nope.json", 10)
    assert missing.value.code == "FILE_UNREADABLE" and "No such file" in missing.value.reason
    assert isinstance(missing.value, OSError)


def test_an_output_over_a_device_pipe_or_folder_is_refused_and_a_file_or_nothing_is_not(tmp_path):
    from infusecalc.core.regular_file import check_output_target

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(FileRefused) as refused:
        check_output_target(fifo)
    assert refused.value.code == "OUTPUT_NOT_REGULAR"
    with pytest.raises(FileRefused) as refused:
        check_output_target(tmp_path)
    assert refused.value.code == "OUTPUT_IS_FOLDER"
    if os.path.exists("/dev/null"):
        with pytest.raises(FileRefused):
            check_output_target("/dev/null")
    old = tmp_path / "old.pdf"
    old.write_bytes(b"x")
    check_output_target(old)                    # a file is replaced: no refusal
    check_output_target(tmp_path / "new.pdf")   # nor is a name that does not exist yet
