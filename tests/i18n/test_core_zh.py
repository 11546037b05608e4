"""The core's problems, warnings and findings in Chinese, by code; the CLI's --lang."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from infusecalc.core.case import Case, Exposure, Product
from infusecalc.core.errors import InputError
from infusecalc.core.protocol import default_protocol
from infusecalc.i18n import core_zh as zh
from infusecalc.i18n.report import CLEARED_ZH, NOT_CLEARED_ZH, errors_text, to_text

from ..core.helpers import base_case, group_b, run
from ..core.test_cli_check import EXAMPLE, check

CORE = Path(__file__).resolve().parents[2] / "infusecalc" / "core"
CJK = re.compile(r"[\u4e00-\u9fff]")


def core_codes() -> set[str]:
    """Every upper-case code literal in the core's source (what `grep -rhoE '"[A-Z_]{6,}"'` finds)."""
    codes = set()
    for path in CORE.glob("*.py"):
        codes |= set(re.findall(r'"([A-Z][A-Z_]{5,})"', path.read_text(encoding="utf-8")))
    return codes


def test_every_code_the_core_can_raise_has_a_chinese_template():
    codes = core_codes()
    assert {"WEIGHT_OUT_OF_RANGE", "AGENT_UNKNOWN", "EXPOSURE_ON_OR_AFTER_REFERENCE"} <= codes
    from infusecalc.i18n.eligibility_text import REASONS  # eligibility findings' own catalogue
    missing = sorted(codes - zh.terms().problems.keys() - REASONS["zh_CN"].keys())
    assert not missing, f"codes without a Chinese translation: {missing}"


def test_templates_use_only_known_placeholders_and_are_chinese():
    for code, template in zh.terms().problems.items():
        assert zh.placeholders(template) <= zh.CoreTerms.PLACEHOLDERS, code
        assert CJK.search(template), code


def test_every_case_field_has_a_chinese_label():
    names = set()
    for model in (Case, Exposure, Product):
        names |= {f.alias or n for n, f in model.model_fields.items()}
    assert not names - zh.terms().fields.keys()


def test_every_protocol_word_has_a_chinese_name():
    p = default_protocol().protocol
    t = zh.terms()
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
    text = zh.problem_text(p)
    assert value in text and CJK.search(text) and text != p.message
    line = errors_text(exc.value, "zh_CN")
    assert f"[{code}]" in line and value in line and line.startswith("错误：")


def test_field_label_of_an_exposure_names_its_position():
    assert zh.field_label("exposures.1.last_date") == "既往治疗第 2 项的末次日期"
    assert zh.field_label("product.concentration") == "浓度"


def test_unknown_code_falls_back_to_the_english_message_never_to_nothing():
    from infusecalc.core.errors import problem

    p = problem("SOMETHING_NEW", "weight", "42 kg", "An English message.")
    assert zh.problem_text(p) == "An English message."


# Each English reason of core.washout has one Chinese counterpart; both must say the same thing.
CATEGORIES = [
    ("dated on or after", "当天或之后"),
    ("local route", "局部用药"),
    ("is not above", "不高于"),
    ("(above", "（高于"),
    ("not cleared within", "洗脱期内"),
    ("outside the", "已超出"),
]


def category(text: str, lang: int) -> str:
    return next(c[0] for c in CATEGORIES if c[lang] in text)


@pytest.mark.parametrize("exposure", [
    {"agent": "daunorubicin", "last_date": "2026-12-01"},                 # outside
    {"agent": "daunorubicin", "last_date": "2026-12-05"},                 # within
    {"agent": "daunorubicin", "last_date": "2026-12-10"},                 # on the infusion date
    {"agent": "dexamethasone", "last_date": "2026-12-08", "daily_dose": "10 mg", "route": "oral"},
    {"agent": "dexamethasone", "last_date": "2026-12-08", "daily_dose": "2.25 mg", "route": "iv"},
    {"agent": "prednisone", "last_date": "2026-12-08", "daily_dose": "15 mg", "route": "oral"},
    {"agent": "prednisone", "last_date": "2026-12-02", "daily_dose": "60 mg", "route": "oral"},
    {"agent": "hydrocortisone", "last_date": "2026-12-09", "daily_dose": "100 mg", "route": "topical"},
    {"agent": "radiotherapy", "site": "lung", "last_date": "2026-11-30"},
    {"agent": "vaccine", "last_date": "2026-11-01"},
])
def test_chinese_reason_says_what_the_english_reason_says(exposure):
    ev = run(base_case(exposures=[exposure]))
    assert ev.washout.findings
    for f in ev.washout.findings:
        reason = zh.finding_reason(f, ev)
        assert category(f.reason, 0) == category(reason, 1), (f.reason, reason)
        if re.search(rf"\b{f.days_before} days?", f.reason):
            assert f" {f.days_before} 天" in reason


def test_chinese_not_cleared_reasons_match_the_core_one_for_one():
    ev = run(group_b("20 kg", exposures=[{"agent": "daunorubicin", "last_date": "2026-12-05"},
                                         {"agent": "imatinib", "last_date": "2026-12-09"}]))
    assert not ev.cleared
    lines = zh.not_cleared_reasons(ev)
    assert len(lines) == len(ev.not_cleared_reasons) == 3
    assert lines[0].startswith("柔红霉素（DAUNOrubicin）：化疗") and lines[1].startswith("伊马替尼（imatinib）")
    assert lines[2] == "警告 WEIGHT_BELOW_USUAL 未确认"
    text = to_text(ev, "zh_CN")
    assert NOT_CLEARED_ZH in text and CLEARED_ZH not in text
    assert "最早可输注日期 2026-12-13" in text  # 2026-12-05 + 7 + 1


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


def test_json_stays_english_and_identical_in_every_language(tmp_path):
    text = EXAMPLE.read_text(encoding="utf-8")
    en = check(tmp_path, text, "--json", "--lang", "en")
    zh_cn = check(tmp_path, text, "--json", "--lang", "zh_CN")
    assert en.returncode == zh_cn.returncode == 0
    assert json.loads(en.stdout) == json.loads(zh_cn.stdout)
    bad = check(tmp_path, base_case(weight="42"), "--json", "--lang", "zh_CN")
    assert bad.returncode == 2 and json.loads(bad.stderr)["errors"][0]["code"] == "UNIT_MISSING"
    assert not CJK.search(bad.stderr)


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
    assert set(ev.source.site_settings) <= zh.terms().site_settings.keys()
