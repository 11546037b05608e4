"""`infusecalc escalation outcome | decide | status` and the refusal to issue at a closed level."""

from __future__ import annotations

import json

import pytest

from infusecalc.records.store import open_store

from ..records.test_cli_records import Cli
from .helpers import adult


@pytest.fixture
def cli(data_dir, capsys, monkeypatch):
    return Cli(data_dir, capsys, monkeypatch)


@pytest.fixture
def site(cli):
    assert cli("users", "add", "admin", "--role", "admin", "--password-stdin", stdin="admin-pass-1\n")[0] == 0
    assert cli("users", "add", "wang", "--role", "pharmacist", "--by", "admin", "--password-stdin",
               stdin="temporary-pass-w\nadmin-pass-1\n")[0] == 0
    assert cli("users", "add", "li", "--role", "nurse", "--by", "admin", "--password-stdin",
               stdin="temporary-pass-l\nadmin-pass-1\n")[0] == 0
    assert cli("users", "passwd", "wang", "--password-stdin", stdin="temporary-pass-w\npharm-pass-1\n")[0] == 0
    assert cli("users", "passwd", "li", "--password-stdin", stdin="temporary-pass-l\nnurse-pass-1\n")[0] == 0
    return cli


def _case(tmp_path, subject, level="DL1"):
    path = tmp_path / f"{subject}-{level}.json"
    path.write_text(json.dumps(adult(subject, level)), encoding="utf-8")
    return path


def issue_verify(cli, tmp_path, subject, level="DL1") -> str:
    path = _case(tmp_path, subject, level)
    code, out, err = cli("issue", str(path), "--user", "wang", "--password-stdin", stdin="pharm-pass-1\n")
    assert code == 0, err
    sheet = out.strip()
    code, _, err = cli("verify", sheet, str(path), "--user", "li", "--password-stdin", stdin="nurse-pass-1\n")
    assert code == 0, err
    return sheet


def outcome(cli, sheet, dlt, *extra):
    return cli("escalation", "outcome", sheet, "--dlt", dlt, *extra, "--user", "wang", "--password-stdin",
               stdin="pharm-pass-1\n")


def decide(cli, group, level, action="--open", reference="SRC minutes 2026-12-01"):
    return cli("escalation", "decide", "--group", group, "--level", level, action, "--reference", reference,
               "--user", "admin", "--password-stdin", stdin="admin-pass-1\n")


def status(cli) -> dict:
    code, out, err = cli("escalation", "status", "--json")
    assert code == 0, err
    assert "pT = 0.3" in err and "to be confirmed by the sponsor" in err
    return json.loads(out)


def test_status_json_is_the_issue_shape(site):
    data = status(site)
    assert list(data) == ["levels"]
    assert data["levels"] == [
        {"group": "A", "level": "DL1", "n": 0, "y": 0, "decision": None, "open": True},
        {"group": "A", "level": "DL2", "n": 0, "y": 0, "decision": None, "open": False},
        {"group": "A", "level": "DL3", "n": 0, "y": 0, "decision": None, "open": False},
        {"group": "A", "level": "DL-1", "n": 0, "y": 0, "decision": None, "open": False},
        {"group": "B", "level": "DL1", "n": 0, "y": 0, "decision": None, "open": False},
        {"group": "B", "level": "DL2", "n": 0, "y": 0, "decision": None, "open": False}]


