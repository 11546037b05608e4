"""What an issued sheet needs beyond a cleared case (core.readiness): one list for the window's
"not ready to issue" and the records' refusal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from infusecalc.core.case import parse_case
from infusecalc.core.evaluate import evaluate
from infusecalc.core.readiness import MISSING_FOR_ISSUE, issue_problems, missing_for_issue

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "issue-example.json"
LABEL = {"concentration": "1.3e7 cell/mL", "container_volume": "10 mL"}


def _missing(product: dict | None) -> tuple[str, ...]:
    data = json.loads(EXAMPLE.read_text())
    if product is None:
        data.pop("product")
    else:
        data["product"] = product
    case = parse_case(data)
    return missing_for_issue(case, evaluate(case))


def test_the_example_has_everything_a_sheet_needs():
    assert _missing(json.loads(EXAMPLE.read_text())["product"]) == ()


@pytest.mark.parametrize("product, missing", [
    (None, ("label_values", "lot", "bag_ids")),
    (LABEL, ("lot", "bag_ids")),
    ({**LABEL, "lot": " \t"}, ("lot", "bag_ids")),               # blank is not a lot number
    ({**LABEL, "lot": "L1"}, ("bag_ids",)),
    ({**LABEL, "bag_ids": ["B1"]}, ("lot",)),
])
def test_each_missing_item_is_named_in_order(product, missing):
    assert _missing(product) == missing


def test_each_missing_item_becomes_a_problem_naming_its_field():
    codes = tuple(code for code, _, _ in MISSING_FOR_ISSUE)
    problems = issue_problems(codes)
    assert [p.field for p in problems] == ["product", "product.lot", "product.bag_ids"]
    assert [p.code for p in problems] == ["PRODUCT_REQUIRED", "LOT_REQUIRED", "BAG_IDS_REQUIRED"]
    assert all("issued sheet" in p.message for p in problems)
    assert issue_problems(("bag_ids",))[0].field == "product.bag_ids"
