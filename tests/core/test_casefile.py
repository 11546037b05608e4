"""Hostile case files: encodings, duplicate keys, size, depth, numbers, strings (issue 14)."""

from __future__ import annotations

import json

import pytest

from infusecalc.core import casefile
from infusecalc.core.case import parse_case, parse_case_bytes, parse_case_json, parse_nurse_case
from infusecalc.core.errors import InputError

from .helpers import base_case

TEXT = json.dumps(base_case(), ensure_ascii=False)


def codes(fn, arg) -> list[tuple[str, str]]:
    with pytest.raises(InputError) as exc:
        fn(arg)
    return [(p.field, p.code) for p in exc.value.problems]


@pytest.mark.parametrize("raw", [
    TEXT.encode("utf-8"), b"\xef\xbb\xbf" + TEXT.encode("utf-8"),
    TEXT.encode("utf-16"), TEXT.encode("utf-32"),                     # Python writes the BOM
    b"\xfe\xff" + TEXT.encode("utf-16-be"), b"\x00\x00\xfe\xff" + TEXT.encode("utf-32-be"),
])
def test_utf8_and_utf16_32_with_a_bom_are_read(raw):
    assert parse_case_bytes(raw).subject_id == "0101-001"


@pytest.mark.parametrize("raw", [
    TEXT.replace("0101-001", "0101-001é").encode("latin-1"),          # latin-1 é
    TEXT.encode("utf-16-le"),                                          # UTF-16 without its BOM
    bytes(range(256)), b"\x89PNG\r\n\x1a\n\x00\x00", b"\xff\xfe\x00",
])
def test_other_bytes_are_not_a_utf8_json_file(raw):
    problems = codes(parse_case_bytes, raw)
    assert problems[0][1] in ("CASE_NOT_UTF8", "CASE_NOT_JSON")
    with pytest.raises(InputError) as exc:
        parse_case_bytes(raw)
    if problems[0][1] == "CASE_NOT_UTF8":
        assert "not a UTF-8 JSON file" in str(exc.value)


def test_duplicate_keys_anywhere_are_refused_naming_the_key():
    # A full exposure list followed by "exposures": [] was CLEARED: the last key won silently.
    text = TEXT[:-1] + ', "exposures": [{"agent": "cytarabine", "last_date": "2026-12-08"}], "exposures": []}'
    assert codes(parse_case_json, text) == [("exposures", "CASE_DUPLICATE_KEY")]
    nested = TEXT[:-1] + ', "product": {"concentration": "1.3e7 cell/mL", "container_volume": "10 mL", ' \
                         '"container_volume": "20 mL"}}'
    with pytest.raises(InputError) as exc:
        parse_case_json(nested)
    assert "'container_volume' appears twice" in str(exc.value)


def test_a_duplicate_empty_key_still_names_a_field():
    # Found by the fuzz suite: '{"": 1, "": 2}' was refused with an empty field, which names
    # nothing for the window to mark or the message to point at.
    assert codes(parse_case_json, '{"": null, "": null}') == [("(case)", "CASE_DUPLICATE_KEY")]


@pytest.mark.parametrize("text, code", [
    ("[" * 100_000 + "]" * 100_000, "CASE_TOO_DEEP"),                 # RecursionError before
    ('{"a":' * 50 + "1" + "}" * 50, "CASE_TOO_DEEP"),
    ('{"subject_id": "x", "age_years": ' + "9" * 5000 + "}", "CASE_NUMBER_TOO_LONG"),   # 4,300-digit limit
    ('{"age_years": NaN}', "CASE_NOT_JSON"), ('{"age_years": -Infinity}', "CASE_NOT_JSON"),
    ('{"age_years": 1e' + "9" * 100 + "}", "CASE_NUMBER_TOO_LONG"),
    ("x" * (casefile.MAX_CASE_BYTES + 1), "CASE_TOO_LARGE"),
    ('{"subject_id": "\\ud800"}', None),                                # a lone surrogate
])
def test_structure_limits(text, code):
    problems = codes(parse_case_json, text)
    if code:
        assert problems[0][1] == code
    for _field, c in problems:
        assert c.isupper()


def test_a_megabyte_of_bytes_is_refused_before_decoding():
    assert codes(parse_case_bytes, b" " * (casefile.MAX_CASE_BYTES + 1)) == [("(case)", "CASE_TOO_LARGE")]


