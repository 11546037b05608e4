import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings, strategies as st

from infusecalc.core.dosing import completed_years
from infusecalc.core.errors import InputError
from infusecalc.core.product import draw

from .helpers import base_case, group_b, run


def test_issue_example_volume():
    ev = run(group_b("42 kg", "DL2", product={"concentration": "1.3e7 cell/mL", "container_volume": "10 mL",
                                              "lot": "L2026-114", "bag_ids": ["B1", "B2"]}))
    p = ev.product
    assert (p.volume_ml, p.containers, p.delivered_cells) == (Decimal("19.3"), 2, 250_900_000)
    assert p.deviation_cells == -1_100_000 and p.lot == "L2026-114"


def test_exact_fit_uses_one_container_and_delivers_the_dose():
    ev = run(base_case(product={"concentration": "3e7 cell/mL", "container_volume": "10 mL"}))
    p = ev.product
    assert (p.volume_ml, p.containers, p.delivered_cells, p.deviation_cells) == (Decimal("10.0"), 1, 300_000_000, 0)


def test_a_dose_below_one_graduation_is_refused():
    with pytest.raises(InputError) as exc:
        run(base_case(product={"concentration": "1e10 cell/mL", "container_volume": "10 mL"}))
    assert exc.value.problems[0].code == "VOLUME_BELOW_GRADUATION"


def test_large_rounding_loss_is_a_warning_to_acknowledge():
    data = base_case(product={"concentration": "1.9e9 cell/mL", "container_volume": "1 mL"})
    ev = run(data)  # 300,000,000 / 1.9e9 = 0.157 mL -> 0.1 mL -> 190,000,000 cells (-36.67 %)
    assert [w.code for w in ev.warnings] == ["DELIVERY_DEVIATION"] and not ev.cleared
    assert run({**data, "acknowledged_warnings": ["DELIVERY_DEVIATION"]}).cleared


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=1_000_000, max_value=600_000_000),
       st.decimals(min_value=Decimal("1e5"), max_value=Decimal("1e9"), places=0),
       st.decimals(min_value=Decimal("0.5"), max_value=Decimal("250"), places=1),
       st.sampled_from([Decimal("0.1"), Decimal("0.5"), Decimal("1"), Decimal("0.01")]))
def test_volume_times_concentration_never_exceeds_the_dose(dose, conc, container, grad):
    d = draw(dose, conc, container, grad)
    assert d.volume_ml * conc <= dose
    assert d.delivered_cells <= dose
    assert (d.volume_ml / grad) == (d.volume_ml / grad).to_integral_value()
    # one more graduation would exceed the dose: the volume is the largest safe one
    assert (d.volume_ml + grad) * conc > dose
    assert d.containers * container >= d.volume_ml and (d.containers - 1) * container < d.volume_ml or d.volume_ml == 0


@pytest.mark.parametrize("born, on, years", [
    ("2008-12-10", "2026-12-10", 18), ("2008-12-11", "2026-12-10", 17),
    ("2008-02-29", "2026-02-28", 17), ("2008-02-29", "2026-03-01", 18),
])
def test_completed_years(born, on, years):
    assert completed_years(dt.date.fromisoformat(born), dt.date.fromisoformat(on)) == years


def test_age_is_taken_on_the_consent_date():
    # 18 on the infusion date but 17 on the consent date: Group B, by the consent date.
    data = base_case(group="B", age_years=None, date_of_birth="2008-12-01", weight="60 kg",
                     consent_date="2026-11-20", infusion_date="2026-12-10")
    ev = run(data)
    assert (ev.age.years, ev.age.reference, ev.age.source) == (17, "consent", "date_of_birth")
    with pytest.raises(InputError) as exc:
        run({**data, "group": "A"})
    assert exc.value.problems[0].code == "AGE_GROUP_MISMATCH"


def test_age_is_taken_on_the_infusion_date_without_consent():
    ev = run(base_case(group="A", age_years=None, date_of_birth="2008-12-01", consent_date=None))
    assert (ev.age.years, ev.age.reference) == (18, "infusion")


def test_birth_date_wins_over_typed_age_with_a_warning():
    ev = run(base_case(age_years=41, date_of_birth="1986-01-01"))
    assert ev.age.years == 40 and [w.code for w in ev.warnings] == ["AGE_DIFFERS_FROM_BIRTH_DATE"]
    assert not ev.cleared


def test_all_problems_are_reported_together():
    with pytest.raises(InputError) as exc:
        run(base_case(weight="70", dose_level="DL9", exposures=[{"agent": "zz", "last_date": "2026-12-01"}]))
    assert {p.field for p in exc.value.problems} == {"weight", "dose_level", "exposures.0.agent"}
