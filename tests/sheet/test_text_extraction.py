"""The sheet's text reads as typed (issue 15 item 9): copied, searched or extracted, a PDF reader
gets the characters the sheet drew: no Kangxi radical for an ideograph, no tab for a space, no
space or line break inside a SHA-256, a sheet ID, a subject, lot or bag ID. Checked with pypdf
and with poppler's pdftotext (what PDF viewers on Linux use), in English, Chinese and bilingual
sheets, NOT CLEARED and READY, and at the case file's longest identifiers and names."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from infusecalc.sheet.compose import compose
from infusecalc.sheet.layout import TextItem
from infusecalc.sheet.render import write_pdf
from infusecalc.sheet.textmap import font_maps

from .cases import AGENT_EN, AGENT_W, AGENT_ZH, BAGS, LOT, SHEET_ID, issued, widest
from .helpers import PRODUCT, build, capped_not_cleared, group_b

LANGS = ("en", "zh_CN", "bilingual")


def ready():
    """Cleared, with the label's values, the lot and the bag IDs: ready to issue."""
    return group_b("42 kg", "DL2", product=PRODUCT, exposures=[{"agent": "daunorubicin", "last_date": "2026-12-01"}])


SHEETS = {"not-cleared": capped_not_cleared, "ready": ready, "widest-ready": widest,
          "widest-not-cleared": lambda: widest(cleared=False)}
