"""Plausibility limits: site settings that refuse a value no patient or product can have.

A value outside them is refused (exit 2 from the CLI, the field named), never computed with:
a weight of 1e-9 kg gave a dose of 0 cells, a concentration of 1.3e-7 cells/mL gave 1.9e15 mL
to draw. The limits come from the protocol file's [site_settings] and are printed on the sheet.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from .errors import ProblemCollector
from .formatting import plain_decimal

if TYPE_CHECKING:
    from .case import Case
    from .protocol import SiteSettings


def within(value: Decimal, low: Decimal, high: Decimal) -> bool:
    return low <= value <= high


def _in_range(value: Decimal, low: Decimal, high: Decimal, code: str, field: str, entered: str,
              why: str, errors: ProblemCollector) -> bool:
    """One plausibility range: inside it is True; outside, the refusal is collected naming the
    field and the value as entered (the number alone would hide a wrong unit)."""
    if within(value, low, high):
        return True
    errors.add(code, field, entered, why)
    return False


def check_weight(kg: Decimal, entered: str, s: "SiteSettings", errors: ProblemCollector) -> bool:
    return _in_range(
        kg, s.weight_min_kg, s.weight_max_kg, "WEIGHT_OUT_OF_RANGE", "weight", entered,
        f"{entered} is not a possible body weight here (the site's limits are "
        f"{plain_decimal(s.weight_min_kg)} to {plain_decimal(s.weight_max_kg)} kg). "
        f"Check the number and the unit.", errors)


def check_concentration(cells_per_ml: Decimal, entered: str, s: "SiteSettings",
                        errors: ProblemCollector) -> bool:
    low, high = s.concentration_min_cells_per_ml, s.concentration_max_cells_per_ml
    return _in_range(
        cells_per_ml, low, high, "CONCENTRATION_OUT_OF_RANGE", "product.concentration", entered,
        f"{entered} is not a possible CAR-T concentration (the site's limits are "
        f"{_sci(low)} to {_sci(high)} cells/mL). Copy the concentration from the label, "
        f"like '1.3e7 cell/mL'.", errors)


def check_container_volume(ml: Decimal, entered: str, s: "SiteSettings", errors: ProblemCollector) -> bool:
    low, high = s.container_volume_min_ml, s.container_volume_max_ml
    return _in_range(
        ml, low, high, "CONTAINER_VOLUME_OUT_OF_RANGE", "product.container_volume", entered,
        f"{entered} is not a possible bag or vial volume (the site's limits are "
        f"{plain_decimal(low)} to {plain_decimal(high)} mL). Copy the volume from the label, "
        f"like '10 mL'.", errors)


def check_glucocorticoid(prednisone_mg: Decimal, entered: str, field: str, s: "SiteSettings",
                         errors: ProblemCollector) -> bool:
    if prednisone_mg <= s.glucocorticoid_max_prednisone_mg_per_day:
        return True
    errors.add("DAILY_DOSE_OUT_OF_RANGE", field, entered,
               f"{entered} a day is {plain_decimal(prednisone_mg)} mg prednisone equivalent, above the "
               f"site's limit of {plain_decimal(s.glucocorticoid_max_prednisone_mg_per_day)} mg/day that no "
               f"regimen reaches. Check the number, the unit (mg, not mcg or g) and the agent.")
    return False


def check_dates(case: "Case", s: "SiteSettings", errors: ProblemCollector) -> bool:
    """Every date of the case inside the site's date range (date arithmetic stays in range)."""
    dates: list[tuple[str, dt.date | None]] = [
        ("infusion_date", case.infusion_date), ("consent_date", case.consent_date),
        ("date_of_birth", case.date_of_birth), ("weight_date", case.weight_date)]
    for i, exp in enumerate(case.exposures):
        dates.append((f"exposures.{i}.last_date", exp.last_date))
        dates.append((f"exposures.{i}.first_date", getattr(exp, "first_date", None)))
    ok = True
    for field, day in dates:
        if day is not None and not s.date_min <= day <= s.date_max:
            errors.add("DATE_OUT_OF_RANGE", field, day.isoformat(),
                       f"{day.isoformat()} is outside the dates InfuseCalc accepts "
                       f"({s.date_min.isoformat()} to {s.date_max.isoformat()}); check the year.")
            ok = False
    return ok


def _sci(value: Decimal) -> str:
    from .formatting import scientific

    return scientific(int(value), ascii_only=True) if value == value.to_integral_value() else plain_decimal(value)
