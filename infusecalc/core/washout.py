"""Pre-infusion washout: each exposure against every protocol rule its classes fall under.

Day arithmetic (conventions.md): d = reference date - last exposure, in calendar days;
d <= window fails; the earliest date that clears is last exposure + window + 1.

Every finding carries a reason code (core.reasons) and the typed values its sentence needs;
the words are the text layer's (infusecalc.text).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, localcontext

from .formulary import Agent
from .protocol import Lymphodepletion, Protocol, WashoutRule
from .reasons import status_of
from .result import DayEntry, DayTotal, Finding, Params, Reason

FLAG_ON_OR_AFTER = "EXPOSURE_ON_OR_AFTER_REFERENCE"
PREDNISONE_REFERENCE_MG = Decimal(5)   # formulary equivalents are "the dose equal to 5 mg prednisone"
LYMPHODEPLETION_RULE = "lymphodepletion"
LYMPHODEPLETION_PURPOSE = "lymphodepletion"


@dataclass(frozen=True)
class ResolvedExposure:
    """An exposure once its agent and classes are known and its extra fields checked."""

    written: str
    agent: Agent | None          # None when classified by hand
    classes: tuple[str, ...]
    last_date: dt.date
    route: str | None = None
    systemic: bool = True
    site: str | None = None
    daily_dose_mg: Decimal | None = None
    index: int = 0
    first_date: dt.date | None = None
    purpose: str | None = None

    @property
    def name(self) -> str:
        return self.agent.name if self.agent else self.written

    @property
    def display_name(self) -> str:
        return self.agent.display_name if self.agent else self.written

    @property
    def start(self) -> dt.date:
        return self.first_date or self.last_date

    @property
    def conditioning(self) -> bool:
        return self.purpose == LYMPHODEPLETION_PURPOSE

    def covers(self, day: dt.date) -> bool:
        return self.start <= day <= self.last_date

    def prednisone_equivalent(self) -> Decimal | None:
        """This entry's daily dose in mg prednisone, exact (28 digits for a repeating quotient)."""
        if self.agent is None or self.agent.prednisone_equivalent_mg is None or self.daily_dose_mg is None:
            return None
        with localcontext() as ctx:
            ctx.prec = 28
            return self.daily_dose_mg * PREDNISONE_REFERENCE_MG / self.agent.prednisone_equivalent_mg


def rules_for(protocol: Protocol, exposure: ResolvedExposure) -> list[WashoutRule]:
    # Conditioning is study treatment: the rules it replaces (the first rule, about earlier
    # and bridging chemotherapy) do not judge it; any other rule its classes fall under still does.
    skipped = set(protocol.lymphodepletion.replaces_rules) \
        if exposure.conditioning and protocol.lymphodepletion else set()
    return [
        r for r in protocol.washout
        if set(r.classes) & set(exposure.classes) and (r.sites is None or exposure.site in r.sites)
        and r.id not in skipped
    ]


def _finding(rule_id: str, quote: str, window_days: int, reference: str, exposure: ResolvedExposure,
             reference_date: dt.date, code: str, params: Params, earliest: dt.date | None,
             flags: list[str] | None = None, day_totals: list[DayTotal] | None = None) -> Finding:
    return Finding(
        exposure_index=exposure.index,
        agent=exposure.written,
        agent_name=exposure.name,
        display_name=exposure.display_name,
        agent_zh=exposure.agent.zh if exposure.agent else None,
        classes=list(exposure.classes),
        classified_by_hand=exposure.agent is None,
        rule=rule_id,
        rule_quote=quote,
        window_days=window_days,
        reference=reference,
        reference_date=reference_date,
        last_date=exposure.last_date,
        first_date=exposure.first_date,
        purpose=exposure.purpose,
        days_before=(reference_date - exposure.last_date).days,
        status=status_of(code),
        earliest_date=earliest,
        reason_code=code,
        reason_params=params,
        flags=flags or [],
        route=exposure.route,
        site=exposure.site,
        prednisone_equivalent_mg_per_day=exposure.prednisone_equivalent(),
        day_totals=day_totals or [],
    )


