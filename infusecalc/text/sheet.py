"""The core's words for a sheet in English, Chinese or both (no Qt, no sheet imports).

A bilingual sheet prints the Chinese first and the English beneath; each method that can
differ by language returns a ``(primary, secondary)`` pair, ``secondary`` None when one line
is enough. The sheet wraps the pair in its own ``Text``.
"""

from __future__ import annotations

import datetime as dt

from ..core.result import DoseResult, Evaluation, Finding, Warning_
from .words import Words

Pair = tuple[str, str | None]


class SheetWords:
    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.en = Words("en")
        self.zh = Words("zh_CN")
        self.main = self.en if lang == "en" else self.zh

    @property
    def chinese(self) -> bool:
        return self.lang != "en"

    def pair(self, zh: str, en: str) -> Pair:
        if self.lang == "en":
            return en, None
        if self.lang == "zh_CN" or zh == en:
            return zh, None
        return zh, en

    def _both(self, render) -> Pair:  # type: ignore[no-untyped-def]
        return self.pair(render(self.zh), render(self.en))

    def cells(self, n: int) -> str:
        return self.main.cells(n)

    def date(self, day: dt.date) -> str:
        if self.chinese:
            # A space before the weekday: a narrow column wraps there, never inside it.
            from .words import _WEEKDAYS_ZH

            return f"{day.isoformat()} ({_WEEKDAYS_ZH[day.weekday()]})"
        return self.en.date(day)

    def group(self, d: DoseResult) -> str:
        if not self.chinese:
            return d.group_label
        zh = self.zh.group(d)
        return zh if self.lang == "zh_CN" else f"{zh} · {d.group_label}"

    def rule(self, rule_id: str) -> str:
        en = rule_id.replace("_", " ")
        if not self.chinese:
            return en
        zh = self.zh.rule(rule_id)
        return zh if self.lang == "zh_CN" or zh == rule_id else f"{zh}\n{en}"

    def agent(self, f: Finding) -> str:
        """The international name (tall-man) and the Chinese name; Chinese first in Chinese."""
        if not f.agent_zh:
            return f.display_name
        return f"{f.agent_zh}  {f.display_name}" if self.chinese else f"{f.display_name}  {f.agent_zh}"

    def reason(self, f: Finding) -> Pair:
        return self._both(lambda w: w.finding_reason(f))

    def not_cleared(self, ev: Evaluation) -> list[Pair]:
        return [self.pair(z, e) for z, e in zip(self.zh.not_cleared(ev), self.en.not_cleared(ev), strict=True)]

    def outlook(self, ev: Evaluation) -> list[Pair]:
        return [self.pair(z, e) for z, e in zip(self.zh.outlook(ev), self.en.outlook(ev), strict=True)]

    def eligibility(self, ev: Evaluation) -> Pair | None:
        zh, en = self.zh.eligibility_line(ev), self.en.eligibility_line(ev)
        return None if zh is None or en is None else self.pair(zh, en)

    def warning(self, w: Warning_) -> Pair:
        return self._both(lambda words: words.problem(w))

    def route(self, route: str) -> str:
        return self.zh.route(route) if self.chinese else route

    def settings(self, site_settings: dict[str, str]) -> str:
        return self.main.settings(site_settings)

    def classes(self, classes: list[str]) -> str:
        return self.main.classes(classes)

    def rules_applied(self, ev: Evaluation, f: Finding) -> str:
        w = self.main
        return w.summary("RULES_APPLIED", rules=w.listing(w.rules_applied(ev, f)))

    def day_totals(self, f: Finding) -> list[str]:
        return self.main.day_totals(f)

    def course(self, f: Finding) -> str | None:
        if f.first_date is None:
            return None
        return self.main.summary("COURSE", first_date=f.first_date, last_date=f.last_date)

    def conditioning(self) -> str:
        return self.main.summary("CONDITIONING")
