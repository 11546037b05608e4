from decimal import Decimal

import pytest
from hypothesis import given, settings, strategies as st

from infusecalc.core.errors import InputError

from .helpers import base_case, group_b, run


# conventions.md worked examples.
@pytest.mark.parametrize("weight, level, cells, uncapped, capped", [
    ("40 kg", "DL1", 120_000_000, 120_000_000, False),
    ("50 kg", "DL1", 150_000_000, 150_000_000, False),   # equal to the cap: not "capped"
    ("55 kg", "DL1", 150_000_000, 165_000_000, True),
    ("62 kg", "DL2", 300_000_000, 372_000_000, True),
    ("42 kg", "DL2", 252_000_000, 252_000_000, False),
])
def test_group_b_worked_examples(weight, level, cells, uncapped, capped):
    d = run(group_b(weight, level, acknowledged_warnings=["WEIGHT_BELOW_USUAL"])).dose
    assert (d.cells, d.uncapped_cells, d.cap_applied) == (cells, uncapped, capped)
    assert d.cap_cells == {"DL1": 150_000_000, "DL2": 300_000_000}[level]


@pytest.mark.parametrize("level, cells", [("DL1", 300_000_000), ("DL2", 450_000_000), ("DL3", 600_000_000)])
def test_group_a_flat(level, cells):
    for weight in ("45 kg", "70 kg", "120 kg"):
        d = run(base_case(dose_level=level, weight=weight)).dose
        assert d.cells == cells and d.cap_cells is None and not d.cap_applied


def test_level_names_are_case_insensitive():
    assert run(base_case(dose_level="dl2")).dose.cells == 450_000_000


def test_dl_minus_1_needs_the_documented_decision():
    with pytest.raises(InputError) as exc:
        run(base_case(dose_level="DL-1"))
    assert exc.value.problems[0].code == "DEESCALATION_NOT_CONFIRMED"
    ev = run(base_case(dose_level="DL-1", deescalation_confirmed=True, deescalation_reference="SRC 2026-10-02"))
    assert ev.dose.cells == 150_000_000 and ev.dose.requires_deescalation_decision


def test_group_b_has_no_dl3():
    with pytest.raises(InputError) as exc:
        run(group_b("40 kg", "DL3"))
    assert exc.value.problems[0].code == "LEVEL_NOT_IN_GROUP"


def test_fractional_cells_round_down():
    # 3.0e6/kg x 41.23456789 kg = 123,703,703.67 cells -> 123,703,703
    d = run(group_b("41.23456789 kg")).dose
    assert d.cells == 123_703_703 and not d.cap_applied


def test_just_over_the_cap_is_capped_and_equal_is_not():
    over = run(group_b("50.0000001 kg")).dose
    assert over.cells == 150_000_000 and over.cap_applied
    equal = run(group_b("50 kg")).dose
    assert equal.cells == 150_000_000 and not equal.cap_applied


def test_pounds_give_the_exact_kilogram_dose():
    # 110 lb = 49.8951607 kg exactly; 3.0e6 x that = 149,685,482.1 -> 149,685,482
    d = run(group_b("110 lb")).dose
    assert d.weight_kg_used == Decimal("49.8951607")
    assert d.cells == 149_685_482


weights_kg = st.decimals(min_value=Decimal("10"), max_value=Decimal("300"), places=3)   # the site's limits
levels_b = st.sampled_from(["DL1", "DL2"])


def _ack(**kw):
    return group_b(acknowledged_warnings=["WEIGHT_BELOW_USUAL", "WEIGHT_ABOVE_USUAL"], **kw)


@settings(max_examples=200, deadline=None)
@given(weights_kg, levels_b)
def test_dose_never_exceeds_its_cap(kg, level):
    d = run(_ack(weight=f"{kg} kg", level=level)).dose
    assert 0 < d.cells <= d.cap_cells
    assert d.cells <= d.uncapped_cells
    assert d.cap_applied == (Decimal(d.cells_per_kg) * kg > d.cap_cells)


@settings(max_examples=150, deadline=None)
@given(weights_kg, levels_b)
def test_kg_g_and_lb_give_the_same_dose(kg, level):
    in_kg = run(_ack(weight=f"{kg} kg", level=level)).dose.cells
    in_g = run(_ack(weight=f"{kg * 1000} g", level=level)).dose.cells
    assert in_kg == in_g
    # A weight typed in lb is the same dose as its exact kg equivalent typed in kg.
    lb = (kg / Decimal("0.45359237")).quantize(Decimal("0.001"))
    if 10 <= lb * Decimal("0.45359237") <= 300:
        exact_kg = lb * Decimal("0.45359237")
        assert run(_ack(weight=f"{lb} lb", level=level)).dose.cells == \
            run(_ack(weight=f"{exact_kg} kg", level=level)).dose.cells


@settings(max_examples=150, deadline=None)
@given(weights_kg, weights_kg, levels_b)
def test_group_b_dose_is_monotonic_in_weight(a, b, level):
    lo, hi = sorted((a, b))
    assert run(_ack(weight=f"{lo} kg", level=level)).dose.cells <= \
        run(_ack(weight=f"{hi} kg", level=level)).dose.cells


@pytest.mark.parametrize("weight, shown", [("50 lb", "22.68 kg is below"), ("24.9999 kg", "24.9999 kg is below"),
                                           ("55.1155 lb", "24.99997 kg is below")])
def test_a_weight_warning_shows_the_digits_that_decide(weight, shown):
    ev = run(group_b(weight, acknowledged_warnings=["WEIGHT_BELOW_USUAL"]))
    [warning] = [w for w in ev.warnings if w.code == "WEIGHT_BELOW_USUAL"]
    assert warning.message.startswith(shown), warning.message
    assert ev.dose.cells == int(Decimal(3_000_000) * warning.params["weight_kg"])   # the dose keeps every digit
