"""Eligibility findings in words: the same figures in English and Chinese, from codes and params."""

from __future__ import annotations

import datetime as dt
import re

from infusecalc.core.reasons import ELIGIBILITY_REASONS
from infusecalc.text import Words, catalogue
from infusecalc.text import eligibility as et

from ..core.test_eligibility import INFUSION, check, lab
from ..i18n.test_core_zh import core_codes

CJK = re.compile(r"[\u4e00-\u9fff]")
EN, ZH = Words("en"), Words("zh_CN")


def test_every_eligibility_code_has_a_sentence_in_both_languages():
    codes = {c for c in core_codes() if c.startswith("ELIG_")}
    assert codes == set(ELIGIBILITY_REASONS)
    for lang in ("en", "zh_CN"):
        cat = catalogue(lang)
        assert cat.eligibility.keys() == set(ELIGIBILITY_REASONS), lang
        assert {"creatinine_clearance", "alt", "ast", "bilirubin", "inr", "aptt", "spo2", "lvef"} == \
            cat.criteria.keys(), lang
    assert all(CJK.search(t) for t in catalogue("zh_CN").eligibility.values())


def test_a_code_carries_one_status_only():
    results = [check(lab("alt", v, "U/L", uln="40", on=on))
               for v in ("100", "121") for on in (INFUSION, dt.date(2026, 11, 1), INFUSION + dt.timedelta(days=2))]
    for r in results:
        for f in r.findings:
            assert ELIGIBILITY_REASONS[f.reason_code] == f.status


def test_failing_transaminase_in_both_languages():
    f = check(lab("alt", "121", "U/L", uln="40")).findings[0]
    assert et.finding_line(EN, f) == "[FAIL] ALT: 121 U/L = 3.025 × ULN (40 U/L); above 3 × ULN = 120 U/L"
    assert et.finding_line(ZH, f) == \
        "[未通过] 丙氨酸氨基转移酶（ALT）：121 U/L = 3.025 × ULN（40 U/L）；超过 3 × ULN = 120 U/L"


def test_stale_failing_value_says_both_with_dates():
    f = check(lab("lvef", "45", "%", on=dt.date(2026, 11, 30))).findings[0]
    en, zh = et.finding_reason(EN, f), et.finding_reason(ZH, f)
    assert en == ("45 % is below 50 %; also measured 2026-11-30, 10 days before infusion; a value counts "
                  "for 7 days: repeat it between 2026-12-03 and 2026-12-10")
    for figure in ("45 %", "50 %", "2026-11-30", "2026-12-03", str(INFUSION)):
        assert figure in zh


def test_inr_has_no_unit_and_no_stray_space():
    f = check(lab("inr", "1.2", "", uln="1.1")).findings[0]
    assert et.finding_reason(EN, f) == "1.2 = 1.091 × ULN (1.1); at most 1.5 × ULN = 1.65"


def test_chinese_formula_keeps_the_numbers():
    cc = check(lab("creatinine", "3", "mg/dL")).creatinine_clearance_ml_min
    assert et.formula(ZH, cc) == "Cockcroft-Gault 公式：(140 - 40 岁) × 64.8 kg / (72 × 3 mg/dL) = 30 mL/min"
