"""A label example's range, weight band, whole bag and protocol version on the sheet (issue 17)."""

from __future__ import annotations

from pathlib import Path

from infusecalc.core.case import parse_case
from infusecalc.core.evaluate import evaluate
from infusecalc.core.protocol import load_protocol
from infusecalc.sheet.model import SheetOptions
from infusecalc.sheet.render import write_pdf

from .helpers import GENERATED, page_texts

KYMRIAH = Path(__file__).resolve().parents[2] / "resources" / "protocols" / "labels" / "kymriah-ball.toml"


def _sheet(tmp_path, total):
    case = parse_case({"subject_id": "K-1", "group": "BALL", "age_years": 12, "weight": "30 kg",
                       "dose_level": "label", "infusion_date": "2026-12-10",
                       "product": {"total_cells": total, "lot": "L7"}})
    ev = evaluate(case, load_protocol(KYMRIAH))
    path = tmp_path / "sheet.pdf"
    write_pdf(ev, case, path, SheetOptions(generated_at=GENERATED, lang="en"))
    return ev, " ".join(page_texts(path))


def test_range_band_and_whole_bag_are_printed(tmp_path):
    ev, text = _sheet(tmp_path, "1.2e8 cell")
    assert ev.cleared
    assert "Weight band: ≤ 50 kg" in text
    assert "150,000,000" in text and "6,000,000" in text
    assert "Whole bag" in text and "within the limits" in text
    assert "USPI-KYMRIAH-BALL · USPI 2024 · 2024-01" in text
    assert ev.source.protocol_sha256 in text


def test_a_bag_above_the_band_maximum_is_printed_not_cleared(tmp_path):
    ev, text = _sheet(tmp_path, "2.5e8 cell")
    assert not ev.cleared
    assert "NOT CLEARED" in text and "ABOVE THE MAXIMUM" in text
