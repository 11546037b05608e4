"""Builders for test cases: a valid base case that each test changes one field of."""

from __future__ import annotations

from typing import Any

from infusecalc.core.case import Case, parse_case
from infusecalc.core.evaluate import evaluate
from infusecalc.core.result import Evaluation


def base_case(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "subject_id": "0101-001", "group": "A", "age_years": 40, "weight": "70 kg",
        "dose_level": "DL1", "infusion_date": "2026-12-10", "consent_date": "2026-11-20",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def group_b(weight: str, level: str = "DL1", **changes: Any) -> dict[str, Any]:
    return base_case(**{"group": "B", "age_years": 15, "weight": weight, "dose_level": level, **changes})


def run(data: dict[str, Any]) -> Evaluation:
    return evaluate(parse_case(data))


def case(data: dict[str, Any]) -> Case:
    return parse_case(data)