def _on_or_after(rule: WashoutRule | None, exposure: ResolvedExposure, reference_date: dt.date,
                 reference: str) -> tuple[str, Params] | None:
    if exposure.last_date < reference_date:
        return None
    return "DATE_ON_OR_AFTER_REFERENCE", {"reference": reference, "reference_date": reference_date,
                                          "last_date": exposure.last_date}


def evaluate_rule(rule: WashoutRule, exposure: ResolvedExposure, reference_date: dt.date,
                  steroid_threshold_mg: Decimal,
                  all_exposures: list[ResolvedExposure] | None = None) -> Finding:
    """One exposure against one rule. ``all_exposures`` (the case's) lets a glucocorticoid be
    judged on each day's total of every systemic entry; without it the entry stands alone."""
    days = (reference_date - exposure.last_date).days
    earliest = exposure.last_date + dt.timedelta(days=rule.window_days + 1)
    base: Params = {"days_before": days, "window_days": rule.window_days, "reference": rule.reference}
    wrong_date = _on_or_after(rule, exposure, reference_date, rule.reference)
    if wrong_date:
        code, params = wrong_date
        return _finding(rule.id, rule.quote, rule.window_days, rule.reference, exposure, reference_date,
                        code, params, None, flags=[FLAG_ON_OR_AFTER])
    if rule.kind == "glucocorticoid":
        return _glucocorticoid(rule, exposure, reference_date, steroid_threshold_mg,
                               all_exposures if all_exposures is not None else [exposure])
    if days <= rule.window_days:
        code = "WINDOW_WITHIN" if rule.reference == "infusion" else "CONSENT_WINDOW_WITHIN"
        return _finding(rule.id, rule.quote, rule.window_days, rule.reference, exposure, reference_date,
                        code, {**base, "earliest_date": earliest}, earliest)
    return _finding(rule.id, rule.quote, rule.window_days, rule.reference, exposure, reference_date,
                    "WINDOW_OUTSIDE", base, None)


def _glucocorticoid(rule: WashoutRule, exposure: ResolvedExposure, reference_date: dt.date,
                    threshold: Decimal, everyone: list[ResolvedExposure]) -> Finding:
    """Judged per calendar day (conventions.md): the day's total of every systemic entry that
    covers it, in prednisone equivalents; a day in the window whose total is above the
    threshold fails. Exactly the threshold clears."""
    days = (reference_date - exposure.last_date).days
    common = (rule.id, rule.quote, rule.window_days, rule.reference, exposure, reference_date)
    if not exposure.systemic:
        return _finding(*common, "STEROID_LOCAL_ROUTE", {"route": exposure.route}, None)
    first_in_window = reference_date - dt.timedelta(days=rule.window_days)
    covered = [first_in_window + dt.timedelta(days=k) for k in range(rule.window_days)
               if exposure.covers(first_in_window + dt.timedelta(days=k))]
    if not covered:
        return _finding(*common, "STEROID_OUTSIDE_WINDOW",
                        {"days_before": days, "window_days": rule.window_days}, None)
    systemic = [e for e in everyone
                if e.systemic and e.prednisone_equivalent() is not None and "systemic_glucocorticoid" in e.classes]
    totals = []
    for day in covered:
        entries = [DayEntry(exposure_index=e.index, agent=e.written, display_name=e.display_name,
                            prednisone_equivalent_mg=e.prednisone_equivalent())
                   for e in systemic if e.covers(day)]
        total = sum((x.prednisone_equivalent_mg for x in entries), Decimal(0))
        totals.append(DayTotal(date=day, days_before=(reference_date - day).days, total_prednisone_mg=total,
                               above_threshold=total > threshold, entries=entries))
    failing = [t for t in totals if t.above_threshold]
    if failing:
        worst = failing[-1]   # the latest failing day decides the earliest date that clears
        earliest = worst.date + dt.timedelta(days=rule.window_days + 1)
        params: Params = {"day": worst.date, "day_days_before": worst.days_before,
                          "total_mg": worst.total_prednisone_mg, "threshold_mg": threshold,
                          "window_days": rule.window_days, "entries": len(worst.entries),
                          "earliest_date": earliest}
        return _finding(*common, "STEROID_DAY_TOTAL_ABOVE", params, earliest, day_totals=totals)
    highest = max(totals, key=lambda t: (t.total_prednisone_mg, t.date))
    params = {"day": highest.date, "total_mg": highest.total_prednisone_mg, "threshold_mg": threshold,
              "window_days": rule.window_days, "entries": len(highest.entries)}
    return _finding(*common, "STEROID_DAY_TOTAL_NOT_ABOVE", params, None, day_totals=totals)


