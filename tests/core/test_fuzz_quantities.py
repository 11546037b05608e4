"""Fuzzing every quantity parser of core/units.py and the case's date reader (issue 14, item 7).

The contract: a value is either read exactly (a finite Decimal, from ASCII digits and a unit of
the field's own list) or refused with an InputError naming the field; nothing else escapes, and
a refusal never echoes a megabyte back.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from infusecalc.core import units
from infusecalc.core.case import parse_case
from infusecalc.core.eligibility_data import LabUnits
from infusecalc.core.eligibility_input import read_lab_quantity
from infusecalc.core.errors import InputError

from .fuzz_strategies import FAST, SLOW, SLOW_ENABLED, date_text, number_text, quantity_text, valid_case

PARSERS = [
    (units.parse_weight_kg, units.WEIGHT, "weight"),
    (units.parse_concentration, units.CONCENTRATION, "product.concentration"),
    (units.parse_volume_ml, units.VOLUME, "product.container_volume"),
    (units.parse_mass_mg, units.DOSE_MASS, "exposures.3.daily_dose"),
    (units.parse_cell_count, units.CELL_COUNT, "product.total_cells"),
]
LAB_LISTS = [units.MG_PER_DL, units.UMOL_PER_L, units.U_PER_L, units.SECONDS, units.PERCENT]
# What the strict grammar lets through: ASCII number, at most one space, a unit of the list.
ACCEPTED = re.compile(r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]{1,3})? ?(?P<unit>\S+)", re.ASCII)


def _check_one(parse, ul: units.UnitList, field: str, text: object) -> None:
    try:
        value = parse(text, field)
    except InputError as exc:
        assert exc.problems, text
        for p in exc.problems:
            assert p.field == field and p.code.isupper() and p.message
            assert len(p.value) <= units.MAX_QUANTITY_CHARS + 1, "a refusal must not echo the input whole"
        return
    assert isinstance(text, str)
    assert isinstance(value, Decimal) and value.is_finite()
    m = ACCEPTED.fullmatch(text.strip(" \t"))
    assert m is not None, f"accepted {text!r}, which the strict grammar does not allow"
    assert m.group("unit") in ul.spellings, f"accepted the unit of {text!r}, not in the field's list"


def _check_all(text: object) -> None:
    for parse, ul, field in PARSERS:
        _check_one(parse, ul, field, text)
    for ul in LAB_LISTS:
        _check_one(lambda t, f, ul=ul: units.parse_quantity(t, f, ul), ul, "labs.alt.value", text)


@FAST
@given(quantity_text())
def test_every_quantity_parser_reads_exactly_or_refuses_naming_the_field(text):
    _check_all(text)


@FAST
@given(st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.lists(st.integers(), max_size=2),
                 st.dictionaries(st.text(max_size=3), st.integers(), max_size=2), st.binary(max_size=8)))
def test_a_value_that_is_not_text_is_refused(value):
    for parse, _ul, field in PARSERS:
        with pytest.raises(InputError) as exc:
            parse(value, field)
        assert {p.field for p in exc.value.problems} == {field}


@FAST
@given(st.text("0123456789", min_size=1, max_size=6), st.text("0123456789", max_size=6),
       st.integers(-20, 20), st.sampled_from(["", " "]), st.data())
def test_a_well_formed_quantity_is_read_to_its_exact_value(whole, frac, exp, space, data):
    # The value is Decimal(number) times the unit's exact factor: never rounded through a float.
    parse, ul, field = data.draw(st.sampled_from(PARSERS))
    unit = data.draw(st.sampled_from(sorted(ul.spellings)))
    number = f"{whole}.{frac}e{exp}" if frac else f"{whole}e{exp}"
    got = parse(f"{number}{space}{unit}", field)
    assert got == units.convert(Decimal(number), ul.spellings[unit], ul.target)
    assert got == Decimal(number) * units.convert(Decimal(1), ul.spellings[unit], ul.target)


@FAST
@given(number_text(), st.sampled_from(sorted(units.SPELLINGS)))
def test_a_unit_of_another_field_is_never_read_as_this_one(number, unit):
    for parse, ul, field in PARSERS:
        if unit in ul.spellings:
            continue
        with pytest.raises(InputError) as exc:
            parse(f"{number} {unit}", field)
        assert exc.value.problems[0].field == field


# INR has no unit: the lab reader takes a bare number there and must refuse everything else.
INR = LabUnits(base_unit="", units={"": Decimal(1)})
CREATININE = LabUnits(base_unit="umol/L", units={"umol/L": Decimal(1), "µmol/L": Decimal(1),
                                                 "mg/dL": Decimal("88.42")})


@FAST
@given(st.one_of(quantity_text(), number_text()))
def test_the_lab_reader_reads_exactly_or_refuses(text):
    for name, lab in (("inr", INR), ("creatinine", CREATININE)):
        try:
            value, unit, factor = read_lab_quantity(text, f"labs.{name}.value", name, lab)
        except InputError as exc:
            assert {p.field for p in exc.problems} == {f"labs.{name}.value"}
            continue
        assert value.is_finite() and unit in lab.units and factor == lab.units[unit]
        number = text.strip(" \t")[:len(text.strip(" \t")) - len(unit)].rstrip(" ")
        assert number.isascii() and Decimal(number) == value


# --- dates -----------------------------------------------------------------------------------

DATE_FIELDS = ("infusion_date", "consent_date", "date_of_birth", "weight_date")


@FAST
@given(st.sampled_from(DATE_FIELDS + ("exposures.0.last_date", "exposures.0.first_date")), date_text())
def test_a_date_is_an_iso_calendar_date_or_refused_naming_the_field(where, value):
    data = valid_case()
    if where.startswith("exposures."):
        data["exposures"][0][where.rsplit(".", 1)[1]] = value
    else:
        data[where] = value
    try:
        case = parse_case(data)
    except InputError as exc:
        assert where in {p.field for p in exc.problems}
        assert all(len(p.value) <= 81 for p in exc.problems)
        return
    got = case.exposures[0].last_date if where == "exposures.0.last_date" else (
        case.exposures[0].first_date if where == "exposures.0.first_date" else getattr(case, where))
    if value is None:   # an optional date left out (null): nothing is read
        assert got is None and where not in ("infusion_date", "exposures.0.last_date")
        return
    assert isinstance(value, str)
    assert isinstance(got, dt.date) and not isinstance(got, dt.datetime)
    assert got.isoformat() == value.strip()   # written YYYY-MM-DD in ASCII digits, nothing else


@pytest.mark.slow
@pytest.mark.skipif(not SLOW_ENABLED, reason="5,000 examples; set INFUSECALC_SLOW_TESTS=1")
@SLOW
@given(quantity_text())
def test_every_quantity_parser_many_examples(text):
    _check_all(text)
