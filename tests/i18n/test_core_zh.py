"""The core's problems, warnings and findings in Chinese, by code; the CLI's --lang."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from infusecalc.core.case import Case, Exposure, Product
from infusecalc.core.errors import InputError
from infusecalc.core.protocol import default_protocol
from infusecalc.core.reasons import FINDING_REASONS, NOT_CLEARED_REASONS, OUTLOOK_REASONS
from infusecalc.text import Words, catalogue
from infusecalc.text.report import errors_text, to_text

from ..core.helpers import base_case, group_b, run
from ..core.test_cli_check import EXAMPLE, check

ZH = Words("zh_CN")
EN = Words("en")
CLEARED_ZH, NOT_CLEARED_ZH = ZH.status(True), ZH.status(False)

CORE = Path(__file__).resolve().parents[2] / "infusecalc" / "core"
CJK = re.compile(r"[\u4e00-\u9fff]")


# Upper-case literals in the core that are not codes: environment variables it sets.
NOT_CODES = {"PYDANTIC_DISABLE_PLUGINS"}


def core_codes() -> set[str]:
    """Every upper-case code literal in the core's source (what `grep -rhoE '"[A-Z_]{6,}"'` finds)."""
    codes = set()
    for path in CORE.glob("*.py"):
        codes |= set(re.findall(r'"([A-Z][A-Z_]{5,})"', path.read_text(encoding="utf-8")))
    return codes - NOT_CODES


def test_every_code_the_core_can_raise_has_a_chinese_template():
    codes = core_codes()
    assert {"WEIGHT_OUT_OF_RANGE", "AGENT_UNKNOWN", "EXPOSURE_ON_OR_AFTER_REFERENCE"} <= codes
    zh = catalogue("zh_CN")
    known = (zh.problems.keys() | zh.findings.keys() | zh.not_cleared.keys() | zh.outlook.keys()
             | zh.eligibility.keys())
    missing = sorted(codes - known)
    assert not missing, f"codes without a Chinese translation: {missing}"


def test_every_decision_code_has_a_sentence_in_both_languages():
    for lang in ("en", "zh_CN"):
        cat = catalogue(lang)
        assert set(FINDING_REASONS) <= cat.findings.keys(), lang   # others may add their own codes
        assert cat.findings.keys() == catalogue("en").findings.keys()
        assert set(NOT_CLEARED_REASONS) == cat.not_cleared.keys(), lang
        assert set(OUTLOOK_REASONS) == cat.outlook.keys(), lang


def test_templates_are_chinese():
    for code, template in catalogue("zh_CN").problems.items():
        assert CJK.search(template), code


def test_every_case_field_has_a_chinese_label():
    names = set()
    for model in (Case, Exposure, Product):
        names |= {f.alias or n for n, f in model.model_fields.items()}
    assert not names - catalogue('zh_CN').fields.keys()


def test_every_protocol_word_has_a_chinese_name():
    p = default_protocol().protocol
    t = catalogue('zh_CN')
    assert {r.id for r in p.washout} <= t.rules.keys()
    assert p.washout_classes <= t.classes.keys()
    assert {*p.site_settings.systemic_routes, *p.site_settings.local_routes} <= t.routes.keys()
    assert {s for r in p.washout for s in (r.sites or [])} <= t.sites.keys()
    assert {g.id for g in p.groups} <= t.groups.keys()


@pytest.mark.parametrize("changes, code, value", [
    ({"weight": "42,5 kg"}, "QUANTITY_FORMAT", "42,5 kg"),
    ({"weight": "42"}, "UNIT_MISSING", "42"),
    ({"weight": "420 kg"}, "WEIGHT_OUT_OF_RANGE", "420 kg"),
    ({"weight": "42 stone"}, "UNIT_NOT_ALLOWED", "42 stone"),
    ({"age_years": 80}, "AGE_NOT_ELIGIBLE", "80"),
    ({"group": "B"}, "AGE_GROUP_MISMATCH", "B"),
    ({"exposures": [{"agent": "unobtainium", "last_date": "2026-12-01"}]}, "AGENT_UNKNOWN", "unobtainium"),
])
def test_problem_keeps_the_value_exactly_as_entered(changes, code, value):
    with pytest.raises(InputError) as exc:
        run(base_case(**changes))
    p = next(p for p in exc.value.problems if p.code == code)
    assert p.value == value
    text = ZH.problem(p)
    assert value in text and CJK.search(text) and text != p.message
    line = errors_text(exc.value, "zh_CN")
    assert f"[{code}]" in line and value in line and line.startswith("错误：")


