"""Draw laid-out pages on a QPainter: the same items on a PDF, a printer or an image."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPainterPath, QPen

from .layout import A4_H, A4_W, BoxItem, LineItem, Page, QrItem, TextItem, WatermarkItem, qfont

WATERMARK_GREY = QColor(170, 170, 170)   # an outline only: it never hides the print beneath


def paint_pages(painter: QPainter, pages: list[Page], dpi: float, new_page: Callable[[], bool] | None = None,
                scale: float = 1.0, origin: tuple[float, float] = (0.0, 0.0)) -> None:
    """Paint every page; ``new_page`` advances the device between pages (PDF, printer)."""
    for n, page in enumerate(pages):
        if n and new_page is not None and not new_page():
            raise RuntimeError("the output device refused a new page")
        paint_page(painter, page, dpi, scale, origin)


def paint_page(painter: QPainter, page: Page, dpi: float, scale: float = 1.0,
               origin: tuple[float, float] = (0.0, 0.0)) -> None:
    k = dpi / 72.0 * scale
    ox, oy = origin

    def pt(x: float, y: float) -> QPointF:
        return QPointF(ox + x * k, oy + y * k)

    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    black, white = QColor(0, 0, 0), QColor(255, 255, 255)
    for item in page.items:
        if isinstance(item, TextItem):
            painter.setFont(qfont(item.font.scaled(scale)))
            painter.setPen(white if item.white else black)
            painter.drawText(pt(item.x, item.y), item.text)
        elif isinstance(item, LineItem):
            pen = QPen(black, max(item.width * k, 1.0))
            if item.dashed:
                pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawLine(pt(item.x1, item.y1), pt(item.x2, item.y2))
        elif isinstance(item, BoxItem):
            rect = QRectF(pt(item.x, item.y), pt(item.x + item.w, item.y + item.h))
            painter.setBrush(QBrush(black) if item.fill == "black" else Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(black, item.stroke * k) if item.stroke else Qt.PenStyle.NoPen)
            painter.drawRect(rect)
            painter.setBrush(Qt.BrushStyle.NoBrush)
        elif isinstance(item, QrItem):
            _qr(painter, item, pt, k)
        elif isinstance(item, WatermarkItem):
            _watermark(painter, item.text, pt, k)


def _qr(painter: QPainter, item: QrItem, pt, k: float) -> None:
    n = len(item.modules)
    quiet = 4                       # the quiet zone a scanner needs, inside the reserved square
    unit = item.size / (n + 2 * quiet)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QBrush(QColor(0, 0, 0)))
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)   # no hairline gaps between modules
    for r, row in enumerate(item.modules):
        c = 0
        while c < n:
            if row[c]:
                start = c
                while c < n and row[c]:
                    c += 1
                x0 = item.x + (quiet + start) * unit
                y0 = item.y + (quiet + r) * unit
                painter.drawRect(QRectF(pt(x0, y0), pt(x0 + (c - start) * unit, y0 + unit)))
            else:
                c += 1
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)


def _watermark(painter: QPainter, text: str, pt, k: float) -> None:
    font = QFont(qfont_family_default())
    font.setBold(True)
    font.setPixelSize(max(1, round(120 * k)))
    path = QPainterPath()
    path.addText(0, 0, font, text)
    box = path.boundingRect()
    painter.save()
    centre = pt(A4_W / 2, A4_H / 2)
    painter.translate(centre)
    painter.rotate(-35)
    painter.translate(-box.center())
    painter.setPen(QPen(WATERMARK_GREY, max(1.0 * k, 1.0)))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawPath(path)
    painter.restore()


def qfont_family_default() -> str:
    from .qt import families

    return families("sans")[0]
