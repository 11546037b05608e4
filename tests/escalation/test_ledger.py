"""The dose-escalation ledger: outcomes of verified sheets, decisions, status, all signed and chained.

Driven through the service (signing as the CLI and the window do); the CLI's own contract is in
test_cli_ledger.py. tests/records_pg runs this module unchanged on PostgreSQL.
"""

from __future__ import annotations

import json

import pytest

from infusecalc.core.escalation import Decision
from infusecalc.records.escalation import (LedgerRefused, LevelClosed, ledger,
                                           record_decision, record_outcome)
from infusecalc.records.users import Credentials, SignatureError

from .conftest import ADMIN, NURSE, PHARMACIST
from .helpers import adult, issue, issue_and_verify

PH, AD = Credentials(*PHARMACIST), Credentials(*ADMIN)


def state(store, group="A", level="DL1"):
    s = ledger(store).level(group, level)
    assert s is not None
    return s


def test_at_the_start_only_group_a_dl1_is_open(people):
    book = ledger(people)
    assert [(s.group, s.level, s.open) for s in book.levels] == [
        ("A", "DL1", True), ("A", "DL2", False), ("A", "DL3", False), ("A", "DL-1", False),
        ("B", "DL1", False), ("B", "DL2", False)]
    assert all(s.n == 0 and s.y == 0 and s.decision is None for s in book.levels)
    assert book.as_json()["levels"][0] == {"group": "A", "level": "DL1", "n": 0, "y": 0,
                                           "decision": None, "open": True}


def test_three_patients_outcomes_then_a_decision_opens_the_next_level(people):
    sheets = [issue_and_verify(people, adult(f"0101-00{i}")) for i in (1, 2, 3)]
    for sheet, dlt in zip(sheets, (False, False, False), strict=True):
        record_outcome(people, sheet, dlt, PH)
    s = state(people)
    assert (s.n, s.y, s.decision) == (3, 0, Decision.E)
    seq = record_decision(people, "A", "DL2", True, "SRC minutes 2026-12-01 item 3", AD)
    assert state(people, "A", "DL2").open
    ev = people.event(seq)
    data = json.loads(ev.payload)
    assert ev.kind == "escalation_decision" and ev.user_id == ADMIN[0]
    assert data["action"] == "open" and data["level"] == "DL2" and data["reference"] == "SRC minutes 2026-12-01 item 3"
    assert data["signature"]["meaning"] == "escalation_decision" and data["signature"]["user_id"] == ADMIN[0]
    assert "pT = 0.3" in data["parameters"] and "to be confirmed by the sponsor" in data["parameters"]
    (d,) = ledger(people).decisions
    assert (d.group, d.level, d.action, d.full_name) == ("A", "DL2", "open", "Site Admin")
    # Every outcome and the decision are in the one chain, which still verifies.
    kinds = [e.kind for e in people.iter_events()]
    assert kinds.count("dlt_outcome") == 3 and kinds.count("escalation_decision") == 1
    assert people.verify().ok
    # The next level now issues.
    issue_and_verify(people, adult("0101-004", "DL2"))


def test_the_table_counts_dlts_per_level(people):
    sheets = [issue_and_verify(people, adult(f"0101-01{i}")) for i in range(3)]
    for sheet, dlt in zip(sheets, (True, False, True), strict=True):
        record_outcome(people, sheet, dlt, PH)
    s = state(people)
    assert (s.n, s.y, s.decision) == (3, 2, Decision.D)
    assert state(people, "A", "DL2").n == 0


def test_dl_minus_1_is_refused_until_the_table_at_dl1_says_d_or_du(people):
    with pytest.raises(LedgerRefused, match="has no outcomes yet"):
        record_decision(people, "A", "DL-1", True, "SRC 1", AD)
    sheets = [issue_and_verify(people, adult(f"0101-02{i}")) for i in range(3)]
    record_outcome(people, sheets[0], True, PH)
    record_outcome(people, sheets[1], False, PH)
    with pytest.raises(LedgerRefused, match=r"says S \(n = 2, y = 1\)"):
        record_decision(people, "A", "DL-1", True, "SRC 2", AD)
    with pytest.raises(LevelClosed, match="DL-1 of group A is not open"):
        issue(people, adult("0101-029", "DL-1"))
    record_outcome(people, sheets[2], True, PH)           # 2 of 3: D
    seq = record_decision(people, "A", "DL-1", True, "SRC 3: de-escalate", AD)
    table = json.loads(people.event(seq).payload)["table"]
    assert table["DL1"] == {"group": "A", "level": "DL1", "n": 3, "y": 2, "decision": "D", "open": True}
    issue_and_verify(people, adult("0101-030", "DL-1"))


