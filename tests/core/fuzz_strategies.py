"""hypothesis strategies for the fuzz suites (tests/core/test_fuzz_*.py): inputs that look like
what a user types or a file holds, mixed with hostile values.

Hostile here means what the issue-14 fuzzing found dangerous: digits from other scripts,
zero-width and direction-override characters, NUL and other control characters, byte-order
marks, huge exponents and digit runs, bools where numbers belong, numbers where text belongs,
duplicate keys, deep nesting, long strings, and files in other encodings.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from infusecalc.core.units import SPELLINGS

# Default runs stay fast (the whole fuzz suite in well under a minute); INFUSECALC_SLOW_TESTS=1
# runs the `slow`-marked variants with many more examples.
FAST = settings(max_examples=int(os.environ.get("INFUSECALC_FUZZ_EXAMPLES", "150")), deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.filter_too_much])
SLOW = settings(FAST, max_examples=5000)
SLOW_ENABLED = bool(os.environ.get("INFUSECALC_SLOW_TESTS"))

# Characters that must never slip through silently.
HOSTILE_CHARS = [
    "\x00", "\x07", "\t", "\n", "\r", "\x1b", "\x7f", "\x85", "\u00a0", "\u200b", "\u200c", "\u200d",
    "\u2028", "\u2029", "\u202e", "\u2066", "\ufeff", "\ufffd", "\ud800",   # a lone surrogate
    "%", "#", ";", "'", '"', "$", "*", "/", "^", "(", ")", "\\", ",", "+", "-", "e", "E", " ",
    "٤", "۴", "४", "４", "．", "²", "½", "Ⅻ", "𝟗", "µ", "μ", "ｍＬ", "ℓ", "㎖", "K", "İ", "ﬁ",
]
UNICODE_DIGITS = "٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹०१२३४५६७८९０１２３４５６７８９𝟎𝟏𝟐"

hostile_char = st.sampled_from(HOSTILE_CHARS)
any_text = st.text(max_size=60)

# --- numbers and quantities ------------------------------------------------------------------

ascii_digits = st.text("0123456789", min_size=1, max_size=12)


@st.composite
def number_text(draw: st.DrawFn) -> str:
    """A number as a person might type it, sometimes malformed or enormous."""
    kind = draw(st.integers(0, 9))
    if kind == 0:
        return draw(st.sampled_from(["nan", "NaN", "inf", "-Infinity", "1e", ".", "-", "+1", "1.2.3",
                                     "1,5", "1 000", "0x10", "1_000", "٤٢", "４２", "1e+", "--1", ""]))
    if kind == 1:   # huge exponents and digit runs
        return draw(st.sampled_from(["1e", "1e-", "9" * 5000 + "e", "1e+"])) + draw(
            st.sampled_from(["999", "9999", "99999999", "9" * 4400, "-4300", "0" * 100]))
    if kind == 2:
        return "".join(draw(st.lists(st.sampled_from(UNICODE_DIGITS + "0123456789."), min_size=1, max_size=6)))
    if kind == 3:
        return str(draw(st.floats(allow_nan=True, allow_infinity=True)))
    whole = draw(ascii_digits)
    frac = draw(st.one_of(st.just(""), st.just("."), ascii_digits.map(lambda d: "." + d)))
    exp = draw(st.one_of(st.just(""), st.integers(-30, 30).map(lambda e: f"e{e}"),
                         st.integers(-30, 30).map(lambda e: f"E{e:+d}")))
    sign = draw(st.sampled_from(["", "", "", "-"]))
    return sign + whole + frac + exp


unit_text = st.one_of(
    st.sampled_from(sorted(SPELLINGS)),
    st.sampled_from(sorted(SPELLINGS)).map(str.upper),
    st.sampled_from(sorted(SPELLINGS)).map(str.swapcase),
    st.sampled_from(["mg%", "ML", "cell/ML", "cells/uL ", "kg#", "mL;", "kg'", "Mg", "KG", "mcl", "cc",
                     "m", "l", "ton", "cell/mL#x10^3", "cell / mL", "cell/mL/mL", "cell*mL", "1/mL",
                     "kg**2", "kg^2", "(kg)", "kilogram()", "pi", "dimensionless", "", "kg" * 50]),
    any_text,
)


@st.composite
def quantity_text(draw: st.DrawFn) -> str:
    """'<number><space?><unit>', then perhaps a hostile character inserted or the whole repeated."""
    text = draw(number_text()) + draw(st.sampled_from(["", " ", " ", "  ", "\t", "\u00a0"])) + draw(unit_text)
    for _ in range(draw(st.integers(0, 2))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(hostile_char) + text[at:]
    how = draw(st.integers(0, 19))
    if how == 0:
        text = " " * draw(st.sampled_from([1, 41, 32_768])) + text
    elif how == 1:
        text = text * draw(st.integers(2, 50_000))
    return text


# A field's value: usually a string, sometimes a JSON value of the wrong type.
json_scalar = st.one_of(st.none(), st.booleans(), st.integers(min_value=-(10 ** 20), max_value=10 ** 20),
                        st.floats(allow_nan=False, allow_infinity=False), any_text)
json_value = st.recursive(json_scalar, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)), max_leaves=8)
hostile_value = st.one_of(quantity_text(), json_value, st.sampled_from(
    [True, False, 0, -1, 10 ** 11, 1e308, 5e-324, [], {}, [[]], "", " ", "\u200b", "x" * 5000]))

# --- dates -----------------------------------------------------------------------------------


@st.composite
def date_text(draw: st.DrawFn) -> Any:
    kind = draw(st.integers(0, 6))
    if kind <= 2:   # a real date, anywhere from year 1 to 9999
        return draw(st.dates()).isoformat()
    if kind == 3:   # numbers in date shape, not always valid
        y, m, d = draw(st.integers(0, 99999)), draw(st.integers(0, 99)), draw(st.integers(0, 99))
        return draw(st.sampled_from(["{:04d}-{:02d}-{:02d}", "{}-{}-{}", "{:04d}/{:02d}/{:02d}",
                                     "{:04d}{:02d}{:02d}", " {:04d}-{:02d}-{:02d} "])).format(y, m, d)
    if kind == 4:   # a real date with a hostile character or other-script digits
        text = draw(st.dates()).isoformat()
        at = draw(st.integers(0, len(text)))
        return text[:at] + draw(st.sampled_from(HOSTILE_CHARS + list(UNICODE_DIGITS))) + text[at:]
    if kind == 5:
        return draw(st.sampled_from(["2026-12-10T00:00:00", "2026-12-10 10:00", "20261210", "2026-W50-4",
                                     "2026-344", "0000-00-00", "9999-12-31", "0001-01-01", "2100-12-31",
                                     "2101-01-01", "1899-12-31", "1900-01-01", "2026-02-29", "2028-02-29"]))
    return draw(hostile_value)


# --- case files ------------------------------------------------------------------------------

DATE_FIELDS = ("infusion_date", "consent_date", "date_of_birth", "weight_date", "attested_on")


def valid_case() -> dict[str, Any]:
    return {"subject_id": "0101-007", "group": "B", "age_years": 15, "weight": "42 kg", "dose_level": "DL2",
            "deescalation_confirmed": False, "infusion_date": "2026-12-10", "consent_date": "2026-11-20",
            "exposures": [{"agent": "daunorubicin", "last_date": "2026-12-01"},
                          {"agent": "dexamethasone", "last_date": "2026-12-06", "daily_dose": "10 mg",
                           "route": "oral"},
                          {"agent": "radiotherapy", "site": "cns", "last_date": "2026-09-20"}],
            "product": {"concentration": "1.3e7 cell/mL", "container_volume": "10 mL"}}


# Paths into the case that a mutation may replace (a path into a list reaches its first item).
CASE_PATHS = [
    ("subject_id",), ("group",), ("age_years",), ("date_of_birth",), ("weight",), ("weight_date",),
    ("dose_level",), ("deescalation_confirmed",), ("decision_confirmed",), ("indication",),
    ("infusion_date",), ("consent_date",), ("exposures",), ("exposures", 0), ("exposures", 0, "agent"),
    ("exposures", 0, "last_date"), ("exposures", 0, "first_date"), ("exposures", 0, "class"),
    ("exposures", 0, "purpose"), ("exposures", 1, "daily_dose"), ("exposures", 1, "route"),
    ("exposures", 1, "agent"), ("exposures", 2, "site"), ("product",), ("product", "concentration"),
    ("product", "container_volume"), ("product", "total_cells"), ("product", "lot"), ("product", "bag_ids"),
    ("acknowledged_warnings",), ("sex",), ("labs",), ("labs", "creatinine"),
    ("labs", "creatinine", "value"), ("labs", "alt", "uln"), ("hepatobiliary_invasion",),
    ("attestations",), ("attested_by",), ("attested_on",),
]


def _set(data: Any, path: tuple[Any, ...], value: Any) -> None:
    for key in path[:-1]:
        if isinstance(data, dict):
            data = data.setdefault(key, {} if not isinstance(key, int) else [])
        elif isinstance(data, list) and isinstance(key, int) and key < len(data):
            data = data[key]
        else:
            return
    last = path[-1]
    if isinstance(data, dict):
        data[last] = value
    elif isinstance(data, list) and isinstance(last, int) and last < len(data):
        data[last] = value


def _num(low: int, high: int, places: int = 3) -> st.SearchStrategy[str]:
    return st.decimals(low, high, places=places, allow_nan=False, allow_infinity=False).map(
        lambda d: format(d.normalize(), "f") if d.is_finite() else str(d))


@st.composite
def _sci(draw: st.DrawFn, low_exp: int, high_exp: int) -> str:
    return f"{draw(_num(1, 9, 2))}e{draw(st.integers(low_exp, high_exp))}"


# Values a real case could hold: most mutations stay plausible so the fuzzing reaches the
# computation (doses, caps, containers), not only the refusals.
PLAUSIBLE: dict[str, st.SearchStrategy[Any]] = {
    "weight": st.one_of(_num(8, 260).map(lambda n: f"{n} kg"), _num(8000, 260000, 0).map(lambda n: f"{n} g"),
                        _num(18, 570).map(lambda n: f"{n} lb")),
    "concentration": st.one_of(_sci(3, 11).map(lambda n: f"{n} cell/mL"), _sci(1, 8).map(lambda n: f"{n} cells/µL")),
    "container_volume": st.one_of(_num(0, 1200).map(lambda n: f"{n} mL"), _num(0, 2).map(lambda n: f"{n} L")),
    "total_cells": _sci(6, 10).map(lambda n: f"{n} cell"),
    "daily_dose": st.one_of(_num(0, 3000).map(lambda n: f"{n} mg"), _num(0, 3).map(lambda n: f"{n} g")),
    "age_years": st.integers(10, 80),
    "group": st.sampled_from(["A", "B", "a", "C"]),
    "dose_level": st.sampled_from(["DL1", "DL2", "DL3", "DL-1", "dl2", "DL4"]),
    "deescalation_confirmed": st.booleans(),
    "route": st.sampled_from(["oral", "intravenous", "topical", "inhaled", "IV", "po"]),
    "site": st.sampled_from(["cns", "lung", "other"]),
    "agent": st.sampled_from(["cytarabine", "dexamethasone", "prednisone", "rituximab", "hydrocortisone",
                              "radiotherapy", "fludarabine", "柔红霉素", "methylprednisolone"]),
}


def _value_for(path: tuple[Any, ...]) -> st.SearchStrategy[Any]:
    leaf = path[-1]
    if leaf in PLAUSIBLE:
        return st.one_of(PLAUSIBLE[leaf], PLAUSIBLE[leaf], _hostile_for(path))
    if leaf in DATE_FIELDS or leaf in ("last_date", "first_date"):
        return st.one_of(st.dates(dt.date(2024, 1, 1), dt.date(2027, 12, 31)).map(dt.date.isoformat), date_text())
    return _hostile_for(path)


def _hostile_for(path: tuple[Any, ...]) -> st.SearchStrategy[Any]:
    leaf = path[-1]
    if leaf in DATE_FIELDS or leaf in ("last_date", "first_date"):
        return date_text()
    if leaf in ("weight", "concentration", "container_volume", "total_cells", "daily_dose", "value", "uln"):
        return st.one_of(quantity_text(), hostile_value)
    if leaf == "labs":
        return st.fixed_dictionaries({}, optional={
            k: st.fixed_dictionaries({"value": st.one_of(quantity_text(), hostile_value), "date": date_text()},
                                     optional={"uln": st.one_of(quantity_text(), hostile_value)})
            for k in ("creatinine", "alt", "ast", "bilirubin", "inr", "aptt", "spo2", "lvef")})
    if leaf == "exposures":
        return st.lists(st.fixed_dictionaries(
            {"agent": st.one_of(st.sampled_from(["cytarabine", "dexamethasone", "prednisone", "rituximab",
                                                 "radiotherapy", "fludarabine", "柔红霉素", "DEXA", "unknown"]),
                                hostile_value),
             "last_date": date_text()},
            optional={"daily_dose": st.one_of(quantity_text(), hostile_value), "route": hostile_value,
                      "first_date": date_text(), "class": hostile_value, "site": hostile_value,
                      "purpose": st.one_of(st.just("lymphodepletion"), hostile_value)}), max_size=4)
    return hostile_value


@st.composite
def case_data(draw: st.DrawFn, plausible_only: bool = False) -> Any:
    """A case dict: the valid example with up to four fields replaced by generated values
    (plausible_only: only by values a real case could hold, to reach the computation)."""
    data = valid_case()
    if draw(st.booleans()):   # adult group A half the time (flat doses), adolescent B (per kg, capped)
        data.update(group="A", age_years=40, weight="70 kg", dose_level=draw(st.sampled_from(["DL1", "DL2", "DL3"])))
    for _ in range(draw(st.integers(0, 4))):
        if plausible_only:
            leaf = draw(st.sampled_from(sorted(PLAUSIBLE)))
            path = next(p for p in CASE_PATHS if p[-1] == leaf)
            _set(data, path, draw(PLAUSIBLE[leaf]))
            continue
        path = draw(st.sampled_from(CASE_PATHS))
        if draw(st.integers(0, 9)) == 0:
            # drop the field instead
            parent: Any = data
            for key in path[:-1]:
                parent = parent.get(key) if isinstance(parent, dict) else (
                    parent[key] if isinstance(parent, list) and isinstance(key, int) and key < len(parent) else None)
            if isinstance(parent, dict):
                parent.pop(path[-1], None)
            continue
        # a copy: sampled literals ([] and {}) are shared between examples and must not be mutated
        _set(data, path, copy.deepcopy(draw(_value_for(path))))
    if not plausible_only and draw(st.integers(0, 19)) == 0:
        return draw(json_value)   # not an object at all
    return data


def _json_text(draw: st.DrawFn, data: Any) -> str:
    text = json.dumps(data, ensure_ascii=draw(st.booleans()))
    how = draw(st.integers(0, 24))
    if how == 0 and isinstance(data, dict) and data:   # a key given twice: the second must not win silently
        key = draw(st.sampled_from(sorted(data)))
        text = text[:-1] + (", " if len(data) else "") + json.dumps(key) + ": " + json.dumps(draw(json_value)) + "}"
    elif how == 1:   # deep nesting somewhere
        depth = draw(st.sampled_from([7, 9, 50, 5000]))
        text = text[:-1] + ', "x": ' + "[" * depth + "]" * depth + "}" if text.endswith("}") else text
    elif how == 2:   # a number JSON has but Python must not take at face value
        text = text.replace('"age_years": 15', '"age_years": ' + draw(st.sampled_from(
            ["1" * 5000, "1e999999", "-0", "15.0", "1.5e1", "NaN", "Infinity", "1e-400", "true"])))
    elif how == 3:   # truncated anywhere
        text = text[:draw(st.integers(0, len(text)))]
    elif how == 4:   # a long string or whitespace run
        text = text.replace('"42 kg"', json.dumps(draw(st.sampled_from([" " * 32_768 + "42 kg", "4" * 1_000_000,
                                                                       "42 kg" + "\u200b" * 10_000]))))
    elif how == 5:   # a hostile character anywhere in the text
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(hostile_char) + text[at:]
    return text


@st.composite
def case_bytes(draw: st.DrawFn) -> bytes:
    """The bytes of a case file: a generated case's JSON, maybe mangled, in some encoding.
    Half of them are plausible cases in UTF-8, so that doses and volumes are computed often."""
    if draw(st.booleans()):
        text = json.dumps(draw(case_data(plausible_only=True)), ensure_ascii=False)
        return text.encode(draw(st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "utf-16"])))
    text = _json_text(draw, draw(case_data()))
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8", "utf-8-sig", "utf-16", "utf-16-le",
                                     "utf-32", "utf-32-be", "latin-1", "gb18030", "cp1252", "raw"]))
    if encoding == "raw":
        return draw(st.binary(max_size=200))
    try:
        raw = text.encode(encoding, errors="surrogatepass" if encoding.startswith("utf") else "replace")
    except UnicodeError:
        raw = text.encode("utf-8", errors="surrogatepass")
    if draw(st.integers(0, 9)) == 0:   # a stray byte
        at = draw(st.integers(0, len(raw)))
        raw = raw[:at] + bytes([draw(st.integers(0, 255))]) + raw[at:]
    return raw


def decimals_in(value: Any) -> list[Decimal]:
    """Every Decimal inside a result (dumped with model_dump in python mode)."""
    out: list[Decimal] = []
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, Decimal):
            out.append(item)
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
    return out
