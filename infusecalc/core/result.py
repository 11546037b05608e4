"""What the core computes: frozen pydantic models that every front end shows as they are."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from .eligibility_result import EligibilityResult

# Typed values a sentence needs: numbers stay Decimal/int, dates stay dates, codes stay codes.
# The text layer (infusecalc.text) formats them; nothing downstream parses a sentence.
Params = dict[str, Any]


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True)


class Warning_(_Out):
    """A soft warning: the case may proceed only once a person acknowledges it by its code."""

    code: str
    field: str
    value: str
    message: str                     # the core's English sentence (infusecalc.text renders by code)
    acknowledged: bool
    params: Params = Field(default_factory=dict)


class AgeResult(_Out):
    years: int
    source: Literal["date_of_birth", "age_years"]
    reference_date: dt.date
    reference: Literal["consent", "infusion"]


class WeightResult(_Out):
    entered: str
    kg: Decimal
    measured_on: dt.date | None


class WeightBandResult(_Out):
    """The weight band of a banded level that the patient's weight fell in."""

    min_kg: Decimal | None
    min_inclusive: bool
    max_kg: Decimal | None
    max_inclusive: bool
    text: str                        # '≤ 50 kg', '> 50 kg'


class DoseResult(_Out):
    group: str
    group_label: str
    level: str
    kind: Literal["flat", "per_kg", "range"]       # of the band, for a banded level
    quote: str
    cells_per_kg: Decimal | None
    weight_kg_used: Decimal | None
    cells: int | None                # the target; None when the level gives only a range
    uncapped_cells: int | None
    cap_cells: int | None
    cap_applied: bool
    requires_deescalation_decision: bool
    deescalation_confirmed: bool
    deescalation_reference: str | None
    level_kind: Literal["flat", "per_kg", "range", "bands"] = "flat"
    band: WeightBandResult | None = None
    # the level's range for this patient (None when it gives none): min rounded up, max down
    min_cells: int | None = None
    max_cells: int | None = None
    min_cells_per_kg: Decimal | None = None
    max_cells_per_kg: Decimal | None = None
    max_uncapped_cells: int | None = None
    max_cap_cells: int | None = None
    max_cap_applied: bool = False
    indication: str | None = None
    # the recorded decision the level needs (de-escalation, escalation, extension), if any
    decision_kind: Literal["de-escalation", "escalation", "extension"] | None = None
    decision_confirmed: bool = False
    decision_reference: str | None = None


class ProductResult(_Out):
    concentration_entered: str | None
    concentration_cells_per_ml: Decimal | None
    container_volume_entered: str | None
    container_volume_ml: Decimal | None
    graduation_ml: Decimal
    volume_ml: Decimal | None        # None for a whole-bag product: nothing is drawn
    containers: int | None
    delivered_cells: int
    deviation_cells: int | None      # None when the level gives no target
    deviation_percent: Decimal | None
    lot: str | None
    bag_ids: list[str]
    # whole-bag products: the label's total, infused whole, checked against the patient's limits
    whole_bag: bool = False
    total_cells_entered: str | None = None
    bag_min_cells: int | None = None
    bag_max_cells: int | None = None
    bag_status: Literal["within", "below_minimum", "above_maximum"] | None = None


class DayEntry(_Out):
    """One systemic glucocorticoid entry that covers a day, in prednisone equivalents."""

    exposure_index: int
    agent: str
    display_name: str
    prednisone_equivalent_mg: Decimal   # exact: never rounded onto the threshold


class DayTotal(_Out):
    """A calendar day inside the glucocorticoid window: the sum of every systemic entry on it."""

    date: dt.date
    days_before: int
    total_prednisone_mg: Decimal
    above_threshold: bool
    entries: list[DayEntry]


class Finding(_Out):
    exposure_index: int              # the entry of case.exposures this finding judges
    agent: str                       # as written in the case
    agent_name: str                  # the formulary's name (or the text, when classified by hand)
    display_name: str                # tall-man where the ISMP list has it
    agent_zh: str | None
    classes: list[str]
    classified_by_hand: bool
    rule: str
    rule_quote: str
    window_days: int
    reference: Literal["infusion", "consent"]
    reference_date: dt.date
    last_date: dt.date
    days_before: int                 # reference date - last exposure, in calendar days
    status: Literal["pass", "fail"]
    earliest_date: dt.date | None    # for a failure that waiting clears; None when it cannot
    reason_code: str                 # core.reasons.FINDING_REASONS: one code, one status
    reason_params: Params
    flags: list[str]                 # e.g. EXPOSURE_ON_OR_AFTER_REFERENCE
    first_date: dt.date | None = None   # a course: first_date..last_date at one daily dose
    purpose: str | None = None          # "lymphodepletion" for the protocol's conditioning
    route: str | None = None
    site: str | None = None
    prednisone_equivalent_mg_per_day: Decimal | None = None   # this entry's, exact
    day_totals: list[DayTotal] = Field(default_factory=list)  # glucocorticoids: each day in the window


class Reason(_Out):
    """Why a case is not cleared, as a code and its values (infusecalc.text words it)."""

    code: str
    params: Params = Field(default_factory=dict)


class WashoutResult(_Out):
    findings: list[Finding]
    cleared: bool
    # The latest earliest-date of the infusion-based failures; None when none fails or one of
    # them cannot clear by waiting (conditioning too long ago). Consent-based rules are not in it.
    earliest_infusion_date: dt.date | None
    # The earliest consent date that clears every consent-based rule; None when none fails.
    earliest_consent_date: dt.date | None = None
    # True when moving the infusion date alone clears the washout (or it is already cleared);
    # False when a consent-based rule fails, conditioning must be repeated or a date is wrong.
    clears_by_date_alone: bool = True
    # What moving a date would do, as codes (core.reasons.OUTLOOK_REASONS), in order.
    outlook: list[Reason] = Field(default_factory=list)



class Source(_Out):
    protocol_id: str
    protocol_file: str
    protocol_sha256: str
    protocol_version: str | None = None
    protocol_effective_date: dt.date | None = None
    protocol_amendment: str | None = None
    formulary_file: str
    formulary_sha256: str
    site_settings: dict[str, str]


class Evaluation(_Out):
    program_version: str
    source: Source
    case_sha256: str
    subject_id: str
    infusion_date: dt.date
    consent_date: dt.date | None
    age: AgeResult
    weight: WeightResult
    dose: DoseResult
    product: ProductResult | None
    washout: WashoutResult
    warnings: list[Warning_]
    cleared: bool
    not_cleared: list[Reason]
    # The registry's eligibility values (creatinine clearance, liver, coagulation, oxygen, heart)
    # checked against their limits; eligibility_assessed is eligibility.assessed: False when no
    # value was entered, and the sheet and the summary then say so in one line.
    eligibility: EligibilityResult
    eligibility_assessed: bool = False

    @property
    def unacknowledged(self) -> list[Warning_]:
        return [w for w in self.warnings if not w.acknowledged]
