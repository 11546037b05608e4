"""The dose sheet in Chinese and bilingual: status words and the exact dose, read back from the PDF."""

from __future__ import annotations

import contextlib
import io
import json
import re
from pathlib import Path

import pytest

from infusecalc.cli.main import main

from ..core.helpers import base_case

pypdf = pytest.importorskip("pypdf")

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "issue-example.json"


def sheet(tmp_path, case_text: str, *args: str) -> tuple[int, str, str]:
    case = tmp_path / "case.json"
    case.write_text(case_text, encoding="utf-8")
    out_pdf = tmp_path / "sheet.pdf"
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = main(["sheet", str(case), "--pdf", str(out_pdf), *args])
    reader = pypdf.PdfReader(str(out_pdf))
    # Read as drawn: no folding of radicals back to ideographs (sheet/textmap.py makes the PDF's
    # text map right); white space is dropped because pypdf guesses it around font changes.
    text = "".join(p.extract_text() for p in reader.pages)
    return code, re.sub(r"\s+", "", text), out.getvalue()


def fonts_embedded(path: Path) -> list[str]:
    """Names of fonts used without an embedded font file (must be none)."""
    missing = []
    for page in pypdf.PdfReader(str(path)).pages:
        for name, ref in page["/Resources"]["/Font"].items():
            font = ref.get_object()
            desc = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            fd = desc.get("/FontDescriptor")
            fd = fd.get_object() if fd is not None else {}
            if not any(k in fd for k in ("/FontFile", "/FontFile2", "/FontFile3")) and \
                    font.get("/Subtype") != "/Type3":
                missing.append(f"{name} {font.get('/BaseFont')}")
    return missing


def test_chinese_sheet_holds_the_status_words_and_the_exact_dose(tmp_path):
    code, text, out = sheet(tmp_path, EXAMPLE.read_text(encoding="utf-8"), "--lang", "zh_CN")
    assert code == 0
    assert "已放行—准予输注" in text and "未放行" not in text
    assert "252,000,000CAR-T细胞" in text and "19.3mL" in text
    assert "柔红霉素" in text and "DAUNOrubicin" in text and "CAR-T细胞剂量单" in text
    assert "CLEAREDFORINFUSION" not in text and "Dosesheet" not in text
    assert "已放行 — 准予输注" in out                 # the CLI says it in Chinese too
    assert not fonts_embedded(tmp_path / "sheet.pdf")
    assert any("CJK" in str(f.get_object().get("/BaseFont"))
               for p in pypdf.PdfReader(str(tmp_path / "sheet.pdf")).pages
               for f in p["/Resources"]["/Font"].values())


def test_not_cleared_in_chinese_is_unmistakable(tmp_path):
    data = base_case(exposures=[{"agent": "长春新碱", "last_date": "2026-12-08"}])
    code, text, _ = sheet(tmp_path, json.dumps(data), "--lang", "zh_CN")
    assert code == 1
    assert "未放行—禁止输注" in text and "已放行" not in text
    assert "300,000,000CAR-T细胞" in text          # group A DL1, flat
    assert "长春新碱(vinCRIStine):化疗" in text or "长春新碱（vinCRIStine）：化疗" in text
    assert "最早" in text and "2026-12-16" in text    # 2026-12-08 + 7 + 1


def test_bilingual_sheet_has_chinese_first_and_english_beneath(tmp_path):
    code, text, _ = sheet(tmp_path, EXAMPLE.read_text(encoding="utf-8"), "--lang", "bilingual")
    assert code == 0
    zh, en = text.index("已放行—准予输注"), text.index("CLEAREDFORINFUSION")
    assert zh < en
    assert text.index("剂量水平") < text.index("Doselevel")
    assert "252,000,000CAR-T细胞" in text and "19.3mL" in text
    assert not fonts_embedded(tmp_path / "sheet.pdf")


def test_english_sheet_stays_english_even_when_chinese_is_installed(tmp_path, qapp):
    from infusecalc.i18n import qt as i18n_qt

    i18n_qt.install("zh_CN")
    try:
        code, text, _ = sheet(tmp_path, EXAMPLE.read_text(encoding="utf-8"), "--lang", "en")
    finally:
        i18n_qt.install("en")
    assert code == 0 and "CLEAREDFORINFUSION" in text and "已放行" not in text
