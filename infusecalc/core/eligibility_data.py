"""The registry's eligibility criteria as protocol data (``[eligibility_values]`` in the TOML).

Two kinds: criteria with numbers that the program checks against values measured before the
infusion (creatinine clearance, liver, coagulation, oxygen, heart), and every other inclusion
or exclusion criterion as a checklist item a person attests to. Limits, unit conversions and
site settings live in the file beside the registry sentence they implement; none is in code.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

# The labs a case may carry, in the order they are shown. The names are the case file's keys.
LABS = ("creatinine", "alt", "ast", "bilirubin", "inr", "aptt", "spo2", "lvef")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# How far a figure of this file may go. A laboratory limit, a multiple of the upper limit of
# normal, a unit factor or a constant of a formula outside these is no clinical figure but a
# typing error, and at 10^308 or 0x-thousands-of-digits it broke the arithmetic of every case
# checked against it (exit 3, "internal error", instead of the file refused at load).
LARGEST_FIGURE = Decimal(1_000_000)
SMALLEST_FIGURE = Decimal("0.000001")


def _sensible(value: Decimal, what: str) -> None:
    if not value.is_finite() or not SMALLEST_FIGURE <= value <= LARGEST_FIGURE:
        raise ValueError(f"{what} must be between {SMALLEST_FIGURE} and {LARGEST_FIGURE:,}")


class LabUnits(_Strict):
    """How one lab's value is typed: accepted unit spellings and their factor to the base unit.

    Conversions are multiplications only (to the base unit), so comparing two values typed in
    different units stays exact.
    """

    base_unit: str                      # '' for a unit-less ratio (INR)
    units: dict[str, Decimal]           # accepted spelling -> factor to base_unit
    reading: str | None = None

    @field_validator("units")
    @classmethod
    def _positive(cls, units: dict[str, Decimal]) -> dict[str, Decimal]:
        if not units:
            raise ValueError("a lab needs at least one accepted unit")
        from .units import SPELLINGS  # the program's units (core/units.py), read strictly

        for spelling, factor in units.items():
            _sensible(factor, f"the factor of '{spelling}'")
            if spelling and spelling not in SPELLINGS:
                raise ValueError(f"'{spelling}' is not a unit InfuseCalc reads (core/units.py SPELLINGS)")
        return units


class ValueCriterion(_Strict):
    id: str = Field(min_length=1)
    lab: str                                           # the case's lab key it reads
    comparison: Literal["at_least", "at_most", "above"]
    limit: Decimal | None = None                       # absolute limit, in `unit`
    unit: str | None = None
    uln_multiple: Decimal | None = None                # limit = uln_multiple x ULN
    uln_multiple_hepatobiliary: Decimal | None = None  # with hepatobiliary invasion
    quote: str = Field(min_length=1)
    reading: str | None = None

    @model_validator(mode="after")
    def _shape(self) -> "ValueCriterion":
        if self.lab not in LABS:
            raise ValueError(f"lab '{self.lab}' is not one of {', '.join(LABS)}")
        if (self.limit is None) == (self.uln_multiple is None):
            raise ValueError(f"criterion {self.id} needs exactly one of 'limit' and 'uln_multiple'")
        if self.uln_multiple is not None and self.comparison != "at_most":
            raise ValueError(f"criterion {self.id}: a multiple of the ULN is an upper limit (at_most)")
        for value in (self.limit, self.uln_multiple, self.uln_multiple_hepatobiliary):
            if value is not None:
                _sensible(value, f"criterion {self.id}: a limit")
        return self

    def multiple(self, hepatobiliary_invasion: bool) -> Decimal | None:
        if hepatobiliary_invasion and self.uln_multiple_hepatobiliary is not None:
            return self.uln_multiple_hepatobiliary
        return self.uln_multiple


class CockcroftGault(_Strict):
    """(age_offset - age) x weight kg / (divisor x creatinine mg/dL), x female_factor."""

    age_offset: int = Field(gt=0, le=200)          # years: the formula's is 140
    divisor: Decimal = Field(gt=0)
    female_factor: Decimal = Field(gt=0, le=1)
    creatinine_umol_per_l_per_mg_per_dl: Decimal = Field(gt=0)
    reading: str

    @model_validator(mode="after")
    def _figures(self) -> "CockcroftGault":
        _sensible(self.divisor, "the divisor")
        _sensible(self.female_factor, "the female factor")
        _sensible(self.creatinine_umol_per_l_per_mg_per_dl, "the creatinine conversion")
        return self


class EligibilitySiteSettings(_Strict):
    # A measurement is current for days or weeks before an infusion, never for more than a year.
    validity_days: int = Field(ge=0, le=365)
    no_values_clears: bool
    unanswered_attestations_block: bool

    def as_lines(self) -> dict[str, str]:
        return {
            "eligibility_validity_days": f"{self.validity_days} d",
            "eligibility_no_values_clears": "yes" if self.no_values_clears else "no",
            "eligibility_unanswered_attestations_block": "yes" if self.unanswered_attestations_block else "no",
        }


class ChecklistItem(_Strict):
    id: str = Field(min_length=1, pattern=r"^[A-Z][A-Z0-9_]*$")
    kind: Literal["inclusion", "exclusion"]
    quote: str = Field(min_length=1)
    # What "met" means, in plain words: for an exclusion criterion, "met" is that the patient
    # is free of it (the eligibility requirement is met), never that the exclusion applies.
    met_means: str = Field(min_length=1)


class EligibilityValues(_Strict):
    quote: str
    site_settings: EligibilitySiteSettings
    cockcroft_gault: CockcroftGault
    labs: dict[str, LabUnits]
    criteria: list[ValueCriterion] = Field(min_length=1)
    checklist: list[ChecklistItem] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> "EligibilityValues":
        unknown = set(self.labs) - set(LABS)
        if unknown:
            raise ValueError(f"unknown lab(s) {', '.join(sorted(unknown))}; known: {', '.join(LABS)}")
        for c in self.criteria:
            if c.lab not in self.labs:
                raise ValueError(f"criterion {c.id} reads lab '{c.lab}', which has no [labs] entry")
        ids = [c.id for c in self.criteria]
        if len(ids) != len(set(ids)):
            raise ValueError("two eligibility criteria have the same id")
        items = [i.id for i in self.checklist]
        if len(items) != len(set(items)):
            raise ValueError("two checklist items have the same id")
        if "creatinine" in self.labs and self.labs["creatinine"].base_unit != "umol/L":
            raise ValueError("creatinine's base unit must be umol/L (the Cockcroft-Gault factor converts it)")
        return self

    def criterion_for(self, lab: str) -> list[ValueCriterion]:
        return [c for c in self.criteria if c.lab == lab]
