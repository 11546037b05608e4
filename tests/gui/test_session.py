"""The case session without any widget: acknowledgements, visited fields, readiness, saved
state (issue 15, item 8). No Qt is needed, and none is imported."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from infusecalc.core.formulary import default_formulary
from infusecalc.core.protocol import default_protocol
from infusecalc.gui.session import CaseSession, Readiness

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "issue-example.json"


@pytest.fixture(scope="module")
def sources():
    return default_protocol(), default_formulary()


@pytest.fixture
def session(sources) -> CaseSession:
    s = CaseSession()
    s.set_sources(*sources)
    return s


def _example(**changes) -> dict:
    data = json.loads(EXAMPLE.read_text())
    data["product"].update(lot="L1", bag_ids=["B-001", "B-002"])
    data.update(changes)
    return data


def test_importing_the_session_imports_no_qt():
    code = "import sys, infusecalc.gui.session; print(any(m.startswith('PySide6') for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_before_the_core_is_loaded_nothing_is_evaluated():
    s = CaseSession()
    assert s.evaluate(_example()) is None and s.readiness() is Readiness.NO_RESULT


def test_the_three_states_never_two(session):
    session.evaluate(_example())
    assert session.evaluation.cleared and session.readiness() is Readiness.READY
    data = _example()
    del data["product"]["lot"]
    session.evaluate(data)
    assert session.readiness() is Readiness.CLEARED_NOT_READY and session.missing_for_issue() == ["lot"]
    data = _example()
    del data["product"]
    session.evaluate(data)
    assert session.missing_for_issue() == ["label_values", "lot", "bag_ids"]
    data = _example()
    data["exposures"][0]["last_date"] = "2026-12-09"     # daunorubicin the day before
    session.evaluate(data)
    assert session.readiness() is Readiness.NOT_CLEARED
    session.evaluate({"subject_id": "x"})
    assert session.readiness() is Readiness.NO_RESULT and session.problems


def test_a_level_the_ledger_has_closed_holds_a_cleared_case_back(session):
    """What the records last read of the escalation ledger (the window puts it in): a closed
    level is one more thing the issue needs, after the label's."""
    closed = {("B", "DL2")}
    session.level_closed = lambda group, level: (group, level) in closed
    session.evaluate(_example())
    assert session.evaluation.cleared and session.readiness() is Readiness.CLEARED_NOT_READY
    assert session.missing_for_issue() == ["level_open"]
    data = _example()
    del data["product"]["bag_ids"]
    session.evaluate(data)
    assert session.missing_for_issue() == ["bag_ids", "level_open"]
    closed.clear()                                       # opened by a recorded decision
    assert session.missing_for_issue() == ["bag_ids"]


def test_an_acknowledgement_lapses_when_its_warning_reads_differently(session):
    session.evaluate(_example(weight="20 kg"))
    code = session.evaluation.unacknowledged[0].code
    session.acknowledge(code, True)
    session.evaluate(_example(weight="20 kg"))
    assert session.acked == [code] and session.evaluation.unacknowledged == []
    session.evaluate(_example(weight="21 kg"))              # another weight, another warning
    assert session.acked == [] and [w.code for w in session.evaluation.unacknowledged] == [code]
    assert session.outcome.data["acknowledged_warnings"] == []


def test_a_missing_field_is_flagged_only_once_visited_or_asked(session):
    session.evaluate({"subject_id": "x"})
    missing = [p for p in session.problems if p.code == "FIELD_MISSING"]
    weight = next(p for p in missing if p.field == "weight")
    assert not session.visible(weight)
    session.touch("weight")
    assert session.visible(weight)
    other = next(p for p in missing if p.field != "weight")
    assert not session.visible(other)
    session.ask_everything()
    assert session.visible(other)


def test_reset_keeps_nothing_of_the_last_case(session):
    session.evaluate(_example(weight="20 kg"))
    session.acknowledge(session.evaluation.unacknowledged[0].code, True)
    session.touch("weight")
    session.ask_everything()
    session.mark_saved({"a": 1}, "/tmp/case.json")
    session.reset()
    assert (session.acked, session.acked_text, session.touched, session.show_all_problems,
            session.path, session.outcome) == ([], {}, set(), False, None, None)


def test_modified_compares_with_what_was_saved_including_acknowledgements(session):
    data = _example(weight="20 kg")
    session.mark_saved(data)
    assert not session.is_modified(data)
    session.evaluate(data)
    session.acknowledge(session.evaluation.unacknowledged[0].code, True)
    assert session.is_modified(data)
    assert session.is_modified(_example(weight="21 kg"))