# Code points a font may alias to an ideograph's or a space's glyph, which no sheet draws:
# Kangxi radicals, CJK radicals supplement, CJK strokes, and control characters (TAB).
ALIASES = re.compile("[\u2e80-\u2fdf\u31c0-\u31ef\x00-\x08\x09\x0b-\x1f\ufffd]")
CJK = re.compile("[\u3000-\u9fff\uff00-\uffef]")


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _bare(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pdftotext(path: Path, *args: str) -> str:
    exe = shutil.which("pdftotext")
    if exe is None:
        pytest.skip("pdftotext (poppler-utils) is not installed; .ci/run installs it")
    done = subprocess.run([exe, "-enc", "UTF-8", *args, str(path), "-"], capture_output=True, text=True,
                          check=True)
    assert done.stderr == "", done.stderr          # poppler says so when the file is malformed
    return done.stdout.replace("\f", "\n")          # a form feed ends each page


_WRITTEN: dict[tuple[str, str], dict] = {}


def _written(name: str, lang: str, folder: Path) -> dict:
    """Each sheet written and read once for every test that looks at it."""
    if (name, lang) not in _WRITTEN:
        ev, case = build(SHEETS[name]())
        assert ev.cleared == name.endswith("ready")                      # the premise
        options = issued(lang)
        path = folder / f"{name}-{lang}.pdf"
        write_pdf(ev, case, path, options)
        drawn = [item.text for page in compose(ev, case, options) for item in page.items
                 if isinstance(item, TextItem)]
        _WRITTEN[name, lang] = {
            "name": name, "lang": lang, "ev": ev, "path": path, "drawn": drawn,
            "pypdf": "\n".join(page.extract_text() for page in PdfReader(str(path)).pages),
            "pdftotext": pdftotext(path), "pdftotext-raw": pdftotext(path, "-raw")}
    return _WRITTEN[name, lang]


@pytest.fixture(scope="module", params=[(s, lang) for s in SHEETS for lang in LANGS],
                ids=lambda p: f"{p[0]}-{p[1]}")
def sheet(request, tmp_path_factory, qapp):
    return _written(*request.param, tmp_path_factory.getbasetemp())


@pytest.fixture(scope="module", params=[(s, lang) for s in SHEETS if s.startswith("widest") for lang in LANGS],
                ids=lambda p: f"{p[0]}-{p[1]}")
def widest_sheet(request, tmp_path_factory, qapp):
    return _written(*request.param, tmp_path_factory.getbasetemp())


def test_every_glyph_reads_back_as_a_character_the_sheet_drew(sheet):
    """The text map itself: each glyph of each embedded font maps to a character that was drawn."""
    drawn = set("".join(sheet["drawn"]))
    for _, (font, mapping) in font_maps(sheet["path"].read_bytes()).items():
        # Code 0 is the font's .notdef glyph, which Qt maps to U+0000 and never draws.
        stray = {text for code, text in mapping.items() if code and text not in drawn}
        assert not stray, f"{font}: {sorted(stray)}"


@pytest.mark.parametrize("tool", ["pypdf", "pdftotext"])
def test_no_radical_tab_or_replacement_character_is_read(sheet, tool):
    found = ALIASES.findall(sheet[tool])
    assert not found, sorted(set(found))


def test_pdftotext_reads_every_line_as_it_was_drawn(sheet):
    text = _norm(sheet["pdftotext"])
    for line in sheet["drawn"]:
        # Runs of spaces are gaps between columns: a reader may order the parts apart.
        for part in re.split(r"\s{2,}", line):
            assert _norm(part) in text, part


def test_pypdf_reads_every_line_as_it_was_drawn(sheet):
    """pypdf starts a new line at each change of font (Latin and CJK faces alternate within a
    Chinese line) and reads the glyph at code 32 of a font without a space as a space
    (py-pdf/pypdf#3978): Chinese lines are compared without white space, Latin ones whole."""
    text, bare = _norm(sheet["pypdf"]), _bare(sheet["pypdf"])
    for line in sheet["drawn"]:
        for part in re.split(r"\s{2,}", line):
            if CJK.search(part):
                assert _bare(part) in bare, part
            else:
                assert _norm(part) in text, part


@pytest.mark.parametrize("tool", ["pypdf", "pdftotext"])
def test_identifiers_and_hashes_read_back_whole(sheet, tool):
    ev, text = sheet["ev"], _norm(sheet[tool])
    ids = [SHEET_ID, ev.case_sha256, ev.source.protocol_sha256, ev.source.formulary_sha256, ev.subject_id]
    if sheet["name"].startswith("widest"):
        ids += [LOT, *BAGS]
    else:
        ids += ["L2026-118", "B-0001", "B-0002"]
    for value in ids:
        assert re.search(rf"(?<![\w.-]){re.escape(value)}(?![\w/-])", text), value


@pytest.mark.parametrize("tool", ["pypdf", "pdftotext-raw"])
def test_the_longest_agent_names_are_all_there(widest_sheet, tool):
    """A name of 80 characters wraps in the table's first column; read in drawing order (in
    reading order the next column's cells come between its lines) it is all there."""
    bare = _bare(widest_sheet[tool])
    for name in (AGENT_EN, AGENT_ZH, AGENT_W):
        assert _bare(name) in bare, name


def test_a_sheet_printed_to_a_pdf_file_reads_as_typed_too(tmp_path):
    from PySide6.QtPrintSupport import QPrinter

    from infusecalc.sheet.render import print_to

    ev, case = build(capped_not_cleared())
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)     # the print dialog's "Print to file"
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    print_to(printer, ev, case, issued("bilingual"))
    text = pdftotext(tmp_path / "printed.pdf")
    assert not ALIASES.findall(text)
    assert "长春新碱" in text and ev.case_sha256 in text and "NOT CLEARED — DO NOT INFUSE" in text


@pytest.mark.parametrize("lang", LANGS)
def test_a_64_character_user_id_on_the_signature_line_is_printed_whole(lang):
    """A user ID may be 64 characters (records.identity.MAX_USER_ID): on the signature line it
    is one unbroken piece of text, printed smaller if it must be, never split over two lines."""
    import datetime as dt

    from infusecalc.records.identity import MAX_USER_ID
    from infusecalc.sheet.model import Signature

    user_id = ("wang.fang.pharmacy-" + "m" * 64)[:MAX_USER_ID - 4] + "@h.cn"[-4:]
    assert len(user_id) == MAX_USER_ID
    ev, case = build(ready())
    signature = Signature("issued", "Ouyang Wenwen", user_id, dt.datetime(2026, 12, 9, 6, 31, tzinfo=dt.timezone.utc))
    pages = compose(ev, case, issued(lang, signatures=(signature,)))
    texts = [item.text for page in pages for item in page.items if isinstance(item, TextItem)]
    assert any(user_id in text for text in texts), [t for t in texts if user_id[:10] in t]
