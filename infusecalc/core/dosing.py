"""Age, group and dose: the arithmetic that decides how many CAR-T cells a patient receives.

All figures are Decimal; whole cells are taken by rounding down, so no rounding can lift a
dose over its cap. A range's minimum is rounded up: the smallest whole number of cells that
meets it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal, localcontext

from .dose_levels import DoseLevel, DoseRule, WeightBand
from .protocol import Group

# Enough digits that a per-kg rate times any admissible weight is exact.
_PRECISION = 60


def whole_cells(value: Decimal) -> int:
    """Round down to whole cells: a fraction of a cell is never added to a dose."""
    with localcontext() as ctx:
        ctx.prec = _PRECISION
        return int(value.to_integral_value(rounding=ROUND_FLOOR))


def whole_cells_up(value: Decimal) -> int:
    """Round up: the fewest whole cells that reach a minimum."""
    with localcontext() as ctx:
        ctx.prec = _PRECISION
        return int(value.to_integral_value(rounding=ROUND_CEILING))


def completed_years(born: dt.date, on: dt.date) -> int:
    """Age in completed years; someone born on 29 February turns a year older on 1 March."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _times(rate: Decimal, weight_kg: Decimal) -> Decimal:
    with localcontext() as ctx:
        ctx.prec = _PRECISION
        return rate * weight_kg


def exact_per_kg(level: DoseRule, weight_kg: Decimal) -> Decimal:
    assert level.cells_per_kg is not None
    return _times(level.cells_per_kg, weight_kg)


class DosingProblem(Exception):
    """The level has no dose for this weight (no band, an empty range, a target outside it)."""

    def __init__(self, code: str, message: str):
        self.code = code
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class Dose:
    """One level applied to one weight. ``cells`` is None when the level gives only a range."""

    kind: str                         # flat, per_kg or range (the band's kind inside a bands level)
    band: WeightBand | None
    cells: int | None
    uncapped_cells: int | None
    cap_cells: int | None
    cap_applied: bool
    cells_per_kg: Decimal | None
    min_cells: int | None
    max_cells: int | None
    max_uncapped_cells: int | None    # a per-kg maximum before its cap
    max_cap_cells: int | None
    max_cap_applied: bool
    min_cells_per_kg: Decimal | None
    max_cells_per_kg: Decimal | None
    weight_dependent: bool

    def within(self, cells: int) -> bool:
        lo = self.min_cells if self.min_cells is not None else self.cells
        hi = self.max_cells if self.max_cells is not None else self.cells
        assert lo is not None and hi is not None
        return lo <= cells <= hi


def _rule_dose(rule: DoseRule, weight_kg: Decimal, band: WeightBand | None) -> Dose:
    cells = uncapped = cap = None
    capped = False
    if rule.kind == "flat":
        assert rule.cells is not None
        cells = uncapped = whole_cells(rule.cells)
    elif rule.kind == "per_kg":
        exact = exact_per_kg(rule, weight_kg)
        uncapped = whole_cells(exact)
        if rule.cap_cells is not None:
            cap = whole_cells(rule.cap_cells)
            # A dose exactly equal to the cap is not 'capped' (conventions.md); one above it is.
            capped = exact > rule.cap_cells
            cells = whole_cells(min(exact, rule.cap_cells))
        else:
            cells = uncapped
    lo = hi = hi_uncapped = hi_cap = None
    hi_capped = False
    if rule.has_range:
        lo = whole_cells_up(rule.min_cells if rule.min_cells is not None
                            else _times(rule.min_cells_per_kg, weight_kg))  # type: ignore[arg-type]
        if rule.max_cells is not None:
            hi = hi_uncapped = whole_cells(rule.max_cells)
        else:
            exact_hi = _times(rule.max_cells_per_kg, weight_kg)  # type: ignore[arg-type]
            hi = hi_uncapped = whole_cells(exact_hi)
            if rule.max_cap_cells is not None:
                hi_cap = whole_cells(rule.max_cap_cells)
                hi_capped = exact_hi > rule.max_cap_cells
                hi = whole_cells(min(exact_hi, rule.max_cap_cells))
        if lo > hi:
            raise DosingProblem("RANGE_EMPTY_AT_WEIGHT",
                                f"at this weight the minimum ({lo:,} cells) is above the maximum "
                                f"({hi:,} cells): the protocol gives no dose for it")
        if cells is not None and not lo <= cells <= hi:
            raise DosingProblem("TARGET_OUTSIDE_RANGE",
                                f"at this weight the target ({cells:,} cells) lies outside the level's "
                                f"range {lo:,} to {hi:,} cells")
    return Dose(kind=rule.kind, band=band, cells=cells, uncapped_cells=uncapped, cap_cells=cap,
                cap_applied=capped, cells_per_kg=rule.cells_per_kg, min_cells=lo, max_cells=hi,
                max_uncapped_cells=hi_uncapped, max_cap_cells=hi_cap, max_cap_applied=hi_capped,
                min_cells_per_kg=rule.min_cells_per_kg, max_cells_per_kg=rule.max_cells_per_kg,
                weight_dependent=rule.is_per_kg or band is not None)


def dose_for(level: DoseLevel, weight_kg: Decimal) -> Dose:
    """The dose of ``level`` for a patient of ``weight_kg``; raises DosingProblem when none exists."""
    if level.kind == "bands":
        band = level.band_for(weight_kg)
        if band is None:
            bands = "; ".join(b.describe() for b in level.bands or [])
            raise DosingProblem("WEIGHT_IN_NO_BAND",
                                f"the weight falls in none of the level's weight bands ({bands})")
        return _rule_dose(band, weight_kg, band)
    return _rule_dose(level, weight_kg, None)


def dose_cells(level: DoseLevel, weight_kg: Decimal) -> tuple[int, int, int | None, bool]:
    """(cells, uncapped cells, cap, cap applied) for a level with a target."""
    d = dose_for(level, weight_kg)
    assert d.cells is not None and d.uncapped_cells is not None, "this level gives only a range"
    return d.cells, d.uncapped_cells, d.cap_cells, d.cap_applied


def groups_for_age(groups: list[Group], years: int) -> list[Group]:
    return [g for g in groups if g.min_age_years <= years <= g.max_age_years]
