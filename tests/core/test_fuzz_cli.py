"""Fuzzing `infusecalc check` end to end (issue 14, items 4 and 7): generated case files through
main() in-process, a few through a real process and its standard input.

The contract: exit 0 or 1 only for a computed result (printed on stdout, and the same result the
core computes), 2 for refused input (stdout empty, the reason on stderr), never 3 and never a
traceback.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infusecalc.cli import main as cli_main
from infusecalc.core.case import parse_case_bytes
from infusecalc.core.errors import InputError
from infusecalc.core.evaluate import evaluate

from .fuzz_strategies import FAST, SLOW, SLOW_ENABLED, case_bytes
from .test_fuzz_datafiles import FORMULARY, PROTOCOL, mutated_toml

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "issue-example.json"


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz-cli")


_names = itertools.count()


def in_process(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli_main.main(list(argv))
    return code, out.getvalue(), err.getvalue()


def expected_code(raw: bytes, protocol=None) -> int:
    """What the core says about these bytes: 0 cleared, 1 not cleared, 2 refused."""
    try:
        ev = evaluate(parse_case_bytes(raw), protocol)
    except InputError:
        return 2
    return 0 if ev.cleared else 1


def assert_contract(code: int, out: str, err: str, as_json: bool) -> None:
    assert code in (0, 1, 2), f"exit {code}: {err[-2000:]}"
    assert "Traceback" not in err and "internal error" not in err, err[-2000:]
    if code == 2:
        assert out == "", "nothing is printed on stdout for refused input"
        assert err.strip(), "a refusal says why"
        if as_json and err.lstrip().startswith("{"):
            problems = json.loads(err)["errors"]
            assert problems and all(p["code"] and p["field"] for p in problems)
        return
    assert out.strip(), "a computed result is printed"
    if as_json:
        result = json.loads(out)
        assert result["cleared"] is (code == 0)
        assert result["dose"]["cells"] is None or result["dose"]["cells"] > 0


@FAST
@given(case_bytes(), st.booleans(), st.sampled_from([[], ["--lang", "zh_CN"]]))
def test_check_exits_by_the_contract_and_agrees_with_the_core(workdir, raw, as_json, lang):
    path = workdir / f"{next(_names)}.json"
    path.write_bytes(raw)
    code, out, err = in_process("check", str(path), *(["--json"] if as_json else []), *lang)
    assert_contract(code, out, err, as_json)
    assert code == expected_code(raw)


@settings(FAST, max_examples=60)
@given(st.sampled_from(["--protocol", "--formulary"]), st.data())
def test_check_with_a_hostile_data_file_exits_by_the_contract(workdir, option, data):
    path = workdir / f"{next(_names)}.toml"
    path.write_bytes(data.draw(mutated_toml(PROTOCOL if option == "--protocol" else FORMULARY)))
    code, out, err = in_process("check", str(EXAMPLE), option, str(path), "--json")
    assert_contract(code, out, err, as_json=True)
    if code == 2 and "is not a valid data file" in err:
        assert str(path) in err   # the refusal names the file


@settings(FAST, max_examples=6)
@given(case_bytes(), st.sampled_from(["utf-8", "latin-1", "ascii"]), st.sampled_from([[], ["--lang", "zh_CN"]]))
def test_check_reads_standard_input_by_the_contract(raw, encoding, lang):
    # A real process: standard input, stdout in the locale's encoding (in-process tests write to
    # a StringIO, which encodes nothing), and the process's own exit status.
    r = subprocess.run([sys.executable, "-m", "infusecalc", "check", "-", "--json", *lang], input=raw,
                       capture_output=True, timeout=120, env={**os.environ, "PYTHONIOENCODING": encoding})
    err = r.stderr.decode("utf-8", errors="replace")
    assert_contract(r.returncode, r.stdout.decode("utf-8"), err, as_json=True)
    assert r.returncode == expected_code(raw)


@pytest.mark.slow
@pytest.mark.skipif(not SLOW_ENABLED, reason="5,000 examples; set INFUSECALC_SLOW_TESTS=1")
@SLOW
@given(case_bytes(), st.booleans())
def test_check_many_examples(workdir, raw, as_json):
    path = workdir / f"{next(_names)}.json"
    path.write_bytes(raw)
    code, out, err = in_process("check", str(path), *(["--json"] if as_json else []))
    assert_contract(code, out, err, as_json)
    assert code == expected_code(raw)
