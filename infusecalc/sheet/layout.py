"""Device-independent layout: every position in points (1/72 inch) on an A4 page.

The sheet is composed once into pages of simple items; ``paint`` draws those items on any
QPaintDevice (PDF, printer, image), so the PDF and the printout break pages identically.
Text is measured on a 720-dpi reference image with hinting off, i.e. with the font's design
metrics, which is what the PDF writer uses too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Literal, Union

A4_W, A4_H = 595.276, 841.89          # points
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 34.0, 30.0, 26.0
CONTENT_W = A4_W - 2 * MARGIN_X
FOOTER_H = 22.0
BODY_BOTTOM = A4_H - MARGIN_BOTTOM - FOOTER_H
REF_DPI = 720


@dataclass(frozen=True)
class Font:
    role: Literal["sans", "mono"] = "sans"
    size: float = 9.0                  # points
    bold: bool = False
    italic: bool = False

    def scaled(self, factor: float) -> "Font":
        return replace(self, size=round(self.size * factor, 2))


@dataclass(frozen=True)
class TextItem:
    x: float
    y: float                           # baseline
    text: str
    font: Font
    white: bool = False                # on a black band


@dataclass(frozen=True)
class LineItem:
    x1: float
    y1: float
    x2: float
    y2: float
    width: float = 0.6
    dashed: bool = False


@dataclass(frozen=True)
class BoxItem:
    x: float
    y: float
    w: float
    h: float
    stroke: float = 0.8                # 0: no outline
    fill: Literal["none", "black"] = "none"


@dataclass(frozen=True)
class QrItem:
    x: float
    y: float
    size: float
    modules: tuple[tuple[bool, ...], ...]


@dataclass(frozen=True)
class WatermarkItem:
    text: str                          # drawn large, diagonal, outlined, behind the content


Item = Union[TextItem, LineItem, BoxItem, QrItem, WatermarkItem]


def moved(item: Item, dx: float, dy: float) -> Item:
    if isinstance(item, TextItem):
        return replace(item, x=item.x + dx, y=item.y + dy)
    if isinstance(item, LineItem):
        return replace(item, x1=item.x1 + dx, y1=item.y1 + dy, x2=item.x2 + dx, y2=item.y2 + dy)
    if isinstance(item, (BoxItem, QrItem)):
        return replace(item, x=item.x + dx, y=item.y + dy)
    return item


class Measure:
    """Text metrics in points."""

    def __init__(self) -> None:
        from PySide6.QtGui import QImage

        self._ref = QImage(1, 1, QImage.Format.Format_ARGB32)
        dpm = round(REF_DPI / 0.0254)
        self._ref.setDotsPerMeterX(dpm)
        self._ref.setDotsPerMeterY(dpm)
        self._k = 72.0 / REF_DPI
        self._metrics: dict[Font, object] = {}

    def qfont(self, font: Font):
        return qfont(font)

    def _fm(self, font: Font):
        from PySide6.QtGui import QFontMetricsF

        fm = self._metrics.get(font)
        if fm is None:
            fm = self._metrics[font] = QFontMetricsF(qfont(font), self._ref)
        return fm

    def width(self, text: str, font: Font) -> float:
        return self._fm(font).horizontalAdvance(text) * self._k

    def ascent(self, font: Font) -> float:
        return self._fm(font).ascent() * self._k

    def line(self, font: Font) -> float:
        """Line height: the font's ascent + descent with a little leading."""
        fm = self._fm(font)
        return (fm.ascent() + fm.descent()) * self._k * 1.06

    def wrap(self, text: str, font: Font, width: float) -> list[str]:
        """Lines of at most ``width`` points (Unicode line breaking: works for Chinese too).

        Never after a hyphen: a PDF reader joins a line ending in "-" to the next without the
        hyphen (poppler reads "6-thio-" + "guanine" as "6-thioguanine" but "anti-" + "CD22" as
        "antiCD22"), so the sheet's text would not read as typed. The hyphens are laid out as
        non-breaking ones (the same advance); a word too long for a line is broken before a
        hyphen rather than after it.
        """
        from PySide6.QtGui import QTextLayout, QTextOption

        out: list[str] = []
        for para in text.split("\n"):
            if not para:
                out.append("")
                continue
            layout = QTextLayout(para.replace("-", "\u2011"), qfont(font), self._ref)
            option = QTextOption()
            option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
            layout.setTextOption(option)
            layout.beginLayout()
            while True:
                line = layout.createLine()
                if not line.isValid():
                    break
                line.setLineWidth(width / self._k)
                start = line.textStart()
                while line.textLength() > 1 and start + line.textLength() < len(para) \
                        and para[start:start + line.textLength()].rstrip().endswith("-"):
                    shorter = para[start:start + line.textLength()].rstrip()[:-1]
                    line.setLineWidth(self.width(shorter, font) / self._k)
                length = line.textLength()
                out.append(para[start:start + length].rstrip())
            layout.endLayout()
        return out

    def pack(self, units: list[str], sep: str, font: Font, width: float,
             min_size: float = 6.5) -> tuple[list[str], Font]:
        """Lines of whole ``units`` (identifiers) joined by ``sep``, and the font they fit in.

        A subject ID, lot or bag ID broken over two lines reads back from the PDF with a line
        break inside it, and a search for it fails: units are only ever split between, and the
        font shrinks (never below ``min_size``) until the widest unit fits a line on its own.
        A unit too wide even then is wrapped anywhere rather than cut: no character is lost.
        """
        units = [u for u in units if u] or [""]
        mark = sep.rstrip()               # what stays at a line's end: "," of ", ", " ·" of " · "
        font = self.fit(max(units, key=lambda u: self.width(u, font)) + mark, font, width, min_size)
        lines: list[str] = []
        current = ""
        for unit in units:
            joined = f"{current}{sep}{unit}" if current else unit
            if current and self.width(joined + mark, font) > width:
                lines.append(current + mark)
                current = unit
            else:
                current = joined
        lines.append(current)
        out: list[str] = []
        for line in lines:
            out.extend(self.wrap(line, font, width) if self.width(line, font) > width else [line])
        return out, font

    def fit(self, text: str, font: Font, width: float, min_size: float = 6.5) -> Font:
        """The font, shrunk in small steps (never below min_size) until text fits on one line."""
        while self.width(text, font) > width and font.size > min_size:
            font = replace(font, size=round(max(min_size, font.size - 0.5), 2))
        return font


