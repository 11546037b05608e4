"""Files, streams and the exit-code contract of the command (issue 14).

0/1 only for a computed result, 2 for anything refused, 3 for an internal error; never a
traceback unless --debug is given.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from infusecalc.cli import main as cli_main

from .helpers import base_case

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "issue-example.json"
CMD = [sys.executable, "-m", "infusecalc"]
posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX devices, FIFOs and shell redirections")


def shell(script: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(["sh", "-c", script], capture_output=True, text=True, timeout=60, **kw)


def cmd(*args: str) -> str:
    return " ".join([sys.executable, "-m", "infusecalc", *args])


def in_process(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli_main.main(list(argv))
    return code, out.getvalue(), err.getvalue()


@posix_only
def test_dev_zero_is_refused_quickly():
    start = time.monotonic()
    r = subprocess.run([*CMD, "check", "/dev/zero"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and "CASE_TOO_LARGE" in r.stderr and "Traceback" not in r.stderr
    assert time.monotonic() - start < 30   # a guard against hanging, not a benchmark


@posix_only
def test_a_fifo_with_no_writer_is_refused_not_waited_on(tmp_path):
    fifo = tmp_path / "case.fifo"
    os.mkfifo(fifo)
    r = subprocess.run([*CMD, "check", str(fifo)], capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and "no writer" in r.stderr and "Traceback" not in r.stderr


@posix_only
def test_a_silent_pipe_is_refused_after_a_bounded_wait(monkeypatch):
    from infusecalc.cli import caseinput

    assert caseinput.READ_TIMEOUT_S <= 1.0     # "no input takes more than a second to refuse"
    monkeypatch.setattr(caseinput, "READ_TIMEOUT_S", 0.2)
    read_end, write_end = os.pipe()
    try:
        with pytest.raises(caseinput.CaseReadError, match="nothing arrived.*save its output to a file"):
            caseinput._read_fd(read_end, pipe=True)
    finally:
        os.close(read_end)
        os.close(write_end)


@posix_only
def test_a_silent_pipe_is_refused_in_about_a_second():
    # The whole command, with a writer that holds the pipe open and says nothing for 30 s.
    start = time.monotonic()
    p = subprocess.Popen(["sleep", "30"], stdout=subprocess.PIPE)
    try:
        r = subprocess.run([*CMD, "check", "-"], stdin=p.stdout, capture_output=True, text=True, timeout=60)
    finally:
        p.kill()
        p.wait()
        p.stdout.close()
    assert r.returncode == 2 and "nothing arrived within 1 second" in r.stderr
    assert time.monotonic() - start < 25   # a guard against the old 10 s (and hangs), not a benchmark


@posix_only
def test_a_trickling_pipe_is_refused_after_the_total_bound(monkeypatch):
    from infusecalc.cli import caseinput

    monkeypatch.setattr(caseinput, "READ_TIMEOUT_S", 0.5)
    monkeypatch.setattr(caseinput, "READ_TOTAL_S", 0.3)
    read_end, write_end = os.pipe()
    try:
        os.write(write_end, b"{")                       # one byte, then silence: never ends
        with pytest.raises(caseinput.CaseReadError, match="still arriving after 0.3 seconds"):
            caseinput._read_fd(read_end, pipe=True)
    finally:
        os.close(read_end)
        os.close(write_end)


@posix_only
def test_closed_stdin_is_refused():
    r = shell(f"{cmd('check', '-')} <&-")
    assert r.returncode == 2 and "standard input is closed" in r.stderr and "Traceback" not in r.stderr


@posix_only
def test_closed_stdout_still_gives_the_result_as_exit_code():
    r = shell(f"{cmd('check', str(EXAMPLE))} >&-")
    assert r.returncode == 0 and "Traceback" not in r.stderr and "Exception" not in r.stderr


@posix_only
@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_full_stdout_is_exit_2_without_traceback():
    r = shell(f"{cmd('check', str(EXAMPLE))} >/dev/full")
    assert r.returncode == 2 and "cannot write to standard output" in r.stderr
    assert "Traceback" not in r.stderr and "Exception ignored" not in r.stderr


@posix_only
@pytest.mark.parametrize("case, code", [(EXAMPLE, 0), (None, 1)])
def test_a_pipe_closed_by_its_reader_keeps_the_results_exit_code(tmp_path, case, code):
    # `infusecalc check case.json | head -1` exited 2 with "Broken pipe": the result was computed
    # and the reader had what it wanted. The rule now (README): a reader closing the pipe leaves
    # the result's code and says nothing; a full disk is still 2 (test above).
    if case is None:
        case = tmp_path / "not-cleared.json"
        case.write_text(json.dumps(base_case(exposures=[{"agent": "cytarabine", "last_date": "2026-12-08"}])),
                        encoding="utf-8")
    for extra in ([], ["--json"]):
        p = subprocess.Popen([*CMD, "check", str(case), *extra], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        p.stdout.close()                       # the reader goes away before anything is written
        err = p.stderr.read().decode()
        assert p.wait(timeout=60) == code
        assert err == "", err


@posix_only
def test_head_of_the_summary_keeps_the_exit_code():
    r = subprocess.run(["bash", "-c", f"{cmd('check', str(EXAMPLE))} | head -1; echo \"exit=${{PIPESTATUS[0]}}\""],
                       capture_output=True, text=True, timeout=60)
    first, status = r.stdout.splitlines()
    assert first.strip() and status == "exit=0"
    assert "Traceback" not in r.stderr and "Broken pipe" not in r.stderr


@posix_only
def test_schema_into_a_closed_pipe_is_exit_0():
    p = subprocess.Popen([*CMD, "schema"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    p.stdout.close()
    assert p.wait(timeout=60) == 0 and p.stderr.read() == b""


def test_utf16_and_latin1_files(tmp_path):
    data = json.dumps(base_case(), ensure_ascii=False)
    (tmp_path / "u16.json").write_bytes(data.encode("utf-16"))
    (tmp_path / "l1.json").write_bytes(data.replace("0101-001", "0101-001").encode("utf-8") + b"\xe9")
    assert in_process("check", str(tmp_path / "u16.json"))[0] == 0
    code, out, err = in_process("check", str(tmp_path / "l1.json"))
    assert (code, out) == (2, "") and "not a UTF-8 JSON file" in err


def test_duplicate_key_is_exit_2_naming_it(tmp_path):
    path = tmp_path / "dup.json"
    path.write_text(json.dumps(base_case(exposures=[{"agent": "cytarabine", "last_date": "2026-12-08"}]))[:-1]
                    + ', "exposures": []}', encoding="utf-8")
    code, out, err = in_process("check", str(path), "--json")
    assert (code, out) == (2, "")
    problem = json.loads(err)["errors"][0]
    assert problem["code"] == "CASE_DUPLICATE_KEY" and problem["field"] == "exposures"


def _boom(*_a, **_k):
    raise ZeroDivisionError("a bug")


@pytest.mark.parametrize("argv, target", [
    (["check", str(EXAMPLE)], "infusecalc.core.evaluate.evaluate"),
    (["schema"], "infusecalc.core.case.Case.model_json_schema"),
    (["check", str(EXAMPLE)], "infusecalc.core.protocol.default_protocol"),
])
def test_an_internal_error_is_exit_3_one_line(monkeypatch, argv, target):
    module, _, name = target.rpartition(".")
    if module.endswith(".Case"):
        from infusecalc.core.case import Case

        monkeypatch.setattr(Case, name, classmethod(_boom))
    else:
        monkeypatch.setattr(module + "." + name, _boom)
    code, out, err = in_process(*argv)
    assert code == 3 and out == ""
    assert err.strip().splitlines() == [
        "infusecalc: internal error, nothing was changed; please report (run again with --debug for the details)"]
    code, _, err = in_process("--debug", *argv)
    assert code == 3 and "Traceback" in err and "ZeroDivisionError: a bug" in err


def test_help_and_usage_errors_keep_their_codes():
    with pytest.raises(SystemExit) as exc:
        in_process("check")
    assert exc.value.code == 2


@posix_only
@pytest.mark.parametrize("option", ["--protocol", "--formulary"])
def test_a_device_or_fifo_as_a_data_file_is_exit_2_at_once(tmp_path, option):
    # --protocol /dev/zero read until memory ran out; a FIFO waited for a writer forever.
    fifo = tmp_path / "p.fifo"
    os.mkfifo(fifo)
    for path in ("/dev/zero", str(fifo)):
        code, out, err = in_process("check", str(EXAMPLE), option, path)
        assert (code, out) == (2, "") and "not a regular file" in err and path in err


def test_a_5000_digit_number_in_a_data_file_is_exit_2_not_3(tmp_path):
    from infusecalc.core.protocol import default_protocol

    text = Path(default_protocol().path).read_text(encoding="utf-8")
    path = tmp_path / "p.toml"
    path.write_text(text.replace("window_days = 7\n", "window_days = " + "9" * 5000 + "\n", 1), encoding="utf-8")
    code, out, err = in_process("check", str(EXAMPLE), "--protocol", str(path))
    assert (code, out) == (2, "") and "too long" in err and "internal error" not in err


@pytest.mark.parametrize("encoding", ["ascii", "latin-1", "cp1252"])
def test_a_result_is_printed_whatever_the_locale_encoding(encoding):
    # Found by fuzzing: under a latin-1 or cp1252 locale (a redirected Windows console) the
    # Chinese summary, or a Chinese agent name, could not be encoded and a computed result
    # became "internal error" (exit 3). Standard output is now UTF-8 whatever the locale.
    env = {**os.environ, "PYTHONIOENCODING": encoding}
    for extra in (["--lang", "zh_CN"], ["--lang", "zh_CN", "--json"]):
        r = subprocess.run([*CMD, "check", str(EXAMPLE), *extra], capture_output=True, env=env, timeout=60)
        assert r.returncode == 0, r.stderr.decode(errors="replace")
        out = r.stdout.decode("utf-8")
        assert any("\u4e00" <= ch <= "\u9fff" for ch in out)


def test_json_errors_are_json_whatever_the_locale_encoding(tmp_path):
    # Found by fuzzing: with an ASCII stderr a refused subject ID "nanµL" was written as
    # "nan\xb5L" inside the --json error object, which is not JSON.
    path = tmp_path / "case.json"
    path.write_text(json.dumps(base_case(subject_id="nanµL")), encoding="utf-8")
    r = subprocess.run([*CMD, "check", str(path), "--json"], capture_output=True, timeout=60,
                       env={**os.environ, "PYTHONIOENCODING": "ascii"})
    assert r.returncode == 2 and r.stdout == b""
    (problem,) = json.loads(r.stderr.decode("utf-8"))["errors"]
    assert problem["field"] == "subject_id" and problem["value"] == "nanµL"
