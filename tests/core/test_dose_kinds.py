"""Dose-level kinds as protocol data: uncapped per kg, ranges, weight bands, whole bags,
indications and decision kinds (issue 17)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings, strategies as st

from infusecalc.core.case import parse_case
from infusecalc.core.errors import InputError, ProtocolFileError
from infusecalc.core.evaluate import evaluate
from infusecalc.core.protocol import load_protocol
from infusecalc.text.words import Words

from .helpers import base_case
from .protocol_fixtures import load_with_levels, replaced, with_levels_in_a

ACK = ["WEIGHT_BELOW_USUAL", "WEIGHT_ABOVE_USUAL"]

BANDED = '''
[[groups.levels]]
id = "KB"
kind = "bands"
quote = "up to 50 kg: 0.2 to 5.0 × 10^6 CAR-positive viable T cells per kg; above 50 kg: 0.1 to 2.5 × 10^8 CAR-positive viable T cells"

[[groups.levels.bands]]
weight_kg_max_inclusive = "50"
kind = "range"
min_cells_per_kg = "0.2e6"
max_cells_per_kg = "5.0e6"
max_uncapped = true

[[groups.levels.bands]]
weight_kg_min_exclusive = "50"
kind = "range"
min_cells = "0.1e8"
max_cells = "2.5e8"
'''

RANGES = '''
[[groups.levels]]
id = "RF"
kind = "range"
min_cells = "50e6"
max_cells = "110e6"
quote = "50 to 110 × 10^6 CAR-positive viable T cells"

[[groups.levels]]
id = "RK"
kind = "range"
min_cells_per_kg = "0.5e6"
max_cells_per_kg = "1.0e6"
max_cap_cells = "1e8"
quote = "0.5–1.0 × 10^6 CAR-positive viable T cells per kg of body weight, with a maximum dose of 1 × 10^8"

[[groups.levels]]
id = "PT"
kind = "per_kg"
cells_per_kg = "2e6"
cap_cells = "2e8"
min_cells_per_kg = "1e6"
max_cells_per_kg = "2e6"
max_cap_cells = "2e8"
quote = "target 2 × 10^6 per kg (range 1 × 10^6 to 2 × 10^6 per kg), maximum 2 × 10^8"

[[groups.levels]]
id = "UN"
kind = "per_kg"
cells_per_kg = "1e6"
uncapped = true
quote = "1 × 10^6 CAR-T cells per kg with no maximum"
'''


def _run(lp, **changes):
    return evaluate(parse_case(base_case(acknowledged_warnings=ACK, **changes)), lp)


@pytest.fixture
def banded(tmp_path):
    return load_with_levels(tmp_path, BANDED)


@pytest.fixture
def ranges(tmp_path):
    return load_with_levels(tmp_path, RANGES)


# ------------------------------------------------------------------ per kg without a cap

def test_per_kg_without_cap_is_refused_unless_uncapped_is_said(tmp_path):
    silent = '[[groups.levels]]\nid = "UN"\nkind = "per_kg"\ncells_per_kg = "1e6"\nquote = "1 × 10^6 per kg"'
    with pytest.raises(ProtocolFileError) as exc:
        load_with_levels(tmp_path, silent)
    assert "uncapped = true" in str(exc.value)


def test_uncapped_per_kg_is_rate_times_weight(ranges):
    d = _run(ranges, dose_level="UN", weight="250.5 kg").dose
    assert d.cells == 250_500_000 and d.cap_cells is None and not d.cap_applied


# ------------------------------------------------------------------ ranges

def test_flat_range_without_target_has_no_cells(ranges):
    d = _run(ranges, dose_level="RF").dose
    assert (d.cells, d.min_cells, d.max_cells) == (None, 50_000_000, 110_000_000)


def test_range_without_target_has_no_volume_to_draw(ranges):
    with pytest.raises(InputError) as exc:
        _run(ranges, dose_level="RF", product={"concentration": "1e6 cell/mL", "container_volume": "50 mL"})
    (p,) = exc.value.problems
    assert p.code == "RANGE_NEEDS_WHOLE_BAG" and p.field == "product.total_cells"
    assert "50,000,000 to 110,000,000" in p.message


@pytest.mark.parametrize("total, status, cleared", [
    ("50e6 cell", "within", True), ("110e6 cell", "within", True), ("1.1e8 cells", "within", True),
    ("49999999 cell", "below_minimum", False), ("110000001 cell", "above_maximum", False),
])
def test_whole_bag_is_checked_against_the_range(ranges, total, status, cleared):
    ev = _run(ranges, dose_level="RF", product={"total_cells": total, "lot": "L1"})
    assert ev.product.whole_bag and ev.product.bag_status == status and ev.cleared is cleared
    assert ev.product.volume_ml is None and ev.product.lot == "L1"
    if not cleared:
        (line,) = Words("en").not_cleared(ev)
        assert "50,000,000" in line and "110,000,000" in line
        assert [r.code for r in ev.not_cleared] == [{"below_minimum": "BAG_BELOW_MINIMUM",
                                                     "above_maximum": "BAG_ABOVE_MAXIMUM"}[status]]


def test_per_kg_range_min_rounds_up_and_max_is_capped(ranges):
    d = _run(ranges, dose_level="RK", weight="70.0000001 kg").dose
    # 0.5e6 x 70.0000001 = 35,000,000.05 -> 35,000,001 (the fewest whole cells that reach it)
    assert d.min_cells == 35_000_001 and d.max_cells == 70_000_000 and not d.max_cap_applied
    heavy = _run(ranges, dose_level="RK", weight="150 kg").dose
    assert heavy.max_cells == 100_000_000 and heavy.max_cap_applied and heavy.max_uncapped_cells == 150_000_000


def test_range_empty_at_a_weight_is_refused_never_guessed(ranges):
    # 0.5e6/kg x 210 kg = 1.05e8 is above the 1e8 cap of the maximum: the label has no dose there.
    with pytest.raises(InputError) as exc:
        _run(ranges, dose_level="RK", weight="210 kg")
    assert exc.value.problems[0].code == "RANGE_EMPTY_AT_WEIGHT"


def test_target_with_range_draws_the_target(ranges):
    ev = _run(ranges, dose_level="PT", weight="80 kg",
              product={"concentration": "2e6 cell/mL", "container_volume": "100 mL"})
    assert ev.dose.cells == 160_000_000 and (ev.dose.min_cells, ev.dose.max_cells) == (80_000_000, 160_000_000)
    assert ev.product.volume_ml == Decimal("80.0") and ev.product.delivered_cells == 160_000_000


def test_whole_bag_for_a_target_only_level_may_not_exceed_it():
    lp = load_protocol(None)
    over = _run(lp, dose_level="DL1", product={"total_cells": "3.1e8 cell"})
    assert over.product.bag_status == "above_maximum" and not over.cleared
    exact = _run(lp, dose_level="DL1", product={"total_cells": "3.0e8 cell"})
    assert exact.product.bag_status == "within" and exact.cleared


def test_whole_bag_and_concentration_together_are_refused(ranges):
    with pytest.raises(InputError) as exc:
        _run(ranges, dose_level="RF", product={"total_cells": "1e8 cell", "concentration": "1e6 cell/mL",
                                               "container_volume": "10 mL"})
    assert exc.value.problems[0].code == "PRODUCT_BOTH_FORMS"


@pytest.mark.parametrize("total", ["1e8", "1.5e8 cell/mL", "1.5 cell", "-1e8 cell"])
def test_whole_bag_total_needs_whole_cells_with_unit(ranges, total):
    with pytest.raises(InputError) as exc:
        _run(ranges, dose_level="RF", product={"total_cells": total})
    assert exc.value.problems[0].field == "product.total_cells"


# ------------------------------------------------------------------ weight bands

@pytest.mark.parametrize("weight, band, lo, hi", [
    ("30 kg", "≤ 50 kg", 6_000_000, 150_000_000),
    ("50 kg", "≤ 50 kg", 10_000_000, 250_000_000),          # the edge belongs to the lower band
    ("50.001 kg", "> 50 kg", 10_000_000, 250_000_000),
    ("120 kg", "> 50 kg", 10_000_000, 250_000_000),
])
def test_band_edges(banded, weight, band, lo, hi):
    d = _run(banded, dose_level="KB", weight=weight).dose
    assert d.band.text == band and (d.min_cells, d.max_cells) == (lo, hi) and d.cells is None


def test_a_30_kg_patient_is_not_given_the_heavier_band_maximum(banded):
    ev = _run(banded, dose_level="KB", weight="30 kg", product={"total_cells": "2.5e8 cell"})
    assert not ev.cleared and ev.product.bag_status == "above_maximum"
    (line,) = Words("en").not_cleared(ev)
    assert "above this patient's maximum of 150,000,000" in line and "minimum 6,000,000" in line
    assert "整袋 250,000,000 个 CAR-T 细胞高于本患者的最大剂量 150,000,000" in Words("zh_CN").not_cleared(ev)[0]


@pytest.mark.parametrize("first, second, words", [
    ('weight_kg_max_inclusive = "50"', 'weight_kg_min_inclusive = "50"', "both include"),
    ('weight_kg_max_exclusive = "50"', 'weight_kg_min_exclusive = "50"', "neither includes"),
    ('weight_kg_max_inclusive = "40"', 'weight_kg_min_exclusive = "50"', "do not meet"),
    ('weight_kg_max_inclusive = "60"', 'weight_kg_min_exclusive = "50"', "do not meet"),
])
def test_band_edges_must_touch_exactly_once(tmp_path, first, second, words):
    text = BANDED.replace('weight_kg_max_inclusive = "50"', first).replace('weight_kg_min_exclusive = "50"', second)
    with pytest.raises(ProtocolFileError) as exc:
        load_with_levels(tmp_path, text)
    assert words in str(exc.value)


def test_weight_outside_every_band_is_refused(tmp_path):
    lp = load_with_levels(tmp_path, BANDED.replace('weight_kg_max_inclusive = "50"',
                                                   'weight_kg_min_inclusive = "20"\nweight_kg_max_inclusive = "50"'))
    with pytest.raises(InputError) as exc:
        _run(lp, dose_level="KB", weight="19.9 kg")
    assert exc.value.problems[0].code == "WEIGHT_IN_NO_BAND" and "≥ 20 kg and ≤ 50 kg" in exc.value.problems[0].message


# ------------------------------------------------------------------ properties

CAPPED_BANDS = '''
[[groups.levels]]
id = "PB"
kind = "bands"
quote = "below 40 kg 3.3 × 10^6 per kg up to 1.1 × 10^8; 40 kg and above 2.7 × 10^6 per kg up to 2.9 × 10^8, range 1.3 × 10^6 to 2.7 × 10^6 per kg"

[[groups.levels.bands]]
weight_kg_max_exclusive = "40"
kind = "per_kg"
cells_per_kg = "3.3e6"
cap_cells = "1.1e8"

[[groups.levels.bands]]
weight_kg_min_inclusive = "40"
kind = "per_kg"
cells_per_kg = "2.7e6"
cap_cells = "2.9e8"
min_cells_per_kg = "1.3e6"
max_cells_per_kg = "2.7e6"
max_cap_cells = "2.9e8"
'''

_kg = st.decimals(min_value=Decimal("10"), max_value=Decimal("300"), places=4)


@pytest.fixture(scope="module")
def capped(tmp_path_factory):
    return load_with_levels(tmp_path_factory.mktemp("p"), CAPPED_BANDS + RANGES)


@settings(max_examples=150, deadline=None)
@given(kg=_kg, level=st.sampled_from(["PB", "RK", "PT"]))
def test_no_cap_is_ever_exceeded_after_rounding(capped, kg, level):
    try:
        d = _run(capped, dose_level=level, weight=f"{kg} kg").dose
    except InputError as exc:  # an empty range at this weight is refused, never rounded into one
        assert exc.problems[0].code == "RANGE_EMPTY_AT_WEIGHT"
        return
    if d.cap_cells is not None:
        assert d.cells <= d.cap_cells
    if d.max_cap_cells is not None:
        assert d.max_cells <= d.max_cap_cells
    if d.min_cells is not None:
        assert d.min_cells <= d.max_cells
        if d.cells is not None:
            assert d.min_cells <= d.cells <= d.max_cells


@settings(max_examples=100, deadline=None)
@given(kg=_kg, level=st.sampled_from(["PB", "RK", "PT", "UN"]))
def test_pounds_and_kilograms_give_the_same_dose(capped, kg, level):
    lb = (kg / Decimal("0.45359237"))
    # pounds that convert back to exactly the same kilograms are not always writable; compare
    # against the dose of the kilograms the pounds stand for.
    by_lb = _try(capped, level, f"{lb} lb")
    from infusecalc.core.units import parse_weight_kg
    by_kg = _try(capped, level, f"{parse_weight_kg(f'{lb} lb')} kg")
    assert by_lb == by_kg


def _try(lp, level, weight):
    try:
        d = _run(lp, dose_level=level, weight=weight).dose
    except InputError as exc:
        return [p.code for p in exc.problems]
    return (d.cells, d.min_cells, d.max_cells)


@settings(max_examples=100, deadline=None)
@given(a=_kg, b=_kg, level=st.sampled_from(["PB", "RK", "PT", "UN"]))
def test_dose_is_monotone_in_weight_within_a_band(capped, a, b, level):
    lo, hi = sorted((a, b))
    x, y = _try(capped, level, f"{lo} kg"), _try(capped, level, f"{hi} kg")
    if isinstance(x, list) or isinstance(y, list):
        return
    dx = _run(capped, dose_level=level, weight=f"{lo} kg").dose
    dy = _run(capped, dose_level=level, weight=f"{hi} kg").dose
    if (dx.band and dx.band.text) != (dy.band and dy.band.text):
        return
    for i in range(3):
        if x[i] is not None:
            assert x[i] <= y[i]


# ------------------------------------------------------------------ indications

def _with_indications(tmp_path):
    path = replaced(tmp_path, 'soft_weight_source = "site setting: conventions.md \'below 30 or above 200 kg in Group A\'"',
                    'soft_weight_source = "site setting: conventions.md \'below 30 or above 200 kg in Group A\'"\n'
                    'indications = ["MCL", "B-ALL"]')
    return load_protocol(path)


def test_a_group_with_indications_requires_one(tmp_path):
    lp = _with_indications(tmp_path)
    with pytest.raises(InputError) as exc:
        _run(lp)
    assert exc.value.problems[0].code == "INDICATION_REQUIRED" and exc.value.problems[0].field == "indication"
    with pytest.raises(InputError) as exc:
        _run(lp, indication="DLBCL")
    assert exc.value.problems[0].code == "INDICATION_NOT_IN_GROUP"
    assert _run(lp, indication="mcl").dose.indication == "MCL"


def test_an_indication_for_a_group_without_indications_is_refused():
    with pytest.raises(InputError) as exc:
        evaluate(parse_case(base_case(indication="MCL")))
    assert exc.value.problems[0].code == "INDICATION_NOT_USED"


# ------------------------------------------------------------------ decision kinds

DL4 = '''
[[groups.levels]]
id = "DL4"
kind = "flat"
cells = "9.0e8"
requires_decision = "escalation"
quote = "Amendment: DL4 9.0 × 10^8 CAR-T cells after a joint escalation decision"
'''


def test_an_escalation_level_needs_an_escalation_decision(tmp_path):
    lp = load_with_levels(tmp_path, DL4)
    with pytest.raises(InputError) as exc:
        _run(lp, dose_level="DL4")
    assert exc.value.problems[0].code == "DECISION_NOT_CONFIRMED"
    assert "escalation" in exc.value.problems[0].message
    with pytest.raises(InputError) as exc:
        _run(lp, dose_level="DL4", deescalation_confirmed=True)
    assert exc.value.problems[0].code == "DECISION_KIND_MISMATCH"
    d = _run(lp, dose_level="DL4", decision_confirmed="escalation", decision_reference="SRC-7").dose
    assert d.cells == 900_000_000 and d.decision_kind == "escalation" and d.decision_confirmed
    assert d.decision_reference == "SRC-7" and not d.requires_deescalation_decision


def test_dl_minus_1_keeps_its_de_escalation_decision_both_ways():
    old = evaluate(parse_case(base_case(dose_level="DL-1", deescalation_confirmed=True)))
    new = evaluate(parse_case(base_case(dose_level="DL-1", decision_confirmed="de-escalation")))
    for d in (old.dose, new.dose):
        assert d.cells == 150_000_000 and d.decision_kind == "de-escalation" and d.decision_confirmed
        assert d.requires_deescalation_decision and d.deescalation_confirmed


def test_two_different_decisions_are_refused():
    with pytest.raises(InputError) as exc:
        evaluate(parse_case(base_case(dose_level="DL-1", deescalation_confirmed=True,
                                      decision_confirmed="escalation")))
    assert exc.value.problems[0].code == "DECISION_KIND_CONFLICT"


def test_legacy_and_new_decision_keys_must_agree(tmp_path):
    bad = DL4.replace('requires_decision = "escalation"',
                      'requires_decision = "escalation"\nrequires_deescalation_decision = true')
    with pytest.raises(ProtocolFileError):
        load_protocol(with_levels_in_a(tmp_path, bad))


def test_whole_bag_short_of_a_target_is_a_warning_to_acknowledge():
    ev = evaluate(parse_case(base_case(dose_level="DL1", product={"total_cells": "2.5e8 cell"})))
    assert ev.product.bag_status == "within" and [w.code for w in ev.warnings] == ["BAG_SHORT_OF_DOSE"]
    assert not ev.cleared
