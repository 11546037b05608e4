"""The issued sheet's QR payload as text (issue 15 items 9 and 11; the lead's decision): page 1
keeps the QR code and the sheet ID beside it with no payload text; the payload is printed once,
full page width, at the end of the sheet's last page, under "If the QR code cannot be scanned,
type or paste this code into the verify window:", in the mono font, broken only between
characters at the line ends. Read back with pypdf and poppler's pdftotext, the lines joined
are the payload itself (no space inserted), and pasted into the verify window they open the
sheet."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtWidgets import QApplication  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from infusecalc.core.case import parse_case  # noqa: E402
from infusecalc.gui.background import wait_idle  # noqa: E402
from infusecalc.issuing import write_sheet_pdf  # noqa: E402
from infusecalc.records.service import issue_sheet  # noqa: E402
from infusecalc.records.users import Credentials  # noqa: E402

from .conftest import NURSE, PHARMACIST, open_example_level  # noqa: E402

pytestmark = pytest.mark.gui
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "issue-example.json"
HEADING = "If the QR code cannot be scanned, type or paste this code into the verify window:"
HEADING_ZH_START = "如二维码无法扫描"
VERIFIED_ZH = "核对人"


@pytest.fixture
def issued(people):
    open_example_level(people)
    data = json.loads(EXAMPLE.read_text())
    data["product"].update(lot="L7", bag_ids=["B-01", "B-02"])
    return issue_sheet(people, parse_case(data), Credentials(*PHARMACIST)).sheet


def _pdftotext(path: Path, *args: str) -> list[str]:
    """The text of each page, as poppler reads it."""
    exe = shutil.which("pdftotext")
    if exe is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    out = subprocess.run([exe, "-enc", "UTF-8", *args, str(path), "-"], capture_output=True, text=True,
                         check=True).stdout
    return out.split("\f")[:-1] if out.endswith("\f") else out.split("\f")


def _payload_lines(text: str, payload: str) -> list[str]:
    """The lines that spell the payload, from the one starting with its head on, as read."""
    lines = [line.strip() for line in text.splitlines()]
    start = next(i for i, line in enumerate(lines) if line.startswith(payload[:12]))
    got, out = "", []
    for line in lines[start:]:
        if len(got) >= len(payload):
            break
        if not line:
            continue
        out.append(line)
        got += line
    return out


@pytest.mark.parametrize("lang", ["en", "zh_CN", "bilingual"])
def test_the_payload_is_printed_once_at_the_end_and_reads_back_as_the_code(qapp, tmp_path, issued, lang):
    payload = issued.payload
    assert len(payload) > 500                  # the premise: a code far too long for a side column
    path = tmp_path / f"sheet-{lang}.pdf"
    write_sheet_pdf(issued, path, lang=lang)
    pages = _pdftotext(path)
    pypdf_pages = [p.extract_text() for p in PdfReader(str(path)).pages]
    assert len(pages) == len(pypdf_pages) >= 1
    chunk = payload[40:80]
    # Once, on the last page only; not beside the QR code on page 1 (unless page 1 is the last).
    where = [n for n, text in enumerate(pages) if chunk in re.sub(r"\s", "", text)]
    assert where == [len(pages) - 1], where
    last = pages[-1]
    heading = HEADING if lang != "zh_CN" else HEADING_ZH_START
    assert heading in re.sub(r"[ \t]*\n[ \t]*", " " if lang == "en" else "", last) or heading in last
    # After the signatures: the last thing on the sheet's body.
    whole = "\n".join(pages)
    assert whole.index("Verified by" if lang != "zh_CN" else VERIFIED_ZH) < whole.index(payload[:12])
    for text in (last, pypdf_pages[-1]):
        lines = _payload_lines(text, payload)
        assert len(lines) >= 5
        assert all(" " not in line for line in lines), lines      # no space inserted
        assert "".join(lines) == payload                          # broken between characters only


def test_page_one_has_no_payload_text(qapp, tmp_path, issued):
    """The QR code and the sheet ID on page 1; the code's text nowhere near them."""
    path = tmp_path / "sheet.pdf"
    write_sheet_pdf(issued, path)
    first = _pdftotext(path, "-f", "1", "-l", "1")[0]
    assert issued.sheet_id in first
    pages = len(PdfReader(str(path)).pages)
    if pages > 1:
        assert payload_head(issued.payload) not in first


def payload_head(payload: str) -> str:
    return payload[:12]


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_code_pasted_from_the_pdf_opens_the_sheet_in_the_verify_window(qtbot, tmp_path, issued, people, lang):
    from infusecalc.gui.verify_window import VerifyWindow

    path = tmp_path / "sheet.pdf"
    write_sheet_pdf(issued, path, lang=lang)
    pasted = "\n".join(_payload_lines(_pdftotext(path)[-1], issued.payload)) + "\n"
    assert "\n" in pasted.strip()           # several lines, as selected in a PDF viewer
    w = VerifyWindow(people, ask_credentials=lambda parent, meaning: Credentials(*NURSE))
    qtbot.addWidget(w)
    w.show()
    QApplication.clipboard().setText(pasted)
    w.scan_edit.setFocus()
    w.scan_edit.paste()
    w.open_sheet()
    wait_idle()
    assert w.entry_box.isEnabled(), w.message.text()
    assert issued.sheet_id in w.message.text()
