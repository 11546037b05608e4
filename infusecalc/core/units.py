"""The program's one pint registry, and strict parsing of quantities typed by people.

pint is slow to build (about half a second), so the registry is created on first use, once.
Quantities are Decimal-valued: every figure that decides a dose stays exact.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from .errors import InputError, problem

if TYPE_CHECKING:
    import pint

# A plain decimal literal, optional exponent, then a unit. No arithmetic, no "×10^":
# pint would happily evaluate "2*3 kg", and a dose tool must never guess what was meant.
_QUANTITY_RE = re.compile(
    r"^\s*(?P<num>[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)\s*(?P<unit>[A-Za-zµμ/].*?)?\s*$"
)

WEIGHT_UNITS: dict[str, str] = {
    "kg": "kilogram", "kilogram": "kilogram", "kilograms": "kilogram",
    "g": "gram", "gram": "gram", "grams": "gram",
    "lb": "pound", "lbs": "pound", "pound": "pound", "pounds": "pound",
}


@cache
def registry() -> "pint.UnitRegistry[Decimal]":
    import pint

    ureg: pint.UnitRegistry[Decimal] = pint.UnitRegistry(non_int_type=Decimal, cache_folder=None)
    # CAR-T cells are counted, so a cell is its own base dimension: cell/mL can never be
    # confused with a plain per-mL figure.
    ureg.define("cell = [cell_count] = cells")
    return ureg


@lru_cache(maxsize=256)
def _units(text: str) -> "pint.Unit | None":
    """Parsed units, cached: parsing is most of the cost of reading a quantity, and people
    type the same few units again and again. None for text that is not a unit."""
    import pint

    try:
        return registry().parse_units(text)
    except (pint.errors.UndefinedUnitError, pint.errors.DefinitionSyntaxError, AttributeError,
            TypeError, ValueError, SyntaxError):
        return None


def _number(text: str, field: str, example: str) -> tuple[Decimal, str]:
    m = _QUANTITY_RE.match(text)
    if not m:
        hint = " Use a point for decimals, not a comma." if "," in text else ""
        raise InputError(problem(
            "QUANTITY_FORMAT", field, text,
            f"'{text}' is not a number followed by a unit.{hint} Type it like '{example}'.",
        ))
    try:
        value = Decimal(m.group("num"))
    except InvalidOperation:  # pragma: no cover - the regex admits only valid literals
        raise InputError(problem("QUANTITY_FORMAT", field, text, f"Type it like '{example}'.")) from None
    unit = (m.group("unit") or "").strip()
    if not unit:
        raise InputError(problem(
            "UNIT_MISSING", field, text,
            f"'{text}' has no unit; a bare number is never accepted. Type it like '{example}'.",
        ))
    return value, unit


def parse_quantity(text: object, field: str, kind: str, target: str, example: str,
                   allowed_units: dict[str, str] | None = None) -> Decimal:
    """Parse ``"<number> <unit>"`` and return its magnitude in ``target`` units, exactly.

    ``kind`` names the dimension for messages (``"mass"``); ``allowed_units``, when
    given, restricts the spellings a person may use (weight: kg, g, lb only).
    """
    if isinstance(text, (int, float, Decimal)) and not isinstance(text, bool):
        raise InputError(problem(
            "UNIT_MISSING", field, text,
            f"{text} has no unit; a bare number is never accepted. Write it as a text like '{example}'.",
        ))
    if not isinstance(text, str) or not text.strip():
        raise InputError(problem("QUANTITY_MISSING", field, text, f"A value is required, like '{example}'."))
    if re.search(r"\b(nan|inf|infinity)\b", text, re.IGNORECASE):
        raise InputError(problem("QUANTITY_NOT_FINITE", field, text,
                                 f"'{text}' is not a finite number. Type it like '{example}'."))
    value, unit = _number(text, field, example)
    if allowed_units is not None:
        canonical = allowed_units.get(unit) or allowed_units.get(unit.casefold())
        if canonical is None:
            allowed = ", ".join(sorted({k for k in allowed_units if len(k) <= 3}))
            raise InputError(problem(
                "UNIT_NOT_ALLOWED", field, text,
                f"'{unit}' is not accepted here; use one of: {allowed} (like '{example}').",
            ))
        unit = canonical
    ureg = registry()
    units = _units(unit)
    if units is None:
        raise InputError(problem("UNIT_UNKNOWN", field, text,
                                 f"'{unit}' is not a unit InfuseCalc knows. Type it like '{example}'."))
    target_units = _units(target)
    assert target_units is not None, target  # targets are our own unit names
    if units.dimensionality != target_units.dimensionality:
        raise InputError(problem(
            "UNIT_WRONG_DIMENSION", field, text,
            f"'{unit}' is not a unit of {kind}. Type it like '{example}'.",
        ))
    magnitude = ureg.Quantity(value, units).to(target).magnitude
    return Decimal(magnitude)


def parse_weight_kg(text: object, field: str = "weight") -> Decimal:
    return parse_quantity(text, field, "mass", "kilogram", "42 kg", WEIGHT_UNITS)


def parse_concentration(text: object, field: str = "product.concentration") -> Decimal:
    """CAR-T cells per mL."""
    return parse_quantity(text, field, "concentration (cells per volume)", "cell / milliliter",
                          "1.3e7 cell/mL")


def parse_volume_ml(text: object, field: str = "product.container_volume") -> Decimal:
    return parse_quantity(text, field, "volume", "milliliter", "10 mL")


def parse_mass_mg(text: object, field: str) -> Decimal:
    return parse_quantity(text, field, "mass", "milligram", "10 mg")
