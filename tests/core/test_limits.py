"""Plausibility limits (site settings): a value no patient or product can have is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from infusecalc.core.case import parse_case
from infusecalc.core.errors import InputError, ProtocolFileError
from infusecalc.core.evaluate import evaluate
from infusecalc.core.protocol import default_protocol, load_protocol

from .helpers import base_case, run

PRODUCT = {"concentration": "1.3e7 cell/mL", "container_volume": "10 mL"}


def refused(data, protocol=None) -> set[tuple[str, str]]:
    with pytest.raises(InputError) as exc:
        evaluate(parse_case(data), protocol)
    return {(p.field, p.code) for p in exc.value.problems}


# --- one regression test per defect of issue 14 -----------------------------------------------

def test_a_weight_of_a_nanogram_is_refused_not_dosed_with_zero_cells():
    # "1e-9 kg" gave a CLEARED dose of 0 cells.
    assert refused(base_case(weight="1e-9 kg")) == {("weight", "WEIGHT_OUT_OF_RANGE")}


def test_a_concentration_of_a_fraction_of_a_cell_is_refused():
    # "1.3e-7 cell/mL" was CLEARED with 1.9e15 mL to draw.
    data = base_case(product={**PRODUCT, "concentration": "1.3e-7 cell/mL"})
    assert refused(data) == {("product.concentration", "CONCENTRATION_OUT_OF_RANGE")}


def test_a_date_far_in_the_future_is_refused_not_a_crash():
    # "date value out of range": the earliest clearing date of 9999-12-31 overflowed.
    data = base_case(infusion_date="9999-12-31",
                     exposures=[{"agent": "cytarabine", "last_date": "9999-12-30"}])
    assert refused(data) == {("infusion_date", "DATE_OUT_OF_RANGE"), ("exposures.0.last_date", "DATE_OUT_OF_RANGE")}


# --- the limits, at their edges -----------------------------------------------------------------

@pytest.mark.parametrize("weight, ok", [("9.999 kg", False), ("10 kg", True), ("300 kg", True),
                                        ("300.001 kg", False), ("22 lb", False), ("0 kg", False),
                                        ("-70 kg", False)])
def test_weight_limits(weight, ok):
    data = base_case(weight=weight, acknowledged_warnings=["WEIGHT_BELOW_USUAL", "WEIGHT_ABOVE_USUAL"])
    if ok:
        assert run(data).dose.cells > 0
    else:
        assert refused(data) == {("weight", "WEIGHT_OUT_OF_RANGE")}


@pytest.mark.parametrize("concentration, ok", [("9999 cell/mL", False), ("1e4 cell/mL", True),
                                               ("1e7 cell/mL", True), ("1e11 cell/L", True),
                                               ("1e10 cell/mL", True), ("1.0000001e10 cell/mL", False),
                                               ("1e14 cell/L", False)])
def test_concentration_limits(concentration, ok):
    data = base_case(product={**PRODUCT, "concentration": concentration},
                     acknowledged_warnings=["DELIVERY_DEVIATION"])
    if not ok:
        assert refused(data) == {("product.concentration", "CONCENTRATION_OUT_OF_RANGE")}
        return
    try:
        assert run(data).product.volume_ml > 0
    except InputError as exc:
        # Inside the limits, but 7 x 10^7 cells at 1 x 10^10 cells/mL is less than one graduation:
        # a volume of zero is never a result.
        assert [p.code for p in exc.problems] == ["VOLUME_BELOW_GRADUATION"]


@pytest.mark.parametrize("volume, ok", [("0.09 mL", False), ("0.1 mL", True), ("1000 mL", True),
                                        ("1 L", True), ("1001 mL", False), ("10 µL", False)])
def test_container_volume_limits(volume, ok):
    data = base_case(product={**PRODUCT, "container_volume": volume})
    if ok:
        assert run(data).product.containers >= 1
    else:
        assert refused(data) == {("product.container_volume", "CONTAINER_VOLUME_OUT_OF_RANGE")}


@pytest.mark.parametrize("agent, dose, ok", [
    ("dexamethasone", "40 mg", True),           # 266.7 mg prednisone equivalent
    ("methylprednisolone", "1 g", True),        # 1,250 mg
    ("dexamethasone", "400 mg", False),         # 2,666.7 mg: a typo for 4 mg or 40 mg
    ("prednisone", "2000 mg", True), ("prednisone", "2000.001 mg", False),
])
def test_glucocorticoid_daily_dose_limit(agent, dose, ok):
    data = base_case(exposures=[{"agent": agent, "last_date": "2026-11-01", "daily_dose": dose,
                                 "route": "oral"}])
    if ok:
        assert run(data).washout.findings[0].status == "pass"
    else:
        assert refused(data) == {("exposures.0.daily_dose", "DAILY_DOSE_OUT_OF_RANGE")}


@pytest.mark.parametrize("field", ["infusion_date", "consent_date", "date_of_birth", "weight_date"])
@pytest.mark.parametrize("day", ["1899-12-31", "2101-01-01", "0001-01-01", "9999-12-31"])
def test_every_date_is_inside_the_site_range(field, day):
    assert (field, "DATE_OUT_OF_RANGE") in refused(base_case(**{field: day}))


def test_limits_are_printed_with_the_site_settings():
    lines = run(base_case()).source.site_settings
    assert lines["weight_min_kg"] == "10 kg" and lines["weight_max_kg"] == "300 kg"
    assert lines["concentration_cells_per_ml"] == "1 × 10⁴–1 × 10¹⁰ cell/mL"
    assert lines["container_volume_ml"] == "0.1–1000 mL"
    assert lines["glucocorticoid_max_prednisone_mg_per_day"] == "2000 mg/day"
    assert lines["dates"] == "1900-01-01 – 2100-12-31"


def _protocol_with(tmp_path: Path, **settings: str) -> Path:
    path = default_protocol().path
    text = Path(path).read_text(encoding="utf-8")
    for key, value in settings.items():
        old = next(line for line in text.splitlines() if line.startswith(f"{key} ="))
        text = text.replace(old, f"{key} = {value}")
    out = tmp_path / "site.toml"
    out.write_text(text, encoding="utf-8")
    return out


def test_a_site_sets_its_own_limits(tmp_path):
    lp = load_protocol(_protocol_with(tmp_path, weight_min_kg='"25"'))
    assert refused(base_case(weight="24 kg"), lp) == {("weight", "WEIGHT_OUT_OF_RANGE")}
    ok = base_case(weight="26 kg", acknowledged_warnings=["WEIGHT_BELOW_USUAL"])
    assert evaluate(parse_case(ok), lp).dose.cells > 0


@pytest.mark.parametrize("settings", [{"weight_min_kg": '"300"'}, {"weight_min_kg": '"0"'},
                                      {"concentration_min_cells_per_ml": '"1e11"'},
                                      {"container_volume_max_ml": '"0.05"'},
                                      {"glucocorticoid_max_prednisone_mg_per_day": '"10"'},
                                      {"date_max": "1800-01-01"}])
def test_limits_that_contradict_each_other_are_refused_at_load(tmp_path, settings):
    with pytest.raises(ProtocolFileError) as exc:
        load_protocol(_protocol_with(tmp_path, **settings))
    assert "site_settings" in str(exc.value)
