"""Issue and verify real sheets for the ledger tests (through the records service, as the CLI does)."""

from __future__ import annotations

from typing import Any

from infusecalc.core.case import parse_case
from infusecalc.records.escalation import record_decision
from infusecalc.records.service import NurseEntry, issue_sheet, verify_sheet
from infusecalc.records.users import Credentials

from ..core.helpers import base_case, group_b
from .conftest import ADMIN, NURSE, PHARMACIST

PRODUCT = {"concentration": "1.3e7 cell/mL", "container_volume": "10 mL", "lot": "L2026-11",
           "bag_ids": ["B-01", "B-02", "B-03"]}


def adult(subject: str, level: str = "DL1", **changes: Any) -> dict[str, Any]:
    data = base_case(subject_id=subject, dose_level=level, product=dict(PRODUCT), **changes)
    if level == "DL-1":
        data["deescalation_confirmed"] = True
    return data


def adolescent(subject: str, level: str = "DL1") -> dict[str, Any]:
    return group_b("40 kg", level, subject_id=subject, product=dict(PRODUCT))


def issue(store, data: dict[str, Any]) -> str:
    return issue_sheet(store, parse_case(data), Credentials(*PHARMACIST)).sheet.sheet_id


def issue_and_verify(store, data: dict[str, Any]) -> str:
    out = issue_sheet(store, parse_case(data), Credentials(*PHARMACIST))
    entry = NurseEntry.from_case_data(data)
    assert verify_sheet(store, out.sheet, entry, Credentials(*NURSE)).verified
    return out.sheet.sheet_id


def open_level(store, group: str, level: str, reference: str = "SRC minutes 2026-12-01") -> int:
    """The joint decision a fixture needs before issuing at a level that is not open at the start."""
    return record_decision(store, group, level, True, reference, Credentials(*ADMIN))
