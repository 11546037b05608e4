"""Age, group and dose: the arithmetic that decides how many CAR-T cells a patient receives.

All figures are Decimal; whole cells are taken by rounding down, so no rounding can lift a
dose over its cap.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_FLOOR, Decimal, localcontext

from .protocol import DoseLevel, Group

# Enough digits that a per-kg rate times any admissible weight is exact.
_PRECISION = 60


def whole_cells(value: Decimal) -> int:
    """Round down to whole cells: a fraction of a cell is never added to a dose."""
    with localcontext() as ctx:
        ctx.prec = _PRECISION
        return int(value.to_integral_value(rounding=ROUND_FLOOR))


def completed_years(born: dt.date, on: dt.date) -> int:
    """Age in completed years; someone born on 29 February turns a year older on 1 March."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def exact_per_kg(level: DoseLevel, weight_kg: Decimal) -> Decimal:
    assert level.cells_per_kg is not None
    with localcontext() as ctx:
        ctx.prec = _PRECISION
        return level.cells_per_kg * weight_kg


def dose_cells(level: DoseLevel, weight_kg: Decimal) -> tuple[int, int, int | None, bool]:
    """(cells, uncapped cells, cap, cap applied) for one level and weight.

    A dose exactly equal to the cap is not 'capped' (conventions.md); one above it is.
    """
    if level.kind == "flat":
        assert level.cells is not None
        cells = whole_cells(level.cells)
        return cells, cells, None, False
    assert level.cap_cells is not None
    exact = exact_per_kg(level, weight_kg)
    cap = whole_cells(level.cap_cells)
    capped = exact > level.cap_cells
    cells = whole_cells(min(exact, level.cap_cells))
    return cells, whole_cells(exact), cap, capped


def groups_for_age(groups: list[Group], years: int) -> list[Group]:
    return [g for g in groups if g.min_age_years <= years <= g.max_age_years]