@pytest.mark.parametrize("changes, field", [
    ({"subject_id": "0101\u202e007"}, "subject_id"),                  # right-to-left override
    ({"subject_id": "0101\u200b007"}, "subject_id"),
    ({"subject_id": "x" * 33}, "subject_id"),
    ({"subject_id": "-1"}, "subject_id"),
    ({"product": {"concentration": "1.3e7 cell/mL", "container_volume": "10 mL", "lot": "L\x07"}}, "product.lot"),
    ({"product": {"concentration": "1.3e7 cell/mL", "container_volume": "10 mL",
                  "bag_ids": ["B1", "B\u202e2"]}}, "product.bag_ids.1"),
    ({"product": {"concentration": "1.3e7 cell/mL", "container_volume": "10 mL",
                  "bag_ids": [f"B{i}" for i in range(51)]}}, "product.bag_ids"),
    ({"exposures": [{"agent": "cytara\u200dbine", "last_date": "2026-11-01"}]}, "exposures.0.agent"),
    ({"exposures": [{"agent": "x" * 81, "last_date": "2026-11-01"}]}, "exposures.0.agent"),
    ({"exposures": [{"agent": "cytarabine", "last_date": "2026-11-01"}] * 201}, "exposures"),
    ({"weight": " " * 32_768 + "70 kg" + "x" * 1_000_000}, "weight"),
    ({"deescalation_reference": "x" * 201}, "deescalation_reference"),
])
def test_strings_and_lists_are_bounded(changes, field):
    with pytest.raises(InputError) as exc:
        parse_case(base_case(**changes))
    (p,) = exc.value.problems
    assert p.field == field and p.code == "FIELD_INVALID"
    assert len(p.value) <= 81             # never echoes a megabyte back


@pytest.mark.parametrize("changes", [
    {"subject_id": "0101-007"}, {"subject_id": "SELFTEST 01"}, {"subject_id": "A/1.2_3"},
    {"exposures": [{"agent": "柔红霉素", "last_date": "2026-11-01"}]},
    {"exposures": [{"agent": "6-mercaptopurine (Purinethol®)", "last_date": "2026-11-01"}]},
    {"product": {"concentration": "1.3e7 cell/mL", "container_volume": "10 mL", "lot": "CT1190B-2611-04",
                 "bag_ids": ["B-0001", "B-0002"]}},
])
def test_ordinary_identifiers_and_names_are_accepted(changes):
    parse_case(base_case(**changes))


@pytest.mark.parametrize("product, field", [
    ({"lot": 5}, "product.lot"),
    ({"bag_ids": 5}, "product.bag_ids"),
    ({"bag_ids": "B1,B2"}, "product.bag_ids"),        # was split into characters
    ({"concentration": 1.3e7}, "product.concentration"),
])
def test_the_nurse_case_reader_types_fields_like_check(product, field):
    data = base_case(product={"concentration": "1.3e7 cell/mL", "container_volume": "10 mL", **product})
    with pytest.raises(InputError) as exc:
        parse_nurse_case(data)
    assert [p.field for p in exc.value.problems] == [field]


def test_the_nurse_case_reader_ignores_fields_it_does_not_compare():
    entry = parse_nurse_case(base_case(exposures=[{"agent": "x"}], product={
        "concentration": "1.3e7 cell/mL", "container_volume": "10 mL", "bag_ids": ["B1", "B2"]}))
    assert entry.product.bag_ids == ["B1", "B2"] and entry.subject_id == "0101-001"


@pytest.mark.parametrize("product", [{"lot": 5}, {"bag_ids": 5}, {"bag_ids": "B1,B2"}])
def test_verify_reads_the_nurse_entry_through_the_same_models(product):
    # `verify` crashed on "lot": 5 and "bag_ids": 5, and split "B1,B2" into characters.
    from infusecalc.records.service import NurseEntry

    data = base_case(product={"concentration": "1.3e7 cell/mL", "container_volume": "10 mL", **product})
    with pytest.raises(InputError):
        NurseEntry.from_case_data(data)
    ok = base_case(product={"concentration": "1.3e7 cell/mL", "container_volume": "10 mL", "bag_ids": ["B1", "B2"]})
    assert NurseEntry.from_case_data(ok).bag_ids == ("B1", "B2")
