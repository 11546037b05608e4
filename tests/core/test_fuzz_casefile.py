"""Fuzzing the case file readers: `check`'s (bytes -> Case -> Evaluation) and the bedside
verifier's (bytes -> NurseEntry -> the issued case with the nurse's values -> Evaluation).

The contract (issue 14): every input is either refused with an InputError (each problem with a
code, a field and a short value) or computed into a result with no NaN, no dose above its cap,
and no dose or volume of zero.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import event as _event
from hypothesis import given
from hypothesis.control import currently_in_test_context

from infusecalc.core.case import parse_case, parse_case_bytes, parse_case_json
from infusecalc.core.casefile import decode, loads
from infusecalc.core.errors import InputError
from infusecalc.core.evaluate import evaluate
from infusecalc.core.result import Evaluation
from infusecalc.records.service import NurseEntry

from .fuzz_strategies import FAST, SLOW, SLOW_ENABLED, case_bytes, case_data, decimals_in, valid_case


def event(text: str) -> None:
    """Count outcomes (pytest --hypothesis-show-statistics) when called from a hypothesis test."""
    if currently_in_test_context():
        _event(text)


def assert_refusal(exc: InputError) -> None:
    assert exc.problems
    for p in exc.problems:
        assert p.code and p.code.replace("_", "").isalnum() and p.code.isupper(), p
        assert p.field and p.message, p
        assert len(p.value) <= 81, f"{p.code} echoes {len(p.value):,} characters back"


def assert_sane(ev: Evaluation) -> None:
    """What a computed result must never hold, whatever the input."""
    for value in decimals_in(ev.model_dump()):
        assert value.is_finite(), ev
    d = ev.dose
    if d.cells is not None:
        assert d.cells > 0, "a dose of no cells is never a result"
        if d.cap_cells is not None:
            assert d.cells <= d.cap_cells, "the dose exceeds its cap"
        if d.max_cells is not None:
            assert d.cells <= d.max_cells
        if d.min_cells is not None:
            assert d.cells >= d.min_cells
    if d.max_cells is not None and d.max_cap_cells is not None:
        assert d.max_cells <= d.max_cap_cells
    if d.min_cells is not None:
        assert d.min_cells > 0
    p = ev.product
    if p is not None:
        assert p.delivered_cells > 0
        if p.volume_ml is not None:
            assert p.volume_ml > 0, "a volume of zero is never a result"
            assert p.containers is not None and p.containers >= 1
        if p.container_volume_ml is not None:
            assert p.container_volume_ml > 0
        if p.concentration_cells_per_ml is not None:
            assert p.concentration_cells_per_ml > 0
    assert ev.weight.kg > 0
    assert ev.cleared == (not ev.not_cleared)


def compute(raw: bytes) -> Evaluation | None:
    try:
        case = parse_case_bytes(raw)
        ev = evaluate(case)
    except InputError as exc:
        assert_refusal(exc)
        event(f"refused: {exc.problems[0].code}")
        return None
    assert_sane(ev)
    event("computed: " + ("cleared" if ev.cleared else "not cleared"))
    return ev


@FAST
@given(case_bytes())
def test_check_reader_computes_sanely_or_refuses(raw):
    compute(raw)


@FAST
@given(case_data())
def test_a_case_object_computes_sanely_or_refuses(data):
    try:
        case = parse_case(data)
        ev = evaluate(case)
    except InputError as exc:
        assert_refusal(exc)
        return
    assert_sane(ev)
    # The issued record keeps the case as its canonical JSON and its hash: read back, it must be
    # the same case with the same hash, or the bedside would compare against something else.
    again = parse_case_json(case.canonical_json())
    assert again == case and again.sha256() == case.sha256() == ev.case_sha256


ISSUED = parse_case(valid_case())


def nurse_check(raw: bytes) -> None:
    """verify's reading of the nurse's own file, then the comparison case it builds and computes."""
    try:
        entry = NurseEntry.from_case_data(loads(decode(raw)))
    except InputError as exc:
        assert_refusal(exc)
        return
    for value in (entry.subject_id, entry.weight, entry.group, entry.dose_level, entry.concentration,
                  entry.container_volume):
        assert isinstance(value, str) and value.strip()
    assert entry.lot is None or isinstance(entry.lot, str)
    assert isinstance(entry.bag_ids, tuple) and all(isinstance(b, str) for b in entry.bag_ids)
    try:
        ev = evaluate(entry.to_case(ISSUED))
    except InputError as exc:
        assert_refusal(exc)
        return
    assert_sane(ev)


@FAST
@given(case_bytes())
def test_the_nurse_reader_types_every_field_or_refuses(raw):
    nurse_check(raw)


def test_the_unchanged_example_is_computed():
    # The generators start from this case: if it stopped computing, the fuzzing above would
    # only ever exercise refusals.
    import json

    ev = compute(json.dumps(valid_case()).encode())
    assert ev is not None and ev.dose.cells == 252_000_000
    nurse_check(json.dumps(valid_case()).encode())


@pytest.mark.slow
@pytest.mark.skipif(not SLOW_ENABLED, reason="5,000 examples each; set INFUSECALC_SLOW_TESTS=1")
@SLOW
@given(case_bytes())
def test_both_readers_many_examples(raw: Any):
    compute(raw)
    nurse_check(raw)
