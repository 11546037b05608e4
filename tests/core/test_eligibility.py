"""Eligibility values at dose time: worked examples at every limit of the registry's criteria."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infusecalc.core.eligibility import Measured, check_values, creatinine_clearance, shown
from infusecalc.core.protocol import default_protocol

RULES = default_protocol().protocol.eligibility_values
INFUSION = dt.date(2026, 12, 10)
RECENT = dt.date(2026, 12, 8)


def lab(name: str, value: str, unit: str = "", on: dt.date = RECENT,
        uln: str | None = None, uln_unit: str | None = None) -> Measured:
    units = RULES.labs[name].units
    factor = units[unit]
    u_factor = units[uln_unit if uln_unit is not None else unit]
    return Measured(
        lab=name, entered=f"{value} {unit}".strip(), value=Decimal(value), unit=unit,
        base=Decimal(value) * factor, measured_on=on,
        uln_entered=None if uln is None else f"{uln} {uln_unit or unit}".strip(),
        uln=None if uln is None else Decimal(uln),
        uln_unit=None if uln is None else (uln_unit if uln_unit is not None else unit),
        uln_base=None if uln is None else Decimal(uln) * u_factor, unit_factor=factor,
    )


def check(*values: Measured, sex="male", age=40, weight="64.8", hepatobiliary=False):
    return check_values({m.lab: m for m in values}, RULES, infusion_date=INFUSION, age_years=age,
                        weight_kg=Decimal(weight), sex=sex, hepatobiliary_invasion=hepatobiliary)


def only(result):
    assert len(result.findings) == 1
    return result.findings[0]


# ------------------------------------------------------------------ creatinine clearance

def test_clearance_exactly_30_passes():
    # (140 - 40) x 64.8 / (72 x 3) = 6480 / 216 = 30 mL/min
    r = check(lab("creatinine", "3", "mg/dL"))
    f = only(r)
    assert f.criterion == "creatinine_clearance" and f.status == "pass" and f.within_limit
    assert f.value == 30 and f.limit == 30 and f.unit == "mL/min"
    assert r.creatinine_clearance_ml_min.formula == "(140 - 40 years) × 64.8 kg / (72 × 3 mg/dL) = 30 mL/min"
    assert r.cleared and r.assessed


def test_clearance_just_below_30_fails_and_is_not_shown_as_30():
    r = check(lab("creatinine", "3.0001", "mg/dL"))
    f = only(r)
    assert f.status == "fail" and f.reason_code == "ELIG_BELOW_MINIMUM"
    assert f.value == Decimal("29.999")      # 29.99900003...: "30.0" would sit on the limit
    assert not r.cleared


def test_female_factor_applies():
    r = check(lab("creatinine", "1", "mg/dL"), sex="female", age=40, weight="60")
    # 100 x 60 / 72 x 0.85 = 70.8333...
    assert r.creatinine_clearance_ml_min.value == Decimal("70.8")
    assert r.creatinine_clearance_ml_min.female_factor == Decimal("0.85")
    male = check(lab("creatinine", "1", "mg/dL"), sex="male", age=40, weight="60")
    assert male.creatinine_clearance_ml_min.value == Decimal("83.3")
    assert male.creatinine_clearance_ml_min.female_factor is None


def test_mg_dl_and_umol_l_give_the_same_clearance():
    a = check(lab("creatinine", "3", "mg/dL")).creatinine_clearance_ml_min
    b = check(lab("creatinine", "265.26", "umol/L")).creatinine_clearance_ml_min
    c = check(lab("creatinine", "265.26", "µmol/L")).creatinine_clearance_ml_min
    assert a.value == b.value == c.value == 30
    assert b.creatinine_mg_dl == 3 and b.creatinine_umol_l == Decimal("265.26")
    assert "265.26 umol/L / 88.42" in b.formula


def test_age_is_the_patients_own():
    young = check(lab("creatinine", "1", "mg/dL"), age=20, weight="70").creatinine_clearance_ml_min
    old = check(lab("creatinine", "1", "mg/dL"), age=70, weight="70").creatinine_clearance_ml_min
    assert young.value == Decimal("116.7") and old.value == Decimal("68.1")


def test_sex_is_required_with_creatinine():
    with pytest.raises(ValueError, match="sex"):
        check(lab("creatinine", "1", "mg/dL"), sex=None)


# ------------------------------------------------------------------ liver

@pytest.mark.parametrize("value,status,times", [("120", "pass", "3"), ("121", "fail", "3.025")])
@pytest.mark.parametrize("name", ["alt", "ast"])
def test_transaminases_at_3_and_3_025_times_uln(name, value, status, times):
    f = only(check(lab(name, value, "U/L", uln="40")))
    assert f.status == status and f.times_uln == Decimal(times)
    assert f.limit == 120 and f.uln_multiple == 3 and f.uln == 40
    assert f.reason_code == ("ELIG_WITHIN_ULN_MULTIPLE" if status == "pass" else "ELIG_ABOVE_ULN_MULTIPLE")
    assert f.reason_params["times_uln"] == Decimal(times)


@pytest.mark.parametrize("value,status,times", [("30", "pass", "1.5"), ("30.2", "fail", "1.51")])
def test_bilirubin_at_1_5_and_1_51_times_uln(value, status, times):
    f = only(check(lab("bilirubin", value, "umol/L", uln="20")))
    assert f.status == status and f.times_uln == Decimal(times) and f.limit == 30


def test_bilirubin_value_and_uln_in_different_units():
    # 1.5 mg/dL = 25.65 umol/L, exactly 1.5 x a ULN of 17.1 umol/L
    f = only(check(lab("bilirubin", "1.5", "mg/dL", uln="17.1", uln_unit="umol/L")))
    assert f.status == "pass" and f.times_uln == Decimal("1.5") and f.limit == Decimal("1.5")
    f = only(check(lab("bilirubin", "1.51", "mg/dL", uln="17.1", uln_unit="umol/L")))
    assert f.status == "fail"


@pytest.mark.parametrize("name,value,uln,unit,invasion,status", [
    ("alt", "200", "40", "U/L", True, "pass"),      # 5 x ULN with hepatobiliary invasion
    ("alt", "200", "40", "U/L", False, "fail"),     # ... 3 x without
    ("ast", "200.1", "40", "U/L", True, "fail"),
    ("bilirubin", "60", "20", "umol/L", True, "pass"),   # 3 x ULN with invasion
    ("bilirubin", "60", "20", "umol/L", False, "fail"),
    ("bilirubin", "60.1", "20", "umol/L", True, "fail"),
])
def test_hepatobiliary_invasion_limits(name, value, uln, unit, invasion, status):
    f = only(check(lab(name, value, unit, uln=uln), hepatobiliary=invasion))
    assert f.status == status
    assert f.uln_multiple == {("alt", True): 5, ("ast", True): 5, ("bilirubin", True): 3,
                              ("alt", False): 3, ("bilirubin", False): Decimal("1.5")}[(name, invasion)]


# ------------------------------------------------------------------ coagulation, oxygen, heart

@pytest.mark.parametrize("name,value,uln,unit,status", [
    ("inr", "1.65", "1.1", "", "pass"), ("inr", "1.66", "1.1", "", "fail"),
    ("aptt", "60", "40", "s", "pass"), ("aptt", "60.1", "40", "s", "fail"),
])
def test_inr_and_aptt_at_1_5_times_uln(name, value, uln, unit, status):
    f = only(check(lab(name, value, unit, uln=uln)))
    assert f.status == status and f.uln_multiple == Decimal("1.5")


@pytest.mark.parametrize("value,status,code", [("91", "fail", "ELIG_NOT_ABOVE"),
                                               ("91.5", "pass", "ELIG_ABOVE_PASS")])
def test_spo2_strictly_above_91(value, status, code):
    f = only(check(lab("spo2", value, "%")))
    assert (f.status, f.reason_code, f.limit, f.unit) == (status, code, 91, "%")


@pytest.mark.parametrize("value,status", [("49", "fail"), ("50", "pass")])
def test_lvef_at_least_50(value, status):
    f = only(check(lab("lvef", value, "%")))
    assert f.status == status and f.limit == 50


# ------------------------------------------------------------------ dates

def test_value_seven_days_old_counts_eight_days_old_is_stale():
    ok = only(check(lab("lvef", "60", "%", on=INFUSION - dt.timedelta(days=7))))
    assert ok.status == "pass" and not ok.stale
    old = check(lab("lvef", "60", "%", on=INFUSION - dt.timedelta(days=8)))
    f = only(old)
    assert f.status == "stale" and f.stale and f.reason_code == "ELIG_STALE" and f.within_limit
    assert f.repeat_from == dt.date(2026, 12, 3) and f.repeat_by == INFUSION
    assert f.reason_params["repeat_from"] == dt.date(2026, 12, 3) and f.days_before == 8
    assert not old.cleared


def test_value_dated_after_infusion_is_stale():
    f = only(check(lab("spo2", "98", "%", on=INFUSION + dt.timedelta(days=1))))
    assert f.status == "stale" and f.reason_code == "ELIG_DATED_AFTER_INFUSION" and f.days_before == -1


def test_failing_and_stale_value_fails_and_says_stale():
    f = only(check(lab("lvef", "40", "%", on=dt.date(2026, 11, 1))))
    assert f.status == "fail" and f.stale and f.repeat_from == dt.date(2026, 12, 3)


def test_no_values_is_not_assessed_and_follows_the_site_setting():
    r = check()
    assert not r.assessed and r.findings == [] and r.cleared is RULES.site_settings.no_values_clears


def test_only_given_values_are_checked_in_protocol_order():
    r = check(lab("lvef", "55", "%"), lab("alt", "30", "U/L", uln="40"))
    assert [f.criterion for f in r.findings] == ["alt", "lvef"]


# ------------------------------------------------------------------ showing numbers

@pytest.mark.parametrize("x,avoid,places,expected", [
    (Fraction(2999, 100), Fraction(30), 1, "29.99"),
    (Fraction(30001, 1000), Fraction(30), 1, "30.001"),
    (Fraction(30), Fraction(30), 1, "30.0"),
    (Fraction(1, 3), Fraction(30), 1, "0.3"),
    (Fraction(30) - Fraction(1, 10**20), Fraction(30), 1, "29.999999999999"),
])
def test_shown_never_lands_on_the_limit(x, avoid, places, expected):
    assert str(shown(x, avoid, places)) == expected


# ------------------------------------------------------------------ properties

weights = st.decimals(min_value=Decimal("10"), max_value=Decimal("300"), places=1)
creatinines = st.decimals(min_value=Decimal("0.1"), max_value=Decimal("15"), places=2)


def _crcl(weight: Decimal, scr: Measured, sex="male", age=40) -> Fraction:
    return creatinine_clearance(age, weight, scr, sex, RULES.cockcroft_gault, Decimal(30))[0]


@settings(max_examples=200, deadline=None)
@given(w1=weights, w2=weights, s1=creatinines, s2=creatinines, female=st.booleans(),
       age=st.integers(min_value=12, max_value=75))
def test_clearance_is_monotonic_in_weight_and_creatinine(w1, w2, s1, s2, female, age):
    sex = "female" if female else "male"
    lo_w, hi_w = sorted((w1, w2))
    lo_s, hi_s = sorted((s1, s2))
    scr = lab("creatinine", str(lo_s), "mg/dL")
    assert _crcl(lo_w, scr, sex, age) <= _crcl(hi_w, scr, sex, age)
    assert _crcl(lo_w, lab("creatinine", str(hi_s), "mg/dL"), sex, age) <= _crcl(lo_w, scr, sex, age)


@settings(max_examples=200, deadline=None)
@given(w=weights, s=creatinines, female=st.booleans(), age=st.integers(min_value=12, max_value=75))
def test_creatinine_unit_never_changes_the_decision(w, s, female, age):
    sex = "female" if female else "male"
    in_mg = check(lab("creatinine", str(s), "mg/dL"), sex=sex, age=age, weight=str(w))
    in_umol = check(lab("creatinine", str(s * Decimal("88.42")), "umol/L"), sex=sex, age=age, weight=str(w))
    assert _crcl(w, lab("creatinine", str(s), "mg/dL"), sex, age) == \
        _crcl(w, lab("creatinine", str(s * Decimal("88.42")), "umol/L"), sex, age)
    assert in_mg.findings[0].status == in_umol.findings[0].status
    assert in_mg.creatinine_clearance_ml_min.value == in_umol.creatinine_clearance_ml_min.value


@settings(max_examples=200, deadline=None)
@given(value=st.decimals(min_value=Decimal("0.1"), max_value=Decimal("10"), places=2),
       uln=st.decimals(min_value=Decimal("0.3"), max_value=Decimal("3"), places=2),
       value_in_mg=st.booleans(), uln_in_mg=st.booleans(), invasion=st.booleans())
def test_bilirubin_units_never_change_the_decision(value, uln, value_in_mg, uln_in_mg, invasion):
    # the same bilirubin and ULN, each written in mg/dL or umol/L
    def written(mg: Decimal, in_mg: bool) -> tuple[str, str]:
        return (str(mg), "mg/dL") if in_mg else (str(mg * Decimal("17.1")), "umol/L")

    v, vu = written(value, value_in_mg)
    u, uu = written(uln, uln_in_mg)
    reference = only(check(lab("bilirubin", str(value), "mg/dL", uln=str(uln)), hepatobiliary=invasion))
    other = only(check(lab("bilirubin", v, vu, uln=u, uln_unit=uu), hepatobiliary=invasion))
    assert reference.status == other.status
    assert reference.times_uln == other.times_uln


# ------------------------------------------------------------------ protocol data

def test_every_criterion_quotes_the_registry():
    from .test_protocol_data import SHARED
    import re
    if not SHARED.exists():
        pytest.skip("registry text not beside the checkout")
    registry = re.sub(r"\s+", " ", SHARED.read_text(encoding="utf-8"))
    for quote in [RULES.quote] + [c.quote for c in RULES.criteria]:
        assert quote.strip().rstrip(".;") in registry, quote


def test_limits_are_data(tmp_path):
    from infusecalc.core.protocol import load_protocol
    from .test_protocol_data import amended
    path = amended(tmp_path, 'comparison = "at_least"\nlimit = "50"', 'comparison = "at_least"\nlimit = "55"')
    rules = load_protocol(path).protocol.eligibility_values
    f = check_values({"lvef": lab("lvef", "52", "%")}, rules, infusion_date=INFUSION, age_years=40,
                     weight_kg=Decimal(70), sex="male", hepatobiliary_invasion=False).findings[0]
    assert f.status == "fail" and f.limit == 55


def test_a_criterion_with_two_limits_is_refused(tmp_path):
    from infusecalc.core.errors import ProtocolFileError
    from infusecalc.core.protocol import load_protocol
    from .test_protocol_data import amended
    path = amended(tmp_path, 'lab = "lvef"\ncomparison = "at_least"\n',
                   'lab = "lvef"\ncomparison = "at_least"\nuln_multiple = "2"\n')
    with pytest.raises(ProtocolFileError, match="exactly one of"):
        load_protocol(path)
