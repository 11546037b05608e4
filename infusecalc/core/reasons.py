"""The stable codes of the core's decisions, and what each one means.

A finding carries ``reason_code`` and ``reason_params``; the text layer (``infusecalc.text``)
turns them into English or Chinese from its catalogues. A code stands for one outcome only:
a passing code is never the code of a failure, so no sentence can say "cleared" about a
failure. docs/reason-codes.md lists every code with its sentence in both languages.
"""

from __future__ import annotations

from typing import Literal

Status = Literal["pass", "fail"]

# Washout and conditioning findings: code -> the only status it may carry.
FINDING_REASONS: dict[str, Status] = {
    "WINDOW_OUTSIDE": "pass",                 # days_before > window_days
    "WINDOW_WITHIN": "fail",                  # infusion-based rule, days_before <= window_days
    "CONSENT_WINDOW_WITHIN": "fail",          # consent-based rule: only a later consent clears it
    "DATE_ON_OR_AFTER_REFERENCE": "fail",     # likely a data-entry error
    "STEROID_LOCAL_ROUTE": "pass",            # local routes are excepted by the registry
    "STEROID_OUTSIDE_WINDOW": "pass",         # no day of the course falls in the window
    "STEROID_DAY_TOTAL_NOT_ABOVE": "pass",    # every day's systemic total <= threshold
    "STEROID_DAY_TOTAL_ABOVE": "fail",        # a day's systemic total > threshold
    "LYMPHODEPLETION_IN_WINDOW": "pass",      # min_days <= days_before <= max_days
    "LYMPHODEPLETION_TOO_CLOSE": "fail",      # days_before < min_days: clears by waiting
    "LYMPHODEPLETION_TOO_LONG_AGO": "fail",   # days_before > max_days: conditioning to repeat
}

# Why a case is not cleared (Evaluation.not_cleared).
NOT_CLEARED_REASONS = (
    "FINDING_FAILED",            # params: finding (index into washout.findings)
    "WARNING_NOT_ACKNOWLEDGED",  # params: warning (its code)
    "ELIGIBILITY_VALUE_NOT_MET",       # params: finding (index into eligibility.findings): fails or stale
    "ELIGIBILITY_VALUES_NOT_ENTERED",  # no value entered and the site setting requires them
    "ATTESTATION_NOT_MET",             # params: item (checklist item id answered not_met)
    "ATTESTATIONS_UNANSWERED",         # params: count, total; only where the site setting blocks
    "BAG_ABOVE_MAXIMUM",         # params: cells, min_cells (or None), max_cells: a whole bag above the patient's maximum
    "BAG_BELOW_MINIMUM",         # params: cells, min_cells, max_cells: a whole bag below the patient's minimum
)

# Eligibility value findings (core/eligibility.py): code -> the only status it may carry.
# "stale": the value is within its limit but too old (or dated after infusion) to count.
ELIGIBILITY_REASONS: dict[str, Literal["pass", "fail", "stale"]] = {
    "ELIG_AT_LEAST_PASS": "pass",          # value >= limit (creatinine clearance, LVEF)
    "ELIG_BELOW_MINIMUM": "fail",
    "ELIG_ABOVE_PASS": "pass",             # value > limit, strictly (SpO2)
    "ELIG_NOT_ABOVE": "fail",
    "ELIG_AT_MOST_PASS": "pass",           # value <= absolute limit
    "ELIG_ABOVE_MAXIMUM": "fail",
    "ELIG_WITHIN_ULN_MULTIPLE": "pass",    # value <= multiple x ULN
    "ELIG_ABOVE_ULN_MULTIPLE": "fail",
    "ELIG_STALE": "stale",                 # measured more than the validity window before infusion
    "ELIG_DATED_AFTER_INFUSION": "stale",  # dated after the infusion: likely a data-entry error
}

# What moving a date would do (WashoutResult.outlook), said under the list of failures.
OUTLOOK_REASONS = (
    "INFUSION_DATE_CLEARS_ALL",          # params: date; no consent-based rule fails
    "INFUSION_DATE_CLEARS_INFUSION_RULES",  # params: date; a consent-based rule also fails
    "NEW_CONSENT_NEEDED",                # params: date (earliest consent date that clears)
    "CONDITIONING_MUST_BE_REPEATED",     # params: max_days
    "CONDITIONING_WINDOW_CLOSES",        # params: date, conditioning_date, max_days
    "DATES_TO_CHECK",                    # an exposure is dated on or after its reference date
)


def status_of(code: str) -> Status:
    return FINDING_REASONS[code]
