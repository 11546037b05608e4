"""Nothing is clipped: every line of text lies inside the page margins, above the footer."""

from __future__ import annotations

import datetime as dt

import pytest

from infusecalc.sheet.compose import compose
from infusecalc.sheet.layout import A4_H, A4_W, BODY_BOTTOM, MARGIN_BOTTOM, MARGIN_X, Measure, TextItem
from infusecalc.sheet.model import SheetOptions, Signature

from .helpers import GENERATED, base_case, build, capped_not_cleared

LONG = "X" * 30


def stress() -> dict:
    start = dt.date(2026, 6, 1)
    exposures = [{"agent": a, "last_date": (start + dt.timedelta(days=3 * i)).isoformat()}
                 for i, a in enumerate(["cyclophosphamide", "mitoxantrone", "methylprednisolone",
                                        "a very long hand-classified investigational agent name"] * 12)]
    for e in exposures:
        if e["agent"] == "methylprednisolone":
            e.update(daily_dose="40 mg", route="intravenous")
        if e["agent"].startswith("a very"):
            e["class"] = "chemotherapy"
    return base_case(subject_id="0101-" + "9" * 20, exposures=exposures,
                     product={"concentration": "1.3e7 cell/mL", "container_volume": "10 mL",
                              "lot": "LOT-" + LONG, "bag_ids": [f"BAG-{i:04d}-{LONG}" for i in range(6)]})


CASES = {"capped": capped_not_cleared, "stress": stress}
SIGNED = SheetOptions(
    sheet_id="DS-2026-" + "0" * 12, reprint_of="DS-2026-" + "1" * 12, voided_reason="entered twice " * 8,
    # A payload as long as a real one (examples/issue-example.json issues a 1,180-character code).
    chain_anchor="123456:" + "f" * 64, qr_text="IC2.DS-2026-" + "A" * 1168,
    qr_modules=tuple(tuple(bool((r + c) % 2) for c in range(25)) for r in range(25)),
    signatures=(Signature("issued", "Ouyang " + LONG, "u" * 20, GENERATED),
                Signature("verified", "Zhuge " + LONG, "v" * 20, GENERATED)),
    generated_at=GENERATED)


@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.parametrize("options", [SheetOptions(generated_at=GENERATED), SIGNED], ids=["draft", "issued"])
def test_every_line_fits_inside_the_margins(name, options):
    ev, case = build(CASES[name]())
    pages = compose(ev, case, options)
    m = Measure()
    footer_top = A4_H - MARGIN_BOTTOM - 14
    for n, page in enumerate(pages, 1):
        for item in page.items:
            if not isinstance(item, TextItem):
                continue
            right = item.x + m.width(item.text, item.font)
            where = f"page {n}: {item.text!r}"
            assert item.x >= MARGIN_X - 0.5 and right <= A4_W - MARGIN_X + 0.5, where
            if item.y < footer_top:
                assert item.y <= BODY_BOTTOM, where
    # An issued sheet ends with its QR code's text (about ten full-width lines); with 48
    # exposures that is a fourth page in English, as it was when the text took 40 lines
    # beside the QR code on page 1 (measured before and after: 4 pages either way).
    assert len(pages) <= (3 if options.qr_text is None else 4)
