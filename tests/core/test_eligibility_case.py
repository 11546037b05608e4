"""Eligibility values in a case file: reading them strictly, and what they do to the result."""

from __future__ import annotations

import json

import pytest

from infusecalc.core.case import parse_case
from infusecalc.core.errors import InputError
from infusecalc.core.evaluate import evaluate
from infusecalc.core.protocol import load_protocol
from infusecalc.text import Words

from .helpers import base_case, run
from .test_cli_check import check
from .test_protocol_data import amended

ALL_PASSING = {
    "creatinine": {"value": "88.42 umol/L", "date": "2026-12-08"},
    "alt": {"value": "35 U/L", "date": "2026-12-08", "uln": "40 U/L"},
    "ast": {"value": "30 U/L", "date": "2026-12-08", "uln": "40 U/L"},
    "bilirubin": {"value": "1.1 mg/dL", "date": "2026-12-08", "uln": "21 umol/L"},
    "inr": {"value": "1.1", "date": "2026-12-08", "uln": "1.2"},
    "aptt": {"value": "32 s", "date": "2026-12-08", "uln": "40 s"},
    "spo2": {"value": "97%", "date": "2026-12-09"},
    "lvef": {"value": "60 %", "date": "2026-12-03"},
}


def case_with(labs: dict, **changes) -> dict:
    return base_case(sex="male", labs=labs, **changes)


def problems(data: dict) -> list[tuple[str, str]]:
    with pytest.raises(InputError) as exc:
        run(data)
    return [(p.code, p.field) for p in exc.value.problems]


def test_every_value_within_its_limit_clears_and_is_listed():
    ev = run(case_with(ALL_PASSING))
    e = ev.eligibility
    assert ev.cleared and e.assessed and ev.eligibility_assessed and e.cleared
    assert [f.criterion for f in e.findings] == [
        "creatinine_clearance", "alt", "ast", "bilirubin", "inr", "aptt", "spo2", "lvef"]
    assert all(f.status == "pass" for f in e.findings)
    # (140 - 40) x 70 / (72 x 1 mg/dL) = 97.22... mL/min; 88.42 umol/L is exactly 1 mg/dL
    cc = e.creatinine_clearance_ml_min
    assert str(cc.value) == "97.2" and cc.creatinine_mg_dl == 1 and cc.age_years == 40
    assert cc.weight_kg == 70 and cc.sex == "male"


def test_the_age_of_the_clearance_is_the_age_on_the_reference_date():
    # born 1986-11-25: 39 on the consent date 2026-11-20, 40 on the infusion date
    ev = run(case_with({"creatinine": ALL_PASSING["creatinine"]}, age_years=None, date_of_birth="1986-11-25"))
    assert ev.age.years == 39 and ev.eligibility.creatinine_clearance_ml_min.age_years == 39


def test_a_failing_value_is_not_cleared_and_says_why():
    labs = {**ALL_PASSING, "alt": {"value": "121 U/L", "date": "2026-12-08", "uln": "40 U/L"}}
    ev = run(case_with(labs))
    assert not ev.cleared and [r.code for r in ev.not_cleared] == ["ELIGIBILITY_VALUE_NOT_MET"]
    assert Words("en").not_cleared(ev) == ["ALT: 121 U/L = 3.025 × ULN (40 U/L); above 3 × ULN = 120 U/L"]
    assert Words("zh_CN").not_cleared(ev)[0].startswith("丙氨酸氨基转移酶（ALT）：121 U/L = 3.025 × ULN")


def test_a_stale_value_is_not_cleared():
    labs = {"lvef": {"value": "60 %", "date": "2026-12-02"}}
    ev = run(case_with(labs))
    f = ev.eligibility.findings[0]
    assert not ev.cleared and f.status == "stale" and str(f.repeat_from) == "2026-12-03"


def test_hepatobiliary_invasion_changes_the_liver_limits():
    labs = {"bilirubin": {"value": "50 umol/L", "date": "2026-12-08", "uln": "20 umol/L"}}
    assert not run(case_with(labs)).cleared
    ev = run(case_with(labs, hepatobiliary_invasion=True))
    assert ev.cleared and ev.eligibility.findings[0].uln_multiple == 3


def test_without_values_the_site_setting_decides_and_the_summary_says_so(tmp_path):
    ev = run(base_case())
    assert ev.cleared and not ev.eligibility.assessed and ev.eligibility.findings == []
    assert "were not entered" in Words("en").eligibility_line(ev)
    strict = load_protocol(amended(tmp_path, "no_values_clears = true", "no_values_clears = false"))
    ev = evaluate(parse_case(base_case()), strict)
    assert not ev.cleared and [r.code for r in ev.not_cleared] == ["ELIGIBILITY_VALUES_NOT_ENTERED"]
    assert ev.source.site_settings["eligibility_no_values_clears"] == "no"


def test_a_case_without_the_new_fields_keeps_its_hash():
    # Records hold case hashes: the new optional fields must not change old cases' canonical text.
    c = parse_case(base_case())
    assert "labs" not in c.canonical_json() and "sex" not in c.canonical_json()


