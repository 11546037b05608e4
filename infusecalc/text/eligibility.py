"""Eligibility values in words: each criterion's finding from its code and typed params.

The sentences are in the catalogues' ``[eligibility]`` and ``[criteria]`` tables; this module
only adds the value and the limit with their units (INR has none) and joins a failing value's
sentence with the stale one when it is both.
"""

from __future__ import annotations

from typing import Any

from ..core.eligibility_result import CreatinineClearance, ValueFinding
from ..core.result import Evaluation
from .words import Words

STALE_CODES = ("ELIG_STALE", "ELIG_DATED_AFTER_INFUSION")


def _with_unit(w: Words, number: Any, unit: Any) -> str:
    return f"{w.value(number)} {unit}".strip() if unit else w.value(number)


def _params(w: Words, p: dict[str, Any]) -> dict[str, Any]:
    out = dict(p)
    out["value_u"] = _with_unit(w, p.get("value"), p.get("unit"))
    out["limit_u"] = _with_unit(w, p.get("limit"), p.get("unit"))
    if "uln" in p:
        out["uln_u"] = _with_unit(w, p["uln"], p.get("uln_unit"))
    return out


def criterion(w: Words, criterion_id: str) -> str:
    return w.cat.criteria.get(criterion_id, criterion_id)


def reason(w: Words, code: str, params: dict[str, Any]) -> str:
    template = w.cat.eligibility.get(code)
    if template is None:  # a code added before its sentence: show the code, never nothing
        return code
    return w.render(template, _params(w, params))


def finding_reason(w: Words, f: ValueFinding) -> str:
    """The finding's sentence; a failing value that is also stale says both."""
    text = reason(w, f.reason_code, f.reason_params)
    if f.stale and f.reason_code not in STALE_CODES:
        stale = "ELIG_DATED_AFTER_INFUSION" if f.days_before < 0 else "ELIG_STALE"
        text += w.summary("ELIGIBILITY_ALSO") + reason(w, stale, f.reason_params)
    return text


def status_word(w: Words, status: str) -> str:
    return w.summary({"pass": "PASS", "fail": "FAIL"}.get(status, "STALE"))


def finding_line(w: Words, f: ValueFinding) -> str:
    """'[FAIL] ALT: 121 U/L = 3.025 × ULN (40 U/L); above 3 × ULN = 120 U/L'."""
    return w.summary("ELIGIBILITY_LINE", status=status_word(w, f.status), criterion=criterion(w, f.criterion),
                     reason=finding_reason(w, f))


def formula(w: Words, cc: CreatinineClearance) -> str:
    """The Cockcroft-Gault sum with the patient's numbers, as the core wrote it."""
    text = cc.formula if not w.chinese else cc.formula.replace(" years)", f" {w.summary('YEARS')})")
    return w.summary("CLEARANCE_FORMULA", formula=text)


def checklist_line(w: Words, ev: Evaluation) -> str | None:
    """'Eligibility checklist: 20 met, 3 not applicable, 0 NOT MET, 2 of 25 not answered; attested by ...'."""
    c = ev.eligibility.checklist
    if c is None or not c.items or c.answered == 0:
        return None   # nothing answered: Words.eligibility_line says so, once
    counts = {a: sum(1 for i in c.items if i.answer == a) for a in ("met", "not_applicable", "not_met")}
    line = w.summary("CHECKLIST_LINE", **counts, unanswered=c.unanswered, total=len(c.items))
    if c.attested_by and c.attested_on:
        line += ("；" if w.chinese else "; ") + w.summary("CHECKLIST_ATTESTED", by=c.attested_by, on=c.attested_on)
    return line


def item_name(w: Words, item_id: str) -> str:
    return w.cat.checklist.get(item_id, item_id)


def answer_word(w: Words, answer: str) -> str:
    return w.cat.answers.get(answer, answer)


def lines(w: Words, ev: Evaluation) -> list[str]:
    """The readable block: one line per criterion given, the formula, the hepatobiliary note,
    then the checklist's counts and every item not met."""
    e = ev.eligibility
    out = _value_lines(w, ev) if e.assessed else []
    line = checklist_line(w, ev)
    if line:
        out.append(line)
        sep = "：" if w.chinese else ": "
        out += [f"  [{w.summary('FAIL')}] {item_name(w, i.id)}{sep}{answer_word(w, i.answer)}"
                for i in (e.checklist.items if e.checklist else []) if i.answer == "not_met"]
    return out


def _value_lines(w: Words, ev: Evaluation) -> list[str]:
    e = ev.eligibility
    out = [w.summary("ELIGIBILITY_VALUES")]
    for f in e.findings:
        out.append(f"  {finding_line(w, f)}")
        if f.criterion == "creatinine_clearance" and e.creatinine_clearance_ml_min is not None:
            out.append(f"      {formula(w, e.creatinine_clearance_ml_min)}")
    if e.hepatobiliary_invasion:
        out.append(f"  {w.summary('HEPATOBILIARY_INVASION')}")
    return out
