"""The core's decisions in words: one class, two catalogues, no re-derivation.

``Words(lang)`` renders a finding from its ``reason_code`` and ``reason_params``, a warning or
problem from its ``code`` (and ``params``), and the not-cleared lines and date outlook from the
codes the core put in the Evaluation. Figures are written by ``core.formatting`` in every
language; only words change. No Qt: the CLI, the sheet and the window all use it.
"""

from __future__ import annotations

import datetime as dt
import string
from decimal import Decimal
from typing import Any, Iterable, Mapping

from ..core import formatting as fmt
from ..core.errors import Problem
from ..core.result import DoseResult, Evaluation, Finding, Reason, Warning_
from .catalogue import Catalogue, Language, catalogue

_WEEKDAYS_ZH = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")


class _Formatter(string.Formatter):
    """str.format with the clinical specs: {x:vs:limit}, {x:ref}, {x:route}, {x:site}."""

    def __init__(self, words: "Words") -> None:
        super().__init__()
        self.words = words
        self.params: Mapping[str, Any] = {}

    def render(self, template: str, params: Mapping[str, Any]) -> str:
        self.params = params
        return self.vformat(template, (), dict(params))

    def format_field(self, value: Any, format_spec: str) -> str:
        if format_spec.startswith("vs:"):
            limit = self.params[format_spec[3:]]
            return fmt.beside_limit(Decimal(value), Decimal(limit))
        if format_spec == "cells":   # a whole number of cells, grouped: 250,000,000
            return fmt.whole(int(value)) if value is not None else "—"
        if format_spec == "ref":
            return self.words.reference(str(value))
        if format_spec == "route":
            return self.words.route(str(value)) if value else "?"
        if format_spec == "site":
            return self.words.site(str(value)) if value else "?"
        return self.words.value(value)