@pytest.mark.parametrize("labs,code,field", [
    ({"creatinine": {"value": "97", "date": "2026-12-08"}}, "UNIT_MISSING", "labs.creatinine.value"),
    ({"creatinine": {"value": 97, "date": "2026-12-08"}}, "UNIT_MISSING", "labs.creatinine.value"),
    ({"creatinine": {"value": "97 mmol/L", "date": "2026-12-08"}}, "UNIT_NOT_ALLOWED", "labs.creatinine.value"),
    ({"creatinine": {"value": "1 mg/dl", "date": "2026-12-08"}}, "UNIT_NOT_ALLOWED", "labs.creatinine.value"),
    ({"inr": {"value": "1,1", "date": "2026-12-08", "uln": "1.2"}}, "QUANTITY_FORMAT", "labs.inr.value"),
    ({"creatinine": {"value": "1,1 mg/dL", "date": "2026-12-08"}}, "QUANTITY_FORMAT", "labs.creatinine.value"),
    ({"alt": {"value": "35 U/L", "date": "2026-12-08"}}, "ULN_REQUIRED", "labs.alt.uln"),
    ({"alt": {"value": "35 U/L", "date": "2026-12-08", "uln": "40"}}, "UNIT_MISSING", "labs.alt.uln"),
    ({"inr": {"value": "1.1 s", "date": "2026-12-08", "uln": "1.2"}}, "LAB_UNIT_NOT_ALLOWED", "labs.inr.value"),
    ({"spo2": {"value": "97 %", "date": "2026-12-08", "uln": "100 %"}}, "ULN_NOT_USED", "labs.spo2.uln"),
    ({"spo2": {"value": "101 %", "date": "2026-12-08"}}, "LAB_VALUE_OUT_OF_RANGE", "labs.spo2.value"),
    ({"aptt": {"value": "0 s", "date": "2026-12-08", "uln": "40 s"}}, "LAB_VALUE_OUT_OF_RANGE", "labs.aptt.value"),
    ({"lvef": {"value": "60 %"}}, "FIELD_MISSING", "labs.lvef.date"),
    ({"lvef": {"value": "60 %", "date": "2026-12-32"}}, "DATE_INVALID", "labs.lvef.date"),
    ({"troponin": {"value": "1 ng/L", "date": "2026-12-08"}}, "FIELD_UNKNOWN", "labs.troponin"),
])
def test_bad_values_are_refused_naming_the_field(labs, code, field):
    assert (code, field) in problems(case_with(labs))


def test_creatinine_without_sex_is_refused_naming_sex():
    data = base_case(labs={"creatinine": {"value": "1 mg/dL", "date": "2026-12-08"}})
    assert ("SEX_REQUIRED", "sex") in problems(data)
    assert ("FIELD_INVALID", "sex") in problems({**data, "sex": "F"})


def test_chinese_error_names_the_lab():
    with pytest.raises(InputError) as exc:
        run(case_with({"alt": {"value": "35 U/L", "date": "2026-12-08"}}))
    line = Words("zh_CN").problem_line(exc.value.problems[0])
    assert "丙氨酸氨基转移酶（ALT）的正常值上限（ULN）" in line and "ULN_REQUIRED" in line


def test_check_json_carries_the_eligibility_block(tmp_path):
    r = check(tmp_path, case_with({**ALL_PASSING, "lvef": {"value": "49 %", "date": "2026-12-08"}}), "--json")
    assert r.returncode == 1, r.stderr
    out = json.loads(r.stdout)
    e = out["eligibility"]
    assert e["assessed"] is True and e["cleared"] is False
    assert e["creatinine_clearance_ml_min"]["formula"].startswith("(140 - 40 years) × 70 kg / (72 × 88.42 umol/L")
    lvef = e["findings"][-1]
    assert lvef["criterion"] == "lvef" and lvef["status"] == "fail" and lvef["value"] == 49 and lvef["limit"] == 50
    assert lvef["reason_code"] == "ELIG_BELOW_MINIMUM" and lvef["reason"] == "49 % is below 50 %"
    assert out["not_cleared_reasons"] == ["LVEF: 49 % is below 50 %"]


def test_check_text_shows_each_criterion(tmp_path):
    r = check(tmp_path, case_with(ALL_PASSING))
    assert r.returncode == 0, r.stderr
    assert "Eligibility values:" in r.stdout and "[PASS] SpO2 on room air: 97 % is above 91 %" in r.stdout
    assert "Cockcroft-Gault: (140 - 40 years) × 70 kg" in r.stdout
    zh = check(tmp_path, case_with(ALL_PASSING), "--lang", "zh_CN")
    assert "入组检验值：" in zh.stdout and "[通过] 未吸氧状态下血氧饱和度（SpO2）：97 %，高于 91 %" in zh.stdout


def test_case_without_values_is_not_assessed_in_the_json(tmp_path):
    out = json.loads(check(tmp_path, base_case(), "--json").stdout)
    assert out["eligibility"]["assessed"] is False and out["eligibility"]["findings"] == []
    assert "were not entered" in out["eligibility_note"]


def test_the_readme_example_with_every_value_is_cleared(tmp_path):
    from pathlib import Path
    example = Path(__file__).resolve().parents[2] / "examples" / "eligibility-example.json"
    r = check(tmp_path, example.read_text(encoding="utf-8"), "--json")
    assert r.returncode == 0, r.stderr
    e = json.loads(r.stdout)["eligibility"]
    assert e["assessed"] and len(e["findings"]) == 8 and all(f["status"] == "pass" for f in e["findings"])
    assert e["checklist"]["not_met"] == 0 and e["checklist"]["attested_by"] == "Dr Li (investigator)"
