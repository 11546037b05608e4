"""Cases and PDF reading for the sheet tests."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from pypdf import PdfReader

from infusecalc.core.case import Case, parse_case
from infusecalc.core.evaluate import evaluate
from infusecalc.core.result import Evaluation
from infusecalc.sheet.model import SheetOptions
from infusecalc.sheet.render import write_pdf

from ..core.helpers import base_case, group_b

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "issue-example.json"
GENERATED = dt.datetime(2026, 12, 9, 6, 30, tzinfo=dt.timezone.utc)
PRODUCT = {"concentration": "1.3e7 cell/mL", "container_volume": "10 mL",
           "lot": "L2026-118", "bag_ids": ["B-0001", "B-0002"]}


def capped_not_cleared() -> dict[str, Any]:
    """Group B, 55 kg at DL1: capped from 1.65 x 10^8 to 1.5 x 10^8; vinCRIStine 5 days before: FAIL."""
    return group_b("55 kg", "DL1", weight_date="2026-12-08", product=PRODUCT, exposures=[
        {"agent": "daunorubicin", "last_date": "2026-12-01"},
        {"agent": "dexamethasone", "last_date": "2026-12-06", "daily_dose": "10 mg", "route": "oral"},
        {"agent": "vincristine", "last_date": "2026-12-05"},
        {"agent": "radiotherapy", "site": "cns", "last_date": "2026-09-20"},
    ])


def cleared() -> dict[str, Any]:
    return group_b("42 kg", "DL2", product={"concentration": "1.3e7 cell/mL", "container_volume": "10 mL"},
                   exposures=[{"agent": "daunorubicin", "last_date": "2026-12-01"}])


def build(data: dict[str, Any]) -> tuple[Evaluation, Case]:
    case = parse_case(data)
    return evaluate(case), case


def pdf(tmp_path: Path, data: dict[str, Any], name: str = "sheet.pdf", **options: Any) -> tuple[int, list[str]]:
    """Write the sheet; return (pages written, text of each page with whitespace collapsed)."""
    ev, case = build(data)
    path = tmp_path / name
    options.setdefault("generated_at", GENERATED)
    pages = write_pdf(ev, case, path, SheetOptions(**options))
    return pages, page_texts(path)


def page_texts(path: Path) -> list[str]:
    """Each page's text as pypdf reads it, white space collapsed (pypdf starts a line at each
    text object Qt writes). No folding: the sheet's text map reads as typed (test_text_extraction)."""
    return [re.sub(r"\s+", " ", page.extract_text()) for page in PdfReader(str(path)).pages]


__all__ = ["EXAMPLE", "GENERATED", "base_case", "build", "capped_not_cleared", "cleared", "group_b", "pdf",
           "page_texts"]
