import datetime as dt
from decimal import Decimal

import pytest

from infusecalc.core.errors import InputError
from infusecalc.core.formulary import default_formulary
from infusecalc.core.protocol import default_protocol

from .helpers import base_case, run

INFUSION = dt.date(2026, 12, 10)
CONSENT = dt.date(2026, 11, 20)


def _exposure_for(rule):
    """A formulary agent (with its needed extras) that falls under ``rule``."""
    for agent in default_formulary().formulary.agents:
        if set(agent.classes) & set(rule.classes):
            exp = {"agent": agent.name}
            if rule.sites:
                exp["site"] = rule.sites[0]
            if agent.is_glucocorticoid:
                exp.update(daily_dose="20 mg", route="oral")
                if agent.name != "prednisone":
                    continue
            return exp
    raise AssertionError(f"no formulary agent for rule {rule.id}")


RULES = default_protocol().protocol.washout


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_every_rule_fails_on_day_n_and_passes_on_day_n_plus_1(rule):
    ref = INFUSION if rule.reference == "infusion" else CONSENT
    exp = _exposure_for(rule)
    for days, status in ((rule.window_days, "fail"), (rule.window_days + 1, "pass")):
        last = ref - dt.timedelta(days=days)
        ev = run(base_case(exposures=[{**exp, "last_date": last.isoformat()}]))
        f = [f for f in ev.washout.findings if f.rule == rule.id]
        assert len(f) == 1, f"{rule.id} did not apply to {exp}"
        assert f[0].status == status and f[0].days_before == days
        if status == "fail":
            assert f[0].earliest_date == last + dt.timedelta(days=rule.window_days + 1)
            assert not ev.cleared
        else:
            assert f[0].earliest_date is None


def test_issue_example_daunorubicin_9_days_passes():
    ev = run(base_case(exposures=[{"agent": "daunorubicin", "last_date": "2026-12-01"}]))
    assert [f.status for f in ev.washout.findings] == ["pass"] and ev.cleared


def test_chemotherapy_6_days_fails_with_earliest_date():
    ev = run(base_case(exposures=[{"agent": "Cytarabine", "last_date": "2026-12-04"}]))
    f = ev.washout.findings[0]
    assert (f.status, f.earliest_date, f.days_before) == ("fail", dt.date(2026, 12, 12), 6)
    assert ev.washout.earliest_infusion_date == dt.date(2026, 12, 12)


def test_pegaspargase_falls_under_two_rules_and_the_later_date_governs():
    ev = run(base_case(exposures=[{"agent": "Oncaspar", "last_date": "2026-12-05"}]))
    by_rule = {f.rule: f for f in ev.washout.findings}
    assert set(by_rule) == {"chemotherapy", "peg_asparaginase"}
    assert by_rule["chemotherapy"].earliest_date == dt.date(2026, 12, 13)
    assert by_rule["peg_asparaginase"].earliest_date == dt.date(2027, 1, 3)
    assert ev.washout.earliest_infusion_date == dt.date(2027, 1, 3)


def test_alemtuzumab_is_t_cell_lytic_and_antibody():
    ev = run(base_case(exposures=[{"agent": "Campath", "last_date": "2026-11-20"}]))
    by_rule = {f.rule: f.status for f in ev.washout.findings}
    assert by_rule == {"t_cell_lytic": "fail", "antibody": "fail"}


@pytest.mark.parametrize("site, window", [("other", 7), ("lung", 14), ("cns", 56)])
def test_radiotherapy_by_site(site, window):
    last = INFUSION - dt.timedelta(days=window)
    ev = run(base_case(exposures=[{"agent": "radiotherapy", "site": site, "last_date": last.isoformat()}]))
    assert [(f.window_days, f.status) for f in ev.washout.findings] == [(window, "fail")]


@pytest.mark.parametrize("agent, dose, route, status", [
    ("dexamethasone", "2 mg", "oral", "pass"),          # 13.3 mg prednisone
    ("dexamethasone", "2.25 mg", "oral", "pass"),       # exactly 15 mg clears
    ("dexamethasone", "2.26 mg", "IV", "fail"),         # just above
    ("prednisone", "15 mg", "po", "pass"),
    ("prednisone", "15.1 mg", "oral", "fail"),
    ("hydrocortisone", "61 mg", "intravenous", "fail"),  # 15.25 mg
    ("hydrocortisone", "60 mg", "intravenous", "pass"),
    ("methylprednisolone", "1 g", "intravenous", "fail"),
    ("dexamethasone", "40 mg", "inhaled", "pass"),       # local routes do not count
    ("betamethasone", "10 mg", "topical", "pass"),
])
def test_glucocorticoid_threshold_and_route(agent, dose, route, status):
    ev = run(base_case(exposures=[{"agent": agent, "daily_dose": dose, "route": route, "last_date": "2026-12-08"}]))
    assert [f.status for f in ev.washout.findings] == [status]
    assert [f.rule for f in ev.washout.findings] == ["glucocorticoid"]


