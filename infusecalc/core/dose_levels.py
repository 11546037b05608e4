"""Dose levels as protocol data: every dosing scheme a CAR-T protocol or label uses.

A level (or a weight band inside a level) is one of four kinds:

- ``flat``: a fixed number of cells (``cells``);
- ``per_kg``: cells per kg of actual body weight (``cells_per_kg``) with a total cap
  (``cap_cells``), or explicitly without one (``uncapped = true``): a missing cap is never
  taken as "no cap";
- ``range``: only a minimum and a maximum, no target (the label gives a range and the
  manufacturer fills the bag inside it);
- ``bands``: weight bands with explicit inclusive/exclusive edges, each band one of the
  three kinds above.

A ``flat`` or ``per_kg`` level may also give a range around its target. A range's minimum and
maximum are each flat (``min_cells``/``max_cells``) or per kg (``min_cells_per_kg``/
``max_cells_per_kg``); a per-kg maximum needs ``max_cap_cells`` or ``max_uncapped = true``.

All figures are exact Decimals read from text; nothing here is Qt or float.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from pydantic import Field, model_validator

from .datamodel import StrictData
from .formatting import plain_decimal as plain
from .quote_numbers import missing_from_quote

DecisionKind = Literal["de-escalation", "escalation", "extension"]
DECISION_KINDS: tuple[str, ...] = ("de-escalation", "escalation", "extension")


class _Strict(StrictData):
    """Bools never numbers, every number bounded, IDs plain identifiers (core/datamodel.py): a
    level "DL1 " or "DL1" + a zero-width space loaded as a level no case could name."""


def _positive_whole(value: Decimal, what: str) -> None:
    if not value.is_finite() or value <= 0 or value != value.to_integral_value():
        raise ValueError(f"{what} must be a positive whole number of cells, got {value}")


def _positive(value: Decimal, what: str) -> None:
    if not value.is_finite() or value <= 0:
        raise ValueError(f"{what} must be positive, got {value}")


class DoseRule(_Strict):
    """The dose figures shared by a level and a weight band."""

    kind: Literal["flat", "per_kg", "range", "bands"]
    # the target (flat or per kg)
    cells: Decimal | None = None
    cells_per_kg: Decimal | None = None
    cap_cells: Decimal | None = None
    uncapped: bool = False
    # an optional range (required for kind = "range")
    min_cells: Decimal | None = None
    min_cells_per_kg: Decimal | None = None
    max_cells: Decimal | None = None
    max_cells_per_kg: Decimal | None = None
    max_cap_cells: Decimal | None = None
    max_uncapped: bool = False

    @property
    def has_range(self) -> bool:
        return any(v is not None for v in (self.min_cells, self.min_cells_per_kg,
                                             self.max_cells, self.max_cells_per_kg))

    @property
    def is_per_kg(self) -> bool:
        """Whether weight changes any figure of this rule (its target or its range)."""
        return self.cells_per_kg is not None or self.min_cells_per_kg is not None \
            or self.max_cells_per_kg is not None

    def numbers(self) -> list[Decimal]:
        """Every figure of the rule, for the check that its quote states them."""
        return [v for _, v in self.named_numbers()]

    def named_numbers(self) -> list[tuple[str, Decimal]]:
        """(field, figure) for every figure the rule gives: rate, cap, flat cells, min, max."""
        names = ("cells", "cells_per_kg", "cap_cells", "min_cells", "min_cells_per_kg", "max_cells",
                 "max_cells_per_kg", "max_cap_cells")
        return [(n, getattr(self, n)) for n in names if getattr(self, n) is not None]

    def _check_target(self) -> None:
        if self.kind == "flat":
            if self.cells is None or self.cells_per_kg is not None or self.cap_cells is not None \
                    or self.uncapped:
                raise ValueError("a flat level has 'cells' and no 'cells_per_kg', 'cap_cells' or 'uncapped'")
            _positive_whole(self.cells, "cells")
        elif self.kind == "per_kg":
            if self.cells_per_kg is None or self.cells is not None:
                raise ValueError("a per_kg level has 'cells_per_kg' (and 'cap_cells'), not 'cells'")
            _positive(self.cells_per_kg, "cells_per_kg")
            if self.cap_cells is None and not self.uncapped:
                raise ValueError("a per_kg level needs 'cap_cells'; a dose with no cap must say so "
                                 "explicitly with 'uncapped = true'")
            if self.cap_cells is not None and self.uncapped:
                raise ValueError("give either 'cap_cells' or 'uncapped = true', not both")
            if self.cap_cells is not None:
                _positive_whole(self.cap_cells, "cap_cells")
        elif self.kind == "range":
            if any(v is not None for v in (self.cells, self.cells_per_kg, self.cap_cells)) or self.uncapped:
                raise ValueError("a range level has no target ('cells', 'cells_per_kg', 'cap_cells', "
                                 "'uncapped'); give a flat or per_kg level with a range for a target")
            if not self.has_range:
                raise ValueError("a range level needs a minimum and a maximum")

    def _check_range(self) -> None:
        if not self.has_range:
            if self.max_cap_cells is not None or self.max_uncapped:
                raise ValueError("'max_cap_cells'/'max_uncapped' belong to a per-kg maximum")
            return
        if (self.min_cells is None) == (self.min_cells_per_kg is None):
            raise ValueError("a range needs exactly one minimum: 'min_cells' or 'min_cells_per_kg'")
        if (self.max_cells is None) == (self.max_cells_per_kg is None):
            raise ValueError("a range needs exactly one maximum: 'max_cells' or 'max_cells_per_kg'")
        if self.min_cells is not None:
            _positive_whole(self.min_cells, "min_cells")
        if self.min_cells_per_kg is not None:
            _positive(self.min_cells_per_kg, "min_cells_per_kg")
        if self.max_cells is not None:
            _positive_whole(self.max_cells, "max_cells")
            if self.max_cap_cells is not None or self.max_uncapped:
                raise ValueError("a flat 'max_cells' takes no 'max_cap_cells' or 'max_uncapped'")
        if self.max_cells_per_kg is not None:
            _positive(self.max_cells_per_kg, "max_cells_per_kg")
            if self.max_cap_cells is None and not self.max_uncapped:
                raise ValueError("a per-kg maximum needs 'max_cap_cells'; a maximum with no cap must "
                                 "say so explicitly with 'max_uncapped = true'")
            if self.max_cap_cells is not None and self.max_uncapped:
                raise ValueError("give either 'max_cap_cells' or 'max_uncapped = true', not both")
            if self.max_cap_cells is not None:
                _positive_whole(self.max_cap_cells, "max_cap_cells")
        # What can be compared without a weight is compared now.
        if self.min_cells is not None and self.max_cells is not None and self.min_cells > self.max_cells:
            raise ValueError(f"min_cells {self.min_cells} is above max_cells {self.max_cells}")
        if self.min_cells_per_kg is not None and self.max_cells_per_kg is not None \
                and self.min_cells_per_kg > self.max_cells_per_kg:
            raise ValueError(f"min_cells_per_kg {self.min_cells_per_kg} is above max_cells_per_kg "
                             f"{self.max_cells_per_kg}")
        if self.cells is not None and not self.is_per_kg:
            assert self.min_cells is not None and self.max_cells is not None
            if not self.min_cells <= self.cells <= self.max_cells:
                raise ValueError(f"the target cells {self.cells} lie outside the level's range "
                                 f"{self.min_cells} to {self.max_cells}")

    def _check_shape(self) -> None:
        self._check_target()
        self._check_range()


class WeightBand(DoseRule):
    """One weight band of a level: its edges say explicitly whether the edge weight belongs to it."""

    kind: Literal["flat", "per_kg", "range"]
    weight_kg_min_inclusive: Decimal | None = None
    weight_kg_min_exclusive: Decimal | None = None
    weight_kg_max_inclusive: Decimal | None = None
    weight_kg_max_exclusive: Decimal | None = None
    quote: str | None = Field(default=None, min_length=1)

    @model_validator(mode="after")
    def _shape(self) -> "WeightBand":
        self._check_shape()
        if self.weight_kg_min_inclusive is not None and self.weight_kg_min_exclusive is not None:
            raise ValueError("a band has one lower edge: 'weight_kg_min_inclusive' or 'weight_kg_min_exclusive'")
        if self.weight_kg_max_inclusive is not None and self.weight_kg_max_exclusive is not None:
            raise ValueError("a band has one upper edge: 'weight_kg_max_inclusive' or 'weight_kg_max_exclusive'")
        if self.lower is None and self.upper is None:
            raise ValueError("a band needs at least one weight edge")
        for edge in (self.lower, self.upper):
            if edge is not None and (not edge.is_finite() or edge < 0):
                raise ValueError(f"a weight edge must be a number of kg at least 0, got {edge}")
        if self.lower is not None and self.upper is not None:
            if self.lower > self.upper or (self.lower == self.upper and not (
                    self.weight_kg_min_inclusive is not None and self.weight_kg_max_inclusive is not None)):
                raise ValueError("the band's lower edge is not below its upper edge: no weight falls in it")
        return self

    @property
    def lower(self) -> Decimal | None:
        return self.weight_kg_min_inclusive if self.weight_kg_min_inclusive is not None \
            else self.weight_kg_min_exclusive

    @property
    def upper(self) -> Decimal | None:
        return self.weight_kg_max_inclusive if self.weight_kg_max_inclusive is not None \
            else self.weight_kg_max_exclusive

    def holds(self, kg: Decimal) -> bool:
        if self.weight_kg_min_inclusive is not None and kg < self.weight_kg_min_inclusive:
            return False
        if self.weight_kg_min_exclusive is not None and kg <= self.weight_kg_min_exclusive:
            return False
        if self.weight_kg_max_inclusive is not None and kg > self.weight_kg_max_inclusive:
            return False
        if self.weight_kg_max_exclusive is not None and kg >= self.weight_kg_max_exclusive:
            return False
        return True

    def describe(self) -> str:
        """'≤ 50 kg', '> 50 kg', '20-50 kg' written with the edges' own signs."""
        parts = []
        if self.weight_kg_min_inclusive is not None:
            parts.append(f"≥ {_plain(self.weight_kg_min_inclusive)} kg")
        if self.weight_kg_min_exclusive is not None:
            parts.append(f"> {_plain(self.weight_kg_min_exclusive)} kg")
        if self.weight_kg_max_inclusive is not None:
            parts.append(f"≤ {_plain(self.weight_kg_max_inclusive)} kg")
        if self.weight_kg_max_exclusive is not None:
            parts.append(f"< {_plain(self.weight_kg_max_exclusive)} kg")
        return " and ".join(parts)


