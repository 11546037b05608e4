"""`infusecalc escalation table`: the JSON contract, the parameters printed, bad arguments exit 2."""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
import sys
from fractions import Fraction

import pytest

from infusecalc.cli.main import main
from infusecalc.core.protocol import resource_path

from .test_table import independent_decision


def run(*argv: str) -> subprocess.CompletedProcess:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["escalation", *argv])
    return subprocess.CompletedProcess(argv, code, out.getvalue(), err.getvalue())


def test_json_is_the_issue_contract_at_the_protocol_parameters():
    r = run("table", "--json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert list(data) == ["target", "interval", "decisions"]
    assert data["target"] == 0.3 and data["interval"] == [0.25, 0.35]
    assert [(d["n"], d["y"]) for d in data["decisions"]] == [(n, y) for n in range(1, 13) for y in range(n + 1)]
    for d in data["decisions"]:
        assert list(d) == ["n", "y", "decision"]
        assert d["decision"] == independent_decision(d["n"], d["y"], Fraction(3, 10), Fraction(1, 4), Fraction(7, 20))
    assert "to be confirmed by the sponsor" in r.stderr and "pT = 0.3" in r.stderr


def test_other_parameters_and_size():
    r = run("table", "--target", "0.25", "--interval", "0.2,0.3", "--max-n", "5", "--json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["target"] == 0.25 and data["interval"] == [0.2, 0.3]
    assert max(d["n"] for d in data["decisions"]) == 5 and len(data["decisions"]) == 2 + 3 + 4 + 5 + 6
    cell = {(d["n"], d["y"]): d["decision"] for d in data["decisions"]}
    assert cell[(5, 1)] == "S" and cell[(5, 2)] == "D" and cell[(3, 2)] == "D" and cell[(3, 3)] == "DU"
    assert "given on the command line" in r.stderr


def test_text_prints_the_parameters_with_the_table():
    r = run("table", "--max-n", "4")
    assert r.returncode == 0
    lines = r.stdout.splitlines()
    assert lines[0].startswith("i3+3 with pT = 0.3, EI = [0.25, 0.35]")
    assert "to be confirmed by the sponsor" in lines[0]
    assert lines[2].split("|")[1].split() == ["E", "S"]
    assert lines[5].split("|")[1].split() == ["E", "S", "D", "DU", "DU"]


@pytest.mark.parametrize("argv, names", [
    (["--target", "0.4"], "--interval"),
    (["--target", "abc"], "--target"),
    (["--target", "0.3.1"], "--target"),
    (["--target", "1/3", "--interval", "0.2,0.4"], "--target"),
    (["--target", "0.30000000000000001", "--interval", "0.2,0.4"], "--target"),
    (["--interval", "0.25"], "--interval"),
    (["--interval", "0.35,0.25"], "--interval"),
    (["--interval", "0.25,"], "--interval"),
    (["--target", "1.5", "--interval", "0.25,0.35"], "--target"),
    (["--max-n", "0"], "--max-n"),
    (["--max-n", "101"], "--max-n"),
    (["--max-n", "three"], "--max-n"),
    # Found by tests/records/test_fuzz_commands.py: Infinity was an internal error (exit 3), and
    # a huge exponent never returned (Fraction(Decimal("1e999999999")) is 10**999999999).
    (["--target", "inf", "--interval", "0.2,0.4"], "--target"),
    (["--target=-Infinity", "--interval", "0.2,0.4"], "--target"),
    (["--target", "1e999999999", "--interval", "0.2,0.4"], "--target"),
    (["--target", "1e-999999999", "--interval", "0.2,0.4"], "--target"),
    (["--interval", "0.2,1e999999999"], "--interval"),
    (["--interval=-inf,0.4"], "--interval"),
])
def test_bad_arguments_exit_2_naming_the_option(argv, names):
    r = run("table", *argv, "--json")
    assert r.returncode == 2
    assert r.stdout == ""
    assert r.stderr.startswith("error: ") and names in r.stderr


def test_a_protocol_without_escalation_needs_both_parameters(tmp_path):
    text = resource_path("protocols", "nct07470073.toml").read_text(encoding="utf-8")
    start = text.index("[escalation]")
    end = text.index("# ---------------------------------------------------------------- site settings")
    path = tmp_path / "p.toml"
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    r = run("table", "--protocol", str(path))
    assert r.returncode == 2 and "no [escalation] section" in r.stderr
    r = run("table", "--protocol", str(path), "--target", "0.3", "--interval", "0.25,0.35", "--max-n", "3")
    assert r.returncode == 0 and "given on the command line" in r.stdout


def test_the_real_command(tmp_path):
    r = subprocess.run([sys.executable, "-m", "infusecalc", "escalation", "table", "--json", "--max-n", "4"],
                       capture_output=True, text=True)
    assert r.returncode == 0
    cells = {(d["n"], d["y"]): d["decision"] for d in json.loads(r.stdout)["decisions"]}
    assert cells[(4, 2)] == "D" and cells[(2, 2)] == "DU"