def test_field_label_of_an_exposure_names_its_position():
    assert ZH.field_label("exposures.1.last_date") == "既往治疗第 2 项的末次日期"
    assert ZH.field_label("product.concentration") == "浓度"


def test_unknown_code_falls_back_to_the_english_message_never_to_nothing():
    from infusecalc.core.errors import problem

    p = problem("SOMETHING_NEW", "weight", "42 kg", "An English message.")
    assert ZH.problem(p) == "An English message."


@pytest.mark.parametrize("exposure, code", [
    ({"agent": "daunorubicin", "last_date": "2026-12-01"}, "WINDOW_OUTSIDE"),
    ({"agent": "daunorubicin", "last_date": "2026-12-05"}, "WINDOW_WITHIN"),
    ({"agent": "daunorubicin", "last_date": "2026-12-10"}, "DATE_ON_OR_AFTER_REFERENCE"),
    ({"agent": "dexamethasone", "last_date": "2026-12-08", "daily_dose": "10 mg", "route": "oral"},
     "STEROID_DAY_TOTAL_ABOVE"),
    ({"agent": "dexamethasone", "last_date": "2026-12-08", "daily_dose": "2.25 mg", "route": "iv"},
     "STEROID_DAY_TOTAL_NOT_ABOVE"),
    ({"agent": "prednisone", "last_date": "2026-12-08", "daily_dose": "15 mg", "route": "oral"},
     "STEROID_DAY_TOTAL_NOT_ABOVE"),
    ({"agent": "prednisone", "last_date": "2026-12-02", "daily_dose": "60 mg", "route": "oral"},
     "STEROID_OUTSIDE_WINDOW"),
    ({"agent": "hydrocortisone", "last_date": "2026-12-09", "daily_dose": "100 mg", "route": "topical"},
     "STEROID_LOCAL_ROUTE"),
    ({"agent": "radiotherapy", "site": "lung", "last_date": "2026-11-30"}, "WINDOW_WITHIN"),
    ({"agent": "vaccine", "last_date": "2026-11-01"}, "CONSENT_WINDOW_WITHIN"),
])
def test_both_languages_word_the_same_code(exposure, code):
    ev = run(base_case(exposures=[exposure]))
    f, = ev.washout.findings
    assert f.reason_code == code and f.status == FINDING_REASONS[code]
    english, chinese = EN.finding_reason(f), ZH.finding_reason(f)
    assert CJK.search(chinese) and not CJK.search(english)
    if "days_before" in f.reason_params:
        assert f" {f.days_before} 天" in chinese and f"{f.days_before} day" in english


def test_chinese_not_cleared_reasons_match_the_core_one_for_one():
    ev = run(group_b("20 kg", exposures=[{"agent": "daunorubicin", "last_date": "2026-12-05"},
                                         {"agent": "imatinib", "last_date": "2026-12-09"}]))
    assert not ev.cleared
    lines = ZH.not_cleared(ev)
    assert len(lines) == len(EN.not_cleared(ev)) == len(ev.not_cleared) == 3
    assert lines[0].startswith("柔红霉素（DAUNOrubicin）：化疗") and lines[1].startswith("伊马替尼（imatinib）")
    assert lines[2] == "警告 WEIGHT_BELOW_USUAL 未确认"
    text = to_text(ev, "zh_CN")
    assert NOT_CLEARED_ZH in text and CLEARED_ZH not in text
    assert "最早可输注日期 2026-12-13" in text  # 2026-12-05 + 7 + 1
    assert "满足全部洗脱期的最早输注日期：2026-12-13" in text


