"""What the eligibility checks return: frozen models every front end shows as they are.

Each finding carries a stable ``reason_code`` and typed ``reason_params``; sentences in English
and Chinese are made from them by the text layer, never parsed back.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict

ParamValue = bool | int | Decimal | dt.date | str


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True)


class ValueFinding(_Out):
    """One criterion with a number: the value, its limit and whether it passes."""

    criterion: str                                  # protocol criterion id ('alt', 'creatinine_clearance')
    lab: str                                        # the case's lab key it was read from
    status: Literal["pass", "fail", "stale"]        # stale: the value is not recent enough to count
    value: Decimal                                  # as compared; computed values never shown on the limit
    unit: str                                       # '' for INR
    comparison: Literal["at_least", "at_most", "above"]
    limit: Decimal                                  # in `unit` (never shown rounded onto `value`)
    within_limit: bool
    uln: Decimal | None = None                      # as entered, in `uln_unit`
    uln_unit: str | None = None
    uln_multiple: Decimal | None = None
    times_uln: Decimal | None = None                # value / ULN, never shown rounded onto the multiple
    entered: str                                    # the value as typed
    measured_on: dt.date
    days_before: int                                # infusion date - measured date
    stale: bool
    repeat_from: dt.date | None = None              # for a stale value: repeat on or after this date
    repeat_by: dt.date | None = None                # ... and on or before this one (the infusion date)
    quote: str
    reason_code: str
    reason_params: dict[str, ParamValue]


class CreatinineClearance(_Out):
    """Cockcroft-Gault with its inputs, so the sheet can show the sum as it was done."""

    value: Decimal                     # mL/min; never shown rounded onto the limit
    formula: str                       # the sum with the patient's numbers, plain text
    age_years: int
    age_offset: int
    weight_kg: Decimal
    creatinine_entered: str
    creatinine_mg_dl: Decimal          # exact when typed in mg/dL; else to 4 decimal places
    creatinine_umol_l: Decimal
    divisor: Decimal
    sex: Literal["female", "male"]
    female_factor: Decimal | None      # applied only for a female patient


class ChecklistAnswer(_Out):
    id: str
    kind: Literal["inclusion", "exclusion"]
    quote: str
    met_means: str
    answer: Literal["met", "not_met", "not_applicable", "unanswered"]


class ChecklistResult(_Out):
    """The registry's other criteria as the investigator's form answers them."""

    items: list[ChecklistAnswer]
    attested_by: str | None
    attested_on: dt.date | None
    answered: int
    unanswered: int
    not_met: int
    unanswered_block: bool           # site setting in force
    cleared: bool                    # no item not_met (and, where the setting says so, none unanswered)


class EligibilityResult(_Out):
    assessed: bool                                  # whether any value was given
    validity_days: int
    hepatobiliary_invasion: bool
    creatinine_clearance_ml_min: CreatinineClearance | None
    findings: list[ValueFinding]
    cleared: bool                                   # every value given passes and is recent
    not_assessed_clears: bool                       # site setting in force when nothing was given
    checklist: ChecklistResult | None = None        # the attested checklist (evaluate always gives it)
