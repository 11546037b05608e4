"""The records command line in Chinese: the issued sheet's language, the bedside result."""

from __future__ import annotations

import re

import pytest

from ..records.conftest import cheap_kdf, data_dir  # noqa: F401 - fixtures
from ..records.test_cli_records import _issue, _nurse_file, cli, site  # noqa: F401 - fixtures


def test_mismatch_is_unmistakable_in_chinese(cli, site, tmp_path):
    issued = _issue(cli, site)
    nurse = _nurse_file(tmp_path, site, weight="52 kg")
    code, out, _ = cli("--lang", "zh_CN", "verify", issued["sheet_id"], str(nurse), "--user", "li",
                       "--password-stdin", stdin="nurse-pass-1\n")
    assert code == 1
    assert out.startswith(f"不一致 — 核对未通过 {issued['sheet_id']}") and "禁止输注" in out
    assert "体重（kg）：录入 52，剂量单 42" in out and "weight_kg" not in out
    assert "剂量（CAR-T 细胞）：录入 300,000,000，剂量单 252,000,000" in out   # capped


def test_match_in_chinese_shows_the_same_figures(cli, site, tmp_path):
    issued = _issue(cli, site)
    code, out, _ = cli("--lang", "zh_CN", "verify", issued["sheet_id"], str(site), "--user", "li",
                       "--password-stdin", stdin="nurse-pass-1\n")
    assert code == 0
    assert "核对一致" in out and "2.52 × 10⁸ = 252,000,000 CAR-T 细胞" in out and "19.3 mL" in out


def test_issued_sheet_pdf_in_chinese(cli, site, tmp_path):
    pypdf = pytest.importorskip("pypdf")
    pdf = tmp_path / "issued.pdf"
    code, out, err = cli("issue", str(site), "--user", "wang", "--password-stdin", "--pdf", str(pdf),
                         "--lang", "bilingual", stdin="pharm-pass-1\n")
    assert code == 0, err
    text = re.sub(r"\s+", "", "".join(p.extract_text() for p in pypdf.PdfReader(str(pdf)).pages))
    assert "已放行—准予输注" in text and "CLEAREDFORINFUSION" in text
    assert out.strip() in text          # the sheet ID, printed large
    assert "草稿" not in text             # issued: no DRAFT mark


def test_not_issued_in_chinese(cli, site, tmp_path):
    import json

    data = json.loads(site.read_text())
    data["exposures"][0]["last_date"] = "2026-12-08"
    site.write_text(json.dumps(data), encoding="utf-8")
    code, out, err = cli("--lang", "zh_CN", "issue", str(site), "--user", "wang", "--password-stdin",
                         stdin="pharm-pass-1\n")
    assert code == 1 and out == ""
    assert err.splitlines()[0] == "未签发：未放行 — 禁止输注"
    assert "柔红霉素（DAUNOrubicin）：化疗" in err
