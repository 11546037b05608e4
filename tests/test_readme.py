"""README as a newcomer meets it (issue 15 item 10): two quick-start commands that run the program
from the virtual environment, the test command CI takes verbatim, and a Layout naming every package."""

from __future__ import annotations

import re
import subprocess
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def section(title: str) -> str:
    start = README.index(f"## {title}\n")
    end = README.find("\n## ", start + 1)
    return README[start:end if end > 0 else None]


def test_the_quick_start_has_exactly_two_commands_run_from_the_venv():
    blocks = re.findall(r"```\n(.*?)\n```", section("Quick start"), re.S)
    assert len(blocks) == 2
    install, tests = blocks
    assert install.startswith("python3 -m venv .venv") and install.endswith(".venv/bin/infusecalc")
    assert tests.startswith("python3 -m venv .venv") and ".venv/bin/python -m pytest" in tests
    assert "source .venv/bin/activate" in section("Quick start")      # for the bare commands further on


def test_ci_runs_the_quick_start_test_command_verbatim():
    extract = ("awk '/<!-- test-command -->/ {found=1; next} found && !/^```/ {print; exit}' README.md")
    assert extract in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    taken = subprocess.run(["awk", "/<!-- test-command -->/ {found=1; next} found && !/^```/ {print; exit}",
                            "README.md"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
    assert taken == re.findall(r"```\n(.*?)\n```", section("Quick start"), re.S)[1]


def test_the_first_start_and_the_scratch_folder_are_explained_with_the_real_option():
    quick = " ".join(section("Quick start").split())
    assert "first administrator" in quick
    option = re.search(r"\.venv/bin/infusecalc (--[a-z-]+) ", quick).group(1)
    from infusecalc.cli.main import build_parser

    assert option in build_parser()._option_string_actions


def test_the_layout_names_every_package():
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"]
    on_disk = {"infusecalc." + p.parent.name for p in (ROOT / "infusecalc").glob("*/__init__.py")}
    assert on_disk <= set(declared), "a package on disk is missing from pyproject.toml's packages"
    layout = section("Layout")
    for package in declared:
        if package == "infusecalc":
            assert "- `infusecalc`:" in layout
        else:
            assert f"`{package.replace('.', '/')}`" in layout or f"`{package}`" in layout, package