def evaluate_lymphodepletion(ld: Lymphodepletion, min_days: int, max_days: int,
                             exposure: ResolvedExposure, infusion_date: dt.date) -> Finding:
    """The last conditioning dose must be min_days..max_days (inclusive) before infusion.

    Too close clears by moving the infusion later; too long ago does not clear by waiting
    (the conditioning must be repeated), so it has no earliest date.
    """
    days = (infusion_date - exposure.last_date).days
    common = (LYMPHODEPLETION_RULE, ld.quote, max_days, "infusion", exposure, infusion_date)
    base: Params = {"days_before": days, "min_days": min_days, "max_days": max_days}
    wrong_date = _on_or_after(None, exposure, infusion_date, "infusion")
    if wrong_date:
        code, params = wrong_date
        return _finding(*common, code, params, None, flags=[FLAG_ON_OR_AFTER])
    if days < min_days:
        earliest = exposure.last_date + dt.timedelta(days=min_days)
        return _finding(*common, "LYMPHODEPLETION_TOO_CLOSE", {**base, "earliest_date": earliest}, earliest)
    if days > max_days:
        return _finding(*common, "LYMPHODEPLETION_TOO_LONG_AGO", base, None)
    return _finding(*common, "LYMPHODEPLETION_IN_WINDOW", base, None)


@dataclass(frozen=True)
class Outlook:
    earliest_infusion_date: dt.date | None
    earliest_consent_date: dt.date | None
    clears_by_date_alone: bool
    reasons: list[Reason]


def outlook(findings: list[Finding], conditioning_max_days: int | None) -> Outlook:
    """What moving a date would do. Only infusion-based rules move with the infusion; the
    latest earliest-date governs; a consent-based failure needs a new consent."""
    failed = [f for f in findings if f.status == "fail"]
    if not failed:
        return Outlook(None, None, True, [])
    wrong_dates = [f for f in failed if f.flags]
    infusion = [f for f in failed if f.reference == "infusion" and not f.flags]
    consent = [f for f in failed if f.reference == "consent" and not f.flags]
    reasons: list[Reason] = []
    repeat = [f for f in infusion if f.earliest_date is None]
    earliest = max((f.earliest_date for f in infusion if f.earliest_date), default=None)
    if repeat:
        earliest = None
        reasons.append(Reason(code="CONDITIONING_MUST_BE_REPEATED",
                              params={"max_days": repeat[0].reason_params.get("max_days")}))
    elif earliest is not None and conditioning_max_days is not None:
        last_conditioning = max((f.last_date for f in findings
                                 if f.rule == LYMPHODEPLETION_RULE and not f.flags), default=None)
        if last_conditioning is not None and (earliest - last_conditioning).days > conditioning_max_days:
            # Waiting long enough for the other rules lets the conditioning window close.
            reasons.append(Reason(code="CONDITIONING_WINDOW_CLOSES",
                                  params={"date": earliest, "conditioning_date": last_conditioning,
                                          "max_days": conditioning_max_days}))
            earliest = None
    consent_date = max((f.earliest_date for f in consent if f.earliest_date), default=None)
    if earliest is not None:
        code = "INFUSION_DATE_CLEARS_INFUSION_RULES" if consent or wrong_dates else "INFUSION_DATE_CLEARS_ALL"
        reasons.insert(0, Reason(code=code, params={"date": earliest}))
    if consent_date is not None:
        reasons.append(Reason(code="NEW_CONSENT_NEEDED", params={"date": consent_date}))
    if wrong_dates:
        reasons.append(Reason(code="DATES_TO_CHECK", params={"count": len(wrong_dates)}))
    alone = earliest is not None and not consent and not wrong_dates
    return Outlook(earliest, consent_date, alone, reasons)


def earliest_infusion_date(findings: list[Finding]) -> dt.date | None:
    """The latest earliest-date of the infusion-based failures (None when one cannot clear)."""
    return outlook(findings, None).earliest_infusion_date
