"""Chinese generic names in the formulary: looked up like English ones, same findings."""

import pytest

from infusecalc.core.formulary import default_formulary

from ..core.helpers import base_case, run

FORMULARY = default_formulary()
AGENTS = FORMULARY.formulary.agents


def test_every_agent_has_a_chinese_generic_name_that_finds_it():
    for a in AGENTS:
        assert a.zh, a.name
        for name in (a.zh, *a.zh_synonyms):
            assert FORMULARY.lookup(name) is a, name


@pytest.mark.parametrize("zh, name", [
    ("柔红霉素", "daunorubicin"), ("长春新碱", "vincristine"), ("地塞米松", "dexamethasone"),
    ("伊马替尼", "imatinib"), ("奥雷巴替尼", "olverembatinib"), ("氟马替尼", "flumatinib"),
    ("贝林妥欧单抗", "blinatumomab"),
])
def test_the_issues_chinese_names(zh, name):
    assert FORMULARY.lookup(zh).name == name


def test_chinese_names_complete():
    names = {n for n, _ in FORMULARY.completions()}
    assert {"柔红霉素", "贝林妥欧单抗", "阿霉素"} <= names


def _exposure(agent, name):
    exp = {"agent": name, "last_date": "2026-12-08"}
    if agent.is_glucocorticoid:
        exp |= {"daily_dose": "100 mg", "route": "oral"}
    if agent.requires == "site":
        exp["site"] = "lung"
    return exp


@pytest.mark.parametrize("agent", AGENTS, ids=lambda a: a.name)
def test_chinese_name_computes_the_same_finding_as_the_english_name(agent):
    english = run(base_case(exposures=[_exposure(agent, agent.name)]))
    chinese = run(base_case(exposures=[_exposure(agent, agent.zh)]))
    assert english.washout.findings, agent.name
    # The name as written is kept (top level and in each glucocorticoid day's entries).
    written = {"agent": True, "day_totals": {"__all__": {"entries": {"__all__": {"agent"}}}}}
    same = [f.model_dump(exclude=written) for f in english.washout.findings]
    assert [f.model_dump(exclude=written) for f in chinese.washout.findings] == same
    assert [f.agent for f in chinese.washout.findings] == [agent.zh] * len(same)
    assert english.cleared == chinese.cleared and english.not_cleared == chinese.not_cleared
