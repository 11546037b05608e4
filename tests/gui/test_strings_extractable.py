"""Every user-visible string of the window can be extracted for translation.

pyside6-lupdate files a ``tr("...")`` call by its enclosing class; a string it cannot place
(for instance through an alias ``tr = self.tr``) would lose its context and never be
translated at run time.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

GUI = Path(__file__).resolve().parents[2] / "infusecalc" / "gui"


def _lupdate() -> str | None:
    beside = Path(sys.executable).with_name("pyside6-lupdate")
    return str(beside) if beside.exists() else shutil.which("pyside6-lupdate")


def test_lupdate_places_every_string_in_a_context(tmp_path):
    tool = _lupdate()
    if tool is None:
        pytest.skip("pyside6-lupdate is not installed")
    ts = tmp_path / "gui.ts"
    sources = sorted(str(p) for p in GUI.glob("*.py"))
    r = subprocess.run([tool, *sources, "-ts", str(ts)], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    contexts = {}
    for ctx in ET.parse(ts).getroot().iter("context"):
        name = ctx.findtext("name") or ""
        contexts[name] = [m.findtext("source") for m in ctx.iter("message")]
    assert "" not in contexts, contexts.get("")
    assert {"MainWindow", "OrderForm", "ResultsPanel", "ExposureRow"} <= set(contexts)
    assert "CLEARED FOR INFUSION" in " ".join(contexts["ResultsPanel"])