def test_three_patients_two_dlts_then_de_escalation_by_the_command_line(site, tmp_path):
    sheets = [issue_verify(site, tmp_path, f"0101-10{i}") for i in range(3)]
    code, out, err = outcome(site, sheets[0], "yes")
    assert code == 0, err
    assert f"DLT outcome yes recorded for sheet {sheets[0]}" in out and "n = 1, y = 1" in out
    assert "pT = 0.3, EI = [0.25, 0.35]" in out
    assert outcome(site, sheets[1], "no")[0] == 0
    # Not yet: 1 of 2 says S.
    code, _, err = decide(site, "A", "DL-1")
    assert code == 2 and "only after the i3+3 table at DL1 says D or DU" in err and "says S" in err
    assert outcome(site, sheets[2], "yes")[0] == 0
    dl1 = status(site)["levels"][0]
    assert dl1 == {"group": "A", "level": "DL1", "n": 3, "y": 2, "decision": "D", "open": True}
    code, out, err = decide(site, "A", "DL-1", reference="SRC 2026-12-02: de-escalate to DL-1")
    assert code == 0, err
    assert out.startswith("opened DL-1 of group A")
    assert [lv["open"] for lv in status(site)["levels"] if lv["level"] == "DL-1"] == [True]
    issue_verify(site, tmp_path, "0101-104", "DL-1")
    code, out, _ = site("escalation", "status")
    assert "A      DL1    3   2   D         open" in out
    assert "open A DL-1 by admin (admin): SRC 2026-12-02: de-escalate to DL-1" in out
    code, out, _ = site("audit", "verify")
    assert code == 0 and "chain verified" in out
    kinds = [e.kind for e in open_store(site.data_dir).iter_events()]
    assert kinds.count("dlt_outcome") == 3 and kinds.count("escalation_decision") == 1


def test_a_second_outcome_is_exit_2_and_a_correction_needs_a_reason(site, tmp_path):
    sheet = issue_verify(site, tmp_path, "0101-110")
    assert outcome(site, sheet, "no")[0] == 0
    code, out, err = outcome(site, sheet, "yes")
    assert code == 2 and out == "" and "already has a DLT outcome" in err and "--correct --reason" in err
    code, _, err = outcome(site, sheet, "yes", "--correct")
    assert code == 2 and "--reason" in err
    code, _, err = outcome(site, sheet, "yes", "--reason", "late report")
    assert code == 2 and "--correct" in err
    code, out, err = outcome(site, sheet, "yes", "--correct", "--reason", "grade 3 ICANS reported on day 12")
    assert code == 0, err
    assert "DLT outcome yes corrected" in out
    assert status(site)["levels"][0]["y"] == 1


def test_issuing_at_a_closed_level_is_exit_2_naming_the_level_and_the_decision_to_record(site, tmp_path):
    path = _case(tmp_path, "0101-120", "DL2")
    # Refused before the password is asked: no password on stdin, and the refusal is the level's.
    code, out, err = site("issue", str(path), "--user", "wang", "--password-stdin", stdin="")
    assert code == 2 and out == ""
    assert "dose level DL2 of group A is not open" in err
    assert "infusecalc escalation decide --group A --level DL2 --open --reference TEXT --user ADMIN" in err
    assert decide(site, "A", "DL2")[0] == 0
    code, out, err = site("issue", str(path), "--user", "wang", "--password-stdin", stdin="pharm-pass-1\n")
    assert code == 0, err


@pytest.mark.parametrize("argv, says", [
    (["decide", "--group", "A", "--level", "DL2", "--reference", "x"], "--open"),
    (["decide", "--group", "A", "--level", "DL2", "--open", "--close", "--reference", "x"], "not allowed"),
    (["outcome", "IC-CLAS-T5PK", "--dlt", "maybe"], "--dlt"),
])
def test_bad_arguments_exit_2(site, argv, says):
    with pytest.raises(SystemExit) as info:
        site("escalation", *argv, "--user", "admin", "--password-stdin", stdin="admin-pass-1\n")
    assert info.value.code == 2
    assert says in site.capsys.readouterr().err


def test_refusals_exit_2(site, tmp_path):
    code, _, err = decide(site, "A", "DL9")
    assert code == 2 and "not a level of group A" in err
    code, _, err = decide(site, "A", "DL2", reference="   ")
    assert code == 2 and "--reference" in err
    code, _, err = decide(site, "A", "DL1")
    assert code == 2 and "open already" in err
    code, _, err = site("escalation", "decide", "--group", "A", "--level", "DL2", "--open", "--reference", "x",
                        "--user", "wang", "--password-stdin", stdin="pharm-pass-1\n")
    assert code == 2 and "admin" in err
    code, _, err = outcome(site, "IC-CLAS-T5PK", "yes")
    assert code == 2 and "IC-CLAS-T5PK is not in" in err
