"""What an issued sheet needs beyond a cleared case.

One rule for every front end: the window's amber "CLEARED — NOT READY TO ISSUE" and the records'
refusal to issue (``infusecalc issue``) read the same list, so the command line can no longer
issue a sheet the window would hold back. The volume to draw comes from the label values; the
lot and the bag IDs say what is thawed and are what the bedside check compares with the bags in
hand: a sheet without them leaves the nurse nothing to compare.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .errors import Problem

if TYPE_CHECKING:
    from .case import Case
    from .result import Evaluation

# (code, case field, what to add): in the order the sheet shows them.
MISSING_FOR_ISSUE: tuple[tuple[str, str, str], ...] = (
    ("label_values", "product",
     'An issued sheet needs the product label values: add "product" with "concentration" and '
     '"container_volume".'),
    ("lot", "product.lot",
     'An issued sheet needs the lot number from the label: add "lot" to "product", like '
     '"lot": "L2026-118".'),
    ("bag_ids", "product.bag_ids",
     'An issued sheet needs the ID of every bag or vial to thaw: add "bag_ids" to "product", '
     'like "bag_ids": ["B1", "B2"].'),
)
_PROBLEM_CODES = {"label_values": "PRODUCT_REQUIRED", "lot": "LOT_REQUIRED", "bag_ids": "BAG_IDS_REQUIRED"}


def missing_for_issue(case: Case, evaluation: Evaluation) -> tuple[str, ...]:
    """Codes of what an issued sheet still needs, in ``MISSING_FOR_ISSUE`` order (empty: ready,
    once the case is cleared)."""
    product = case.product
    missing: list[str] = []
    if evaluation.product is None:
        missing.append("label_values")
    if product is None or not (product.lot or "").strip():
        missing.append("lot")
    if product is None or not product.bag_ids:
        missing.append("bag_ids")
    return tuple(missing)


def issue_problems(missing: tuple[str, ...]) -> list[Problem]:
    """The refusal of an issue that lacks them: one problem a missing item, naming its field."""
    wanted = set(missing)
    return [Problem(_PROBLEM_CODES[code], field, "", why)
            for code, field, why in MISSING_FOR_ISSUE if code in wanted]
