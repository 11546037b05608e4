"""The patient's real pre-infusion timeline (issue 11): conditioning, courses and daily
glucocorticoid totals, consent-based rules, class words, numbers beside a limit.

Infusion 2026-12-10 (Day 0) and consent 2026-11-20 throughout (tests/core/helpers.base_case).
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

from infusecalc.core.errors import InputError
from infusecalc.core.evaluate import evaluate
from infusecalc.core.case import parse_case
from infusecalc.core.protocol import default_protocol
from infusecalc.text import Words
from infusecalc.text.report import to_text

from .helpers import base_case, run
from .test_cli_check import check

EN, ZH = Words("en"), Words("zh_CN")


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def only(ev, rule):
    found = [f for f in ev.washout.findings if f.rule == rule]
    assert len(found) == 1, [(f.rule, f.status) for f in ev.washout.findings]
    return found[0]


# -- lymphodepletion -------------------------------------------------------------------------

def conditioning(last: str, agent: str = "fludarabine", **extra):
    return {"agent": agent, "purpose": "lymphodepletion", "last_date": last, **extra}


@pytest.mark.parametrize("last, days, code, status, earliest", [
    ("2026-12-09", 1, "LYMPHODEPLETION_TOO_CLOSE", "fail", "2026-12-11"),
    ("2026-12-08", 2, "LYMPHODEPLETION_IN_WINDOW", "pass", None),
    ("2026-11-26", 14, "LYMPHODEPLETION_IN_WINDOW", "pass", None),
    ("2026-11-25", 15, "LYMPHODEPLETION_TOO_LONG_AGO", "fail", None),
])
def test_conditioning_window_2_to_14_days_inclusive(last, days, code, status, earliest):
    ev = run(base_case(exposures=[conditioning(last)]))
    f = only(ev, "lymphodepletion")
    assert (f.days_before, f.reason_code, f.status) == (days, code, status)
    assert f.earliest_date == (d(earliest) if earliest else None)
    assert [g.rule for g in ev.washout.findings] == ["lymphodepletion"]   # never the chemotherapy rule
    if code == "LYMPHODEPLETION_TOO_CLOSE":
        assert ev.washout.earliest_infusion_date == d("2026-12-11") and ev.washout.clears_by_date_alone
        assert [r.code for r in ev.washout.outlook] == ["INFUSION_DATE_CLEARS_ALL"]
    if code == "LYMPHODEPLETION_TOO_LONG_AGO":
        assert ev.washout.earliest_infusion_date is None and not ev.washout.clears_by_date_alone
        assert [r.code for r in ev.washout.outlook] == ["CONDITIONING_MUST_BE_REPEATED"]
        assert "must be repeated" in to_text(ev) and "须重新进行预处理" in to_text(ev, "zh_CN")
    assert ev.cleared == (status == "pass")


def test_the_same_agent_without_the_purpose_is_prior_chemotherapy():
    ev = run(base_case(exposures=[{"agent": "cyclophosphamide", "last_date": "2026-12-06"}]))
    f = only(ev, "chemotherapy")
    assert (f.status, f.reason_code, f.earliest_date) == ("fail", "WINDOW_WITHIN", d("2026-12-14"))  # 12-06 + 7 + 1
    ev = run(base_case(exposures=[conditioning("2026-12-06", "cyclophosphamide"),
                                  conditioning("2026-12-07", "Fludara")]))
    assert ev.cleared and {f.rule for f in ev.washout.findings} == {"lymphodepletion"}


def test_a_bridging_agent_with_the_conditioning_purpose_is_refused_naming_purpose(tmp_path):
    data = base_case(exposures=[conditioning("2026-12-06", "daunorubicin")])
    with pytest.raises(InputError) as exc:
        run(data)
    assert [(p.code, p.field) for p in exc.value.problems] == [("LYMPHODEPLETION_AGENT_NOT_ALLOWED",
                                                                "exposures.0.purpose")]
    r = check(tmp_path, data)
    assert r.returncode == 2 and "exposures.0.purpose" in r.stderr and not r.stdout
    r = check(tmp_path, base_case(exposures=[{"agent": "fludarabine", "purpose": "bridging",
                                              "last_date": "2026-12-06"}]))
    assert r.returncode == 2 and "purpose" in r.stderr


def _protocol(**settings):
    lp = default_protocol()
    p = lp.protocol
    ss = p.site_settings.model_copy(update=settings)
    return lp.model_copy(update={"protocol": p.model_copy(update={"site_settings": ss})})


def test_bendamustine_is_conditioning_only_where_the_site_adds_it():
    data = parse_case(base_case(exposures=[conditioning("2026-12-06", "bendamustine")]))
    with pytest.raises(InputError):
        evaluate(data)
    ev = evaluate(data, _protocol(lymphodepletion_site_agents=["bendamustine"]))
    assert only(ev, "lymphodepletion").status == "pass" and ev.cleared
    assert ev.source.site_settings["lymphodepletion_site_agents"] == "bendamustine"


def test_missing_conditioning_warns_only_when_the_site_asks():
    plain = parse_case(base_case())
    assert evaluate(plain).cleared and not evaluate(plain).warnings
    ev = evaluate(plain, _protocol(warn_without_lymphodepletion=True))
    assert [w.code for w in ev.warnings] == ["LYMPHODEPLETION_NOT_RECORDED"] and not ev.cleared
    assert "预处理" in ZH.problem(ev.warnings[0])
    with_it = parse_case(base_case(exposures=[conditioning("2026-12-06")]))
    assert not evaluate(with_it, _protocol(warn_without_lymphodepletion=True)).warnings


def test_the_conditioning_window_is_printed_with_the_site_settings():
    ev = run(base_case())
    assert ev.source.site_settings["lymphodepletion_days"] == "2-14 d"
    assert ev.source.site_settings["warn_without_lymphodepletion"] == "no"


def test_waiting_for_another_rule_past_the_conditioning_window_clears_nothing():
    # Conditioning 2026-11-28 (12 days: passes); CNS radiotherapy needs infusion after 2026-12-17,
    # when the conditioning would be 19 days old: no date clears by waiting.
    ev = run(base_case(exposures=[conditioning("2026-11-28"),
                                  {"agent": "radiotherapy", "site": "cns", "last_date": "2026-10-22"}]))
    assert only(ev, "radiotherapy_cns").earliest_date == d("2026-12-18")
    assert ev.washout.earliest_infusion_date is None and not ev.washout.clears_by_date_alone
    assert [r.code for r in ev.washout.outlook] == ["CONDITIONING_WINDOW_CLOSES"]


# -- courses and glucocorticoids per calendar day ---------------------------------------------

def steroid(agent, dose, last, first=None, route="oral"):
    out = {"agent": agent, "daily_dose": dose, "route": route, "last_date": last}
    return out | ({"first_date": first} if first else {})


@pytest.mark.parametrize("hydrocortisone, total, status", [("20 mg", "15", "pass"), ("40 mg", "20", "fail")])
def test_two_glucocorticoids_on_one_day_are_added_up(hydrocortisone, total, status):
    ev = run(base_case(exposures=[steroid("prednisone", "10 mg", "2026-12-08"),
                                  steroid("hydrocortisone", hydrocortisone, "2026-12-08")]))
    assert [f.status for f in ev.washout.findings] == [status, status]
    for f in ev.washout.findings:
        day = next(t for t in f.day_totals if t.date == d("2026-12-08"))
        assert day.total_prednisone_mg == Decimal(total)
        assert [e.agent for e in day.entries] == ["prednisone", "hydrocortisone"]
        assert f.reason_params["total_mg"] == Decimal(total)
    assert f"2026-12-08: {total} mg (predniSONE 10, hydrocortisone" in to_text(ev)


def test_a_days_entries_are_listed_in_each_languages_way():
    ev = run(base_case(exposures=[steroid("prednisone", "10 mg", "2026-12-08"),
                                  steroid("hydrocortisone", "40 mg", "2026-12-08")]))
    f = ev.washout.findings[0]
    day = next(line for line in ZH.day_totals(f) if "2026-12-08" in line)
    english = next(line for line in EN.day_totals(f) if "2026-12-08" in line)
    assert "predniSONE 10、hydrocortisone 10" in day and ", " not in day
    assert "predniSONE 10, hydrocortisone 10" in english


@pytest.mark.parametrize("last, days, status, code", [
    ("2026-12-07", 3, "fail", "STEROID_DAY_TOTAL_ABOVE"),
    ("2026-12-06", 4, "pass", "STEROID_OUTSIDE_WINDOW"),
])
def test_a_course_ending_3_or_4_days_before_infusion(last, days, status, code):
    ev = run(base_case(exposures=[steroid("prednisone", "20 mg", last, first="2026-11-30")]))
    f = only(ev, "glucocorticoid")
    assert (f.days_before, f.status, f.reason_code, f.first_date) == (days, status, code, d("2026-11-30"))
    if status == "fail":
        assert f.earliest_date == d("2026-12-11") and ev.washout.earliest_infusion_date == d("2026-12-11")


def test_a_taper_is_judged_on_the_dose_of_each_day():
    ev = run(base_case(exposures=[steroid("prednisone", "40 mg", "2026-12-05", first="2026-12-01"),
                                  steroid("prednisone", "10 mg", "2026-12-09", first="2026-12-06")]))
    high, low = ev.washout.findings
    assert high.reason_code == "STEROID_OUTSIDE_WINDOW" and low.reason_code == "STEROID_DAY_TOTAL_NOT_ABOVE"
    assert [t.date for t in low.day_totals] == [d("2026-12-07"), d("2026-12-08"), d("2026-12-09")]
    assert ev.cleared
    # A course written as one line with its last (lower) dose would have hidden nothing here,
    # but a course that covers the window with a high dose fails on every covered day.
    ev = run(base_case(exposures=[steroid("prednisone", "40 mg", "2026-12-08", first="2026-12-01")]))
    assert only(ev, "glucocorticoid").reason_params["day"] == d("2026-12-08")


def test_local_routes_are_left_out_of_the_day_total():
    ev = run(base_case(exposures=[steroid("prednisone", "10 mg", "2026-12-08"),
                                  steroid("hydrocortisone", "100 mg", "2026-12-08", route="topical")]))
    assert [f.reason_code for f in ev.washout.findings] == ["STEROID_DAY_TOTAL_NOT_ABOVE", "STEROID_LOCAL_ROUTE"]
    assert ev.cleared


def test_first_date_after_last_date_is_refused_naming_first_date(tmp_path):
    data = base_case(exposures=[{"agent": "daunorubicin", "first_date": "2026-12-03", "last_date": "2026-12-01"}])
    r = check(tmp_path, data)
    assert r.returncode == 2 and "exposures.0.first_date" in r.stderr
    r = check(tmp_path, data, "--json", "--lang", "zh_CN")
    err = json.loads(r.stderr)["errors"][0]
    assert err["field"] == "exposures.0.first_date" and "疗程首日" in err["message"]


# -- consent-based and infusion-based failures together ----------------------------------------

def test_consent_failure_never_promises_an_infusion_date(tmp_path):
    ev = run(base_case(exposures=[{"agent": "vaccine", "last_date": "2026-11-10"},
                                  {"agent": "daunorubicin", "last_date": "2026-12-05"}]))
    w = ev.washout
    assert w.earliest_infusion_date == d("2026-12-13")        # 12-05 + 7 + 1: infusion-based only
    assert w.earliest_consent_date == d("2026-12-09")         # 11-10 + 28 + 1
    assert not w.clears_by_date_alone
    assert [r.code for r in w.outlook] == ["INFUSION_DATE_CLEARS_INFUSION_RULES", "NEW_CONSENT_NEEDED"]
    for lang in ("en", "zh_CN"):
        text = to_text(ev, lang)
        assert "clears every washout window" not in text and "满足全部洗脱期" not in text
    assert "new informed consent signed on or after 2026-12-09" in to_text(ev)
    assert "需在 2026-12-09 或之后重新签署知情同意" in to_text(ev, "zh_CN")
    out = json.loads(check(tmp_path, base_case(exposures=[{"agent": "vaccine", "last_date": "2026-11-10"}]),
                           "--json").stdout)
    assert out["washout"]["earliest_infusion_date"] is None
    assert out["washout"]["earliest_consent_date"] == "2026-12-09"
    assert out["washout"]["clears_by_date_alone"] is False


def test_infusion_failures_alone_clear_by_date():
    ev = run(base_case(exposures=[{"agent": "daunorubicin", "last_date": "2026-12-05"}]))
    assert ev.washout.clears_by_date_alone and ev.washout.earliest_consent_date is None
    assert "Earliest infusion date that clears every washout window: 2026-12-13" in to_text(ev)


# -- class words -------------------------------------------------------------------------------

@pytest.mark.parametrize("word, rules, earliest", [
    ("asparaginase", ["chemotherapy", "peg_asparaginase"], "2026-12-31"),
    ("antibody", ["t_cell_lytic", "antibody"], "2027-01-28"),
    ("monoclonal_antibody", ["antibody"], "2026-12-31"),    # a canonical class names one class
])
def test_a_class_word_applies_every_rule_it_could_name(word, rules, earliest):
    ev = run(base_case(exposures=[{"agent": "unlisted agent", "class": word, "last_date": "2026-12-02"}]))
    assert [f.rule for f in ev.washout.findings] == rules
    assert all(f.classified_by_hand for f in ev.washout.findings)
    assert ev.washout.earliest_infusion_date == d(earliest)
    text = to_text(ev)
    from infusecalc.text import Words
    assert "rules applied: " + ", ".join(Words("en").rule(r) for r in rules) in text   # names, not ids


# -- numbers beside a limit ---------------------------------------------------------------------

def test_a_value_just_above_the_limit_is_never_shown_as_the_limit(tmp_path):
    ev = run(base_case(exposures=[steroid("prednisone", "15.0025 mg", "2026-12-08")]))
    f = only(ev, "glucocorticoid")
    assert f.status == "fail"
    for lang in ("en", "zh_CN"):
        text = Words(lang).finding_reason(f)
        assert "15.0025 mg" in text and " 15 mg" not in text.replace("15 mg/", "")
    assert "15.0025" in to_text(ev) and "15.0025" in to_text(ev, "zh_CN")


# -- what CLEARED covers -------------------------------------------------------------------------

def test_the_summary_says_eligibility_was_not_assessed_until_the_flag_says_it_was():
    ev = run(base_case())
    assert "Eligibility values (creatinine clearance, liver, coagulation, oxygen saturation, LVEF) were not " \
        "entered" in to_text(ev)
    assert "未录入入组检验值（肌酐清除率、肝功能、凝血、血氧饱和度、左心室射血分数）" in to_text(ev, "zh_CN")
    assessed = ev.model_copy(update={"eligibility_assessed": True})
    assert "were not entered" not in to_text(assessed) and "未录入入组检验值" not in to_text(assessed, "zh_CN")
