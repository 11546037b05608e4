"""The translation helper, the bilingual layout, and what is drawn (QR, page size in pixels)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTranslator
from PySide6.QtGui import QImage

from infusecalc.sheet.labels import Text, Words
from infusecalc.sheet.model import SheetOptions
from infusecalc.sheet.render import render_png

from .helpers import GENERATED, build, capped_not_cleared, cleared, pdf

ZH = {"CAR-T cell dose sheet": "CAR-T 细胞剂量单", "NOT CLEARED — DO NOT INFUSE": "未放行 — 禁止输注",
      "Subject": "受试者"}


class FakeChinese(QTranslator):
    """Stands in for the Simplified Chinese .qm that will come later."""

    def translate(self, context, source, disambiguation=None, n=-1):
        return ZH.get(source) if context == "DoseSheet" else None   # None: not translated


def test_words_follow_the_language():
    fake = lambda context, text: ZH.get(text, text)  # noqa: E731
    assert Words("en", fake).translate("DoseSheet", "Subject") == Text("Subject")
    assert Words("zh_CN", fake).translate("DoseSheet", "Subject") == Text("受试者")
    assert Words("bilingual", fake).translate("DoseSheet", "Subject") == Text("受试者", "Subject")
    # No translation yet: the English once, not twice.
    assert Words("bilingual", fake).translate("DoseSheet", "Group") == Text("Group")


def test_bilingual_sheet_uses_the_installed_translator(tmp_path):
    translator = FakeChinese()
    assert QCoreApplication.installTranslator(translator)
    try:
        bi, zh, en = (" ".join(pdf(tmp_path, capped_not_cleared(), f"{lang}.pdf", lang=lang)[1])
                      for lang in ("bilingual", "zh_CN", "en"))
    finally:
        QCoreApplication.removeTranslator(translator)
    assert "CAR-T 细胞剂量单" in bi and "CAR-T cell dose sheet" in bi
    assert "未放行 — 禁止输注" in bi and "NOT CLEARED — DO NOT INFUSE" in bi
    assert "CAR-T 细胞剂量单" in zh and "CAR-T cell dose sheet" not in zh
    # An English sheet stays English even while the application speaks Chinese.
    assert "CAR-T 细胞剂量单" not in en and "CAR-T cell dose sheet" in en
    # Numbers are never translated.
    assert all("150,000,000" in t for t in (bi, zh, en))


def test_png_pages_are_a4_and_draw_the_qr_module_for_module(tmp_path):
    ev, case = build(cleared())
    size = 21
    modules = tuple(tuple((r * 7 + c * 3) % 5 == 0 for c in range(size)) for r in range(size))
    paths = render_png(ev, case, tmp_path, SheetOptions(sheet_id="DS-1", qr_modules=modules,
                                                        generated_at=GENERATED), dpi=144)
    image = QImage(str(paths[0]))
    assert (image.width(), image.height()) == (1191, 1684)         # A4 at 144 dpi
    # The QR square (QR_SIZE, 100 pt) sits in the top right corner inside the margins, with a
    # 4-module quiet zone: every module centre is dark exactly where the matrix says.
    from infusecalc.sheet.compose import QR_SIZE

    k, unit = 2.0, QR_SIZE / (size + 8)
    qx, qy = 595.276 - 34.0 - QR_SIZE, 30.0
    for r in range(size):
        for c in range(size):
            x, y = (qx + (4 + c + 0.5) * unit) * k, (qy + (4 + r + 0.5) * unit) * k
            dark = image.pixelColor(round(x), round(y)).lightness() < 128
            assert dark == modules[r][c], (r, c)


def test_print_to_a_printer_gives_the_same_sheet(tmp_path):
    from PySide6.QtGui import QPageSize
    from PySide6.QtPrintSupport import QPrinter

    from infusecalc.sheet.render import print_to

    from .helpers import page_texts

    ev, case = build(capped_not_cleared())
    for paper, name in ((QPageSize.PageSizeId.A4, "a4.pdf"), (QPageSize.PageSizeId.Letter, "letter.pdf")):
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)   # a file stands in for the device
        printer.setOutputFileName(str(tmp_path / name))
        printer.setPageSize(QPageSize(paper))
        assert print_to(printer, ev, case, SheetOptions(generated_at=GENERATED)) == 1
        (text,) = page_texts(tmp_path / name)
        assert "150,000,000" in text and "NOT CLEARED — DO NOT INFUSE" in text and "page 1 of 1" in text
