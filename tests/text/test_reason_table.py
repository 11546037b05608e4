"""docs/reason-codes.md lists every decision code the core can carry, with both sentences."""

from __future__ import annotations

from pathlib import Path

from infusecalc.core.reasons import ELIGIBILITY_REASONS, FINDING_REASONS, NOT_CLEARED_REASONS, OUTLOOK_REASONS
from infusecalc.text import catalogue

DOC = Path(__file__).resolve().parents[2] / "docs" / "reason-codes.md"


def test_every_code_has_a_row_with_its_english_and_chinese_sentence():
    text = DOC.read_text(encoding="utf-8")
    en, zh = catalogue("en"), catalogue("zh_CN")
    for table, codes in (("findings", FINDING_REASONS), ("not_cleared", NOT_CLEARED_REASONS),
                         ("outlook", OUTLOOK_REASONS), ("eligibility", ELIGIBILITY_REASONS)):
        for code in codes:
            row = next((line for line in text.splitlines() if line.startswith(f"| `{code}` |")), None)
            assert row, code
            assert getattr(en, table)[code].replace("|", "\\|") in row, code
            assert getattr(zh, table)[code].replace("|", "\\|") in row, code
    for code, status in (*FINDING_REASONS.items(), *ELIGIBILITY_REASONS.items()):
        assert f"| `{code}` | {status.upper()} |" in text
