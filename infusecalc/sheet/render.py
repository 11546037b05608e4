"""The dose sheet's public API: write a PDF, print, or render PNG pages (see briefs/sheet-api.md).

The sheet is composed once (``compose``) in points on A4 and painted to whichever device.
"""

from __future__ import annotations

import logging
import os
import uuid
from pathlib import Path

from PySide6.QtCore import QMarginsF, Qt
from PySide6.QtGui import QFont, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter, QRawFont
from PySide6.QtPrintSupport import QPrinter

from ..core.case import Case
from ..core.result import Evaluation
from .compose import compose
from .layout import A4_H, A4_W, Page, TextItem
from .model import SheetOptions
from .paint import paint_page, paint_pages
from .qt import ensure_gui_application, families
from .textmap import GlyphOf, TextMapError, fix_text_maps, postscript_name

log = logging.getLogger(__name__)

PDF_DPI = 300
PNG_SUPERSAMPLE = 3


def _pages(ev: Evaluation, case: Case, options: SheetOptions) -> list[Page]:
    ensure_gui_application()
    return compose(ev, case, options)


def write_pdf(ev: Evaluation, case: Case, path: str | Path, options: SheetOptions = SheetOptions()) -> int:
    """Write the sheet as an A4 PDF (fonts embedded); returns the number of pages.

    Written to a temporary file beside ``path`` and renamed, so a failure never leaves half a sheet.
    Raises FileRefused (an OSError with a code) if ``path`` is a folder, a device or a pipe.
    """
    from ..core.regular_file import check_output_target

    pages = _pages(ev, case, options)
    target = Path(path)
    check_output_target(target)   # FileRefused: never rename a sheet over a device or folder
    # Not mkstemp: its 0600 mode would stay on the sheet; QPdfWriter creates it under the umask.
    tmp = str(target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp"))
    try:
        writer = QPdfWriter(tmp)
        writer.setResolution(PDF_DPI)
        writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                         QMarginsF(0, 0, 0, 0)))
        writer.setTitle(f"Dose sheet {ev.source.protocol_id} subject {ev.subject_id}"
                        + (f" {options.sheet_id}" if options.sheet_id else " DRAFT"))
        writer.setCreator(f"InfuseCalc {ev.program_version}")
        painter = QPainter()
        if not painter.begin(writer):
            raise OSError(f"cannot write the PDF {target}")
        try:
            paint_pages(painter, pages, PDF_DPI, writer.newPage)
        finally:
            painter.end()
        del painter, writer   # flush and close the file before the rename
        correct_text_map(tmp, pages)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return len(pages)


def glyph_faces() -> dict[str, GlyphOf]:
    """Every face the sheet may draw with, by PostScript name (the PDF's BaseFont): its cmap.

    Made afresh for each PDF (a few milliseconds): QRawFont is not shared between threads.
    """
    faces: dict[str, GlyphOf] = {}
    for role in ("sans", "mono"):
        for family in families(role):
            for bold in (False, True):
                for italic in (False, True):
                    font = QFont()
                    font.setFamilies([family])
                    font.setBold(bold)
                    font.setItalic(italic)
                    raw = QRawFont.fromFont(font)
                    name = postscript_name(bytes(raw.fontTable("name"))) if raw.isValid() else None
                    if name and name not in faces:
                        faces[name] = _glyph_lookup(raw)
    return faces


def _glyph_lookup(raw: QRawFont) -> GlyphOf:
    def glyph(ch: str) -> int:
        indexes = raw.glyphIndexesForString(ch)
        return int(indexes[0]) if indexes else 0
    return glyph


def correct_text_map(path: str | Path, pages: list[Page]) -> None:
    """Rewrite the PDF at ``path`` so its text reads as the sheet drew it (see textmap).

    A PDF not laid out as expected is left as Qt wrote it: its print is right, and refusing
    the sheet over its copy-and-paste text would be worse. The tests read every sheet back.
    """
    drawn = [item.text for page in pages for item in page.items if isinstance(item, TextItem)]
    data = Path(path).read_bytes()
    try:
        fixed = fix_text_maps(data, drawn, glyph_faces())
    except TextMapError as exc:
        log.warning("the PDF's text map was left as Qt wrote it: %s", exc)
        return
    if fixed != data:
        with open(path, "r+b") as f:      # same file, same mode: only its content changes
            f.write(fixed)
            f.truncate()


def print_to(printer: QPrinter, ev: Evaluation, case: Case, options: SheetOptions = SheetOptions()) -> int:
    """Print on a configured QPrinter (e.g. from the system print dialog); returns pages printed.

    The sheet is laid out for A4; on other paper it is scaled down to fit, never up.
    """
    pages = _pages(ev, case, options)
    printer.setFullPage(True)          # our own margins; origin at the paper's corner
    dpi = printer.resolution()
    paper = printer.pageLayout().fullRectPixels(dpi)
    k = dpi / 72.0
    scale = min(1.0, paper.width() / (A4_W * k), paper.height() / (A4_H * k))
    origin = ((paper.width() - A4_W * k * scale) / 2, 0.0)
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("the printer could not be opened")
    try:
        paint_pages(painter, pages, dpi, printer.newPage, scale, origin)
    finally:
        painter.end()
    if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat and printer.outputFileName():
        # "Print to file" in the print dialog writes a PDF with Qt's text map: correct it too.
        correct_text_map(printer.outputFileName(), pages)
    return len(pages)


def page_images(ev: Evaluation, case: Case, options: SheetOptions = SheetOptions(), dpi: int = 110) -> list[QImage]:
    """Each page as a white QImage at ``dpi`` (for a preview without files)."""
    pages = _pages(ev, case, options)
    # Painted at 3x and scaled down: at screen resolutions the raster engine rounds glyph
    # advances to whole pixels, which would make the preview differ from the PDF.
    big = dpi * PNG_SUPERSAMPLE
    k = big / 72.0
    images: list[QImage] = []
    for page in pages:
        image = QImage(round(A4_W * k), round(A4_H * k), QImage.Format.Format_RGB32)
        image.setDotsPerMeterX(round(big / 0.0254))
        image.setDotsPerMeterY(round(big / 0.0254))
        image.fill(0xFFFFFF)
        painter = QPainter(image)
        try:
            paint_page(painter, page, big)
        finally:
            painter.end()
        image = image.scaled(round(A4_W * dpi / 72.0), round(A4_H * dpi / 72.0),
                             Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.SmoothTransformation)
        image.setDotsPerMeterX(round(dpi / 0.0254))
        image.setDotsPerMeterY(round(dpi / 0.0254))
        images.append(image)
    return images


def render_png(ev: Evaluation, case: Case, out_dir: Path, options: SheetOptions = SheetOptions(),
               dpi: int = 110) -> list[Path]:
    """Render each page to ``out_dir/sheet-page-N.png`` (white background); returns the paths."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    for n, image in enumerate(page_images(ev, case, options, dpi), 1):
        path = out / f"sheet-page-{n}.png"
        if not image.save(str(path), "PNG"):
            raise OSError(f"cannot write {path}")
        paths.append(path)
    return paths
