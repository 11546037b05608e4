"""The issue's attacks on the bedside check, written once; run on SQLite and on PostgreSQL.

Each takes the pharmacy's store (with ``people``) and a factory for a ward station's own, empty
SQLite store, and asserts the attack is refused.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from infusecalc.core.case import parse_case
from infusecalc.core.evaluate import evaluate
from infusecalc.records import keys
from infusecalc.records.keyring import export_keys, import_keys
from infusecalc.records.qr import encode_payload, sheet_message
from infusecalc.records.service import (IssuedSheet, NurseEntry, Refused, find_sheet, issue_sheet,
                                        verify_sheet, void_sheet, _content_sha)
from infusecalc.records.users import Credentials, add_user, change_password, manifest, open_key
from infusecalc.records.values import CheckedValues

from .conftest import ADMIN, NURSE, PHARMACIST

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "issue-example.json"
WARD_ADMIN, WARD_NURSE = ("ward.admin", "ward-admin-pass"), ("zhao", "ward-nurse-pass")


def example(**changes) -> dict:
    data = json.loads(EXAMPLE.read_text())
    data.update(changes)
    return data


def entry() -> NurseEntry:
    return NurseEntry.from_case_data(example())


def ward_station(open_ward, pharmacy=None):
    """A ward's own database: an admin, a nurse, and (if given) the pharmacy's keys imported."""
    ward = open_ward()
    add_user(ward, WARD_ADMIN[0], "admin", WARD_ADMIN[1], full_name="Ward Admin")
    add_user(ward, WARD_NURSE[0], "nurse", "temporary-pass-zhao", full_name="Zhao Min",
             by=Credentials(*WARD_ADMIN))
    change_password(ward, WARD_NURSE[0], "temporary-pass-zhao", WARD_NURSE[1])
    if pharmacy is not None:
        import_keys(ward, json.dumps(export_keys(pharmacy)), Credentials(*WARD_ADMIN))
    return ward


def craft(signer_key, signer_row, case_data: dict, sheet_id: str | None = None) -> str:
    """A QR text built by hand and signed with the given key (as an insider or a forger would)."""
    from infusecalc.records.sheetid import new_sheet_id

    sheet_id = sheet_id or new_sheet_id()
    case = parse_case(case_data)
    ev = evaluate(case)
    values = CheckedValues.from_evaluation(ev)
    proto = ev.source.protocol_sha256
    sig = manifest(signer_row, "issued", _content_sha(sheet_id, case, values, proto))
    body = {"sheet_id": sheet_id, "case": json.loads(case.canonical_json()), "values": values.as_dict(),
            "protocol_sha256": proto, "signature": sig.as_dict(),
            "preparer_key": keys.public_text(signer_key)}
    return encode_payload(sheet_id, body, keys.sign(signer_key, sheet_message(body)))


def a_mismatch_blocks_the_sheet_for_everyone(store, open_ward):
    sheet = issue_sheet(store, parse_case(example()), Credentials(*PHARMACIST)).sheet
    wrong = NurseEntry.from_case_data(example(weight="24 kg"))
    out = verify_sheet(store, sheet, wrong, Credentials(*NURSE))
    assert not out.verified
    for ref in (sheet.sheet_id, sheet.payload):
        with pytest.raises(Refused, match="MISMATCH .*li.nurse"):
            find_sheet(store, ref)
    with pytest.raises(Refused, match="blocked"):
        verify_sheet(store, sheet, entry(), Credentials(*NURSE))   # the sheet held from before
    assert len(store.events_of_kind("sheet_verified")) == 0


def a_verified_sheet_is_not_verified_again(store, open_ward):
    sheet = issue_sheet(store, parse_case(example()), Credentials(*PHARMACIST)).sheet
    assert verify_sheet(store, sheet, entry(), Credentials(*NURSE)).verified
    with pytest.raises(Refused, match="already verified by Li Na"):
        find_sheet(store, sheet.payload)
    with pytest.raises(Refused, match="already verified"):
        verify_sheet(store, sheet, entry(), Credentials(*NURSE))
    assert len(store.events_of_kind("sheet_verified")) == 1


def a_forged_qr_is_refused(store, open_ward):
    sheet = issue_sheet(store, parse_case(example()), Credentials(*PHARMACIST)).sheet
    # Another body under the pharmacist's real signature: the signature no longer verifies.
    from infusecalc.records.qr import _check as checksum

    parts = sheet.payload.split(".")               # IC2, ID, body, signature, checksum
    other = IssuedSheet.from_payload(craft(keys.new_private_key(), store.user(PHARMACIST[0]),
                                           example(weight="30 kg"), sheet.sheet_id))
    text = ".".join([parts[0], parts[1], other.payload.split(".")[2], parts[3]])
    with pytest.raises(Refused, match="does not verify"):
        find_sheet(store, f"{text}.{checksum(text)}")   # a checksum is no protection
    # A sheet signed by a key nobody here holds, in the pharmacist's name.
    with pytest.raises(Refused, match="does not trust"):
        find_sheet(store, other.payload)


def an_unrecorded_sheet_signed_by_an_insider_is_refused_where_the_records_are(store, open_ward):
    key = open_key(store, Credentials(*PHARMACIST), "attack").key
    text = craft(key, store.user(PHARMACIST[0]), example())
    with pytest.raises(Refused, match="never issued here"):
        find_sheet(store, text)


def a_not_cleared_case_is_refused_even_offline(store, open_ward):
    ward = ward_station(open_ward, store)
    key = open_key(store, Credentials(*PHARMACIST), "attack").key
    data = example()
    data["exposures"][0]["last_date"] = "2026-12-09"      # inside its washout: NOT CLEARED
    assert not evaluate(parse_case(data)).cleared
    sheet = find_sheet(ward, craft(key, store.user(PHARMACIST[0]), data))
    assert sheet.offline
    with pytest.raises(Refused, match="NOT CLEARED"):
        verify_sheet(ward, sheet, NurseEntry.from_case_data(data), Credentials(*WARD_NURSE))
    ward.close()


def a_sheet_from_another_installation_is_refused(store, open_ward):
    ward = ward_station(open_ward)     # trusts nobody from this pharmacy
    sheet = issue_sheet(store, parse_case(example()), Credentials(*PHARMACIST)).sheet
    with pytest.raises(Refused, match="does not trust"):
        find_sheet(ward, sheet.payload)
    with pytest.raises(Refused, match="does not trust"):
        verify_sheet(ward, replace(sheet, anchor=""), entry(), Credentials(*WARD_NURSE))
    ward.close()


def the_ward_verifies_from_paper_once_and_says_it_could_not_see_a_void(store, open_ward):
    ward = ward_station(open_ward, store)
    sheet = issue_sheet(store, parse_case(example()), Credentials(*PHARMACIST)).sheet
    void_sheet(store, sheet.sheet_id, "bag damaged", Credentials(*ADMIN))
    with pytest.raises(Refused, match="voided"):
        find_sheet(store, sheet.payload)          # where the records are, the void is seen
    found = find_sheet(ward, sheet.payload)       # the ward cannot see it, and says so
    out = verify_sheet(ward, found, entry(), Credentials(*WARD_NURSE))
    assert out.verified and out.offline
    (ev,) = ward.events_of_kind("sheet_verified")
    assert json.loads(ev.payload)["void_checked"] is False
    assert ward.verify().ok
    ward.close()


SHEET_ATTACKS = [a_mismatch_blocks_the_sheet_for_everyone, a_verified_sheet_is_not_verified_again,
                 a_forged_qr_is_refused,
                 an_unrecorded_sheet_signed_by_an_insider_is_refused_where_the_records_are,
                 a_not_cleared_case_is_refused_even_offline,
                 a_sheet_from_another_installation_is_refused,
                 the_ward_verifies_from_paper_once_and_says_it_could_not_see_a_void]
