"""The sheet of issue 11: the consent outlook, the conditioning window, the rules applied to a
hand-classified agent, a value beside its limit, and what CLEARED covers, in both languages."""

from __future__ import annotations



from .helpers import base_case, pdf



def case():
    return base_case(exposures=[
        {"agent": "vaccine", "last_date": "2026-11-10"},                       # 10 days before consent
        {"agent": "prednisone", "daily_dose": "15.0025 mg", "route": "oral", "last_date": "2026-12-08"},
        {"agent": "unlisted agent", "class": "asparaginase", "last_date": "2026-11-20"},
        {"agent": "fludarabine", "purpose": "lymphodepletion", "first_date": "2026-12-03",
         "last_date": "2026-12-06"},
    ])


def test_english_sheet_never_promises_an_infusion_date_when_consent_fails(tmp_path):
    _, pages = pdf(tmp_path, case(), lang="en")
    text = " ".join(pages)
    assert "clears every washout window" not in text
    assert "infusion-based windows only: 2026-12-19" in text
    assert "on or after 2026-12-09 is needed" in text
    assert "15.0025" in text and "above 15 mg/day" in text
    assert "rules applied: chemotherapy, PEG-asparaginase" in text
    assert "lymphodepletion min days" not in text and "lymphodepletion days: 2-14 d" in text
    assert "2026-12-03 to 2026-12-06" in text
    assert "Eligibility values (creatinine clearance, liver, coagulation, oxygen saturation, LVEF) were not " \
        "entered" in text


def test_chinese_sheet_says_the_same(tmp_path):
    _, pages = pdf(tmp_path, case(), lang="zh_CN")
    text = " ".join(pages)
    assert "满足全部洗脱期" not in text
    assert "仅满足以输注为参照的洗脱期的最早输注日期：2026-12-19" in text.replace(" ", "")
    assert "15.0025" in text
    assert "未录入入组检验值（肌酐清除率、肝功能、凝血、血氧饱和度、左心室射血分数）" in text.replace(" ", "")
