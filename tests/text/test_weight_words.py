"""A body weight as read on screen and on the sheet (issue 15, item 4): kg to two decimals after
a conversion, the entered value beside it, never rounded across a weight band's bound; the
dose itself uses every digit."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from infusecalc.core import formatting as fmt
from infusecalc.core.units import parse_weight_kg
from infusecalc.text.words import Words


def test_121_lb_reads_54_88_kg_with_the_pounds_entered_beside_it():
    kg = parse_weight_kg("121 lb")
    assert kg == Decimal("54.88467677")
    assert Words("en").weight(kg, "121 lb") == "54.88 kg (121 lb entered)"
    assert Words("zh_CN").weight(kg, "121 lb") == "54.88 kg（输入为 121 lb）"


def test_a_weight_typed_in_kg_is_shown_as_typed_without_repeating_it():
    assert Words("en").weight(Decimal("62"), "62 kg") == "62 kg"
    assert Words("en").weight(Decimal("42.5"), "42.5kg") == "42.5 kg"
    # grams: converted, so the entry is named
    assert Words("en").weight(parse_weight_kg("42500 g"), "42500 g") == "42.5 kg (42500 g entered)"


def test_more_digits_only_where_two_would_land_on_a_band_bound():
    near = Decimal("50.0012")                       # just above a "> 50 kg" band's bound
    assert fmt.weight_kg(near) == "50"
    assert fmt.weight_kg(near, (Decimal(50),)) == "50.001"
    assert fmt.weight_kg(Decimal("49.996"), (Decimal(50),)) == "49.996"


@given(st.decimals(min_value=Decimal("0.5"), max_value=Decimal("400"), places=9),
       st.lists(st.decimals(min_value=Decimal("1"), max_value=Decimal("200"), places=2), max_size=3))
def test_shown_weight_is_the_value_rounded_and_never_crosses_a_limit(kg, limits):
    text = fmt.weight_kg(kg, tuple(limits))
    shown = Decimal(text)
    assert abs(shown - kg) <= Decimal("0.005")
    for lim in limits:
        assert (shown > lim) - (shown < lim) == (kg > lim) - (kg < lim)
    if not limits:
        assert -shown.as_tuple().exponent <= 2 or shown == kg   # type: ignore[operator]
