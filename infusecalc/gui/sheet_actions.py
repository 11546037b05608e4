"""Print, print preview and PDF export of the dose sheet.

The sheet (``infusecalc.sheet``) is imported only when an action runs, so the window starts
without it and still works if it is missing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from .casefile import refusal_text

if TYPE_CHECKING:
    from ..core.case import Case
    from ..core.result import Evaluation


def _options() -> Any:
    """The sheet in the language chosen under Language > Dose sheet (default: the window's)."""
    from ..i18n.qt import sheet_language
    from ..sheet.model import SheetOptions

    return SheetOptions(lang=sheet_language())


def _render(parent: QWidget) -> Any | None:
    try:
        from ..sheet import render
    except ImportError as exc:
        QMessageBox.warning(parent, QCoreApplication.translate("SheetActions", "Dose sheet unavailable"),
                            QCoreApplication.translate("SheetActions", "The dose sheet module is not part of this installation ({error}).")
                            .format(error=exc))
        return None
    return render


def export_pdf(parent: QWidget, ev: "Evaluation", case: "Case", suggested: str) -> str | None:
    render = _render(parent)
    if render is None:
        return None
    path, _filter = QFileDialog.getSaveFileName(parent, QCoreApplication.translate("SheetActions", "Export dose sheet as PDF"), suggested,
                                                QCoreApplication.translate("SheetActions", "PDF files (*.pdf)"))
    if not path:
        return None
    if not path.lower().endswith(".pdf"):
        path += ".pdf"
    try:
        render.write_pdf(ev, case, path, _options())
    except OSError as exc:
        QMessageBox.critical(parent, QCoreApplication.translate("SheetActions", "Export failed"),
                             QCoreApplication.translate("SheetActions", "The PDF could not be written to {path}: {error}").format(path=path, error=refusal_text(exc, path)))
        return None
    return path


def print_sheet(parent: QWidget, ev: "Evaluation", case: "Case") -> bool:
    render = _render(parent)
    if render is None:
        return False
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(QCoreApplication.translate("SheetActions", "Print dose sheet"))
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    render.print_to(printer, ev, case, _options())
    return True


def preview_sheet(parent: QWidget, ev: "Evaluation", case: "Case") -> None:
    render = _render(parent)
    if render is None:
        return
    from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(QCoreApplication.translate("SheetActions", "Dose sheet preview"))
    dialog.paintRequested.connect(lambda p: render.print_to(p, ev, case, _options()))
    # A page's height where the screen has it, never past its bottom edge (1000 pixels ran
    # off a 768-pixel screen, hiding the lower part of the sheet).
    room = (parent.screen() if parent is not None else dialog.screen()).availableGeometry()
    dialog.resize(min(900, room.width() * 9 // 10), min(1000, room.height() * 9 // 10))
    dialog.exec()
