"""The .ts is complete and current with the code; the committed .qm is its compilation."""

from __future__ import annotations

import importlib.util
import re
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SPEC = importlib.util.spec_from_file_location("translations_tool", ROOT / "packaging" / "translations.py")
tool = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(tool)

TS = tool.ts_path("zh_CN")
QM = tool.qm_path("zh_CN")


def test_ts_has_no_unfinished_obsolete_or_empty_entries():
    assert TS.exists() and tool.messages(TS)
    assert tool.problems(TS) == []
    text = TS.read_text(encoding="utf-8")
    assert 'type="obsolete"' not in text and 'type="vanished"' not in text and 'type="unfinished"' not in text


def test_ts_is_current_with_the_code(tmp_path):
    fresh = tmp_path / TS.name
    shutil.copy(TS, fresh)
    tool.lupdate(fresh, "zh_CN")
    assert tool.keys(fresh) == tool.keys(TS), "run: python packaging/translations.py"


def test_committed_qm_is_the_compiled_ts(tmp_path):
    out = tmp_path / QM.name
    tool.lrelease(TS, out)
    assert QM.read_bytes() == out.read_bytes(), "run: python packaging/translations.py"


def _translations():
    for m in tool.messages(TS):
        tr = m.find("translation")
        forms = [f.text or "" for f in tr.iter("numerusform")]
        yield m.findtext("source"), (forms[0] if forms else tr.text or "")


def test_translations_keep_placeholders_and_accelerators():
    for source, target in _translations():
        for pattern in (r"%n", r"%L?\d", r"\{[a-z_]*\}"):
            assert sorted(re.findall(pattern, source)) == sorted(re.findall(pattern, target)), source
        if re.search(r"&[^&\s]", source):
            assert re.search(r"&[^&\s]", target), f"accelerator lost: {source!r} -> {target!r}"


def test_qt_ships_its_own_chinese_translation():
    from infusecalc.i18n.qt import qt_translations_dir

    assert (qt_translations_dir() / "qtbase_zh_CN.qm").exists()


@pytest.fixture
def english_after():
    yield
    from infusecalc.i18n import qt as i18n_qt

    i18n_qt.install("en")


def test_install_and_switch_back(qapp, english_after):
    from PySide6.QtCore import QCoreApplication

    from infusecalc.i18n import qt as i18n_qt

    i18n_qt.install("zh_CN")
    assert QCoreApplication.translate("LanguageMenu", "&Language") == "语言(&L)"
    # Qt's own strings come from qtbase_zh_CN.qm.
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    i18n_qt.install("en")
    assert QCoreApplication.translate("LanguageMenu", "&Language") == "&Language"
    assert i18n_qt.translate_in("zh_CN", "LanguageMenu", "&Language") == "语言(&L)"
    assert i18n_qt.translate_in("en", "LanguageMenu", "&Language") == "&Language"


def test_language_menu_switches_and_remembers(qtbot, english_after):
    from PySide6.QtWidgets import QMainWindow

    from infusecalc.i18n import qt as i18n_qt
    from infusecalc.i18n.menu import LanguageMenu

    win = QMainWindow()
    qtbot.addWidget(win)
    menu = LanguageMenu(win)
    win.menuBar().addMenu(menu)
    assert menu.title() == "&Language" and menu.actions_by_language["en"].isChecked()
    menu.actions_by_language["zh_CN"].trigger()
    qtbot.waitUntil(lambda: menu.title() == "语言(&L)")
    assert menu.actions_by_language["zh_CN"].isChecked()
    assert i18n_qt.remembered_language() == "zh_CN" and i18n_qt.gui_language() == "zh_CN"
    assert i18n_qt.gui_language("en") == "en"  # --lang wins over the remembered choice
    menu.actions_by_language["en"].trigger()
    qtbot.waitUntil(lambda: menu.title() == "&Language")
    assert i18n_qt.remembered_language() == "en"


def test_a_chinese_font_draws_the_status_words(qapp):
    from infusecalc.i18n.qt import chinese_font_problem

    assert chinese_font_problem() is None


def test_a_string_filed_under_another_context_is_still_translated(qapp, english_after):
    """lupdate may file a string under no context; self.tr() asks with the class name."""
    from PySide6.QtCore import QCoreApplication

    from infusecalc.i18n import qt as i18n_qt

    i18n_qt.install("zh_CN")
    assert QCoreApplication.translate("SomeOtherClass", "&Language") == "语言(&L)"
    # A string with no translation anywhere stays itself (never blank).
    assert QCoreApplication.translate("SomeOtherClass", "No such text") == "No such text"
    assert QCoreApplication.translate("X", "%n bag(s)", None, 3) == "3 bag(s)"
