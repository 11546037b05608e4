"""Start-up stays light, the entry points open the window, and the sheet actions work."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import type_order, wait_result

pytestmark = pytest.mark.gui


def test_the_window_module_does_not_load_the_core_before_show():
    code = ("import sys\n"
            "import infusecalc.gui.app, infusecalc.gui.main_window\n"
            "heavy = [m for m in sys.modules if m.split('.')[0] in ('pint', 'pydantic')"
            " or m.startswith('infusecalc.core')]\n"
            "assert not heavy, heavy\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


def test_python_m_infusecalc_opens_the_window_then_loads_the_core(tmp_path):
    mark = tmp_path / "mark.txt"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", INFUSECALC_STARTUP_MARK=str(mark),
               HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path))
    r = subprocess.run([sys.executable, "-m", "infusecalc"], env=env, capture_output=True, text=True,
                       timeout=60)
    assert r.returncode == 0, r.stderr
    lines = mark.read_text().splitlines()
    # Held off during start-up, the garbage collector is let go once the core is in, with what
    # start-up made set aside (frozen): a collection walking all of it took 30-40 ms of the GUI thread.
    collector = [line for line in lines if line.startswith("collector ")]
    assert len(collector) == 1
    enabled, frozen = (int(part.split("=")[1]) for part in collector[0].split()[1:])
    assert enabled == 1 and frozen > 50_000
    events = [line.split() for line in lines if line not in collector]
    assert [e[0] for e in events] == ["shown", "built", "ready"]
    assert int(events[0][1]) <= int(events[1][1]) <= int(events[2][1])   # shown first, core after


def test_the_collector_hold_keeps_a_collector_that_was_off_off():
    import gc

    from infusecalc.gui.app import _CollectorHold

    was = gc.isenabled()
    try:
        gc.enable()
        hold = _CollectorHold()
        assert not gc.isenabled() and hold.held
        hold.release()
        assert gc.isenabled() and not hold.held
        hold.release()                      # a second release (the fallback timer) changes nothing
        assert gc.isenabled()
        gc.disable()
        off = _CollectorHold()
        off.release()
        assert not gc.isenabled()           # the program's embedder turned it off: it stays off
    finally:
        gc.unfreeze()
        (gc.enable if was else gc.disable)()


def test_export_pdf_writes_the_sheet(qtbot, window, tmp_path, monkeypatch):
    pytest.importorskip("infusecalc.sheet.render")
    from PySide6.QtWidgets import QFileDialog

    type_order(qtbot, window)
    wait_result(qtbot, window)
    out = tmp_path / "sheet.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    window.pdf_action.trigger()
    assert out.exists() and out.read_bytes().startswith(b"%PDF")
    pypdf = pytest.importorskip("pypdf")
    text = "".join(page.extract_text() for page in pypdf.PdfReader(str(out)).pages)
    assert "0101-007" in text


def test_sheet_actions_are_disabled_without_a_result(window):
    assert window.evaluation() is None
    assert not any(a.isEnabled() for a in window.sheet_actions)
    assert Path(window.print_action.shortcut().toString()) is not None
