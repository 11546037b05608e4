"""Pre-infusion washout: each exposure against every protocol rule its classes fall under.

Day arithmetic (conventions.md): d = reference date - last exposure, in calendar days;
d <= window fails; the earliest date that clears is last exposure + window + 1.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, localcontext

from .formatting import plain_decimal
from .formulary import Agent
from .protocol import Protocol, WashoutRule
from .result import Finding

FLAG_ON_OR_AFTER = "EXPOSURE_ON_OR_AFTER_REFERENCE"
PREDNISONE_REFERENCE_MG = Decimal(5)   # formulary equivalents are "the dose equal to 5 mg prednisone"


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

    @property
    def name(self) -> str:
        return self.agent.name if self.agent else self.written

    @property
    def display_name(self) -> str:
        return self.agent.display_name if self.agent else self.written

    def prednisone_equivalent(self) -> Decimal | None:
        if self.agent is None or self.agent.prednisone_equivalent_mg is None or self.daily_dose_mg is None:
            return None
        with localcontext() as ctx:
            ctx.prec = 28
            return self.daily_dose_mg * PREDNISONE_REFERENCE_MG / self.agent.prednisone_equivalent_mg


def rules_for(protocol: Protocol, exposure: ResolvedExposure) -> list[WashoutRule]:
    return [
        r for r in protocol.washout
        if set(r.classes) & set(exposure.classes) and (r.sites is None or exposure.site in r.sites)
    ]


def _window(rule: WashoutRule, last: dt.date, reference_date: dt.date) -> tuple[int, bool, dt.date]:
    days = (reference_date - last).days
    return days, days <= rule.window_days, last + dt.timedelta(days=rule.window_days + 1)


def evaluate_rule(rule: WashoutRule, exposure: ResolvedExposure, reference_date: dt.date,
                  steroid_threshold_mg: Decimal) -> Finding:
    days, within, earliest = _window(rule, exposure.last_date, reference_date)
    flags = [FLAG_ON_OR_AFTER] if days <= 0 else []
    ref_word = "infusion" if rule.reference == "infusion" else "consent"
    pred = exposure.prednisone_equivalent()
    failed = within
    if rule.kind == "glucocorticoid":
        if not exposure.systemic:
            failed = False
            reason = f"local route ({exposure.route}): the registry excepts glucocorticoids used locally"
        elif pred is not None and pred <= steroid_threshold_mg:
            failed = False
            reason = (f"{_plain(pred)} mg/day prednisone equivalent is not above "
                      f"{_plain(steroid_threshold_mg)} mg/day")
        elif within:
            reason = (f"{_plain(pred)} mg/day prednisone equivalent (above {_plain(steroid_threshold_mg)}) "
                      f"{days} day(s) before {ref_word}; window {rule.window_days} days")
        else:
            reason = f"last dose {days} days before {ref_word}, outside the {rule.window_days}-day window"
    elif within:
        reason = f"{days} day(s) before {ref_word}; not cleared within {rule.window_days} days"
    else:
        reason = f"{days} days before {ref_word}, outside the {rule.window_days}-day window"
    if flags:
        failed = True
        reason = (f"dated on or after the {ref_word} date ({reference_date.isoformat()}): "
                  f"likely a data-entry error; check the date")
    return Finding(
        agent=exposure.written,
        agent_name=exposure.name,
        display_name=exposure.display_name,
        agent_zh=exposure.agent.zh if exposure.agent else None,
        classes=list(exposure.classes),
        classified_by_hand=exposure.agent is None,
        rule=rule.id,
        rule_quote=rule.quote,
        window_days=rule.window_days,
        reference=rule.reference,
        reference_date=reference_date,
        last_date=exposure.last_date,
        days_before=days,
        status="fail" if failed else "pass",
        earliest_date=earliest if failed else None,
        reason=reason,
        flags=flags,
        route=exposure.route,
        site=exposure.site,
        prednisone_equivalent_mg_per_day=_quantize(pred),
    )


def _quantize(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(Decimal("0.01")).normalize()


def _plain(value: Decimal | None) -> str:
    return "?" if value is None else plain_decimal(value.quantize(Decimal("0.01")))


def earliest_infusion_date(findings: list[Finding]) -> dt.date | None:
    """The latest earliest-date governs; only infusion-based rules move with the infusion."""
    dates = [f.earliest_date for f in findings
             if f.status == "fail" and f.reference == "infusion" and f.earliest_date and not f.flags]
    return max(dates) if dates else None
