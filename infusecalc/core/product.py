"""Volume to draw from the product: dose / concentration, rounded down to the graduation."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal, localcontext

from .dosing import whole_cells


@dataclass(frozen=True)
class Draw:
    volume_ml: Decimal
    containers: int
    delivered_cells: int


def draw(dose_cells: int, cells_per_ml: Decimal, container_ml: Decimal, graduation_ml: Decimal) -> Draw:
    """Rounding the volume down means the cells delivered never exceed the calculated dose."""
    with localcontext() as ctx:
        ctx.prec = 60
        steps = (Decimal(dose_cells) / cells_per_ml / graduation_ml).to_integral_value(rounding=ROUND_FLOOR)
        volume = steps * graduation_ml
        containers = int((volume / container_ml).to_integral_value(rounding=ROUND_CEILING))
        delivered = whole_cells(volume * cells_per_ml)
    return Draw(volume_ml=volume, containers=containers, delivered_cells=delivered)
