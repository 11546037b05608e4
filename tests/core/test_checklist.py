"""The registry's other eligibility criteria as a checklist attested in the case."""

from __future__ import annotations

import json
import re

import pytest

from infusecalc.core.case import parse_case
from infusecalc.core.errors import InputError
from infusecalc.core.evaluate import evaluate
from infusecalc.core.protocol import default_protocol, load_protocol
from infusecalc.text import Words, catalogue
from infusecalc.text import eligibility as et

from .helpers import base_case, run
from .test_cli_check import check
from .test_protocol_data import SHARED, amended

ITEMS = [i.id for i in default_protocol().protocol.eligibility_values.checklist]
WHO = {"attested_by": "Dr Li (investigator)", "attested_on": "2026-12-08"}


def attested(answers: dict, **changes) -> dict:
    return base_case(attestations=answers, **{**WHO, **changes})


def test_every_item_quotes_the_registry_and_has_words_in_both_languages():
    if SHARED.exists():
        registry = re.sub(r"\s+", " ", SHARED.read_text(encoding="utf-8"))
        for item in default_protocol().protocol.eligibility_values.checklist:
            assert item.quote.strip().rstrip(".;") in registry, item.id
    for lang in ("en", "zh_CN"):
        assert set(ITEMS) == catalogue(lang).checklist.keys(), lang


def test_the_checklist_covers_the_registry_criteria_the_program_does_not_compute():
    expected = {"RELAPSED_REFRACTORY_B_ALL", "CD19_CD20_POSITIVE", "BLASTS_AT_LEAST_5_PERCENT",
                "SURVIVAL_OVER_12_WEEKS", "NO_UNCONTROLLED_INFECTION", "NO_ACTIVE_AUTOIMMUNE_DISEASE",
                "NO_CNS_DISEASE", "NO_HEART_FAILURE_NYHA_III_IV", "NOT_PREGNANT_OR_LACTATING",
                "NO_SECOND_MALIGNANCY", "NO_ORGAN_TRANSPLANT", "NO_SERIOUS_ALLERGY", "CONTRACEPTION"}
    assert expected <= set(ITEMS)


def test_all_met_clears_and_lists_every_answer():
    ev = run(attested({i: "met" for i in ITEMS}))
    c = ev.eligibility.checklist
    assert ev.cleared and c.cleared and c.unanswered == 0 and c.not_met == 0
    assert [i.id for i in c.items] == ITEMS and all(i.answer == "met" for i in c.items)
    assert c.attested_by == "Dr Li (investigator)" and str(c.attested_on) == "2026-12-08"


def test_not_met_is_not_cleared():
    ev = run(attested({"CD19_CD20_POSITIVE": "not_met", "NOT_PREGNANT_OR_LACTATING": "not_applicable"}))
    assert not ev.cleared
    assert [r.code for r in ev.not_cleared] == ["ATTESTATION_NOT_MET"]
    assert Words("en").not_cleared(ev) == ["Eligibility checklist: CD19 and/or CD20 positive: NOT MET"]
    assert Words("zh_CN").not_cleared(ev)[0].startswith("入组核对清单：CD19 和/或 CD20 阳性")


def test_unanswered_items_do_not_block_by_default_but_are_counted(tmp_path):
    ev = run(attested({"CD19_CD20_POSITIVE": "met"}))
    c = ev.eligibility.checklist
    assert ev.cleared and c.unanswered == len(ITEMS) - 1
    assert f"{len(ITEMS) - 1} of {len(ITEMS)} not answered" in et.checklist_line(Words("en"), ev)
    strict = load_protocol(amended(tmp_path, "unanswered_attestations_block = false",
                                   "unanswered_attestations_block = true"))
    ev = evaluate(parse_case(attested({"CD19_CD20_POSITIVE": "met"})), strict)
    assert not ev.cleared and [r.code for r in ev.not_cleared] == ["ATTESTATIONS_UNANSWERED"]


def test_no_answers_at_all_is_counted_as_unanswered():
    ev = run(base_case())
    assert ev.cleared and ev.eligibility.checklist.unanswered == len(ITEMS)
    assert ev.eligibility.checklist.attested_by is None
    assert f"Eligibility checklist: not entered ({len(ITEMS)} items not answered)" in Words("en").eligibility_line(ev)


@pytest.mark.parametrize("data,code,field", [
    (attested({"NOT_AN_ITEM": "met"}), "ATTESTATION_UNKNOWN_ITEM", "attestations.NOT_AN_ITEM"),
    (attested({"CD19_CD20_POSITIVE": "yes"}), "FIELD_INVALID", "attestations.CD19_CD20_POSITIVE"),
    (base_case(attestations={"CD19_CD20_POSITIVE": "met"}), "ATTESTED_BY_REQUIRED", "attested_by"),
    (base_case(attestations={"CD19_CD20_POSITIVE": "met"}, attested_by="Dr Li"), "ATTESTED_ON_REQUIRED",
     "attested_on"),
    (attested({"CD19_CD20_POSITIVE": "met"}, attested_on="2026-12-11"), "ATTESTED_ON_AFTER_INFUSION",
     "attested_on"),
])
def test_bad_attestations_are_refused_naming_the_field(data, code, field):
    with pytest.raises(InputError) as exc:
        run(data)
    assert (code, field) in [(p.code, p.field) for p in exc.value.problems]


def test_item_ids_are_matched_without_regard_to_case():
    ev = run(attested({"cd19_cd20_positive": "met"}))
    assert next(i for i in ev.eligibility.checklist.items if i.id == "CD19_CD20_POSITIVE").answer == "met"


def test_check_json_lists_each_answer(tmp_path):
    r = check(tmp_path, attested({"NO_CNS_DISEASE": "not_met"}), "--json")
    assert r.returncode == 1, r.stderr
    c = json.loads(r.stdout)["eligibility"]["checklist"]
    answers = {i["id"]: i["answer"] for i in c["items"]}
    assert answers["NO_CNS_DISEASE"] == "not_met" and answers["CD19_CD20_POSITIVE"] == "unanswered"
    assert c["not_met"] == 1 and c["attested_by"] == "Dr Li (investigator)"