def test_issuing_at_a_closed_level_is_refused_naming_the_level_and_the_way_to_open_it(people):
    before = people.head()
    with pytest.raises(LevelClosed) as info:
        issue(people, adult("0101-040", "DL2"))
    msg = str(info.value)
    assert "DL2 of group A is not open" in msg
    assert "infusecalc escalation decide --group A --level DL2 --open" in msg
    assert people.head() == before   # nothing was recorded
    record_decision(people, "A", "DL1", False, "SRC 4: pause DL1", AD)
    with pytest.raises(LevelClosed, match="DL1 of group A"):
        issue(people, adult("0101-041"))


def test_a_second_outcome_is_refused_and_a_correction_is_its_own_signed_event(people):
    sheet = issue_and_verify(people, adult("0101-050"))
    first = record_outcome(people, sheet, False, PH)
    with pytest.raises(LedgerRefused, match="already has a DLT outcome"):
        record_outcome(people, sheet, True, PH)
    with pytest.raises(LedgerRefused, match="reason"):
        record_outcome(people, sheet, True, PH, correct=True)
    with pytest.raises(LedgerRefused, match="nothing to correct"):
        record_outcome(people, sheet, False, PH, correct=True, reason="double check")
    fix = record_outcome(people, sheet, True, PH, correct=True, reason="grade 4 CRS reported late")
    ev = people.event(fix)
    data = json.loads(ev.payload)
    assert ev.kind == "dlt_outcome_corrected"
    assert data["corrects_event"] == first and data["previous_dlt"] is False and data["dlt"] is True
    assert data["reason"] == "grade 4 CRS reported late"
    assert data["signature"]["meaning"] == "dlt_outcome_corrected"
    s = state(people)
    assert (s.n, s.y) == (1, 1)
    assert json.loads(people.event(first).payload)["dlt"] is False  # the original stays as it was


def test_only_verified_sheets_count(people):
    sheet = issue(people, adult("0101-060"))
    with pytest.raises(LedgerRefused, match="no bedside verification"):
        record_outcome(people, sheet, True, PH)
    from infusecalc.records.sheetid import new_sheet_id

    unknown = new_sheet_id()
    with pytest.raises(LedgerRefused, match=f"{unknown} is not in"):
        record_outcome(people, unknown, True, PH)
    with pytest.raises(LedgerRefused, match="is not a sheet ID"):
        record_outcome(people, "IC-0000-0000", True, PH)
    assert state(people).n == 0


def test_a_patient_counts_once(people):
    first = issue_and_verify(people, adult("0101-070"))
    second = issue_and_verify(people, adult("0101-070"))
    record_outcome(people, first, False, PH)
    with pytest.raises(LedgerRefused, match="counts once"):
        record_outcome(people, second, False, PH)


def test_who_may_sign(people):
    sheet = issue_and_verify(people, adult("0101-080"))
    with pytest.raises(SignatureError):
        record_outcome(people, sheet, True, Credentials(*NURSE))
    with pytest.raises(SignatureError):
        record_decision(people, "A", "DL2", True, "SRC 5", PH)
    with pytest.raises(SignatureError):
        record_outcome(people, sheet, True, Credentials(PHARMACIST[0], "wrong-password"))
    assert [e.kind for e in people.iter_events()].count("signature_failed") == 3
    assert state(people).n == 0 and not state(people, "A", "DL2").open


def test_decisions_that_change_nothing_are_refused(people):
    with pytest.raises(LedgerRefused, match="open already"):
        record_decision(people, "A", "DL1", True, "SRC 6", AD)
    with pytest.raises(LedgerRefused, match="nothing to close"):
        record_decision(people, "B", "DL1", False, "SRC 7", AD)
    with pytest.raises(LedgerRefused, match="not a level of group B"):
        record_decision(people, "B", "DL3", True, "SRC 8", AD)
    with pytest.raises(LedgerRefused, match="group 'C'"):
        record_decision(people, "C", "DL1", True, "SRC 9", AD)
    with pytest.raises(LedgerRefused, match="reference"):
        record_decision(people, "A", "DL2", True, "  ", AD)
