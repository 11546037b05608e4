"""Service-level checks that need no PDF: reprints, voids and sheet look-up."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from infusecalc.core.case import parse_case
from dataclasses import replace

from infusecalc.records.service import (IssuedSheet, NotCleared, Refused, find_sheet, issue_sheet,
                                        reprint_sheet, void_sheet)
from infusecalc.records.users import Credentials, SignatureError

from .attacks import edit_sqlite_file
from .conftest import ADMIN, NURSE, PHARMACIST, open_example_level

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "issue-example.json"


@pytest.fixture
def case(people):
    open_example_level(people)   # the example's level (Group B DL2) opens only by a decision
    return parse_case(json.loads(EXAMPLE.read_text()))


def test_issued_sheet_binds_its_signature_and_anchor(people, case):
    out = issue_sheet(people, case, Credentials(*PHARMACIST))
    sheet = out.sheet
    assert sheet.signature.signed_sha256 == sheet.content_sha256
    assert sheet.signature.full_name == "Wang Fang" and sheet.signature.meaning == "issued"
    # The anchor printed on the sheet is the sheet's own issue event: it covers the issue.
    seq, h = sheet.anchor.split(":")
    issued = people.event(int(seq))
    assert issued.kind == "sheet_issued" and issued.hash == h and out.event_seq == int(seq)
    assert people.verify(people.head()).ok and people.head().seq == int(seq)
    assert IssuedSheet.from_payload(sheet.payload) == replace(sheet, anchor="")
    assert find_sheet(people, sheet.sheet_id) == sheet
    assert find_sheet(people, sheet.payload) == sheet


def test_reprint_is_signed_and_recorded_and_a_nurse_cannot_reprint(people, case):
    out = issue_sheet(people, case, Credentials(*PHARMACIST))
    sheet = out.sheet
    again = reprint_sheet(people, sheet.sheet_id, Credentials(*PHARMACIST))
    assert again.sheet == sheet
    assert again.evaluation.dose == out.evaluation.dose and again.evaluation.product == out.evaluation.product
    (ev,) = people.events_of_kind("sheet_reprinted")
    assert json.loads(ev.payload)["sheet_id"] == sheet.sheet_id
    with pytest.raises(SignatureError):
        reprint_sheet(people, sheet.sheet_id, Credentials(*NURSE))


def test_voided_sheet_is_neither_found_reprinted_nor_voided_twice(people, case):
    sheet = issue_sheet(people, case, Credentials(*PHARMACIST)).sheet
    void_sheet(people, sheet.sheet_id, "label torn", Credentials(*ADMIN))
    for attempt in (lambda: find_sheet(people, sheet.sheet_id), lambda: find_sheet(people, sheet.payload),
                    lambda: reprint_sheet(people, sheet.sheet_id, Credentials(*PHARMACIST)),
                    lambda: void_sheet(people, sheet.sheet_id, "again", Credentials(*ADMIN))):
        with pytest.raises(Refused, match="voided"):
            attempt()


def test_a_nurse_cannot_void(people, case):
    sheet = issue_sheet(people, case, Credentials(*PHARMACIST)).sheet
    with pytest.raises(SignatureError):
        void_sheet(people, sheet.sheet_id, "no", Credentials(*NURSE))
    assert find_sheet(people, sheet.sheet_id) == sheet


def test_not_cleared_is_refused_before_any_signature(people, case):
    data = json.loads(EXAMPLE.read_text())
    data["exposures"][0]["last_date"] = "2026-12-09"
    before = people.head()
    with pytest.raises(NotCleared):
        issue_sheet(people, parse_case(data), Credentials(PHARMACIST[0], "even-a-wrong-one"))
    assert people.head() == before  # not even a failed signature: nothing was signed


def test_a_tampered_issue_record_is_not_used(people, case):
    sheet = issue_sheet(people, case, Credentials(*PHARMACIST)).sheet
    edit_sqlite_file(people.backend.path,
                     "UPDATE events SET payload = replace(payload, 'IC2.', 'IC2.') || ' ' WHERE kind='sheet_issued'")
    with pytest.raises(Refused, match="not in"):
        find_sheet(people, sheet.sheet_id)
    with pytest.raises(Refused, match="never issued here"):
        find_sheet(people, sheet.payload)


@pytest.mark.parametrize("product, fields", [
    ({"concentration": "1.3e7 cell/mL", "container_volume": "10 mL"}, {"product.lot", "product.bag_ids"}),
    ({"concentration": "1.3e7 cell/mL", "container_volume": "10 mL", "lot": "  ", "bag_ids": ["B-0001"]},
     {"product.lot"}),
    ({"concentration": "1.3e7 cell/mL", "container_volume": "10 mL", "lot": "L1"}, {"product.bag_ids"}),
    (None, {"product", "product.lot", "product.bag_ids"}),
])
def test_a_sheet_is_not_issued_without_label_values_lot_and_bag_ids(people, case, product, fields):
    """The window holds such a case at CLEARED — NOT READY TO ISSUE; the records refuse it too,
    naming every missing field, and record nothing but the failed attempt's absence."""
    from infusecalc.core.errors import InputError

    data = json.loads(EXAMPLE.read_text())
    if product is None:
        data.pop("product")
    else:
        data["product"] = product
    before = people.head().seq
    with pytest.raises(InputError) as err:
        issue_sheet(people, parse_case(data), Credentials(*PHARMACIST))
    assert err.value.fields == fields
    assert people.head().seq == before            # asked before any signature: nothing recorded


def test_an_adoption_between_loading_and_issuing_stops_the_issue_inside_its_transaction(people, case):
    """The protocol in force is read when the case is computed; the password may take a minute
    to type. An amendment adopted meanwhile (by another workstation) is found inside the
    issue's own write, and nothing is issued under the replaced protocol."""
    from infusecalc.core.protocol import default_protocol
    from infusecalc.records.adoption_store import ProtocolSuperseded, adopt

    amendment = Path(__file__).resolve().parents[1] / "fixtures" / "ct1190b-amendment-1.toml"
    loaded = default_protocol()                       # what the front end computed with
    adopt(people, amendment.read_bytes(), amendment.name, Credentials(*ADMIN))
    before = people.head().seq
    with pytest.raises(ProtocolSuperseded, match="protocol in force changed"):
        issue_sheet(people, case, Credentials(*PHARMACIST), loaded, in_force=True)
    assert not people.events_of_kind("sheet_issued")
    assert people.head().seq == before
    # A file tried on purpose (--protocol) is the user's explicit choice: it still issues.
    out = issue_sheet(people, case, Credentials(*PHARMACIST), loaded, in_force=False)
    assert out.sheet.protocol_sha256 == loaded.sha256
