"""Every label of the sheet can be collected for the Simplified Chinese translation."""

from __future__ import annotations

import ast
import html
import re
import subprocess
import sys
from pathlib import Path

import pytest

SHEET = Path(__file__).resolve().parents[2] / "infusecalc" / "sheet"


def translate_calls() -> set[str]:
    texts: set[str] = set()
    for path in SHEET.glob("*.py"):
        if path.name == "labels.py":   # the helper itself: it passes the caller's literals on
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "translate" and len(node.args) == 2):
                context, text = node.args
                # lupdate reads literals only: a variable context or text would never be translated.
                assert isinstance(context, ast.Constant) and context.value == "DoseSheet", \
                    f"{path.name}: {ast.unparse(node)}"
                assert isinstance(text, ast.Constant) and isinstance(text.value, str), \
                    f"{path.name}: {ast.unparse(node)}"
                texts.add(text.value)
    return texts


def test_labels_are_literal_and_lupdate_finds_every_one(tmp_path):
    texts = translate_calls()
    assert {"NOT CLEARED — DO NOT INFUSE", "CLEARED FOR INFUSION", "Prepared by", "Verified by",
            "page {page} of {pages}", "DRAFT - not issued"} <= texts
    lupdate = Path(sys.executable).parent / "pyside6-lupdate"
    if not lupdate.exists():
        pytest.skip("pyside6-lupdate is not installed beside this Python")
    ts = tmp_path / "sheet.ts"
    subprocess.run([str(lupdate), *map(str, sorted(SHEET.glob("*.py"))), "-ts", str(ts)],
                   check=True, capture_output=True)
    found = {html.unescape(s) for s in re.findall(r"<source>(.*?)</source>", ts.read_text(encoding="utf-8"), re.S)}
    assert found == texts