class Words:
    def __init__(self, lang: Language) -> None:
        self.lang: Language = "zh_CN" if lang == "zh_CN" else "en"
        self.cat: Catalogue = catalogue(self.lang)
        self._fmt = _Formatter(self)

    @property
    def chinese(self) -> bool:
        return self.lang == "zh_CN"

    # -- values ---------------------------------------------------------------------------------
    def value(self, v: Any) -> str:
        if v is None:
            return "—"
        if isinstance(v, bool):
            return str(v).lower()
        if isinstance(v, Decimal):
            return fmt.plain_decimal(v)
        if isinstance(v, dt.date):
            return v.isoformat()
        return str(v)

    def render(self, template: str, params: Mapping[str, Any]) -> str:
        return self._fmt.render(template, params)

    def summary(self, key: str, **params: Any) -> str:
        return self.render(self.cat.summary[key], params)

    def cells(self, n: int) -> str:
        english = fmt.cells(n)
        if not self.chinese:
            return english
        return english.removesuffix(" CAR-T cells") + " CAR-T 细胞"

    def weight(self, kg: Decimal, entered: str, limits: tuple[Decimal, ...] = ()) -> str:
        """A body weight as shown: "62 kg" as typed, "54.88 kg (121 lb entered)" after a
        conversion (two decimals, more only where they keep it beside a ``limit``)."""
        from ..core.errors import InputError
        from ..core.units import WEIGHT, read_quantity

        shown = fmt.weight_kg(kg, limits)
        try:
            in_kg = read_quantity(entered, "weight", WEIGHT).pint_unit == "kilogram"
        except InputError:
            in_kg = False
        if in_kg and shown == fmt.plain_decimal(kg.normalize()):
            return f"{shown} kg"
        return self.summary("WEIGHT_ENTERED", kg=shown, entered=entered)

    def weight_used(self, ev: Evaluation) -> str:
        """The weight the dose was computed from (the band's bounds are the limits it is shown
        against), or the recorded weight when the dose does not use one."""
        d = ev.dose
        kg = d.weight_kg_used if d.weight_kg_used is not None else ev.weight.kg
        band = d.band
        limits = tuple(b for b in ((band.min_kg, band.max_kg) if band else ()) if b is not None)
        return self.weight(kg, ev.weight.entered, limits)

    def date(self, day: dt.date) -> str:
        if self.chinese:
            return f"{day.isoformat()}（{_WEEKDAYS_ZH[day.weekday()]}）"
        return fmt.iso_with_weekday(day)

    # -- names of codes -------------------------------------------------------------------------
    def rule(self, rule_id: str) -> str:
        return self.cat.rules.get(rule_id, rule_id)

    def class_name(self, class_id: str) -> str:
        return self.cat.classes.get(class_id, class_id.replace("_", " "))

    def classes(self, classes: list[str]) -> str:
        return self.listing(self.class_name(c) for c in classes)

    def route(self, route: str) -> str:
        return self.cat.routes.get(route, route)

    def site(self, site: str) -> str:
        return self.cat.sites.get(site, site)

    def reference(self, reference: str) -> str:
        return self.cat.reference.get(reference, reference)

    def group_name(self, group_id: str, label: str) -> str:
        return self.cat.groups.get(group_id, label)

    def group(self, d: DoseResult) -> str:
        return self.group_name(d.group, d.group_label)

    def setting_name(self, key: str) -> str:
        return self.cat.site_settings.get(key, key.replace("_", " "))

    def agent_label(self, zh: str | None, display_name: str) -> str:
        """In Chinese the Chinese generic name with the international (tall-man) name beside it."""
        if self.chinese and zh:
            return f"{zh}（{display_name}）"
        return display_name

    def agent(self, f: Finding) -> str:
        return self.agent_label(f.agent_zh, f.display_name)

    # -- problems and warnings ------------------------------------------------------------------
    def _leaf(self, field_path: str) -> str:
        parts = [p for p in field_path.split(".") if p and not p.isdigit()]
        return parts[-1] if parts else field_path

    def field_label(self, field_path: str) -> str:
        """'exposures.1.last_date' -> '既往治疗第 2 项的末次日期' in Chinese; the path in English."""
        if not self.chinese:
            return field_path
        parts = field_path.split(".")
        label = self.cat.fields.get(self._leaf(field_path), self._leaf(field_path))
        if len(parts) >= 3 and parts[0] == "exposures" and parts[1].isdigit():
            return f"{self.cat.fields['exposures']}第 {int(parts[1]) + 1} 项的{label}"
        if len(parts) == 3 and parts[0] == "labs":   # labs.alt.uln -> ALT 的正常值上限
            return f"{self.cat.fields.get(parts[1], parts[1])}的{label}"
        return label

    def problem(self, p: Problem | Warning_) -> str:
        """A problem or warning in this language; a code without a sentence here falls back to
        the core's English message (never to nothing)."""
        template = self.cat.problems.get(p.code)
        if template is None:
            return p.message
        leaf = self._leaf(p.field)
        params = {**p.params, "value": p.value, "field": self.field_label(p.field),
                  "example": self.cat.examples.get(leaf, "")}
        try:
            return self.render(template, params)
        except (KeyError, IndexError, ValueError):
            return p.message

    def problem_line(self, p: Problem) -> str:
        if self.chinese:
            where = f"{self.field_label(p.field)}（{p.field}）：" if p.field else ""
            return f"错误：{where}{self.problem(p)} [{p.code}]"
        return f"error: {p.field}: {self.problem(p)} [{p.code}]"

    def problem_listing(self, problems: list[Problem], limit: int = 10) -> str:
        sep = "：" if self.chinese else ": "
        return "\n".join(f"• {self.field_label(p.field)}{sep}{self.problem(p)}" for p in problems[:limit])

    # -- findings -------------------------------------------------------------------------------
    def reason(self, code: str, params: Mapping[str, Any], table: str = "findings") -> str:
        """Any decision the core carries as a code and params, worded from the catalogue table
        that holds the code. A new kind of finding (an eligibility check) needs catalogue
        entries in both languages, and nothing here."""
        return self.render(getattr(self.cat, table)[code], params)

    def finding_reason(self, f: Finding) -> str:
        return self.reason(f.reason_code, f.reason_params)

    def status_word(self, status: str) -> str:
        return self.cat.summary["PASS" if status == "pass" else "FAIL"]

    def not_cleared_line(self, reason: Reason, ev: Evaluation) -> str:
        if reason.code == "FINDING_FAILED":
            f = ev.washout.findings[reason.params["finding"]]
            return self.render(self.cat.not_cleared[reason.code],
                               {"agent": self.agent(f), "rule": self.rule(f.rule), "reason": self.finding_reason(f)})
        if reason.code == "ELIGIBILITY_VALUE_NOT_MET":
            from .eligibility import criterion, finding_reason
            v = ev.eligibility.findings[reason.params["finding"]]
            return self.render(self.cat.not_cleared[reason.code],
                               {"criterion": criterion(self, v.criterion), "reason": finding_reason(self, v)})
        if reason.code == "ATTESTATION_NOT_MET":
            item = str(reason.params["item"])
            return self.render(self.cat.not_cleared[reason.code], {"item": self.cat.checklist.get(item, item)})
        return self.render(self.cat.not_cleared[reason.code], reason.params)

    def not_cleared(self, ev: Evaluation) -> list[str]:
        return [self.not_cleared_line(r, ev) for r in ev.not_cleared]

    def outlook(self, ev: Evaluation) -> list[str]:
        """What moving a date would do: never 'clears every window' when a consent rule fails."""
        return [self.render(self.cat.outlook[r.code], r.params) for r in ev.washout.outlook]

    def clears(self, f: Finding) -> str:
        """The short date note of a failed finding: when it clears, or the consent it needs."""
        if f.earliest_date is None:
            return ""
        key = "NEW_CONSENT_ON" if f.reference == "consent" else "CLEARS_ON"
        return self.summary(key, date=f.earliest_date)

    def listing(self, items: Iterable[str]) -> str:
        """Items of one list in this language's way: the enumeration comma in Chinese."""
        return ("、" if self.chinese else ", ").join(items)

    def rules_applied(self, ev: Evaluation, f: Finding) -> list[str]:
        """Every rule applied to the exposure this finding judges (its other findings too)."""
        ids = dict.fromkeys(g.rule for g in ev.washout.findings if g.exposure_index == f.exposure_index)
        return [self.rule(r) for r in ids]

    def day_totals(self, f: Finding) -> list[str]:
        """Each day of the glucocorticoid window this entry covers: the day's systemic total
        and the entries it is made of."""
        threshold = f.reason_params.get("threshold_mg")
        out = []
        for t in f.day_totals:
            parts = self.listing(f"{e.display_name} {fmt.plain_decimal(e.prednisone_equivalent_mg) if threshold is None else fmt.beside_limit(e.prednisone_equivalent_mg, threshold)}"
                              for e in t.entries)
            limit = threshold if threshold is not None else t.total_prednisone_mg
            out.append(self.summary("DAY_TOTAL", date=t.date, total_mg=t.total_prednisone_mg,
                                    threshold_mg=limit, entries=parts))
        return out

    def eligibility_line(self, ev: Evaluation) -> str | None:
        """What CLEARED does not cover: values not entered, and a checklist with no answer."""
        parts = [] if ev.eligibility_assessed else [self.cat.summary["ELIGIBILITY_NOT_ASSESSED"]]
        checklist = ev.eligibility.checklist
        if checklist is not None and checklist.items and checklist.answered == 0:
            parts.append(self.summary("CHECKLIST_NOT_ENTERED", total=len(checklist.items)))
        return " ".join(parts) or None

    def status(self, cleared: bool) -> str:
        return self.cat.summary["CLEARED" if cleared else "NOT_CLEARED"]

    def settings(self, site_settings: dict[str, str]) -> str:
        """The site settings in force: names in this language, values (figures, codes) as written."""
        if not self.chinese:
            return " · ".join(f"{k.replace('_', ' ')}: {v}" for k, v in site_settings.items())
        out = []
        for key, value in site_settings.items():
            if key == "local_routes":
                value = self.listing(self.route(r.strip()) for r in value.split(",") if r.strip())
            value = value.replace("mg/day", "mg/天").replace(" d", " 天")
            if value in ("yes", "no"):
                value = "是" if value == "yes" else "否"
            out.append(f"{self.setting_name(key)}：{value}")
        return " · ".join(out)


def words(lang: str) -> Words:
    return Words("zh_CN" if lang == "zh_CN" else "en")
