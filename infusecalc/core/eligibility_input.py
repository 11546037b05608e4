"""Reading a case's eligibility values: units, ULNs and dates, before any check is made.

Every problem is collected with the field it concerns (``labs.alt.uln``), like the rest of the
case; nothing is guessed: a value without its unit, a ULN where the limit needs one and is
missing, or creatinine without the patient's sex, is refused.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from .case import Case, LabValue
from .eligibility import Measured
from .eligibility_data import LABS, EligibilityValues, LabUnits
from .errors import InputError, ProblemCollector, problem
from .units import UnitList, read_quantity, unit_list

# Examples shown in messages, in the units a laboratory report prints.
EXAMPLES = {
    "creatinine": "88 umol/L", "alt": "35 U/L", "ast": "30 U/L", "bilirubin": "12 umol/L",
    "inr": "1.1", "aptt": "32 s", "spo2": "97 %", "lvef": "60 %",
}
ULN_EXAMPLES = {"alt": "40 U/L", "ast": "40 U/L", "bilirubin": "21 umol/L", "inr": "1.2", "aptt": "40 s"}
PERCENT_LABS = ("spo2", "lvef")

# A bare decimal (a unit-less ratio such as INR): ASCII digits, one point, optional exponent.
_BARE_RE = re.compile(r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]{1,3})?", re.ASCII)


@lru_cache(maxsize=32)
def _allowed(name: str, spellings: tuple[str, ...]) -> UnitList:
    return unit_list(name, EXAMPLES.get(name, ""), *spellings)


def read_lab_quantity(text: str, field: str, name: str, units: LabUnits) -> tuple[Decimal, str, Decimal]:
    """``"97.3 umol/L"`` -> (97.3, 'umol/L', factor to the base unit), exactly; else InputError.

    Units are read by the program's strict grammar (core/units.py) against the lab's
    accepted spellings from the protocol. A lab without a unit (INR) takes a bare number and
    refuses any unit; every other lab refuses a bare number.
    """
    spellings = tuple(s for s in units.units if s)
    if spellings:
        amount = read_quantity(text, field, _allowed(name, spellings))
        return amount.value, amount.unit, units.units[amount.unit]
    raw = text.strip(" \t")
    if _BARE_RE.fullmatch(raw):
        return Decimal(raw), "", units.units[""]
    m = re.fullmatch(r"-?[0-9.]+(?:[eE][+-]?[0-9]+)? ?[A-Za-zµμ%/].*", raw)
    if m:
        raise InputError(problem(
            "LAB_UNIT_NOT_ALLOWED", field, text,
            f"{name.upper()} has no unit; type the number alone, like '{EXAMPLES.get(name, '1.1')}'."))
    raise InputError(problem("QUANTITY_FORMAT", field, text,
                             f"'{text}' is not a number. Type it like '{EXAMPLES.get(name, '1.1')}'."))


def _entry(name: str, entry: LabValue, rules: EligibilityValues, errors: ProblemCollector) -> Measured | None:
    at = f"labs.{name}"
    units = rules.labs.get(name)
    criteria = rules.criterion_for(name)
    if units is None or not criteria:
        errors.add("LAB_NOT_IN_PROTOCOL", at, name,
                   f"The protocol checks no criterion with '{name}'; remove it or use a protocol that does.")
        return None
    ok = True
    value = unit = factor = None
    try:
        value, unit, factor = read_lab_quantity(entry.value, f"{at}.value", name, units)
        if value <= 0 or (name in PERCENT_LABS and value > 100):
            upper = " and at most 100 %" if name in PERCENT_LABS else ""
            errors.add("LAB_VALUE_OUT_OF_RANGE", f"{at}.value", entry.value,
                       f"'{entry.value}' is not a possible {name} value (it must be above 0{upper}). "
                       f"Check the number and its unit.")
            ok = False
    except InputError as exc:
        errors.extend(exc)
        ok = False
    needs_uln = any(c.uln_multiple is not None for c in criteria)
    uln = uln_unit = uln_factor = None
    if needs_uln and entry.uln is None:
        errors.add("ULN_REQUIRED", f"{at}.uln", "",
                   f"The limit for {name} is a multiple of the laboratory's upper limit of normal; enter "
                   f"it (\"uln\": \"{ULN_EXAMPLES[name]}\").")
        ok = False
    elif not needs_uln and entry.uln is not None:
        errors.add("ULN_NOT_USED", f"{at}.uln", entry.uln,
                   f"The limit for {name} is a fixed number, not a multiple of the ULN; remove \"uln\".")
        ok = False
    elif entry.uln is not None:
        try:
            uln, uln_unit, uln_factor = read_lab_quantity(entry.uln, f"{at}.uln", name, units)
            if uln <= 0:
                errors.add("LAB_VALUE_OUT_OF_RANGE", f"{at}.uln", entry.uln,
                           f"The upper limit of normal must be above 0, like '{ULN_EXAMPLES[name]}'.")
                ok = False
        except InputError as exc:
            errors.extend(exc)
            ok = False
    if not ok or value is None or unit is None or factor is None:
        return None
    return Measured(
        lab=name, entered=entry.value, value=value, unit=unit, base=value * factor, unit_factor=factor,
        measured_on=entry.date, uln_entered=entry.uln, uln=uln, uln_unit=uln_unit,
        uln_base=None if uln is None or uln_factor is None else uln * uln_factor,
    )


def read_labs(case: Case, rules: EligibilityValues, errors: ProblemCollector) -> dict[str, Measured]:
    """The case's lab values, read; problems go to ``errors`` with the field they concern."""
    out: dict[str, Measured] = {}
    if case.labs is None:
        return out
    for name in LABS:
        entry = getattr(case.labs, name)
        if entry is None:
            continue
        measured = _entry(name, entry, rules, errors)
        if measured is not None:
            out[name] = measured
    if case.labs.creatinine is not None and case.sex is None:
        errors.add("SEX_REQUIRED", "sex", "",
                   "Creatinine clearance (Cockcroft-Gault) depends on the patient's sex; enter "
                   "\"sex\": \"female\" or \"male\".")
    return out
