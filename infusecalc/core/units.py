"""Quantities typed by people, read strictly, and the program's one (small) pint registry.

Two layers, on purpose:

1. A grammar of our own reads the text before pint sees anything: ASCII digits with at most one
   decimal point, an optional exponent of at most three digits, one space or none, then one
   unit spelled exactly as in the field's allow-list (:class:`UnitList`). Nothing else gets
   through: no arithmetic, no comments (``#``, ``;``), no ``%`` where the field does not take
   it, no invisible or non-ASCII characters, no other case (``ML`` is not ``mL``). pint, left to
   itself, reads ``"10 mg%"`` as 0.1 mg and ``"10 ML"`` as ten megalitres.
2. pint converts the accepted (number, unit) to the unit the program computes in, with a
   registry built only from ``resources/units/units.txt`` (no megalitres to mistake, and it
   builds in milliseconds instead of pint's full default list). Magnitudes are Decimal.

Other modules (eligibility values, for example) declare their own :class:`UnitList` with
:func:`unit_list` and read with :func:`read_quantity` (the number and unit as typed) or
:func:`parse_quantity` (converted to the list's target unit).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Mapping

from .errors import InputError, problem

if TYPE_CHECKING:
    import pint

UNITS_FILE = ("units", "units.txt")

# Longer than any honest quantity ("1.3e10 cells/µL" is 15): refused before any parsing, so
# a megabyte pasted into a field costs nothing.
MAX_QUANTITY_CHARS = 40
# An exponent of more than three digits is never a clinical figure (and "1e999999" would make
# Decimal arithmetic slow); plausibility limits bound the value further.
MAX_EXPONENT_DIGITS = 3

# The whole grammar; ASCII only (re.ASCII: [0-9] and nothing else is a digit). A minus sign is
# read so that the field's own range check can say what the value must be.
_QUANTITY_RE = re.compile(
    r"(?P<num>-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(?:[eE](?P<exp>[+-]?[0-9]+))?(?P<space> ?)(?P<unit>.*)",
    re.ASCII | re.DOTALL,
)
_NOT_FINITE_RE = re.compile(r"[+-]?(nan|inf|infinity)\b", re.ASCII | re.IGNORECASE)

# Every spelling any field accepts -> the pint expression it means (resources/units/units.txt).
# Case matters: "mL" is here, "ML" is not.
SPELLINGS: dict[str, str] = {
    # mass
    "kg": "kilogram", "kilogram": "kilogram", "kilograms": "kilogram",
    "g": "gram", "gram": "gram", "grams": "gram",
    "lb": "pound", "lbs": "pound", "pound": "pound", "pounds": "pound",
    "mg": "milligram", "milligram": "milligram", "milligrams": "milligram",
    "mcg": "microgram", "µg": "microgram", "μg": "microgram", "ug": "microgram",
    "microgram": "microgram", "micrograms": "microgram",
    # volume
    "mL": "milliliter", "ml": "milliliter", "milliliter": "milliliter", "milliliters": "milliliter",
    "millilitre": "milliliter", "millilitres": "milliliter",
    "L": "liter", "liter": "liter", "liters": "liter", "litre": "liter", "litres": "liter",
    "µL": "microliter", "μL": "microliter", "uL": "microliter", "ul": "microliter",
    # cell count (a whole-bag total) and cell concentration
    "cell": "cell", "cells": "cell",
    **{f"{c}/{v}": f"cell / {unit}" for c in ("cell", "cells")
       for v, unit in (("mL", "milliliter"), ("ml", "milliliter"), ("L", "liter"),
                       ("µL", "microliter"), ("μL", "microliter"), ("uL", "microliter"))},
    # laboratory values
    "mg/dL": "milligram / deciliter",
    "umol/L": "micromole / liter", "µmol/L": "micromole / liter", "μmol/L": "micromole / liter",
    "U/L": "enzyme_unit / liter",
    "s": "second",
    "%": "percent",
}


@dataclass(frozen=True)
class UnitList:
    """What one field accepts: the spellings a person may type, and the unit it is kept in.

    ``target`` is the pint unit :func:`parse_quantity` returns the value in (None: the list
    mixes dimensions, as mg/dL and µmol/L do, and only :func:`read_quantity` applies).
    ``shown`` are the spellings an error message offers; ``example`` is a value that works.
    """

    kind: str
    spellings: Mapping[str, str]
    shown: tuple[str, ...]
    example: str
    target: str | None = None

    def __contains__(self, unit: str) -> bool:
        return unit in self.spellings


def unit_list(kind: str, example: str, *spellings: str, target: str | None = None,
              shown: tuple[str, ...] | None = None) -> UnitList:
    """A field's allow-list from spellings of :data:`SPELLINGS` (an unknown one is a bug)."""
    missing = [s for s in spellings if s not in SPELLINGS]
    if missing:
        raise ValueError(f"not units InfuseCalc defines: {missing}")
    return UnitList(kind=kind, spellings={s: SPELLINGS[s] for s in spellings},
                    shown=shown or spellings, example=example, target=target)