def _plain(value: Decimal) -> str:
    return plain(value)


class DoseLevel(DoseRule):
    id: str = Field(min_length=1)
    bands: list[WeightBand] | None = None
    requires_decision: DecisionKind | None = None
    quote: str = Field(min_length=1)
    quote_checked_by: str | None = Field(default=None, min_length=1)

    @model_validator(mode="before")
    @classmethod
    def _legacy_decision(cls, data: Any) -> Any:
        # Files written before decision kinds say 'requires_deescalation_decision = true'.
        if isinstance(data, dict) and "requires_deescalation_decision" in data:
            data = dict(data)
            legacy = data.pop("requires_deescalation_decision")
            if not isinstance(legacy, bool):
                raise ValueError("requires_deescalation_decision must be true or false")
            if legacy:
                if data.get("requires_decision", "de-escalation") != "de-escalation":
                    raise ValueError("requires_deescalation_decision = true contradicts requires_decision = "
                                     f"'{data['requires_decision']}'; keep only requires_decision")
                data["requires_decision"] = "de-escalation"
        return data

    @model_validator(mode="after")
    def _shape(self) -> "DoseLevel":
        if self.kind == "bands":
            if not self.bands:
                raise ValueError("a bands level needs at least one [[...bands]] entry")
            if self.numbers() or self.uncapped or self.max_uncapped:
                raise ValueError("a bands level gives its figures in its bands, not beside them")
            _check_band_order(self.bands)
        else:
            if self.bands is not None:
                raise ValueError(f"a {self.kind} level has no bands; use kind = \"bands\"")
            self._check_shape()
        self._check_quote()
        return self

    def _check_quote(self) -> None:
        """Every figure must appear in the quote it claims to implement, unless a person has
        checked the pairing and says so (an amended cap must not keep the old quote)."""
        if self.quote_checked_by is not None:
            return
        problems = [f"{name} {plain(value)}" for name, value in missing_from_quote(self.quote, self.named_numbers())]
        for i, band in enumerate(self.bands or [], start=1):
            problems += [f"band {i} {name} {plain(value)}"
                         for name, value in missing_from_quote(band.quote or self.quote, band.named_numbers())]
        if problems:
            raise ValueError(
                f"level {self.id}: its quote does not state {', '.join(problems)}. Quote the text that "
                f"gives these figures (an amendment's own wording), or, after checking them by hand, "
                f"add quote_checked_by = \"who, when, against which document\"")

    @property
    def requires_deescalation_decision(self) -> bool:
        return self.requires_decision == "de-escalation"

    def band_for(self, kg: Decimal) -> WeightBand | None:
        for band in self.bands or []:
            if band.holds(kg):
                return band
        return None


def _check_band_order(bands: list[WeightBand]) -> None:
    """Bands in increasing weight, touching, never overlapping: each weight in at most one band,
    and no weight between the first and the last band without one."""
    for i, (a, b) in enumerate(zip(bands, bands[1:], strict=False), start=1):
        if a.upper is None or b.lower is None:
            raise ValueError(f"bands {i} and {i + 1}: list bands from the lightest up; band {i} needs an "
                             f"upper edge and band {i + 1} a lower edge")
        if a.upper != b.lower:
            raise ValueError(f"bands {i} and {i + 1} do not meet: band {i} ends at {a.upper} kg, band "
                             f"{i + 1} starts at {b.lower} kg")
        a_incl = a.weight_kg_max_inclusive is not None
        b_incl = b.weight_kg_min_inclusive is not None
        if a_incl == b_incl:
            which = "both include" if a_incl else "neither includes"
            raise ValueError(f"bands {i} and {i + 1} {which} {a.upper} kg: exactly one of them must "
                             f"(e.g. weight_kg_max_inclusive = {a.upper} then weight_kg_min_exclusive = {a.upper})")
