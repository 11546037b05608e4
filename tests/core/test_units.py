from decimal import Decimal

import pytest

from infusecalc.core.errors import InputError
from infusecalc.core.units import parse_concentration, parse_mass_mg, parse_volume_ml, parse_weight_kg, registry


@pytest.mark.parametrize("text, kg", [
    ("42 kg", Decimal("42")), ("42kg", Decimal("42")), ("42000 g", Decimal("42")),
    ("110 lb", Decimal("49.8951607")), ("  7.5 KG ", Decimal("7.5")), ("1e2 kg", Decimal("100")),
])
def test_weights(text, kg):
    assert parse_weight_kg(text) == kg


@pytest.mark.parametrize("text, code", [
    ("42", "UNIT_MISSING"), (42, "UNIT_MISSING"), (42.0, "UNIT_MISSING"), ("", "QUANTITY_MISSING"),
    (None, "QUANTITY_MISSING"), ("nan kg", "QUANTITY_NOT_FINITE"), ("inf kg", "QUANTITY_NOT_FINITE"),
    ("42,5 kg", "QUANTITY_FORMAT"), ("2*21 kg", "QUANTITY_FORMAT"), ("forty kg", "QUANTITY_FORMAT"),
    ("42 m", "UNIT_NOT_ALLOWED"), ("42 stone", "UNIT_NOT_ALLOWED"), ("42 mg", "UNIT_NOT_ALLOWED"),
])
def test_bad_weights_say_what_to_type(text, code):
    with pytest.raises(InputError) as exc:
        parse_weight_kg(text)
    p = exc.value.problems[0]
    assert p.code == code and p.field == "weight"
    assert "42 kg" in p.message  # the fix: an example of what to type


def test_concentration_volume_and_mass():
    assert parse_concentration("1.3e7 cell/mL") == Decimal("1.3e7")
    assert parse_concentration("1.3e10 cells/L") == Decimal("1.3e7")
    assert parse_volume_ml("10 mL") == 10 and parse_volume_ml("0.01 L") == 10
    assert parse_mass_mg("0.5 g", "d") == 500 and parse_mass_mg("750 microgram", "d") == Decimal("0.75")
    with pytest.raises(InputError) as exc:
        parse_concentration("1.3e7 /mL")
    assert exc.value.problems[0].code in ("UNIT_WRONG_DIMENSION", "UNIT_UNKNOWN", "QUANTITY_FORMAT")
    with pytest.raises(InputError) as exc:
        parse_volume_ml("10 kg")
    assert exc.value.problems[0].code == "UNIT_WRONG_DIMENSION"


def test_one_registry_with_decimal_magnitudes():
    assert registry() is registry()
    assert isinstance(registry().Quantity("110 lb").to("kg").magnitude, Decimal)
