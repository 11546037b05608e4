"""The registry's other eligibility criteria as a checklist a person attests to.

The program cannot judge a diagnosis or an infection: the investigator's eligibility form
does, and a pharmacist copies its answers (who attested, and when). An item answered
``not_met`` is never cleared; whether unanswered items block is a site setting.
"""

from __future__ import annotations

import datetime as dt

from .case import Case
from .eligibility_data import EligibilityValues
from .eligibility_result import ChecklistAnswer, ChecklistResult
from .errors import ProblemCollector


def read_attestations(case: Case, rules: EligibilityValues, errors: ProblemCollector) -> dict[str, str]:
    """The case's answers by item id; unknown ids and a missing attester or date are refused."""
    answers = case.attestations or {}
    known = {item.id.casefold(): item.id for item in rules.checklist}
    out: dict[str, str] = {}
    for key, answer in answers.items():
        item_id = known.get(key.strip().casefold())
        if item_id is None:
            errors.add("ATTESTATION_UNKNOWN_ITEM", f"attestations.{key}", key,
                       f"'{key}' is not an item of the protocol's eligibility checklist; use one of "
                       f"{', '.join(i.id for i in rules.checklist)}.")
            continue
        if item_id in out:
            errors.add("ATTESTATION_DUPLICATE", f"attestations.{key}", key,
                       f"'{key}' is answered twice; keep one answer for {item_id}.")
            continue
        out[item_id] = answer
    if answers:
        if not case.attested_by:
            errors.add("ATTESTED_BY_REQUIRED", "attested_by", "",
                       "Checklist answers need who attested them (\"attested_by\": \"Dr Li, investigator\").")
        if case.attested_on is None:
            errors.add("ATTESTED_ON_REQUIRED", "attested_on", "",
                       "Checklist answers need the date they were attested (\"attested_on\": \"2026-12-08\").")
        elif case.attested_on > case.infusion_date:
            errors.add("ATTESTED_ON_AFTER_INFUSION", "attested_on", case.attested_on.isoformat(),
                       f"The checklist was attested on {case.attested_on}, after the planned infusion "
                       f"{case.infusion_date}; enter the date it was actually attested.")
    return out


def check_checklist(answers: dict[str, str], rules: EligibilityValues, attested_by: str | None,
                    attested_on: dt.date | None) -> ChecklistResult:
    items = []
    for item in rules.checklist:
        answer = answers.get(item.id)
        items.append(ChecklistAnswer(id=item.id, kind=item.kind, quote=item.quote, met_means=item.met_means,
                                     answer=answer or "unanswered"))
    not_met = sum(1 for i in items if i.answer == "not_met")
    unanswered = sum(1 for i in items if i.answer == "unanswered")
    block = rules.site_settings.unanswered_attestations_block
    return ChecklistResult(
        items=items, attested_by=attested_by if answers else None, attested_on=attested_on if answers else None,
        answered=len(items) - unanswered, unanswered=unanswered, not_met=not_met,
        unanswered_block=block, cleared=not_met == 0 and not (block and unanswered),
    )
