"""The window in the language chosen: the Language menu, and the core's words shown in it.

The core answers in English and codes. What the window shows of it (problems, warnings,
washout reasons, rule, group, route and site names, agent names) goes through the functions
here, which render BY CODE through the text layer (``infusecalc.text``) in the current
language; no decision is worked out again from what is displayed. The value a person typed is always shown exactly as typed.

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
    from collections.abc import Iterable

    from ..core.errors import Problem
    from ..core.formulary import Agent
    from ..core.eligibility_result import CreatinineClearance, ValueFinding
    from ..core.result import DoseResult, Evaluation, Finding, Warning_


def words():
    """The text layer (infusecalc.text) in the window's language, loaded on first use: the
    window shows before the core is loaded."""
    from ..text import Words

    return Words("zh_CN" if chinese() else "en")


def chinese() -> bool:
    return i18n_qt.current_language() == "zh_CN"


def listing(items: "Iterable[str]") -> str:
    """Items of one list joined as the window's language joins them (the text layer's rule)."""
    return words().listing(items)


# -- the core's words (all rendered by infusecalc.text from codes and params) ------------------

def problem_message(p: "Problem | Warning_") -> str:
    own = _weight_typed_with_a_unit(p)
    return own if own is not None else words().problem(p)


_WEIGHT_UNITS = ("kg", "g", "lb")


def _weight_typed_with_a_unit(p: "Problem | Warning_") -> str | None:
    """A weight typed with a unit of its own besides the one chosen in the unit box ("42 kg"
    with lb chosen, "42 KG" with kg): the window gives the core both, and the core's sentence
    then quoted "'kg lb' is not accepted", a text nobody typed. Said in the window's words:
    what was typed, what the box says, what to do."""
    from PySide6.QtCore import QCoreApplication

    if getattr(p, "field", None) != "weight" or getattr(p, "code", None) != "UNIT_NOT_ALLOWED":
        return None
    parts = str(getattr(p, "value", "")).split()
    if len(parts) < 3 or parts[-1] not in _WEIGHT_UNITS:
        return None
    typed, chosen = " ".join(parts[1:-1]), parts[-1]
    if typed in _WEIGHT_UNITS:
        return QCoreApplication.translate(
            "Language", "The weight is typed in {typed} but the unit box says {chosen}: delete the "
            "unit after the number, or choose {typed} in the unit box.").format(typed=typed, chosen=chosen)
    return QCoreApplication.translate(
        "Language", "\u201c{typed}\u201d after the number is not a unit of weight: type the number "
        "alone and choose kg, g or lb in the unit box (the box says {chosen}).").format(
            typed=typed, chosen=chosen)


def problem_listing(problems: "list[Problem]", limit: int = 10) -> str:
    """Bulleted lines for a dialog: where (field) and what, in the current language."""
    return words().problem_listing(problems, limit)


def not_cleared_reasons(ev: "Evaluation") -> list[str]:
    """Why not cleared, then what moving a date would do, then what CLEARED does not cover.

    An unacknowledged warning is named by what it says, not by its code (the code is what a
    case file's ``acknowledged_warnings`` holds, so the CLI keeps it; on screen it means nothing)."""
    from PySide6.QtCore import QCoreApplication

    w = words()
    by_code = {warning.code: warning for warning in ev.warnings}
    lines = []
    for reason in ev.not_cleared:
        warning = by_code.get(str(reason.params.get("warning"))) \
            if reason.code == "WARNING_NOT_ACKNOWLEDGED" else None
        if warning is not None:
            lines.append(QCoreApplication.translate("Language", "Warning not acknowledged: {message}").format(
                message=w.problem(warning)))
        else:
            lines.append(w.not_cleared_line(reason, ev))
    return [*lines, *w.outlook(ev)]


def eligibility_note(ev: "Evaluation") -> str | None:
    return words().eligibility_line(ev)


def finding_reason(f: "Finding", ev: "Evaluation | None" = None) -> str:
    return words().finding_reason(f)


def finding_details(ev: "Evaluation", f: "Finding") -> list[str]:
    """The rules applied to a hand-classified agent, a course's dates and each day's
    glucocorticoid total, as the sheet shows them."""
    w = words()
    out = []
    if f.first_date:
        out.append(w.summary("COURSE", first_date=f.first_date, last_date=f.last_date))
    if f.classified_by_hand:
        out.append(w.summary("RULES_APPLIED", rules=w.listing(w.rules_applied(ev, f))))
    return out + w.day_totals(f)


def finding_agent(f: "Finding") -> str:
    """Chinese generic name with the international (tall-man) name beside it, in zh_CN."""
    return words().agent(f)


def agent_name(agent: "Agent") -> str:
    return words().agent_label(agent.zh, agent.display_name)


def rule_name(rule_id: str) -> str:
    return words().rule(rule_id)


def group_name(dose: "DoseResult") -> str:
    return words().group(dose)


def group_choice(g) -> str:
    """A group as offered in the order form: 'B: Group B (adolescents) (12-17 y)'."""
    if chinese():
        return f"{g.id}：{words().group_name(g.id, g.label)}（{g.min_age_years}-{g.max_age_years} 岁）"
    return f"{g.id}: {g.label} ({g.min_age_years}-{g.max_age_years} y)"


def cells(n: int) -> str:
    """'1.5 × 10⁸ = 150,000,000 CAR-T cells'; in zh_CN the same figures, then 'CAR-T 细胞'."""
    return words().cells(n)


def date_with_weekday(day) -> str:
    """ISO date with its weekday: '2026-12-10 (Thu)'; in zh_CN '2026-12-10（周四）'.
    The ISO date itself is written identically in both languages."""
    return words().date(day)


def class_name(class_id: str) -> str:
    return words().class_name(class_id)


def site_name(site: str) -> str:
    return words().site(site)


# -- combo boxes of codes (routes, radiation sites) ----------------------------------------------

def fill_code_combo(combo: QComboBox, codes: list[str], kind: str,
                    groups: "list[tuple[str, list[str]]] | None" = None) -> None:
    """Items show the code's name in the current language; the code itself is the item data
    (what goes into the case file). Keeps the current choice, or the text typed.

    ``groups`` (header, codes): the items under a header that cannot be chosen itself, so
    choices that lead to different rules (systemic and local routes) are listed apart."""
    from PySide6.QtGui import QStandardItemModel

    current = combo_code(combo)
    w = words()
    names = {"route": w.route, "site": w.site}[kind]
    blocked = combo.blockSignals(True)
    combo.clear()
    combo.addItem("", "")
    for header, group_codes in (groups if groups is not None else [("", codes)]):
        if header:
            combo.insertSeparator(combo.count())
            combo.addItem(header)        # no data: a header, never a value
            model = combo.model()
            if isinstance(model, QStandardItemModel):
                item = model.item(combo.count() - 1)
                item.setEnabled(False)
                font = item.font()
                font.setBold(True)
                item.setFont(font)
        for code in group_codes:
            # In English too: a route's code is its word, a site's is not ("cns" is "CNS").
            combo.addItem(names(code), code)
    set_combo_code(combo, current)
    combo.blockSignals(blocked)
    # Never clip a name ("intramuscular" and "intra-articular" differ only in the middle, and
    # that difference decides the glucocorticoid rule): the box is as wide as its widest name.
    widest = max((combo.fontMetrics().horizontalAdvance(combo.itemText(i)) for i in range(combo.count())
                  if combo.itemData(i)), default=0)
    combo.setMinimumWidth(widest + 36)
    combo.view().setMinimumWidth(max(widest, max((combo.fontMetrics().horizontalAdvance(combo.itemText(i))
                                                  for i in range(combo.count())), default=0)) + 36)


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


# -- eligibility values and checklist (infusecalc.text.eligibility) -------------------------------

def eligibility_criterion(criterion: str) -> str:
    from ..text import eligibility as et

    return et.criterion(words(), criterion)


def eligibility_reason(f: "ValueFinding") -> str:
    from ..text import eligibility as et

    return et.finding_reason(words(), f)


def eligibility_value(f: "ValueFinding") -> str:
    """A computed value (creatinine clearance) with its unit, as the core made it for showing."""
    w = words()
    return f"{w.value(f.value)} {f.unit}".strip()


def eligibility_formula(cc: "CreatinineClearance") -> str:
    from ..text import eligibility as et

    return et.formula(words(), cc)


def checklist_lines(ev: "Evaluation") -> list[str]:
    """The checklist's counts and who attested, then each item not met."""
    from ..text import eligibility as et

    w = words()
    line = et.checklist_line(w, ev)
    if line is None:
        return []
    c = ev.eligibility.checklist
    sep = "：" if w.chinese else ": "
    return [line, *(f"✖ {et.item_name(w, i.id)}{sep}{et.answer_word(w, i.answer)}"
                    for i in (c.items if c else []) if i.answer == "not_met")]


def checklist_names() -> dict[str, str]:
    """Each checklist item's short name in the window's language."""
    return dict(words().cat.checklist)
