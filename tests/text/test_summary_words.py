"""The `check` summary reads as the window does: the weight once (converted weights with the
entry beside them), whole words for the containers to thaw."""

from __future__ import annotations

import json
from pathlib import Path

from infusecalc.core.case import parse_case
from infusecalc.core.evaluate import evaluate
from infusecalc.text.report import to_text

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "issue-example.json"


def _summary(lang: str = "en", **changes: object) -> list[str]:
    data = json.loads(EXAMPLE.read_text())
    data.update(changes)
    return to_text(evaluate(parse_case(data)), lang).splitlines()


def test_a_weight_in_kg_is_not_repeated():
    assert _summary()[1] == "Weight: 42 kg"          # it read "Weight: 42 kg = 42 kg"


def test_a_weight_in_pounds_shows_two_decimals_and_the_entry():
    assert _summary(weight="93 lb")[1] == "Weight: 42.18 kg (93 lb entered)"
    assert _summary("zh_CN", weight="93 lb")[1] == "体重：42.18 kg（输入为 93 lb）"


def test_containers_are_counted_in_words():
    lines = _summary()
    assert any(line.startswith("Volume to draw: 19.3 mL from 2 containers of 10 mL") for line in lines)
    one = _summary(weight="30 kg", product={"concentration": "1.3e7 cell/mL", "container_volume": "20 mL"})
    assert any(" from 1 container of 20 mL" in line for line in one)
    assert not any("container(s)" in line for line in lines + one)
