"""Eligibility findings read the same figures in English and Chinese, from codes and params."""

from __future__ import annotations

import datetime as dt
import re

from infusecalc.i18n import eligibility_text as et

from ..core.test_eligibility import INFUSION, check, lab
from ..i18n.test_core_zh import core_codes

CJK = re.compile(r"[\u4e00-\u9fff]")


def test_every_eligibility_code_has_both_sentences():
    codes = {c for c in core_codes() if c.startswith("ELIG_")}
    assert codes and codes <= et.REASONS["en"].keys() and codes <= et.REASONS["zh_CN"].keys()
    assert et.REASONS["en"].keys() == et.REASONS["zh_CN"].keys()
    assert all(CJK.search(t) for t in et.REASONS["zh_CN"].values())
    assert et.CRITERIA["en"].keys() == et.CRITERIA["zh_CN"].keys()


def test_failing_transaminase_in_both_languages():
    f = check(lab("alt", "121", "U/L", uln="40")).findings[0]
    assert et.finding_line(f) == "[FAIL] ALT: 121 U/L = 3.025 × ULN (40 U/L); above 3 × ULN = 120 U/L"
    assert et.finding_line(f, "zh_CN") == \
        "[未通过] 丙氨酸氨基转移酶（ALT）：121 U/L = 3.025 × ULN（40 U/L）；超过 3 × ULN = 120 U/L"


def test_stale_failing_value_says_both_with_dates():
    f = check(lab("lvef", "45", "%", on=dt.date(2026, 11, 30))).findings[0]
    en, zh = et.finding_reason(f), et.finding_reason(f, "zh_CN")
    assert en == ("45 % is below 50 %; also measured 2026-11-30, 10 days before infusion; a value counts "
                  "for 7 days: repeat it between 2026-12-03 and 2026-12-10")
    for figure in ("45 %", "50 %", "2026-11-30", "2026-12-03", str(INFUSION)):
        assert figure in zh


def test_inr_has_no_unit_and_no_stray_space():
    f = check(lab("inr", "1.2", "", uln="1.1")).findings[0]
    assert et.finding_reason(f).startswith("1.2 = 1.091 × ULN (1.1); at most 1.5 × ULN = 1.65")


def test_chinese_formula_keeps_the_numbers():
    cc = check(lab("creatinine", "3", "mg/dL")).creatinine_clearance_ml_min
    assert et.formula(cc, "zh_CN") == "(140 - 40 岁) × 64.8 kg / (72 × 3 mg/dL) = 30 mL/min"