WEIGHT = unit_list("mass", "42 kg", "kg", "g", "lb", "lbs", "kilogram", "kilograms", "gram",
                   "grams", "pound", "pounds", target="kilogram", shown=("kg", "g", "lb"))
DOSE_MASS = unit_list("mass", "10 mg", "mg", "g", "mcg", "µg", "μg", "ug", "milligram",
                      "milligrams", "gram", "grams", "microgram", "micrograms", target="milligram",
                      shown=("mg", "g", "mcg"))
VOLUME = unit_list("volume", "10 mL", "mL", "ml", "L", "µL", "μL", "uL", "ul", "milliliter",
                   "milliliters", "millilitre", "millilitres", "liter", "liters", "litre", "litres",
                   target="milliliter", shown=("mL", "L", "µL"))
CONCENTRATION = unit_list("concentration (cells per volume)", "1.3e7 cell/mL",
                          *(s for s in SPELLINGS if s.startswith("cell") and "/" in s), target="cell / milliliter",
                          shown=("cell/mL", "cells/mL", "cell/µL", "cell/L"))
CELL_COUNT = unit_list("cell count", "2.0e8 cell", "cell", "cells", target="cell")
# Laboratory values (eligibility): each a list of one unit, to combine as a test needs.
MG_PER_DL = unit_list("mass concentration", "1.2 mg/dL", "mg/dL", target="milligram / deciliter")
UMOL_PER_L = unit_list("molar concentration", "88 µmol/L", "umol/L", "µmol/L", "μmol/L",
                       target="micromole / liter", shown=("µmol/L", "umol/L"))
U_PER_L = unit_list("enzyme activity", "40 U/L", "U/L", target="enzyme_unit / liter")
SECONDS = unit_list("time", "12 s", "s", target="second")
PERCENT = unit_list("percentage", "45 %", "%", target="percent")


@cache
def registry() -> "pint.UnitRegistry[Decimal]":
    """The one registry, built once from our own definitions file (a few milliseconds)."""
    import pint

    from .datafile import resource_path

    ureg: pint.UnitRegistry[Decimal] = pint.UnitRegistry(
        str(resource_path(*UNITS_FILE)), non_int_type=Decimal, cache_folder=None)
    return ureg


@lru_cache(maxsize=64)
def _pint_unit(expression: str) -> "pint.Unit":
    # Only expressions from SPELLINGS reach here: a small, fixed set, parsed once each.
    return registry().parse_units(expression)


def convert(value: Decimal, from_unit: str, to_unit: str) -> Decimal:
    """``value`` in ``from_unit`` expressed in ``to_unit`` (pint expressions), exactly."""
    ureg = registry()
    return Decimal(ureg.Quantity(value, _pint_unit(from_unit)).to(_pint_unit(to_unit)).magnitude)


@dataclass(frozen=True)
class Amount:
    """A quantity as typed and accepted: its number, the unit spelled as typed, and what that
    spelling means in pint's terms."""

    value: Decimal
    unit: str
    pint_unit: str


def _odd_character(text: str) -> str | None:
    """A description of the first character no quantity may hold, else None."""
    for ch in text:
        if ch in "µμ" or ("!" <= ch <= "~") or ch == " ":
            continue
        name = unicodedata.name(ch, "")
        code = f"U+{ord(ch):04X}"
        if unicodedata.category(ch).startswith("N") or "DIGIT" in name:
            return f"the digit '{ch}' ({code}), which is not one of 0-9; type ASCII digits"
        if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Zs") or not ch.isprintable():
            return f"an invisible or control character ({code}{', ' + name if name else ''}); retype the value"
        return f"the character '{ch}' ({code}), which no quantity uses"
    return None


def _refuse(code: str, field: str, text: str, message: str) -> InputError:
    return InputError(problem(code, field, text, message))