def test_check_in_chinese_prints_the_status_and_the_exact_dose(tmp_path):
    r = check(tmp_path, EXAMPLE.read_text(encoding="utf-8"), "--lang", "zh_CN")
    assert r.returncode == 0, r.stderr
    assert CLEARED_ZH in r.stdout and "2.52 × 10⁸ = 252,000,000 CAR-T 细胞" in r.stdout
    assert "19.3 mL" in r.stdout and "柔红霉素（DAUNOrubicin）" in r.stdout
    # No English word but drug names, units, IDs and file names.
    *body, source = r.stdout.strip().splitlines()
    words = set(re.findall(r"[A-Za-z]{3,}", "\n".join(body)))
    assert words <= {"CAR", "NCT", "DAUNOrubicin", "dexAMETHasone", "radiotherapy"}, words
    assert source.startswith("方案文件 nct07470073.toml sha256 ")


def test_check_not_cleared_in_chinese(tmp_path):
    data = base_case(exposures=[{"agent": "长春新碱", "last_date": "2026-12-08"}])
    r = check(tmp_path, data, "--lang", "zh_CN")
    assert r.returncode == 1
    assert NOT_CLEARED_ZH in r.stdout and "[未通过] 长春新碱（vinCRIStine）" in r.stdout


def test_lang_before_the_command_works_too(tmp_path):
    path = tmp_path / "c.json"
    path.write_text(json.dumps(base_case(weight="42")), encoding="utf-8")
    import contextlib
    import io

    from infusecalc.cli.main import main

    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(["--lang", "zh_CN", "check", str(path)])
    assert code == 2
    assert "错误：体重（weight）：“42”没有单位" in err.getvalue()


HUMAN = {"reason", "not_cleared_reasons", "message", "outlook_text", "eligibility_note", "language"}


def _without_words(value):
    if isinstance(value, dict):
        return {k: _without_words(v) for k, v in value.items() if k not in HUMAN}
    if isinstance(value, list):
        return [_without_words(v) for v in value]
    return value


def _keys(value, at=""):
    if isinstance(value, dict):
        return {f"{at}.{k}" for k in value} | {x for k, v in value.items() for x in _keys(v, f"{at}.{k}")}
    if isinstance(value, list):
        return {x for v in value for x in _keys(v, at + "[]")}
    return set()


def test_json_in_chinese_is_the_same_object_with_chinese_sentences(tmp_path):
    data = base_case(exposures=[{"agent": "daunorubicin", "last_date": "2026-12-05"},
                                {"agent": "vaccine", "last_date": "2026-11-01"}], weight="20 kg", group="A")
    en = check(tmp_path, data, "--json", "--lang", "en")
    zh_cn = check(tmp_path, data, "--json", "--lang", "zh_CN")
    assert en.returncode == zh_cn.returncode == 1
    e, z = json.loads(en.stdout), json.loads(zh_cn.stdout)
    assert _keys(e) == _keys(z)
    assert _without_words(e) == _without_words(z)
    assert [f["reason_code"] for f in z["washout"]["findings"]] == ["WINDOW_WITHIN", "CONSENT_WINDOW_WITHIN"]
    for f in z["washout"]["findings"]:
        assert CJK.search(f["reason"])
    assert all(CJK.search(r) for r in z["not_cleared_reasons"]) and not any(CJK.search(r) for r in e["not_cleared_reasons"])
    assert CJK.search(z["warnings"][0]["message"])
    bad = check(tmp_path, base_case(weight="42"), "--json", "--lang", "zh_CN")
    assert bad.returncode == 2 and json.loads(bad.stderr)["errors"][0]["code"] == "UNIT_MISSING"
    assert CJK.search(json.loads(bad.stderr)["errors"][0]["message"])
    bad_en = check(tmp_path, base_case(weight="42"), "--json", "--lang", "en")
    assert not CJK.search(bad_en.stderr)


def test_unreadable_case_file_message_in_chinese(tmp_path):
    import contextlib
    import io

    from infusecalc.cli.main import main

    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(["check", str(tmp_path / "missing.json"), "--lang", "zh_CN"])
    assert code == 2 and "无法读取病例文件" in err.getvalue()


def test_every_site_setting_printed_has_a_chinese_name():
    ev = run(base_case())
    assert set(ev.source.site_settings) <= catalogue("zh_CN").site_settings.keys()
