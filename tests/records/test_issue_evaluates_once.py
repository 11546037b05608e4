"""An issue computes the case once: the evaluation that decided the case may be issued is the one
signed and stored (records/service.py: ``issuable`` then ``issue_sheet(..., evaluation=...)``).

The core's ``evaluate`` is counted where the records and the command line reach it; the issued
sheet is compared with the evaluation that was counted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from infusecalc.core.case import parse_case
from infusecalc.core.protocol import load_protocol
from infusecalc.records import service
from infusecalc.records.service import (EvaluationMismatch, IssuedSheet, NotCleared, issuable,
                                        issue_sheet)
from infusecalc.records.users import Credentials
from infusecalc.records.values import CheckedValues

from .conftest import PHARMACIST, open_example_level
from .test_cli_records import cli, site  # noqa: F401 - fixtures

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "issue-example.json"
AMENDMENT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "ct1190b-amendment-1.toml"


@pytest.fixture
def evaluations(monkeypatch):
    """Every evaluation computed from here on, in order: the core's own function, wrapped where
    the records bind it and in its module (where the command line's imports find it)."""
    import infusecalc.core.evaluate as core_evaluate

    made = []
    real = core_evaluate.evaluate

    def counted(*args, **kwargs):
        ev = real(*args, **kwargs)
        made.append(ev)
        return ev

    monkeypatch.setattr(core_evaluate, "evaluate", counted)
    monkeypatch.setattr(service, "evaluate", counted)
    return made


@pytest.fixture
def case(people):
    open_example_level(people)   # the example's level (Group B DL2) opens only by a decision
    return parse_case(json.loads(EXAMPLE.read_text()))


def _issued_as_evaluated(store, sheet: IssuedSheet, ev) -> None:
    """The sheet, its QR and its stored issue event carry exactly the evaluation ``ev``."""
    values = CheckedValues.from_evaluation(ev)
    assert sheet.values == values and sheet.protocol_sha256 == ev.source.protocol_sha256
    assert IssuedSheet.from_payload(sheet.payload).values == values
    (event,) = [e for e in store.events_of_kind("sheet_issued")
                if json.loads(e.payload)["sheet_id"] == sheet.sheet_id]
    payload = json.loads(event.payload)
    assert payload["evaluation"] == ev.model_dump(mode="json")
    assert payload["values"] == values.as_dict() and payload["case_sha256"] == ev.case_sha256


def test_an_evaluation_passed_in_is_signed_without_computing_the_case_again(people, case, evaluations):
    ev = issuable(case)
    assert evaluations == [ev]
    out = issue_sheet(people, case, Credentials(*PHARMACIST), evaluation=ev)
    assert evaluations == [ev] and out.evaluation is ev
    _issued_as_evaluated(people, out.sheet, ev)


def test_without_an_evaluation_the_case_is_computed_once(people, case, evaluations):
    out = issue_sheet(people, case, Credentials(*PHARMACIST))
    assert len(evaluations) == 1 and out.evaluation is evaluations[0]
    _issued_as_evaluated(people, out.sheet, evaluations[0])


def _nothing_recorded(store, head) -> None:
    assert store.head() == head and store.events_of_kind("sheet_issued") == []


def test_an_evaluation_of_another_case_is_refused_before_the_signature(people, case):
    heavier = case.model_copy(update={"weight": "44 kg"})
    other = issuable(heavier)
    assert other.dose.cells != issuable(case).dose.cells
    head = people.head()
    with pytest.raises(EvaluationMismatch, match="not of this case"):
        issue_sheet(people, case, Credentials(*PHARMACIST), evaluation=other)
    _nothing_recorded(people, head)     # not even a failed signature: nobody was asked


def test_an_evaluation_under_another_protocol_is_refused(people, case):
    amended = issuable(case, load_protocol(AMENDMENT))
    head = people.head()
    with pytest.raises(EvaluationMismatch, match="protocol"):
        issue_sheet(people, case, Credentials(*PHARMACIST), evaluation=amended)
    with pytest.raises(EvaluationMismatch):   # and the other way round
        issue_sheet(people, case, Credentials(*PHARMACIST), load_protocol(AMENDMENT),
                    evaluation=issuable(case))
    _nothing_recorded(people, head)


def test_a_not_cleared_evaluation_passed_in_is_refused_and_carried(people, case, evaluations):
    data = json.loads(EXAMPLE.read_text())
    data["exposures"][0]["last_date"] = "2026-12-08"     # daunorubicin 2 days before infusion
    bad = parse_case(data)
    with pytest.raises(NotCleared) as first:
        issuable(bad)
    (ev,) = evaluations
    assert first.value.evaluation is ev and not ev.cleared
    head = people.head()
    with pytest.raises(NotCleared) as refused:
        issue_sheet(people, bad, Credentials(*PHARMACIST), evaluation=ev)
    assert refused.value.evaluation is ev and refused.value.reasons == first.value.reasons
    assert evaluations == [ev]
    _nothing_recorded(people, head)


# -- the command line: `infusecalc issue` ------------------------------------------------------

def test_the_issue_command_computes_the_case_once_and_signs_that_evaluation(cli, site, evaluations):  # noqa: F811
    code, out, err = cli("issue", str(site), "--user", "wang", "--password-stdin", "--json",
                         stdin="pharm-pass-1\n")
    assert code == 0, err
    (ev,) = evaluations
    assert ev.cleared
    from infusecalc.records.store import open_store

    with open_store(cli.data_dir) as store:
        sheet = IssuedSheet.from_payload(json.loads(out)["qr_payload"])
        _issued_as_evaluated(store, sheet, ev)


def test_a_refused_issue_says_why_in_chinese_from_the_same_evaluation(cli, site, tmp_path, evaluations):  # noqa: F811
    data = json.loads(site.read_text())
    data["exposures"][0]["last_date"] = "2026-12-08"     # daunorubicin 2 days before infusion
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    code, out, err = cli("--lang", "zh_CN", "issue", str(bad), "--user", "wang", "--password-stdin",
                         stdin="pharm-pass-1\n")
    assert code == 1 and out == "" and err.startswith("未签发")
    (ev,) = evaluations
    assert not ev.cleared
    from infusecalc.text import Words

    assert all(f"  - {reason}" in err for reason in Words("zh_CN").not_cleared(ev))


def test_a_case_not_ready_to_issue_is_computed_once_and_refused_with_exit_2(cli, site, tmp_path, evaluations):  # noqa: F811
    data = json.loads(site.read_text())
    del data["product"]["lot"]
    bare = tmp_path / "bare.json"
    bare.write_text(json.dumps(data), encoding="utf-8")
    code, out, err = cli("issue", str(bare), "--user", "wang", "--password-stdin", stdin="")
    assert code == 2 and "lot" in err.lower() and out == ""
    assert len(evaluations) == 1
