"""Issuing and verifying carry the eligibility values; the nurse is never asked for them."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from infusecalc.core.case import parse_case
from infusecalc.records.service import NurseEntry, issue_sheet, verify_sheet
from infusecalc.records.users import Credentials

from .conftest import NURSE, PHARMACIST, open_example_level

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "issue-example.json"
LABS = {"creatinine": {"value": "0.8 mg/dL", "date": "2026-12-08"},
        "alt": {"value": "30 U/L", "date": "2026-12-08", "uln": "40 U/L"},
        "lvef": {"value": "62 %", "date": "2026-12-05"}}


def test_verification_keeps_the_issued_values_and_asks_only_the_compared_fields(people):
    assert not {f.name for f in dataclasses.fields(NurseEntry)} & {"labs", "sex", "attestations"}
    data = json.loads(EXAMPLE.read_text())
    data.update(sex="female", labs=LABS)
    case = parse_case(data)
    open_example_level(people)
    issued = issue_sheet(people, case, Credentials(*PHARMACIST))
    assert issued.sheet.case.labs == case.labs
    entry = NurseEntry(subject_id=case.subject_id, weight=case.weight, group=case.group,
                       dose_level=case.dose_level, concentration=case.product.concentration,
                       container_volume=case.product.container_volume, lot=case.product.lot,
                       bag_ids=tuple(case.product.bag_ids))
    out = verify_sheet(people, issued.sheet, entry, Credentials(*NURSE))
    assert out.verified, out.differences
    e = out.evaluation.eligibility
    assert e.assessed and [f.criterion for f in e.findings] == ["creatinine_clearance", "alt", "lvef"]
    assert e.creatinine_clearance_ml_min.sex == "female"
