"""Eligibility findings in English and Chinese, made from their codes and typed parameters (no Qt).

The one place these sentences live until the common text layer (issue 11) takes them into its
catalogues. Figures are written by ``core.formatting`` in both languages, so a value reads the
same characters in English, in Chinese and on the sheet.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from ..core.eligibility_result import CreatinineClearance, EligibilityResult, ValueFinding
from ..core.formatting import plain_decimal

Lang = Literal["en", "zh_CN"]

REASONS: dict[str, dict[str, str]] = {
    "en": {
        "ELIG_AT_LEAST_PASS": "{value_u} is at least {limit_u}",
        "ELIG_BELOW_MINIMUM": "{value_u} is below {limit_u}",
        "ELIG_ABOVE_PASS": "{value_u} is above {limit_u}",
        "ELIG_NOT_ABOVE": "{value_u} is not above {limit_u}",
        "ELIG_AT_MOST_PASS": "{value_u} is at most {limit_u}",
        "ELIG_ABOVE_MAXIMUM": "{value_u} is above {limit_u}",
        "ELIG_WITHIN_ULN_MULTIPLE": "{value_u} = {times_uln} × ULN ({uln_u}); at most {uln_multiple} × ULN = {limit_u}",
        "ELIG_ABOVE_ULN_MULTIPLE": "{value_u} = {times_uln} × ULN ({uln_u}); above {uln_multiple} × ULN = {limit_u}",
        "ELIG_STALE": ("measured {measured_on}, {days_before} days before infusion; a value counts for "
                       "{validity_days} days: repeat it between {repeat_from} and {repeat_by}"),
        "ELIG_DATED_AFTER_INFUSION": ("dated {measured_on}, after the infusion date {infusion_date}: check the "
                                      "date, or repeat it between {repeat_from} and {repeat_by}"),
    },
    "zh_CN": {
        "ELIG_AT_LEAST_PASS": "{value_u}，不低于 {limit_u}",
        "ELIG_BELOW_MINIMUM": "{value_u}，低于 {limit_u}",
        "ELIG_ABOVE_PASS": "{value_u}，高于 {limit_u}",
        "ELIG_NOT_ABOVE": "{value_u}，未高于 {limit_u}",
        "ELIG_AT_MOST_PASS": "{value_u}，不高于 {limit_u}",
        "ELIG_ABOVE_MAXIMUM": "{value_u}，高于 {limit_u}",
        "ELIG_WITHIN_ULN_MULTIPLE": "{value_u} = {times_uln} × ULN（{uln_u}）；不超过 {uln_multiple} × ULN = {limit_u}",
        "ELIG_ABOVE_ULN_MULTIPLE": "{value_u} = {times_uln} × ULN（{uln_u}）；超过 {uln_multiple} × ULN = {limit_u}",
        "ELIG_STALE": ("检测日期 {measured_on}，在输注前 {days_before} 天；检验值的有效期为 {validity_days} 天："
                       "请在 {repeat_from} 至 {repeat_by} 之间复查"),
        "ELIG_DATED_AFTER_INFUSION": ("检测日期 {measured_on} 晚于输注日期 {infusion_date}：请核对日期，"
                                      "或在 {repeat_from} 至 {repeat_by} 之间复查"),
    },
}

CRITERIA: dict[str, dict[str, str]] = {
    "en": {
        "creatinine_clearance": "Creatinine clearance (Cockcroft-Gault)",
        "alt": "ALT", "ast": "AST", "bilirubin": "Total bilirubin", "inr": "INR", "aptt": "APTT",
        "spo2": "SpO2 on room air", "lvef": "LVEF",
    },
    "zh_CN": {
        "creatinine_clearance": "肌酐清除率（Cockcroft-Gault 公式）",
        "alt": "丙氨酸氨基转移酶（ALT）", "ast": "天门冬氨酸氨基转移酶（AST）", "bilirubin": "总胆红素",
        "inr": "国际标准化比值（INR）", "aptt": "活化部分凝血活酶时间（APTT）",
        "spo2": "未吸氧状态下血氧饱和度（SpO2）", "lvef": "左心室射血分数（LVEF）",
    },
}

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Eligibility values", "pass": "PASS", "fail": "FAIL", "stale": "REPEAT",
        "not_entered": "Eligibility values were not entered",
        "not_entered_blocks": "Eligibility values were not entered; this site requires them",
        "hepatobiliary": "hepatobiliary invasion recorded: limits 5 × ULN (ALT, AST) and 3 × ULN (bilirubin)",
        "also": "; also ",
        "years": "years",
    },
    "zh_CN": {
        "title": "入组检验值", "pass": "通过", "fail": "未通过", "stale": "需复查",
        "not_entered": "未录入入组检验值",
        "not_entered_blocks": "未录入入组检验值；本中心要求录入",
        "hepatobiliary": "已记录肝胆受累：限值为 5 × ULN（ALT、AST）和 3 × ULN（胆红素）",
        "also": "；另外，",
        "years": "岁",
    },
}


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, Decimal):
        return plain_decimal(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _with_unit(number: Any, unit: Any) -> str:
    return f"{_text(number)} {unit}".strip() if unit else _text(number)


def _params(p: dict[str, Any]) -> dict[str, str]:
    out = {k: _text(v) for k, v in p.items()}
    out["value_u"] = _with_unit(p.get("value"), p.get("unit"))
    out["limit_u"] = _with_unit(p.get("limit"), p.get("unit"))
    if "uln" in p:
        out["uln_u"] = _with_unit(p["uln"], p.get("uln_unit"))
    return out


def reason(code: str, params: dict[str, Any], lang: Lang = "en") -> str:
    templates = REASONS["zh_CN" if lang == "zh_CN" else "en"]
    template = templates.get(code)
    if template is None:  # a code added before its sentence: show the code, never hide it
        return code
    return template.format(**_params(params))


def criterion_name(criterion: str, lang: Lang = "en") -> str:
    return CRITERIA["zh_CN" if lang == "zh_CN" else "en"].get(criterion, criterion)


def word(key: str, lang: Lang = "en") -> str:
    return WORDS["zh_CN" if lang == "zh_CN" else "en"][key]


def finding_reason(f: ValueFinding, lang: Lang = "en") -> str:
    """The finding's sentence; a failing value that is also stale says both."""
    text = reason(f.reason_code, f.reason_params, lang)
    if f.stale and f.reason_code not in ("ELIG_STALE", "ELIG_DATED_AFTER_INFUSION"):
        stale_code = "ELIG_DATED_AFTER_INFUSION" if f.days_before < 0 else "ELIG_STALE"
        text += word("also", lang) + reason(stale_code, f.reason_params, lang)
    return text


