"""What the core says, on the sheet, in the sheet's language (no Qt).

Labels go through ``labels.Words``; the core's own words (reasons, warnings, rule, group,
route and site names) are translated here BY CODE via ``infusecalc.i18n.core_zh``. Figures
are the core's own: cell counts, volumes and ISO dates are the same characters in every
language; only the weekday and the word "cells" are translated.
"""

from __future__ import annotations

import datetime as dt

from ..core import formatting as fmt
from ..core.result import DoseResult, Evaluation, Finding, Warning_
from ..i18n import core_zh
from .labels import Text
from .model import Lang

_WEEKDAYS_ZH = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")


class CoreWords:
    def __init__(self, lang: Lang) -> None:
        self.lang = lang

    @property
    def chinese(self) -> bool:
        return self.lang != "en"

    def _pair(self, zh: str, en: str) -> Text:
        if self.lang == "en":
            return Text(en)
        if self.lang == "zh_CN" or zh == en:
            return Text(zh)
        return Text(zh, en)

    def cells(self, n: int) -> str:
        return core_zh.cells(n) if self.chinese else fmt.cells(n)

    def date(self, day: dt.date) -> str:
        if self.chinese:
            # A space before the weekday: a narrow column wraps there, never inside it.
            return f"{day.isoformat()} ({_WEEKDAYS_ZH[day.weekday()]})"
        return fmt.iso_with_weekday(day)

    def group(self, d: DoseResult) -> str:
        if not self.chinese:
            return d.group_label
        zh = core_zh.group_name(d.group, d.group_label)
        return zh if self.lang == "zh_CN" else f"{zh} · {d.group_label}"

    def rule(self, rule_id: str) -> str:
        en = rule_id.replace("_", " ")
        if not self.chinese:
            return en
        zh = core_zh.rule_name(rule_id)
        return zh if self.lang == "zh_CN" or zh == rule_id else f"{zh}\n{en}"

    def agent(self, f: Finding) -> str:
        """The international name (tall-man) and the Chinese name; Chinese first in Chinese."""
        if not f.agent_zh:
            return f.display_name
        if self.chinese:
            return f"{f.agent_zh}  {f.display_name}"
        return f"{f.display_name}  {f.agent_zh}"

    def reason(self, f: Finding, ev: Evaluation) -> str:
        return str(self._pair(core_zh.finding_reason(f, ev), f.reason))

    def not_cleared(self, ev: Evaluation) -> list[Text]:
        zh = core_zh.not_cleared_reasons(ev)
        return [self._pair(z, e) for z, e in zip(zh, ev.not_cleared_reasons, strict=True)]

    def warning(self, w: Warning_) -> Text:
        return self._pair(core_zh.problem_text(w), w.message)

    def route(self, route: str) -> str:
        return core_zh.route_name(route) if self.chinese else route

    def settings(self, site_settings: dict[str, str]) -> str:
        """The site settings in force: names translated, values (figures, route codes) as written."""
        if not self.chinese:
            return " · ".join(f"{k.replace('_', ' ')}: {v}" for k, v in site_settings.items())
        out = []
        for key, value in site_settings.items():
            if key == "local_routes":
                value = "、".join(core_zh.route_name(r.strip()) for r in value.split(",") if r.strip())
            value = value.replace("mg/day", "mg/天")
            out.append(f"{core_zh.setting_name(key)}：{value}")
        return " · ".join(out)

    def classes(self, classes: list[str]) -> str:
        if self.chinese:
            return "、".join(core_zh.class_name(c) for c in classes)
        return ", ".join(c.replace("_", " ") for c in classes)