def read_quantity(text: object, field: str, units: UnitList) -> Amount:
    """Read ``"<number> <unit>"`` strictly; the unit must be one of ``units``.

    Raises :class:`InputError` naming ``field``, what is wrong and a value that works.
    """
    example = units.example
    if isinstance(text, (int, float, Decimal)) and not isinstance(text, bool):
        raise _refuse("UNIT_MISSING", field, str(text),
                      f"{text} has no unit; a bare number is never accepted. Write it as a text like '{example}'.")
    if not isinstance(text, str) or not text.strip(" \t"):
        raise _refuse("QUANTITY_MISSING", field, "" if text is None else str(text)[:MAX_QUANTITY_CHARS],
                      f"A value is required, like '{example}'.")
    if len(text) > MAX_QUANTITY_CHARS:
        raise _refuse("QUANTITY_TOO_LONG", field, text[:MAX_QUANTITY_CHARS] + "…",
                      f"This is {len(text):,} characters long; a quantity is a number and a unit, "
                      f"at most {MAX_QUANTITY_CHARS} characters, like '{example}'.")
    text = text.strip(" \t")
    odd = _odd_character(text)
    if odd:
        raise _refuse("QUANTITY_CHARACTER", field, text,
                      f"'{text}' contains {odd}. Type it like '{example}'.")
    if _NOT_FINITE_RE.match(text):
        raise _refuse("QUANTITY_NOT_FINITE", field, text,
                      f"'{text}' is not a finite number. Type it like '{example}'.")
    m = _QUANTITY_RE.fullmatch(text)
    if not m:
        if "," in text:
            why = " Use a point for decimals and no thousands separator."
        else:
            why = ""
        raise _refuse("QUANTITY_FORMAT", field, text,
                      f"'{text}' is not a number followed by a unit.{why} Type it like '{example}'.")
    exp = (m.group("exp") or "").lstrip("+-")
    if len(exp) > MAX_EXPONENT_DIGITS:
        raise _refuse("QUANTITY_FORMAT", field, text,
                      f"The exponent in '{text}' has {len(exp)} digits; no quantity here needs more "
                      f"than {MAX_EXPONENT_DIGITS}. Type it like '{example}'.")
    unit = m.group("unit")
    if not unit:
        raise _refuse("UNIT_MISSING", field, text,
                      f"'{text}' has no unit; a bare number is never accepted. Type it like '{example}'.")
    if unit.startswith(" "):
        raise _refuse("QUANTITY_FORMAT", field, text,
                      f"'{text}' has more than one space between the number and the unit. Type it like '{example}'.")
    if not (unit[0].isascii() and unit[0].isalpha()) and unit[0] not in "µμ%":
        # "42,5 kg", "2*21 kg", "1.3e7; cell/mL": the number does not end where a unit begins.
        why = " Use a point for decimals and no thousands separator." if "," in text else ""
        raise _refuse("QUANTITY_FORMAT", field, text,
                      f"'{text}' is not a number followed by a unit.{why} Type it like '{example}'.")
    if unit not in units:
        raise _refuse("UNIT_NOT_ALLOWED", field, text,
                      f"'{unit}' is not accepted for {units.kind} here; use one of: "
                      f"{', '.join(units.shown)} (case matters), like '{example}'.")
    mantissa = m.group("num")
    value = Decimal(mantissa if not m.group("exp") else f"{mantissa}e{m.group('exp')}")
    return Amount(value=value, unit=unit, pint_unit=units.spellings[unit])


def parse_quantity(text: object, field: str, units: UnitList) -> Decimal:
    """Read ``text`` strictly (:func:`read_quantity`) and return its value in ``units.target``."""
    if units.target is None:
        raise ValueError(f"the unit list for {units.kind} has no single target unit; use read_quantity")
    amount = read_quantity(text, field, units)
    return convert(amount.value, amount.pint_unit, units.target)


def parse_weight_kg(text: object, field: str = "weight") -> Decimal:
    return parse_quantity(text, field, WEIGHT)


def parse_concentration(text: object, field: str = "product.concentration") -> Decimal:
    """CAR-T cells per mL."""
    return parse_quantity(text, field, CONCENTRATION)


def parse_volume_ml(text: object, field: str = "product.container_volume") -> Decimal:
    return parse_quantity(text, field, VOLUME)


def parse_mass_mg(text: object, field: str) -> Decimal:
    return parse_quantity(text, field, DOSE_MASS)


def parse_cell_count(text: object, field: str = "product.total_cells") -> Decimal:
    """A number of CAR-T cells written with its unit, like '2.0e8 cell' (a whole-bag total)."""
    return parse_quantity(text, field, CELL_COUNT)
