"""Every figure of the protocol file, set to an extreme, is refused at load or computed with:
`infusecalc check --protocol FILE` never ends in an internal error (exit 3).

Found by the data-file fuzzing: a validity of 0xfff… days, a multiple of the upper limit of
normal of 1e999999, a creatinine conversion of 1e308 or a Cockcroft-Gault offset of thousands
of digits passed the protocol's checks and broke the arithmetic of every case with laboratory
values (decimal.Overflow, InvalidOperation, int too large to print). Unlike random fuzzing this
walks every numeric line; the quick run puts the three largest in each, the slow run all of them.
"""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

from infusecalc.cli import main as cli_main

from .fuzz_strategies import SLOW_ENABLED

ROOT = Path(__file__).resolve().parents[2]
PROTOCOL = ROOT / "resources" / "protocols" / "nct07470073.toml"
CASES = [ROOT / "examples" / "eligibility-example.json", ROOT / "examples" / "issue-example.json"]
# key = 12 / key = "1.5" / key = 3.0e8, with an optional comment after.
NUMERIC_LINE = re.compile(r'(?m)^(\s*[A-Za-z_]\w*\s*=\s*)(-?[0-9][0-9_.eE+-]*|"-?[0-9][^"\n]*")(\s*(?:#.*)?)$')
HUGE_INT = "0x" + "f" * 4000          # tomllib reads it; its decimal digits pass Python's 4,300 limit
EXTREMES = [HUGE_INT, '"1e999999"', "1e308", "-1", "0", "9223372036854775807", '"0.0000000001"']


def numeric_lines() -> list[re.Match[str]]:
    lines = list(NUMERIC_LINE.finditer(PROTOCOL.read_text(encoding="utf-8")))
    assert len(lines) > 50, "the pattern no longer finds the protocol's figures"
    return lines


def check(protocol: Path, case: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli_main.main(["check", str(case), "--protocol", str(protocol)])
    return code, out.getvalue(), err.getvalue()


def run(tmp_path: Path, extremes: list[str], cases: list[Path]) -> list[str]:
    base = PROTOCOL.read_text(encoding="utf-8")
    broken = []
    for m in numeric_lines():
        for value in extremes:
            protocol = tmp_path / "protocol.toml"
            protocol.write_text(base[:m.start()] + m.group(1) + value + m.group(3) + base[m.end():], encoding="utf-8")
            for case in cases:
                code, out, err = check(protocol, case)
                if code not in (0, 1, 2) or "Traceback" in err or (code == 2 and out):
                    broken.append(f"{m.group(1).strip()} {value[:16]} with {case.name}: exit {code} {err[-200:]}")
    return broken


def test_each_figure_at_an_extreme_is_refused_or_computed(tmp_path):
    # The case with laboratory values reads every part of the file the other one does.
    assert run(tmp_path, EXTREMES[:3], CASES[:1]) == []


@pytest.mark.skipif(not SLOW_ENABLED, reason="about 500 checks (a minute); set INFUSECALC_SLOW_TESTS=1")
def test_each_figure_at_every_extreme_is_refused_or_computed(tmp_path):
    assert run(tmp_path, EXTREMES, CASES[:1]) == []
    assert run(tmp_path, EXTREMES[:1], CASES[1:]) == []   # the case without values, once
