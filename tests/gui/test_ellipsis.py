"""Labels that open a dialog end in the ellipsis character "…", never three dots.

Issue 15 item 5 ("Dialogs behave") and the Qt/ISMP convention the rest of the window follows:
a menu item or button that opens a dialog ends in "…" (U+2026). Three full stops render wider,
break differently and are a separate string for the translator. The scan reads every
translatable literal of infusecalc/gui with ``ast`` (the strings pyside6-lupdate extracts:
``self.tr(...)``, ``tr(...)``/``_tr(...)`` aliases, ``QCoreApplication.translate(ctx, ...)``).
"""

from __future__ import annotations

import ast
from pathlib import Path

from PySide6.QtWidgets import QPushButton

GUI = Path(__file__).resolve().parents[2] / "infusecalc" / "gui"
_TR_NAMES = {"tr", "_tr"}


def _text_argument(call: ast.Call) -> ast.expr | None:
    """The source-text argument of a translation call, or None when it is not one."""
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
    if name in _TR_NAMES and call.args:
        return call.args[0]
    if name == "translate" and len(call.args) >= 2:
        return call.args[1]
    return None


def translatable_literals(source: str, filename: str) -> list[tuple[int, str]]:
    """(line, text) of every string literal passed as the text of a translation call."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source, filename=filename)):
        if isinstance(node, ast.Call):
            arg = _text_argument(node)
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                found.append((arg.lineno, arg.value))
    return found


def _all_gui_literals() -> list[tuple[str, int, str]]:
    out = []
    for path in sorted(GUI.glob("*.py")):
        for line, text in translatable_literals(path.read_text(encoding="utf-8"), str(path)):
            out.append((path.name, line, text))
    return out


def test_the_scan_finds_three_dots_in_each_kind_of_translation_call():
    # The scanner itself must see a "..." wherever lupdate would extract it.
    sample = (
        "class W:\n"
        "    def f(self):\n"
        "        self.tr('Open...')\n"
        "        _tr('Save...')\n"
        "        QCoreApplication.translate('Ctx', 'Print' '...')\n"
        "        self.tr('Fine…')\n"
        "        print('not translated...')\n"
    )
    texts = [t for _, t in translatable_literals(sample, "sample.py")]
    assert sorted(texts) == sorted(["Open...", "Save...", "Print...", "Fine…"])


def test_no_user_visible_gui_string_uses_three_dots():
    literals = _all_gui_literals()
    # The scan covers the window (a broken scan finding nothing would pass vacuously).
    assert len(literals) > 300, len(literals)
    assert any(text == "Compare and sign…" for _, _, text in literals)
    offenders = [f"{name}:{line}: {text!r}" for name, line, text in literals if "..." in text]
    assert offenders == [], "use the ellipsis character … (U+2026):\n" + "\n".join(offenders)


def test_verify_window_button_shows_the_ellipsis(qtbot, tmp_path):
    from infusecalc.gui.verify_window import VerifyWindow
    from infusecalc.records.store import open_store

    store = open_store(tmp_path / "data")
    w = VerifyWindow(store)
    qtbot.addWidget(w)
    w.show()
    assert w.verify_button.text() == "Compare and sign…"
    labels = [b.text() for b in w.findChildren(QPushButton)]
    assert not [t for t in labels if "..." in t], labels
    w.close()
    store.close()
