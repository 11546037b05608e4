"""Reading a case file's bytes into JSON data, strictly and within bounds.

A case file is one JSON object in UTF-8 (a UTF-8 byte-order mark is fine; UTF-16 and UTF-32
are decoded when they start with their byte-order mark). Everything else is refused with a
Problem naming what is wrong, before any clinical work: other encodings, more than
MAX_CASE_BYTES, nesting deeper than MAX_DEPTH, a key given twice in one object (JSON lets the
last one win silently: a full exposure list followed by "exposures": [] would be CLEARED),
NaN/Infinity, and integers longer than MAX_INT_DIGITS.
"""

from __future__ import annotations

import codecs
import json
from typing import Any

from .errors import InputError, Problem

MAX_CASE_BYTES = 1_000_000        # a case with 200 exposures is about 40 kB
MAX_DEPTH = 8                     # a case is 4 deep: case > exposures > [i] > class list
MAX_INT_DIGITS = 12

_BOMS = (  # longest first: the UTF-32-LE mark begins with the UTF-16-LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _refuse(code: str, message: str, field: str = "(case)", value: str = "") -> InputError:
    return InputError(Problem(code, field, value, message))


def decode(raw: bytes) -> str:
    """The text of a case file: UTF-8, or UTF-16/32 announced by a byte-order mark."""
    if len(raw) > MAX_CASE_BYTES:
        raise _refuse("CASE_TOO_LARGE", f"The case file is larger than {MAX_CASE_BYTES:,} bytes; "
                      f"a case is a few kilobytes. Check that this is the right file.")
    encoding, body = next(((enc, raw[len(bom):]) for bom, enc in _BOMS if raw.startswith(bom)),
                          ("utf-8", raw))
    try:
        return body.decode(encoding)
    except UnicodeDecodeError as exc:
        raise _refuse("CASE_NOT_UTF8",
                      f"not a UTF-8 JSON file: byte {exc.start + len(raw) - len(body)} cannot be read as "
                      f"{encoding.upper()}. Save the case file as UTF-8 (a byte-order mark is fine).") from None


class _Duplicate(Exception):
    def __init__(self, key: str):
        self.key = key


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _Duplicate(key)
        out[key] = value
    return out


def _integer(text: str) -> int:
    digits = len(text.lstrip("-"))
    if digits > MAX_INT_DIGITS:
        raise _refuse("CASE_NUMBER_TOO_LONG", f"A number in the case file has {digits} digits; no field "
                      f"takes more than {MAX_INT_DIGITS}.", value=text[:20] + "…")
    return int(text)


def _float(text: str) -> float:
    if len(text) > 40:
        raise _refuse("CASE_NUMBER_TOO_LONG", "A number in the case file is longer than 40 characters; "
                      "no field takes such a number.", value=text[:20] + "…")
    return float(text)


def _constant(name: str) -> Any:
    raise _refuse("CASE_NOT_JSON", f"The case file holds {name}, which is not a number JSON allows.")


def nesting_depth(value: Any) -> int:
    """How deeply objects and lists nest (iterative: the data may be nested hundreds deep)."""
    deepest, stack = 0, [(value, 0)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            stack.extend((v, level + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, level + 1) for v in item)
        deepest = max(deepest, level)
    return deepest


def loads(text: str) -> Any:
    """JSON data from a case file's text, refusing duplicate keys, NaN, huge numbers, deep nesting."""
    if len(text) > MAX_CASE_BYTES:
        raise _refuse("CASE_TOO_LARGE", f"The case file is longer than {MAX_CASE_BYTES:,} characters; "
                      f"a case is a few kilobytes. Check that this is the right file.")
    try:
        data = json.loads(text, object_pairs_hook=_object, parse_int=_integer, parse_float=_float,
                          parse_constant=_constant)
    except _Duplicate as dup:
        raise _refuse("CASE_DUPLICATE_KEY",
                      f"The key '{dup.key[:60]}' appears twice in one object of the case file; JSON would "
                      f"silently keep the last one. Remove one of them.",
                      field=dup.key[:60] or "(case)") from None   # "" names no field
    except RecursionError:
        raise _refuse("CASE_TOO_DEEP", f"The case file is nested more than {MAX_DEPTH} levels deep; "
                      f"a case has at most 4.") from None
    except json.JSONDecodeError as exc:
        raise _refuse("CASE_NOT_JSON", f"The case file is not valid JSON: {exc.msg} at line {exc.lineno}, "
                      f"column {exc.colno}.") from None
    if nesting_depth(data) > MAX_DEPTH:
        raise _refuse("CASE_TOO_DEEP", f"The case file is nested more than {MAX_DEPTH} levels deep; "
                      f"a case has at most 4.")
    return data