_QFONTS: dict[Font, object] = {}


def qfont(font: Font):
    from PySide6.QtGui import QFont

    from .qt import families

    cached = _QFONTS.get(font)
    if cached is None:
        q = QFont()
        q.setFamilies(list(families(font.role)))
        q.setPointSizeF(font.size)
        q.setBold(font.bold)
        q.setItalic(font.italic)
        q.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
        q.setKerning(False)  # identical advances on every device
        # No ligatures: a PDF reader (and pypdf) must read "finding", not "ﬁnding".
        for tag in ("liga", "clig", "dlig"):
            q.setFeature(QFont.Tag(tag), 0)
        cached = _QFONTS[font] = q
    return QFont(cached)


@dataclass
class Block:
    """A piece of the page flow that is never split across pages (coordinates block-local)."""

    height: float
    items: list[Item] = field(default_factory=list)
    keep_with_next: bool = False       # a heading stays with what follows it
    repeat: "Block | None" = None      # a table row: the table header to repeat on a new page
    space_after: float = 0.0


@dataclass
class Page:
    items: list[Item] = field(default_factory=list)


def paginate(blocks: list[Block], continuation: Callable[[], Block], first_top: float = MARGIN_TOP) -> list[Page]:
    """Flow blocks onto pages; a continued table repeats its header under the continuation head."""
    pages: list[Page] = [Page()]
    y = first_top
    fresh = True                       # nothing placed on this page yet: a too-tall block goes anyway
    i = 0

    def place(block: Block) -> None:
        nonlocal y
        pages[-1].items.extend(moved(it, MARGIN_X, y) for it in block.items)
        y += block.height + block.space_after

    def new_page() -> None:
        nonlocal y
        pages.append(Page())
        y = MARGIN_TOP
        place(continuation())

    while i < len(blocks):
        block = blocks[i]
        need = block.height
        if block.keep_with_next and i + 1 < len(blocks):
            need += block.space_after + blocks[i + 1].height
        if y + need > BODY_BOTTOM and not fresh:
            new_page()
            if block.repeat is not None:
                place(block.repeat)
        place(block)
        fresh = False
        i += 1
    return pages
