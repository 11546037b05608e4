"""The sheet prints each eligibility criterion beside the washout findings, and the checklist."""

from __future__ import annotations

from .helpers import cleared, pdf

LABS = {"creatinine": {"value": "0.7 mg/dL", "date": "2026-12-08"},
        "alt": {"value": "130 U/L", "date": "2026-12-08", "uln": "40 U/L"},
        "lvef": {"value": "58 %", "date": "2026-11-20"}}
CHECKLIST = {"attestations": {"CD19_CD20_POSITIVE": "met", "NO_CNS_DISEASE": "not_met"},
             "attested_by": "Dr Li", "attested_on": "2026-12-08"}


def test_english_sheet_lists_each_criterion_with_its_limit_and_the_checklist(tmp_path):
    _, pages = pdf(tmp_path, {**cleared(), "sex": "female", "labs": LABS, **CHECKLIST}, lang="en")
    text = " ".join(pages)
    assert "NOT CLEARED" in text
    assert "Creatinine clearance (Cockcroft-Gault)" in text and "(140 - 15 years) × 42 kg / (72 × 0.7 mg/dL) × 0.85" in text
    assert "130 U/L = 3.25 × ULN (40 U/L); above 3 × ULN = 120 U/L" in text
    assert "repeat it between 2026-12-03 and 2026-12-10" in text          # LVEF measured 20 days before
    assert "Eligibility checklist: 1 met, 0 not applicable, 1 NOT MET" in text
    assert "No neurological or CNS disease: NOT MET" in text


def test_chinese_sheet_words_the_same_figures(tmp_path):
    _, pages = pdf(tmp_path, {**cleared(), "sex": "female", "labs": LABS, **CHECKLIST}, lang="zh_CN")
    text = " ".join(pages)
    # (the PDF's text layer puts spaces around full-width punctuation)
    assert "入组检验值" in text and "130 U/L = 3.25 × ULN" in text and "超过 3 × ULN = 120 U/L" in text
    assert "(140 - 15 岁 ) × 42 kg / (72 × 0.7 mg/dL) × 0.85 = 88.5 mL/min" in text
    assert "入组核对清单" in text and "无神经系统或中枢神经系统疾病" in text and "入组检验值有效期： 7 天" in text


def test_sheet_without_values_says_they_were_not_entered(tmp_path):
    _, pages = pdf(tmp_path, cleared(), lang="en")
    text = " ".join(pages)
    assert "were not entered" in text and "Eligibility checklist: not entered (25 items not answered)" in text
    assert "Eligibility values (" not in text.replace("Eligibility values (creatinine", "")   # no empty section