def test_dexamethasone_equivalent_is_exact():
    ev = run(base_case(exposures=[{"agent": "dexamethasone", "daily_dose": "10 mg", "route": "oral",
                                   "last_date": "2026-12-08"}]))
    # Carried exact (10 × 5 / 0.75); shown to two decimals, since 66.67 is far from the limit.
    f = ev.washout.findings[0]
    assert f.prednisone_equivalent_mg_per_day * 3 == Decimal("200.0000000000000000000000000")
    from infusecalc.text import Words

    assert "66.67 mg" in Words("en").finding_reason(f)


def test_exposure_on_or_after_the_reference_is_flagged_not_invalid():
    ev = run(base_case(exposures=[{"agent": "imatinib", "last_date": "2026-12-10"},
                                  {"agent": "vaccine", "last_date": "2026-11-25"}]))
    assert all(f.status == "fail" and f.flags == ["EXPOSURE_ON_OR_AFTER_REFERENCE"] for f in ev.washout.findings)
    assert not ev.cleared


def test_unknown_agent_needs_a_class_and_is_marked_by_hand():
    with pytest.raises(InputError) as exc:
        run(base_case(exposures=[{"agent": "zorbitinib", "last_date": "2026-12-01"}]))
    assert exc.value.problems[0].code == "AGENT_UNKNOWN"
    assert exc.value.problems[0].field == "exposures.0.agent"
    ev = run(base_case(exposures=[{"agent": "zorbitinib", "class": "tyrosine_kinase_inhibitor",
                                   "last_date": "2026-12-01"}]))
    f = ev.washout.findings[0]
    assert f.classified_by_hand and f.rule == "hydroxyurea_tki" and f.status == "pass"


def test_a_class_that_does_not_exist_is_refused():
    with pytest.raises(InputError) as exc:
        run(base_case(exposures=[{"agent": "zorbitinib", "class": "kinase", "last_date": "2026-12-01"}]))
    assert exc.value.problems[0].code == "CLASS_UNKNOWN"


@pytest.mark.parametrize("exposure, code", [
    ({"agent": "prednisone", "last_date": "2026-12-01", "route": "oral"}, "DAILY_DOSE_REQUIRED"),
    ({"agent": "prednisone", "last_date": "2026-12-01", "daily_dose": "20 mg"}, "ROUTE_REQUIRED"),
    ({"agent": "prednisone", "last_date": "2026-12-01", "daily_dose": "20", "route": "oral"}, "UNIT_MISSING"),
    ({"agent": "prednisone", "last_date": "2026-12-01", "daily_dose": "20 mg", "route": "by ear"}, "ROUTE_UNKNOWN"),
    ({"agent": "radiotherapy", "last_date": "2026-12-01"}, "SITE_REQUIRED"),
    ({"agent": "radiotherapy", "last_date": "2026-12-01", "site": "liver"}, "SITE_UNKNOWN"),
])
def test_missing_exposure_details_are_input_errors(exposure, code):
    with pytest.raises(InputError) as exc:
        run(base_case(exposures=[exposure]))
    assert code in [p.code for p in exc.value.problems]


def test_consent_rules_need_a_consent_date():
    with pytest.raises(InputError) as exc:
        run(base_case(consent_date=None, exposures=[{"agent": "vaccine", "last_date": "2026-10-01"}]))
    assert exc.value.problems[0].code == "CONSENT_DATE_REQUIRED"


@pytest.mark.parametrize("name", ["柔红霉素", "DAUNORUBICIN", "Cerubidine", "daunomycin"])
def test_names_synonyms_brands_and_chinese_map_to_the_same_agent(name):
    ev = run(base_case(exposures=[{"agent": name, "last_date": "2026-12-05"}]))
    f = ev.washout.findings[0]
    assert (f.agent, f.agent_name, f.display_name, f.status) == (name, "daunorubicin", "DAUNOrubicin", "fail")


@pytest.mark.parametrize("typed, rule", [
    ("monoclonal antibody", "antibody"), ("TKI", "hydroxyurea_tki"), ("anthracycline", "chemotherapy"),
    ("Chemotherapy", "chemotherapy"), ("ADC", "antibody"), ("t_cell_lytic", "t_cell_lytic"),
])
def test_hand_classes_accept_the_protocol_ids_and_common_words(typed, rule):
    ev = run(base_case(exposures=[{"agent": "newdrug-17", "class": typed, "last_date": "2026-12-09"}]))
    assert [(f.rule, f.classified_by_hand) for f in ev.washout.findings] == [(rule, True)]


@pytest.mark.parametrize("typed, window", [("Brain", 56), ("TBI", 56), ("chest", 14), ("LUNG", 14), ("Other", 7)])
def test_radiotherapy_site_words(typed, window):
    ev = run(base_case(exposures=[{"agent": "radiotherapy", "site": typed, "last_date": "2026-12-01"}]))
    assert [f.window_days for f in ev.washout.findings] == [window]
