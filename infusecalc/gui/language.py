"""The window in the language chosen: the Language menu, and the core's words shown in it.

The core answers in English and codes. What the window shows of it (problems, warnings,
washout reasons, rule, group, route and site names, agent names) goes through the functions
here, which translate BY CODE in zh_CN (``infusecalc.i18n.core_zh``) and return the core's
own English otherwise. The value a person typed is always shown exactly as typed.

Switching language never rebuilds a widget: Qt sends LanguageChange, the window's
retranslateUi() sets every text again, and what was typed stays where it was.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QComboBox, QMainWindow

from ..i18n import qt as i18n_qt
from ..i18n.menu import LanguageMenu

if TYPE_CHECKING:
    from ..core.errors import Problem
    from ..core.formulary import Agent
    from ..core.result import DoseResult, Evaluation, Finding, Warning_


class _LazyCoreZh:
    """infusecalc.i18n.core_zh on first use: the window shows before the core is loaded."""

    def __getattr__(self, name: str):
        from ..i18n import core_zh as module

        return getattr(module, name)


core_zh = _LazyCoreZh()


def chinese() -> bool:
    return i18n_qt.current_language() == "zh_CN"


# -- the core's words ------------------------------------------------------------------------

def problem_message(p: "Problem | Warning_") -> str:
    return core_zh.problem_text(p) if chinese() else p.message


def problem_listing(problems: "list[Problem]", limit: int = 10) -> str:
    """Bulleted lines for a dialog: where (field) and what, in the current language."""
    if chinese():
        return "\n".join(f"• {core_zh.field_label(p.field)}：{core_zh.problem_text(p)}" for p in problems[:limit])
    return "\n".join(f"• {p.field}: {p.message}" for p in problems[:limit])


def not_cleared_reasons(ev: "Evaluation") -> list[str]:
    return core_zh.not_cleared_reasons(ev) if chinese() else list(ev.not_cleared_reasons)


def finding_reason(f: "Finding", ev: "Evaluation") -> str:
    return core_zh.finding_reason(f, ev) if chinese() else f.reason


def finding_agent(f: "Finding") -> str:
    """Chinese generic name with the international (tall-man) name beside it, in zh_CN."""
    return core_zh.agent_label(f.agent_zh, f.display_name) if chinese() else f.display_name


def agent_name(agent: "Agent") -> str:
    return core_zh.agent_label(agent.zh, agent.display_name) if chinese() else agent.display_name


def rule_name(rule_id: str) -> str:
    return core_zh.rule_name(rule_id) if chinese() else rule_id


def group_name(dose: "DoseResult") -> str:
    return core_zh.group_name(dose.group, dose.group_label) if chinese() else dose.group_label


def group_choice(g) -> str:
    """A group as offered in the order form: 'B: Group B (adolescents) (12-17 y)'."""
    if chinese():
        return f"{g.id}：{core_zh.group_name(g.id, g.label)}（{g.min_age_years}-{g.max_age_years} 岁）"
    return f"{g.id}: {g.label} ({g.min_age_years}-{g.max_age_years} y)"


def cells(n: int) -> str:
    """'1.5 × 10⁸ = 150,000,000 CAR-T cells'; in zh_CN the same figures, then 'CAR-T 细胞'."""
    from ..core import formatting as fmt

    return core_zh.cells(n) if chinese() else fmt.cells(n)


_WEEKDAYS_ZH = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")


def date_with_weekday(day) -> str:
    """ISO date with its weekday: '2026-12-10 (Thu)'; in zh_CN '2026-12-10（周四）'.
    The ISO date itself is written identically in both languages."""
    from ..core import formatting as fmt

    if chinese():
        return f"{day.isoformat()}（{_WEEKDAYS_ZH[day.weekday()]}）"
    return fmt.iso_with_weekday(day)


def class_name(class_id: str) -> str:
    return core_zh.class_name(class_id) if chinese() else class_id.replace("_", " ")


def site_name(site: str) -> str:
    return core_zh.site_name(site) if chinese() else site


# -- combo boxes of codes (routes, radiation sites) ----------------------------------------------

def fill_code_combo(combo: QComboBox, codes: list[str], kind: str) -> None:
    """Items show the code's name in the current language; the code itself is the item data
    (what goes into the case file). Keeps the current choice, or the text typed."""
    current = combo_code(combo)
    names = {"route": core_zh.route_name, "site": core_zh.site_name}[kind]
    blocked = combo.blockSignals(True)
    combo.clear()
    combo.addItem("", "")
    for code in codes:
        label = names(code) if chinese() else code
        combo.addItem(label, code)
    set_combo_code(combo, current)
    combo.blockSignals(blocked)
    # Chinese names are wider than the codes: never clip the chosen one.
    widest = max((combo.fontMetrics().horizontalAdvance(combo.itemText(i)) for i in range(combo.count())),
                 default=0)
    combo.setMinimumWidth(widest + 36 if chinese() else 0)


def combo_code(combo: QComboBox) -> str:
    """The code of the chosen item, or the text as typed when it matches no item."""
    text = combo.currentText().strip()
    index = combo.findText(text)
    if index >= 0 and combo.itemData(index) is not None:
        return str(combo.itemData(index))
    return text


def set_combo_code(combo: QComboBox, code: str | None) -> None:
    index = combo.findData(code or "")
    if code and index >= 0:
        combo.setCurrentIndex(index)
    else:
        combo.setCurrentText(code or "")


# -- the menu ------------------------------------------------------------------------------------

class _Retranslator(QObject):
    """Answers LanguageChange on the window with its retranslateUi()."""

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        if event.type() == QEvent.Type.LanguageChange and obj is self.parent():
            obj.retranslateUi()
        return False


def add_language_menu(window: QMainWindow) -> LanguageMenu:
    """Put the Language menu on the window's menu bar and retranslate the window on a switch."""
    menu = LanguageMenu(window)
    window.menuBar().addMenu(menu)
    window.installEventFilter(_Retranslator(window))
    return menu
