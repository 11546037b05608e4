"""Eligibility values at dose time: the registry's inclusion criteria with numbers.

Pure and exact. Values arrive parsed (Decimal in the unit typed, and in the lab's base unit by
multiplication only); every decision is taken on ``Fraction`` so no rounding can move a value
across its limit. A figure that had to be rounded for showing is never shown on its limit when
it is not exactly the limit (conventions.md: "A number compared with a limit is never shown
rounded onto that limit").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_EVEN, Decimal, localcontext
from fractions import Fraction
from typing import Literal

from .eligibility_data import LABS, CockcroftGault, EligibilityValues, ValueCriterion
from .eligibility_result import (ChecklistResult, CreatinineClearance, EligibilityResult, ParamValue,
                                 ValueFinding)
from .formatting import plain_decimal

CLEARANCE_UNIT = "mL/min"


@dataclass(frozen=True)
class Measured:
    """One lab value as the case gives it, once its units are read."""

    lab: str
    entered: str                 # as typed, e.g. '97.3 umol/L'
    value: Decimal               # the number typed
    unit: str                    # the accepted spelling's canonical form ('' for INR)
    base: Decimal                # value in the lab's base unit (value x factor, exact)
    measured_on: dt.date
    uln_entered: str | None = None
    uln: Decimal | None = None
    uln_unit: str | None = None
    uln_base: Decimal | None = None
    unit_factor: Decimal = Decimal(1)   # value unit -> base unit


def shown(x: Fraction, avoid: Fraction, places: int) -> Decimal:
    """``x`` as a Decimal of ``places`` decimals, but never equal to ``avoid`` unless x is.

    Rounding 29.96 to one place gives 30.0, which would read as "exactly at the limit": more
    places are shown until the figure is off the limit, and from 12 places on it is rounded
    away from the limit, so the figure shown is always on the same side of it as x.
    """
    with localcontext() as ctx:
        ctx.prec = 60
        exact = Decimal(x.numerator) / Decimal(x.denominator)
        for p in range(places, 13):
            q = exact.quantize(Decimal(1).scaleb(-p), rounding=ROUND_HALF_EVEN)
            if x == avoid or Fraction(q) != avoid:
                return q
        # Rounded toward the limit's far side, x cannot land on it: floor(x) <= x < avoid.
        rounding = ROUND_FLOOR if x < avoid else ROUND_CEILING
        return exact.quantize(Decimal(1).scaleb(-12), rounding=rounding)


def exact_or_shown(x: Fraction, avoid: Fraction, places: int) -> Decimal:
    """A ratio that terminates within `places` decimals is shown exactly; otherwise ``shown``."""
    with localcontext() as ctx:
        ctx.prec = 60
        d = Decimal(x.numerator) / Decimal(x.denominator)
        exponent = d.as_tuple().exponent
        if Fraction(d) == x and isinstance(exponent, int) and -exponent <= places:
            return d
    return shown(x, avoid, places)


def creatinine_clearance(age_years: int, weight_kg: Decimal, creatinine: Measured,
                         sex: Literal["female", "male"], cg: CockcroftGault,
                         limit: Decimal) -> tuple[Fraction, CreatinineClearance]:
    """Cockcroft-Gault, exactly: (offset - age) x kg x F / (divisor x Scr in umol/L), x 0.85 female.

    F (umol/L per mg/dL) turns the creatinine into mg/dL without a division that could round:
    a value typed in mg/dL has base = value x F, so F cancels and both units give the same
    fraction.
    """
    if creatinine.base <= 0 or weight_kg <= 0:
        raise ValueError("creatinine and weight must be above 0")
    factor = Fraction(cg.creatinine_umol_per_l_per_mg_per_dl)
    value = (Fraction(cg.age_offset - age_years) * Fraction(weight_kg) * factor
             / (Fraction(cg.divisor) * Fraction(creatinine.base)))
    female = sex == "female"
    if female:
        value *= Fraction(cg.female_factor)
    mg_dl = Fraction(creatinine.base) / factor
    shown_value = shown(value, Fraction(limit), 1)
    if creatinine.unit == "mg/dL":
        scr = f"{plain_decimal(creatinine.value)} mg/dL"
    else:
        scr = f"{plain_decimal(creatinine.value)} {creatinine.unit} / {plain_decimal(cg.creatinine_umol_per_l_per_mg_per_dl)}"
    formula = (f"({cg.age_offset} - {age_years} years) × {plain_decimal(weight_kg)} kg / "
               f"({plain_decimal(cg.divisor)} × {scr})"
               + (f" × {plain_decimal(cg.female_factor)}" if female else "")
               + f" = {plain_decimal(shown_value)} {CLEARANCE_UNIT}")
    return value, CreatinineClearance(
        value=shown_value, formula=formula, age_years=age_years, age_offset=cg.age_offset,
        weight_kg=weight_kg, creatinine_entered=creatinine.entered,
        creatinine_mg_dl=exact_or_shown(mg_dl, Fraction(-1), 4),
        creatinine_umol_l=creatinine.base, divisor=cg.divisor, sex=sex,
        female_factor=cg.female_factor if female else None,
    )


def _passes(comparison: str, value: Fraction, limit: Fraction) -> bool:
    if comparison == "at_least":
        return value >= limit
    if comparison == "at_most":
        return value <= limit
    return value > limit  # "above": strictly


_PASS = {"at_least": "ELIG_AT_LEAST_PASS", "at_most": "ELIG_AT_MOST_PASS", "above": "ELIG_ABOVE_PASS"}
_FAIL = {"at_least": "ELIG_BELOW_MINIMUM", "at_most": "ELIG_ABOVE_MAXIMUM", "above": "ELIG_NOT_ABOVE"}


def _dates(measured_on: dt.date, infusion_date: dt.date, validity_days: int
           ) -> tuple[int, bool, dt.date | None, dt.date | None]:
    """Days before infusion, whether the value is stale, and the window to repeat it in."""
    days = (infusion_date - measured_on).days
    stale = days < 0 or days > validity_days
    if not stale:
        return days, False, None, None
    return days, True, infusion_date - dt.timedelta(days=validity_days), infusion_date


def _finding(criterion: ValueCriterion, m: Measured, value: Decimal, unit: str, limit: Decimal,
             within: bool, infusion_date: dt.date, validity_days: int,
             extra: dict[str, ParamValue], **uln: object) -> ValueFinding:
    days, stale, repeat_from, repeat_by = _dates(m.measured_on, infusion_date, validity_days)
    if not within:
        status, code = "fail", _FAIL[criterion.comparison]
        if uln.get("uln_multiple") is not None:
            code = "ELIG_ABOVE_ULN_MULTIPLE"
    elif stale:
        status, code = "stale", ("ELIG_DATED_AFTER_INFUSION" if days < 0 else "ELIG_STALE")
    else:
        status, code = "pass", _PASS[criterion.comparison]
        if uln.get("uln_multiple") is not None:
            code = "ELIG_WITHIN_ULN_MULTIPLE"
    params: dict[str, ParamValue] = {
        "criterion": criterion.id, "value": value, "unit": unit, "limit": limit,
        "measured_on": m.measured_on, "days_before": days, "validity_days": validity_days,
        "infusion_date": infusion_date, "stale": stale,
    }
    if repeat_from is not None and repeat_by is not None:
        params.update(repeat_from=repeat_from, repeat_by=repeat_by)
    for key in ("uln", "uln_unit", "uln_multiple", "times_uln"):
        if uln.get(key) is not None:
            params[key] = uln[key]  # type: ignore[assignment]
    params.update(extra)
    return ValueFinding(
        criterion=criterion.id, lab=criterion.lab, status=status, value=value, unit=unit,
        comparison=criterion.comparison, limit=limit, within_limit=within,
        entered=m.entered, measured_on=m.measured_on, days_before=days, stale=stale,
        repeat_from=repeat_from, repeat_by=repeat_by, quote=criterion.quote,
        reason_code=code, reason_params=params, **uln,
    )


def _uln_finding(criterion: ValueCriterion, m: Measured, hepatobiliary: bool,
                 infusion_date: dt.date, validity_days: int) -> ValueFinding:
    multiple = criterion.multiple(hepatobiliary)
    assert multiple is not None and m.uln_base is not None and m.uln is not None
    if m.uln_base <= 0:
        raise ValueError(f"the ULN of {m.lab} must be above 0")
    limit_base = Fraction(multiple) * Fraction(m.uln_base)
    within = Fraction(m.base) <= limit_base
    limit_in_unit = limit_base / Fraction(m.unit_factor)
    ratio = Fraction(m.base) / Fraction(m.uln_base)
    return _finding(
        criterion, m, m.value, m.unit, exact_or_shown(limit_in_unit, Fraction(m.value), 4), within,
        infusion_date, validity_days, {"hepatobiliary_invasion": hepatobiliary},
        uln=m.uln, uln_unit=m.uln_unit, uln_multiple=multiple,
        times_uln=exact_or_shown(ratio, Fraction(multiple), 3),
    )


def check_values(values: dict[str, Measured], rules: EligibilityValues, *, infusion_date: dt.date,
                 age_years: int, weight_kg: Decimal, sex: Literal["female", "male"] | None,
                 hepatobiliary_invasion: bool, checklist: ChecklistResult | None = None) -> EligibilityResult:
    """Every criterion whose value the case gives, in the protocol's order; ``cleared`` also
    covers the attested checklist when one is given."""
    validity = rules.site_settings.validity_days
    findings: list[ValueFinding] = []
    clearance = None
    for criterion in rules.criteria:
        m = values.get(criterion.lab)
        if m is None:
            continue
        if criterion.id == "creatinine_clearance":
            if sex is None:
                raise ValueError("sex is needed with creatinine")
            assert criterion.limit is not None
            exact, clearance = creatinine_clearance(age_years, weight_kg, m, sex, rules.cockcroft_gault,
                                                    criterion.limit)
            within = _passes(criterion.comparison, exact, Fraction(criterion.limit))
            findings.append(_finding(criterion, m, clearance.value, CLEARANCE_UNIT, criterion.limit,
                                     within, infusion_date, validity,
                                     {"formula": clearance.formula}))
        elif criterion.uln_multiple is not None:
            findings.append(_uln_finding(criterion, m, hepatobiliary_invasion, infusion_date, validity))
        else:
            assert criterion.limit is not None
            within = _passes(criterion.comparison, Fraction(m.base), Fraction(criterion.limit))
            findings.append(_finding(criterion, m, m.value, criterion.unit or m.unit, criterion.limit,
                                     within, infusion_date, validity, {}))
    assessed = bool(values)
    cleared = all(f.status == "pass" for f in findings) if assessed \
        else rules.site_settings.no_values_clears
    if checklist is not None:
        cleared = cleared and checklist.cleared
    return EligibilityResult(
        assessed=assessed, validity_days=validity, hepatobiliary_invasion=hepatobiliary_invasion,
        creatinine_clearance_ml_min=clearance, findings=findings, cleared=cleared,
        not_assessed_clears=rules.site_settings.no_values_clears, checklist=checklist,
    )


__all__ = ["LABS", "Measured", "check_values", "creatinine_clearance", "exact_or_shown", "shown"]
