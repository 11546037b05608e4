"""The project's code checks, run with the suite so that CI and every landing keep them.

ruff (errors, pyflakes, bugbear) on all code, ``mypy --strict`` on the pure core, and
import-linter's layer contracts from pyproject.toml. Each runs as the developer would run it,
and a failure shows the tool's own report.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _run(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_ruff_finds_nothing() -> None:
    r = _run(sys.executable, "-m", "ruff", "check", "infusecalc", "tests", "benchmarks", "packaging")
    assert r.returncode == 0, r.stdout + r.stderr


def test_mypy_strict_on_the_core() -> None:
    r = _run(sys.executable, "-m", "mypy", "--strict", "infusecalc/core")
    assert r.returncode == 0, r.stdout + r.stderr


def test_import_layers_are_kept() -> None:
    r = _run(str(BIN / "lint-imports"))
    assert r.returncode == 0, r.stdout + r.stderr
    # A contract that names no module would pass trivially: each must have been analysed.
    assert r.stdout.count(" KEPT") == 3, r.stdout
