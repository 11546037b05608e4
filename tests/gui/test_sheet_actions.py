"""The sheet actions call the dose-sheet API (infusecalc.sheet.render) with the core's result.

The sheet is built by another module; here a stand-in with the same functions records what
the window passes, so the wiring is tested whether or not the real sheet is installed.
"""

from __future__ import annotations

import sys
import types
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from infusecalc.core.case import parse_case

from ..modal_dialogs import on_next_modal
from .conftest import type_order, wait_result

pytestmark = pytest.mark.gui


@pytest.fixture
def sheet_calls(monkeypatch):
    calls: list[tuple] = []
    render = types.ModuleType("infusecalc.sheet.render")

    def write_pdf(ev, case, path, options=None):
        calls.append(("pdf", ev, case, str(path)))
        Path(path).write_bytes(b"%PDF-1.4 stand-in")
        return 1

    def print_to(printer, ev, case, options=None):
        calls.append(("print", ev, case, printer))
        return 1

    render.write_pdf, render.print_to = write_pdf, print_to
    # The window still builds real SheetOptions; only the drawing is stood in for. Without the
    # real model in place the stand-in package (no __path__) made this test pass only after
    # another test had imported the sheet.
    from infusecalc.sheet import model
    package = types.ModuleType("infusecalc.sheet")
    package.__path__ = []  # type: ignore[attr-defined]
    package.render = render  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "infusecalc.sheet", package)
    monkeypatch.setitem(sys.modules, "infusecalc.sheet.render", render)
    monkeypatch.setitem(sys.modules, "infusecalc.sheet.model", model)
    return calls


def test_export_pdf_passes_the_evaluation_and_the_case(qtbot, window, tmp_path, monkeypatch, sheet_calls):
    type_order(qtbot, window)
    wait_result(qtbot, window)
    out = tmp_path / "sheet"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    window.pdf_action.trigger()
    kind, ev, case, path = sheet_calls[0]
    assert kind == "pdf" and path == str(out) + ".pdf"
    assert ev == window.evaluation()
    assert case == parse_case(window.current_data())
    assert Path(path).exists()


def test_print_preview_paints_through_print_to(qtbot, window, sheet_calls):
    type_order(qtbot, window)
    wait_result(qtbot, window)
    with on_next_modal(lambda dialog: None) as seen:     # looked at, then closed (rejected)
        window.preview_action.trigger()
    assert [type(dialog).__name__ for dialog in seen] == ["QPrintPreviewDialog"]
    assert sheet_calls and sheet_calls[0][0] == "print"
    assert sheet_calls[0][1] == window.evaluation()


def test_print_preview_fits_the_screen(qtbot, window, sheet_calls):
    """Under X11 the preview opened 1000 pixels tall on a 768-pixel screen: the lower part of
    the sheet below the screen's edge."""
    type_order(qtbot, window)
    wait_result(qtbot, window)
    sizes = []
    with on_next_modal(lambda dialog: sizes.append(dialog.size())):
        window.preview_action.trigger()
    room = window.screen().availableGeometry()
    assert sizes and sizes[0].height() <= room.height() and sizes[0].width() <= room.width()


def test_print_goes_through_the_print_dialog(qtbot, window, monkeypatch, sheet_calls):
    from PySide6.QtPrintSupport import QPrintDialog

    type_order(qtbot, window)
    wait_result(qtbot, window)
    monkeypatch.setattr(QPrintDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    window.print_action.trigger()
    assert [c[0] for c in sheet_calls] == ["print"]


def test_a_missing_sheet_module_is_explained(qtbot, window, monkeypatch):
    monkeypatch.setitem(sys.modules, "infusecalc.sheet.render", None)
    monkeypatch.setitem(sys.modules, "infusecalc.sheet", None)
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[1]))
    type_order(qtbot, window)
    wait_result(qtbot, window)
    window.pdf_action.trigger()
    assert warned == ["Dose sheet unavailable"]
