"""Fuzzing `infusecalc verify` end to end with the nurse's own case file (issue 14, item 7).

A sheet is issued once from the example; generated nurse files are then checked against it
in-process. The contract: exit 0 (verified) or 1 (mismatch, recorded) only when the nurse's
entry was read, 2 when it is refused, never 3 and never a traceback; a refused entry records
nothing.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings

from infusecalc.core.casefile import decode, loads
from infusecalc.core.errors import InputError
from infusecalc.records.service import NurseEntry

from hypothesis import strategies as st

from ..cli_station import CliStation
from .fuzz_strategies import FAST, PLAUSIBLE, case_bytes, valid_case
from .test_fuzz_casefile import event

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "issue-example.json"
_names = itertools.count()


class Station(CliStation):
    """The shared station (tests/cli_station.py) with one issued sheet (re-issued once checked)."""

    def __init__(self, data_dir: Path, work: Path) -> None:
        super().__init__(data_dir, work)
        self.issue()

    def issue(self) -> None:
        code, out, err = self.run("issue", str(EXAMPLE), "--user", "wang", "--password-stdin", "--json",
                                  stdin="pharm-pass-1\n")
        assert code == 0, err
        self.sheet_id = json.loads(out)["sheet_id"]

    def events(self) -> int:
        from infusecalc.records.store import open_store

        store = open_store(self.data_dir)
        try:
            return sum(1 for _ in store.iter_events())
        finally:
            store.close()


@pytest.fixture(scope="module")
def station(tmp_path_factory) -> Any:
    from infusecalc.records import passwords

    with pytest.MonkeyPatch.context() as mp:   # a cheap KDF, as tests/records/conftest.py does
        mp.setattr(passwords, "_params", passwords.KdfParams(n=2**4, r=1, p=1))
        yield Station(tmp_path_factory.mktemp("fuzz-verify") / "data", tmp_path_factory.mktemp("fuzz-nurse"))


@st.composite
def nurse_bytes(draw: st.DrawFn) -> bytes:
    """The issued example with the compared fields retyped plausibly (to reach verified and
    mismatch), or a generated case file of any kind (to reach the refusals)."""
    if draw(st.booleans()):
        return draw(case_bytes())
    data = valid_case()
    for field in draw(st.lists(st.sampled_from(["weight", "concentration", "container_volume", "dose_level"]),
                               max_size=2, unique=True)):
        (data["product"] if field in ("concentration", "container_volume") else data)[field] = draw(PLAUSIBLE[field])
    data["product"].update(draw(st.fixed_dictionaries({}, optional={
        "lot": st.sampled_from(["L2026-11", "", " ", "L\u202e1"]),
        "bag_ids": st.lists(st.sampled_from(["B-01", "b-01", "B-02", "", "B 1"]), max_size=3)})))
    return json.dumps(data).encode()


def readable(raw: bytes) -> bool:
    try:
        NurseEntry.from_case_data(loads(decode(raw)))
    except InputError:
        return False
    return True


@settings(FAST, max_examples=int(FAST.max_examples / 4))
@given(nurse_bytes())
def test_verify_exits_by_the_contract_whatever_the_nurse_file_holds(station, raw):
    path = station.work / f"{next(_names)}.json"
    path.write_bytes(raw)
    before = station.events()
    code, out, err = station.run("verify", station.sheet_id, str(path), "--user", "li", "--password-stdin",
                                 "--json", stdin="nurse-pass-1\n")
    assert code in (0, 1, 2), f"exit {code}: {err[-2000:]}"
    assert "Traceback" not in err and "internal error" not in err, err[-2000:]
    event(f"exit {code}")
    if not readable(raw):
        assert code == 2 and out == "" and err.strip()
        assert station.events() == before, "a refused entry records nothing"
        return
    if code == 2:   # read, then refused by the core (an implausible weight, say): nothing recorded
        assert out == "" and err.strip() and station.events() == before
        return
    result = json.loads(out)
    assert result["verified"] is (code == 0) and station.events() == before + 1
    if code == 0:
        assert result["dose_cells"] > 0
    else:
        assert result["differences"] and result["dose_cells"] is None
    station.issue()   # a sheet is checked once (verified, or blocked by a mismatch): a fresh one
