"""The values a bedside double check compares, taken from an Evaluation, and their comparison."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any

from ..core.formatting import plain_decimal
from ..core.result import Evaluation


@dataclass(frozen=True)
class CheckedValues:
    """Key results of one computation; decimals as exact plain text (never floats)."""

    subject_id: str
    weight_kg: str
    group: str
    dose_level: str
    dose_cells: int
    concentration_cells_per_ml: str
    container_volume_ml: str
    volume_ml: str
    containers: int
    lot: str | None
    bag_ids: tuple[str, ...]

    @classmethod
    def from_evaluation(cls, ev: Evaluation) -> CheckedValues:
        if ev.product is None:
            raise ValueError("the evaluation has no product label values")
        p = ev.product
        return cls(subject_id=ev.subject_id, weight_kg=plain_decimal(ev.weight.kg),
                   group=ev.dose.group, dose_level=ev.dose.level, dose_cells=ev.dose.cells,
                   concentration_cells_per_ml=plain_decimal(p.concentration_cells_per_ml),
                   container_volume_ml=plain_decimal(p.container_volume_ml),
                   volume_ml=plain_decimal(p.volume_ml), containers=p.containers,
                   lot=p.lot or None, bag_ids=tuple(p.bag_ids))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CheckedValues:
        return cls(**{**data, "bag_ids": tuple(data["bag_ids"])})

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["bag_ids"] = list(self.bag_ids)
        return d


@dataclass(frozen=True)
class Difference:
    field: str
    label: str
    entered: str     # the verifier's value
    issued: str      # the sheet's value


# (field, label shown to people, how two values are compared)
def _exact(a: Any, b: Any) -> bool:
    return a == b


def _decimal(a: str, b: str) -> bool:
    return Decimal(a) == Decimal(b)


def _code(a: str | None, b: str | None) -> bool:
    return (a or "").strip().casefold() == (b or "").strip().casefold()


def _codes(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    # Bags are the same set whatever order they were typed in.
    return sorted(x.strip().casefold() for x in a) == sorted(x.strip().casefold() for x in b)


FIELDS = [
    ("subject_id", "subject ID", _exact),
    ("weight_kg", "weight (kg)", _decimal),
    ("group", "group", _exact),
    ("dose_level", "dose level", _exact),
    ("dose_cells", "dose (CAR-T cells)", _exact),
    ("concentration_cells_per_ml", "concentration (cells/mL)", _decimal),
    ("container_volume_ml", "container volume (mL)", _decimal),
    ("volume_ml", "volume to draw (mL)", _decimal),
    ("containers", "containers", _exact),
    ("lot", "lot", _code),
    ("bag_ids", "bag IDs", _codes),
]


def _show(value: Any) -> str:
    if isinstance(value, tuple):
        return ", ".join(value) or "(none)"
    return "(none)" if value is None else str(value)


def shown_figure(field: str, text: str) -> str:
    """A compared value as people read it: whole counts with thousands separators (252,000,000
    cells, not 252000000, whose zeros a nurse would have to count). The recorded difference
    keeps the plain text."""
    if field in ("dose_cells", "containers") and text.isdigit():
        return f"{int(text):,}"
    return text


def compare(entered: CheckedValues, issued: CheckedValues) -> list[Difference]:
    out = []
    for name, label, same in FIELDS:
        a, b = getattr(entered, name), getattr(issued, name)
        if not same(a, b):
            out.append(Difference(name, label, _show(a), _show(b)))
    return out
