"""The main window in Simplified Chinese: no English left, and switching keeps every value."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtWidgets import (QAbstractButton, QComboBox, QGroupBox, QLabel, QLineEdit, QMenu,
                               QTableWidget, QWidget)

from infusecalc.core.formulary import default_formulary
from infusecalc.i18n import qt as i18n_qt

from ..gui.conftest import questions, type_order, wait_result, window  # noqa: F401 - fixtures

pytestmark = pytest.mark.gui

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "issue-example.json"

# What may stay in Latin letters in a Chinese window (issue 7: "drug names, units and IDs").
UNITS = {"mL", "kg", "g", "lb", "mg", "dL", "umol", "U", "L", "s"}
NAMES = {"InfuseCalc", "CAR-T", "NCT07470073", "ct1190b", "SHA-256", "PDF", "JSON", "English",
         "DL1", "DL2", "DL3", "DL-1"}
# Laboratory and clinical abbreviations Chinese clinical texts write in Latin letters
# (eligibility values and checklist, issue 16).
NAMES |= {"ALT", "AST", "INR", "APTT", "LVEF", "ULN", "B-ALL", "Ph", "ALL", "TKI", "HIV", "NYHA", "III-IV",
          "DMSO", "CNS", "Cockcroft-Gault"}


def drug_names() -> set[str]:
    words = set()
    for agent in default_formulary().formulary.agents:
        for name in (agent.name, agent.display_name):
            words |= set(re.findall(r"[A-Za-z][A-Za-z-]*", name))
    return words


ALLOWED = {w.casefold() for w in UNITS | NAMES | drug_names()}
# Codes and IDs: problem codes (WEIGHT_BELOW_USUAL), route/site codes shown beside their
# Chinese name in （）, file names, hex digests, subject/lot/bag IDs as typed.
CODE = re.compile(r"cell/mL|\b[A-Z][A-Z0-9_]{3,}\b|（[a-z-]+）|\b[\w.-]+\.(?:toml|json|pdf)\b|\b[0-9a-f]{6,}\b")


@pytest.fixture
def back_to_english():
    yield
    i18n_qt.install("en")


def switch(qtbot, w, lang: str) -> None:
    w.language_menu.actions_by_language[lang].trigger()
    qtbot.waitUntil(lambda: i18n_qt.current_language() == lang)
    qtbot.wait(20)  # let posted LanguageChange events reach every widget


def shown_texts(w) -> list[tuple[str, str]]:
    """(where, text) of every text a person sees: visible widgets, menus and their actions."""
    out: list[tuple[str, str]] = [("window title", w.windowTitle())]
    for widget in w.findChildren(QWidget):
        if not widget.isVisible():
            continue
        name = f"{type(widget).__name__} {widget.objectName()}"
        if isinstance(widget, QLabel):
            out.append((name, re.sub(r"<[^>]+>", "", widget.text())))
        elif isinstance(widget, QAbstractButton):
            out.append((name, widget.text()))
        elif isinstance(widget, QGroupBox):
            out.append((name, widget.title()))
        elif isinstance(widget, QLineEdit) and not widget.text():
            out.append((name + " placeholder", widget.placeholderText()))
        elif isinstance(widget, QComboBox):
            out += [(name + " item", widget.itemText(i)) for i in range(widget.count())]
        elif isinstance(widget, QTableWidget):
            for c in range(widget.columnCount()):
                out.append((name + " header", widget.horizontalHeaderItem(c).text()))
                out += [(name + " cell", widget.item(r, c).text()) for r in range(widget.rowCount())
                        if widget.item(r, c)]
    for menu in w.findChildren(QMenu):
        out.append(("menu", menu.title()))
        out += [("menu action", a.text()) for a in menu.actions() if not a.isSeparator()]
    return [(where, text) for where, text in out if text]


def english_left(text: str, typed: set[str]) -> list[str]:
    for value in sorted(typed, key=len, reverse=True):
        text = text.replace(value, " ")
    text = CODE.sub(" ", text.replace("&", ""))
    words = [w.rstrip("-") for w in re.findall(r"[A-Za-z][A-Za-z0-9-]*", text)]
    # A token holding a digit is a number, an ID or a dose level (1.3e7, B-001, DL2).
    return [w for w in words if w.casefold() not in ALLOWED and len(w) > 1
            and not any(ch.isdigit() for ch in w)]


def ime_type(edit: QLineEdit, text: str) -> None:
    """Type Chinese as an input method does: one committed string (QTest cannot key CJK)."""
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    edit.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(edit, event)
    assert edit.text() == text


def open_example(qtbot, w) -> set[str]:
    assert w.open_path(str(EXAMPLE))
    wait_result(qtbot, w)
    w.evaluate_now()
    assert w.evaluation() is not None
    return {"daunorubicin", "dexamethasone", "radiotherapy", "cns", "oral", "0101-007",
            "CT1190B-2611-04", "B-0001", "B-0002"}


def assert_all_chinese(w, typed: set[str]) -> int:
    texts = shown_texts(w)
    bad = [(where, text, words) for where, text in texts if (words := english_left(text, typed))]
    assert not bad, "\n".join(f"{where}: {text!r} -> {words}" for where, text, words in bad)
    return len(texts)


def test_every_visible_text_of_the_window_is_chinese_after_switching(qtbot, window, back_to_english):
    typed = open_example(qtbot, window)
    english = dict(shown_texts(window))
    assert english_left(" ".join(english.values()), typed)  # the check does see English
    switch(qtbot, window, "zh_CN")
    assert assert_all_chinese(window, typed) > 60
    # The example carries its label values, lot and bag IDs: cleared and ready to issue.
    assert window.results.banner_text.text() == "✔ 已放行 — 准予输注，可以签发"
    # Switching back restores English everywhere.
    switch(qtbot, window, "en")
    assert window.results.banner_text.text() == "✔ CLEARED FOR INFUSION — READY TO ISSUE"
    assert window.menuBar().actions()[-1].text() == "&Language"


def test_a_not_cleared_case_with_problems_and_warnings_is_all_chinese(qtbot, window, back_to_english):
    switch(qtbot, window, "zh_CN")
    type_order(qtbot, window, weight="20")           # below the usual range: a warning
    window.form.exposures.add_row()
    row = window.form.exposures.rows[0]
    ime_type(row.agent, "长春新碱")
    row.last_date.check.setChecked(True)
    row.last_date.set_date(__import__("datetime").date(2026, 12, 8))
    wait_result(qtbot, window)
    window.evaluate_now()
    ev = window.evaluation()
    assert ev is not None and not ev.cleared
    assert window.results.banner_text.text() == "✖ 未放行 — 禁止输注"
    reasons = window.results.banner_reasons.text()
    assert "长春新碱（vinCRIStine）：化疗" in reasons and "警告未确认：" in reasons
    assert "WEIGHT_BELOW_USUAL" not in reasons          # the code stays in the warning's tooltip
    assert_all_chinese(window, {"0101-007"})


def test_an_input_problem_is_shown_in_chinese_with_the_value_as_typed(qtbot, window, back_to_english):
    switch(qtbot, window, "zh_CN")
    type_order(qtbot, window, weight="42,5")
    wait_result(qtbot, window)
    window.evaluate_now()
    label = window.form.error_label_for("weight")
    assert "42,5" in label.message() and "小数点" in label.message()
    assert_all_chinese(window, {"0101-007", "42,5"})


def test_switching_language_keeps_every_typed_value(qtbot, window, back_to_english):
    open_example(qtbot, window)
    window.form.lot.setText("LOT-77")
    before = window.current_data()
    dose = window.results.dose_label.text()
    volume = window.results.volume_label.text()
    switch(qtbot, window, "zh_CN")
    assert window.current_data() == before
    assert dose == "2.52 × 10⁸ = 252,000,000 CAR-T cells"
    assert window.results.dose_label.text() == "2.52 × 10⁸ = 252,000,000 CAR-T 细胞"  # same figures
    assert "19.3 mL" in window.results.volume_label.text() and "19.3 mL" in volume
    route = window.form.exposures.rows[1].route
    assert route.currentText() == "口服" and route.currentData() == "oral"
    switch(qtbot, window, "en")
    assert window.current_data() == before
    assert route.currentText() == "oral"
    assert not window.is_modified() or before == window.current_data()


def test_the_window_remembers_the_language(qtbot, window, back_to_english):
    switch(qtbot, window, "zh_CN")
    assert i18n_qt.remembered_language() == "zh_CN"
    assert i18n_qt.gui_language() == "zh_CN" and i18n_qt.gui_language("en") == "en"
    switch(qtbot, window, "en")
    assert i18n_qt.remembered_language() == "en"


def _exported_text(qtbot, window, tmp_path, monkeypatch, name: str) -> str:
    from PySide6.QtWidgets import QFileDialog

    pypdf = pytest.importorskip("pypdf")
    out = tmp_path / name
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    window.pdf_action.trigger()
    text = "".join(p.extract_text() for p in pypdf.PdfReader(str(out)).pages)
    return re.sub(r"\s+", "", text)          # as drawn: no folding of radicals (sheet/textmap.py)


def test_the_window_prints_the_sheet_in_its_language_or_the_one_chosen(qtbot, window, tmp_path,
                                                                      monkeypatch, back_to_english):
    open_example(qtbot, window)
    english = _exported_text(qtbot, window, tmp_path, monkeypatch, "en.pdf")
    assert "CLEAREDFORINFUSION" in english and "已放行" not in english
    switch(qtbot, window, "zh_CN")
    chinese = _exported_text(qtbot, window, tmp_path, monkeypatch, "zh.pdf")
    assert "已放行—准予输注" in chinese and "CLEAREDFORINFUSION" not in chinese
    assert "252,000,000CAR-T细胞" in chinese
    menu = window.language_menu
    assert menu.sheet_menu.title() == "剂量单(&S)" and menu.sheet_actions[None].isChecked()
    menu.sheet_actions["bilingual"].trigger()
    both = _exported_text(qtbot, window, tmp_path, monkeypatch, "both.pdf")
    assert both.index("已放行—准予输注") < both.index("CLEAREDFORINFUSION")
    menu.sheet_actions["en"].trigger()
    assert "CLEAREDFORINFUSION" in _exported_text(qtbot, window, tmp_path, monkeypatch, "en2.pdf")
    menu.sheet_actions[None].trigger()
    assert i18n_qt.sheet_language() == "zh_CN"


def test_dialogs_are_chinese(qtbot, window, back_to_english):
    """The class dialog (unknown agent) and the signature dialog, with Qt's own buttons."""
    from infusecalc.gui.exposures import ClassDialog
    from infusecalc.gui.signing import SignDialog

    switch(qtbot, window, "zh_CN")
    choices = window.form.exposures.class_choices
    assert choices and all(re.search(r"[\u4e00-\u9fff]", text) for _, text in choices)
    dialog = ClassDialog(window, "unobtainium", choices)
    qtbot.addWidget(dialog)
    dialog.show()
    assert_all_chinese(dialog, {"unobtainium"})
    assert {b.text() for b in dialog.buttons.buttons()} == {"确定", "取消"}   # qtbase_zh_CN.qm
    sign = SignDialog("含义：已核对。", window)
    qtbot.addWidget(sign)
    sign.show()
    assert_all_chinese(sign, set())


def test_the_app_starts_in_chinese_with_lang(tmp_path):
    """`infusecalc --lang zh_CN` opens the window with the translators installed (a missing .qm
    would stop it), and remembers nothing it was not asked to."""
    import os
    import subprocess
    import sys

    mark = tmp_path / "mark.txt"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", INFUSECALC_STARTUP_MARK=str(mark),
               HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path), INFUSECALC_DATA_DIR=str(tmp_path / "data"))
    code = ("import sys\n"
            "from infusecalc.cli.main import main\n"
            "from infusecalc.i18n import qt\n"
            "rc = main(['--lang', 'zh_CN'])\n"
            "from PySide6.QtCore import QCoreApplication\n"
            "print(qt.current_language(), QCoreApplication.translate('MainWindow', '&File'))\n"
            "sys.exit(rc)\n")
    r = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ["zh_CN", "文件(&F)"]
