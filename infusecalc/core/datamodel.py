"""The base of every protocol and formulary model: strict types and bounds for every number.

A data file is checked when it loads, naming the file, the field and the reason, so that an
unsafe file never reaches a patient's dose: ``window_days = true`` (read as 1 day before),
``window_days = 1000000000``, ``cap_cells = "1e5000"``, a flat dose of 3e30 cells, a steroid
threshold of 1e9, prednisone equivalents of 1e-30 mg, a dose-level ID ``"DL1 "`` or with a
zero-width space.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, model_validator

# ^[A-Za-z0-9][A-Za-z0-9_-]*$ (ASCII only: a full-width "ＤＬ１" is not "DL1").
ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*", re.ASCII)

# (model, field) -> inclusive bounds. A number not listed here is still finite and at most
# DEFAULT_MAX in size: no clinical figure in a data file comes near it.
DEFAULT_MAX = Decimal("1e12")
BOUNDS: dict[tuple[str, str], tuple[Decimal, Decimal]] = {
    ("DoseLevel", "cells"): (Decimal(1), Decimal("1e10")),
    ("DoseLevel", "cells_per_kg"): (Decimal("1e3"), Decimal("1e8")),
    ("DoseLevel", "cap_cells"): (Decimal(1), Decimal("1e10")),
    ("Group", "min_age_years"): (Decimal(0), Decimal(120)),
    ("Group", "max_age_years"): (Decimal(0), Decimal(120)),
    ("Group", "soft_weight_min_kg"): (Decimal("0.5"), Decimal(1000)),
    ("Group", "soft_weight_max_kg"): (Decimal("0.5"), Decimal(1000)),
    ("Eligibility", "min_age_years"): (Decimal(0), Decimal(120)),
    ("Eligibility", "max_age_years"): (Decimal(0), Decimal(120)),
    ("SiteSettings", "weight_min_kg"): (Decimal("0.5"), Decimal(1000)),
    ("SiteSettings", "weight_max_kg"): (Decimal("0.5"), Decimal(1000)),
    ("SiteSettings", "volume_graduation_ml"): (Decimal("0.001"), Decimal(10)),
    ("SiteSettings", "steroid_threshold_prednisone_mg_per_day"): (Decimal(0), Decimal(1000)),
    ("SiteSettings", "max_delivery_deviation_percent"): (Decimal(0), Decimal(100)),
    ("SiteSettings", "lymphodepletion_min_days"): (Decimal(0), Decimal(365)),
    ("SiteSettings", "lymphodepletion_max_days"): (Decimal(0), Decimal(365)),
    ("SiteSettings", "concentration_min_cells_per_ml"): (Decimal(1), Decimal("1e12")),
    ("SiteSettings", "concentration_max_cells_per_ml"): (Decimal(1), Decimal("1e12")),
    ("SiteSettings", "container_volume_min_ml"): (Decimal("0.001"), Decimal(10000)),
    ("SiteSettings", "container_volume_max_ml"): (Decimal("0.001"), Decimal(10000)),
    ("SiteSettings", "glucocorticoid_max_prednisone_mg_per_day"): (Decimal(1), Decimal(100000)),
    ("WashoutRule", "window_days"): (Decimal(0), Decimal(3650)),
    ("Agent", "prednisone_equivalent_mg"): (Decimal("0.01"), Decimal(1000)),
}
DATE_BOUNDS = (dt.date(1800, 1, 1), dt.date(2300, 12, 31))
# Fields that hold identifiers, by model (class names are identifiers too).
ID_FIELDS = {"id", "classes"}


def _annotation_takes_bool(annotation: Any) -> bool:
    return annotation is bool or "bool" in str(annotation)


class StrictData(BaseModel):
    """Frozen, no unknown keys, a true/false never a number, every number finite and bounded."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    @model_validator(mode="before")
    @classmethod
    def _no_bool_numbers(cls, data: Any) -> Any:
        # pydantic reads true as 1 for an int or Decimal field: "window_days = true" was 1 day.
        if isinstance(data, dict):
            for name, info in cls.model_fields.items():
                value = data.get(info.alias or name)
                if isinstance(value, bool) and not _annotation_takes_bool(info.annotation):
                    raise ValueError(f"'{name}' is {str(value).lower()}: true/false is never a number; "
                                     f"write the value itself")
        return data

    @model_validator(mode="after")
    def _bounded(self) -> "StrictData":
        model = type(self).__name__
        for name in type(self).model_fields:
            value = getattr(self, name)
            if isinstance(value, bool):
                continue
            if isinstance(value, (int, Decimal)):
                _check_number(model, name, Decimal(value))
            elif isinstance(value, dt.date) and not DATE_BOUNDS[0] <= value <= DATE_BOUNDS[1]:
                raise ValueError(f"'{name}' = {value} is not a plausible date")
            if name in ID_FIELDS:
                for item in value if isinstance(value, list) else [value]:
                    if isinstance(item, str) and not ID_PATTERN.fullmatch(item):
                        raise ValueError(f"'{name}' {item!r} is not an identifier: letters A-Z, digits, "
                                         f"'_' and '-' only, starting with a letter or digit "
                                         f"(no spaces, no invisible or full-width characters)")
        return self


def _check_number(model: str, name: str, value: Decimal) -> None:
    if not value.is_finite():
        raise ValueError(f"'{name}' is {value}: a number here must be finite")
    low, high = BOUNDS.get((model, name), (-DEFAULT_MAX, DEFAULT_MAX))
    if not low <= value <= high:
        raise ValueError(f"'{name}' = {value} is outside {low}..{high}, the range a value of it can have")
