"""The sheet at the case file's limits (issue 14): with every identifier and name at its longest,
nothing leaves the page, no line of text runs into another, into a box's edge or across a rule."""

from __future__ import annotations

from itertools import combinations

import pytest

from infusecalc.sheet.compose import compose
from infusecalc.sheet.layout import A4_H, A4_W, MARGIN_TOP, MARGIN_X, BoxItem, LineItem, Measure, Page, TextItem
from infusecalc.sheet.model import SheetOptions

from .cases import BAGS, LOT, SUBJECT, every_bag, issued, widest
from .helpers import GENERATED, build, capped_not_cleared

CASES = {"widest-ready": widest, "widest-not-cleared": lambda: widest(cleared=False), "fifty-bags": every_bag,
         "capped": capped_not_cleared}
TOLERANCE = 0.3      # points: rounding of the text metrics


def _rect(m: Measure, item: TextItem) -> tuple[float, float, float, float]:
    """Left, top, right, bottom of a line of text: its advance, from its ascent to its descent."""
    ascent = m.ascent(item.font)
    descent = m.line(item.font) / 1.06 - ascent
    return item.x, item.y - ascent, item.x + m.width(item.text, item.font), item.y + descent


def _overlap(a, b) -> bool:
    return (min(a[2], b[2]) - max(a[0], b[0]) > TOLERANCE) and (min(a[3], b[3]) - max(a[1], b[1]) > TOLERANCE)


def _problems(pages: list[Page]) -> list[str]:
    m = Measure()
    found: list[str] = []
    for n, page in enumerate(pages, 1):
        texts = [(item, _rect(m, item)) for item in page.items if isinstance(item, TextItem) and item.text.strip()]
        for item, (left, top, right, bottom) in texts:
            if left < MARGIN_X - TOLERANCE or right > A4_W - MARGIN_X + TOLERANCE:
                found.append(f"page {n}: {item.text!r} runs from {left:.1f} to {right:.1f}, outside the margins")
            if top < MARGIN_TOP - 2 or bottom > A4_H - 12:
                found.append(f"page {n}: {item.text!r} from {top:.1f} to {bottom:.1f}, off the printable page")
        for (a, ra), (b, rb) in combinations(texts, 2):
            if _overlap(ra, rb):
                found.append(f"page {n}: {a.text!r} and {b.text!r} overlap")
        for box in (i for i in page.items if isinstance(i, BoxItem)):
            for item, (_left, _top, right, bottom) in texts:
                starts_inside = box.x <= item.x <= box.x + box.w and box.y <= item.y <= box.y + box.h
                if starts_inside and (right > box.x + box.w + TOLERANCE or bottom > box.y + box.h + TOLERANCE):
                    found.append(f"page {n}: {item.text!r} leaves its box")
        for rule in (i for i in page.items if isinstance(i, LineItem) and abs(i.y1 - i.y2) < 0.01):
            for item, (left, top, right, bottom) in texts:
                crosses = top + 1 < rule.y1 < bottom - 1 and min(right, max(rule.x1, rule.x2)) > max(
                    left, min(rule.x1, rule.x2))
                if crosses:
                    found.append(f"page {n}: the rule at {rule.y1:.1f} crosses {item.text!r}")
    return found


@pytest.mark.parametrize("lang", ["en", "zh_CN", "bilingual"])
@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.parametrize("issued_sheet", [False, True], ids=["draft", "issued"])
def test_nothing_overflows_or_overlaps(name, lang, issued_sheet):
    ev, case = build(CASES[name]())
    options = issued(lang) if issued_sheet else SheetOptions(lang=lang, generated_at=GENERATED)
    pages = compose(ev, case, options)
    assert _problems(pages) == []


def test_the_checks_find_an_overlap_a_box_overflow_and_a_line_past_the_margin():
    """The geometry above can fail: a sheet with the three faults is reported three times over."""
    ev, case = build(capped_not_cleared())
    page = compose(ev, case, SheetOptions(generated_at=GENERATED))[0]
    first = next(i for i in page.items if isinstance(i, TextItem))
    box = next(i for i in page.items if isinstance(i, BoxItem))
    page.items += [TextItem(first.x + 1, first.y, first.text, first.font),
                   TextItem(box.x + box.w - 5, box.y + box.h / 2, "beyond the box", first.font),
                   TextItem(A4_W - MARGIN_X - 5, 500, "past the margin", first.font)]
    problems = "\n".join(_problems([page]))
    assert "overlap" in problems and "leaves its box" in problems and "outside the margins" in problems


def test_identifiers_at_their_limit_keep_to_one_line_each():
    ev, case = build(widest())
    lines = [i.text for page in compose(ev, case, issued("en")) for i in page.items if isinstance(i, TextItem)]
    for value in (SUBJECT, LOT, *BAGS):
        assert any(value in line for line in lines), value
    # No line holds a piece of an identifier without the whole of it.
    for value in (SUBJECT, LOT, *BAGS):
        assert not [line for line in lines if value[:9] in line and value not in line], value