def finding_line(f: ValueFinding, lang: Lang = "en") -> str:
    """'[FAIL] ALT: 121 U/L = 3.025 × ULN (40 U/L); above 3 × ULN = 120 U/L'."""
    sep = "：" if lang == "zh_CN" else ": "
    return f"[{word(f.status, lang)}] {criterion_name(f.criterion, lang)}{sep}{finding_reason(f, lang)}"


def formula(cc: CreatinineClearance, lang: Lang = "en") -> str:
    """The Cockcroft-Gault sum with the patient's numbers, as the core wrote it, in the language."""
    return cc.formula if lang != "zh_CN" else cc.formula.replace(" years)", f" {word('years', lang)})")


def not_cleared_lines(result: EligibilityResult, lang: Lang = "en") -> list[str]:
    """One line per value that keeps the case from being cleared, then 'not entered' if that does."""
    sep = "：" if lang == "zh_CN" else ": "
    lines = [f"{criterion_name(f.criterion, lang)}{sep}{finding_reason(f, lang)}"
             for f in result.findings if f.status != "pass"]
    if not result.assessed and not result.cleared:
        lines.append(word("not_entered_blocks", lang))
    return lines


__all__ = ["CRITERIA", "REASONS", "WORDS", "criterion_name", "finding_line", "finding_reason",
           "formula", "not_cleared_lines", "reason", "word"]
