"""Qt side of the language choice: translators, the remembered choice, switching at run time.

Imported only by the window and the sheet (never by ``check``). Installing or removing a
QTranslator makes Qt send a LanguageChange event to every widget; the window answers it with
its retranslateUi(), so a switch takes effect at once and keeps every typed value.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

from . import LANGUAGES, SHEET_LANGUAGES, Language, SheetLanguage, normalize, resolve

SETTINGS_KEY = "ui/language"
SHEET_KEY = "sheet/language"     # en, zh_CN, bilingual; absent: the window's language
ORGANIZATION = "InfuseCalc"
APPLICATION = "InfuseCalc"

# The translators currently installed, so a switch can remove exactly these.
_installed: list[QTranslator] = []
_current: Language = "en"


class TranslationMissing(RuntimeError):
    """The compiled translation is not shipped: the window must not open half-translated."""


def qm_path(lang: Language) -> Path:
    from ..core.datafile import resource_path

    return resource_path("translations", f"infusecalc_{lang}.qm")


def qt_translations_dir() -> Path:
    return Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))


def ts_path(lang: Language) -> Path:
    from ..core.datafile import resource_path

    return resource_path("translations", f"infusecalc_{lang}.ts")


def _unique_by_source(ts: Path) -> dict[tuple[str, str], str]:
    """(source, disambiguation) -> translation, for sources translated the same in every context."""
    import xml.etree.ElementTree as ET

    seen: dict[tuple[str, str], set[str]] = {}
    for m in ET.parse(ts).getroot().iter("message"):
        tr = m.find("translation")
        if tr is None or tr.get("type"):
            continue
        forms = [f.text or "" for f in tr.iter("numerusform")]
        text = forms[0] if forms else (tr.text or "")
        if text:
            seen.setdefault((m.findtext("source") or "", m.findtext("comment") or ""), set()).add(text)
    return {k: next(iter(v)) for k, v in seen.items() if len(v) == 1}


class ProgramTranslator(QTranslator):
    """Our compiled .qm, forgiving about the context a string was filed under.

    Qt finds a translation by (context, source). pyside6-lupdate's Python parser sometimes files
    a string under the wrong context, or none (``tr = self.tr; tr("…")``, helper functions),
    while at run time self.tr() asks with the class name: the string would stay English
    without any error. So when the exact lookup fails, this falls back to the empty context,
    then to the translation of the same source text wherever it is unambiguous.
    """

    def __init__(self, lang: Language, parent=None):
        super().__init__(parent)
        path = qm_path(lang)
        if not self.load(str(path)):
            raise TranslationMissing(f"{path} is missing or unreadable; rebuild it with "
                                     f"'python packaging/translations.py'")
        ts = ts_path(lang)
        self._by_source = _unique_by_source(ts) if ts.exists() else {}

    def translate(self, context, source_text, disambiguation=None, n=-1):  # noqa: D102 - Qt virtual
        found = super().translate(context, source_text, disambiguation, n)
        if not found and context:
            found = super().translate("", source_text, disambiguation, n)
        if not found:
            found = self._by_source.get((source_text, disambiguation or ""))
        # None, not "": Qt reads an empty string as "translated to nothing" and would blank the text.
        return found or None


def settings() -> QSettings:
    return QSettings(ORGANIZATION, APPLICATION)


def remembered_language() -> Language | None:
    value = settings().value(SETTINGS_KEY)
    return normalize(str(value)) if value else None


def remember_language(lang: Language) -> None:
    s = settings()
    s.setValue(SETTINGS_KEY, lang)
    s.sync()


def sheet_language() -> SheetLanguage:
    """The language the window prints the dose sheet in: the chosen one, else the window's."""
    value = settings().value(SHEET_KEY)
    return str(value) if value in SHEET_LANGUAGES else current_language()  # type: ignore[return-value]


def remember_sheet_language(lang: SheetLanguage | None) -> None:
    """None: print in the window's language."""
    s = settings()
    if lang is None:
        s.remove(SHEET_KEY)
    else:
        s.setValue(SHEET_KEY, lang)
    s.sync()


def sheet_language_choice() -> SheetLanguage | None:
    value = settings().value(SHEET_KEY)
    return str(value) if value in SHEET_LANGUAGES else None  # type: ignore[return-value]


def gui_language(cli_choice: str | None = None) -> Language:
    """--lang, else the choice remembered from the last run, else the system locale (Qt's view)."""
    return resolve(cli_choice, remembered_language(), QLocale.system().name())


def current_language() -> Language:
    return _current


def install(lang: Language, app: QCoreApplication | None = None) -> list[QTranslator]:
    """Make ``lang`` the language of every tr() from now on (and of Qt's own dialogs).

    English is the source language: it needs no translator. For zh_CN our compiled
    infusecalc_zh_CN.qm is required; Qt's qtbase_zh_CN.qm (shipped with PySide6) translates
    Qt's standard buttons and dialogs.
    """
    global _current
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; use one of {', '.join(LANGUAGES)}")
    app = app or QCoreApplication.instance()
    if app is None:
        raise RuntimeError("create the QApplication before installing translators")
    for tr in _installed:
        app.removeTranslator(tr)
    _installed.clear()
    if lang != "en":
        ours = ProgramTranslator(lang, app)
        qt_own = QTranslator(app)
        # Missing Qt translations are not fatal: only Qt's stock button texts stay English.
        if qt_own.load(f"qtbase_{lang}", str(qt_translations_dir())):
            app.installTranslator(qt_own)
            _installed.append(qt_own)
        app.installTranslator(ours)
        _installed.append(ours)
    _current = lang
    return list(_installed)


def switch(lang: Language) -> None:
    """The menu's action: install, remember for the next run. Widgets retranslate themselves
    on the LanguageChange event Qt sends."""
    install(lang)
    remember_language(lang)


_loaded: dict[str, "ProgramTranslator"] = {}


def translate_in(lang: Language, context: str, text: str, disambiguation: str | None = None,
                 n: int = -1) -> str:
    """``text`` in ``lang`` whatever language is installed: the bilingual sheet needs the Chinese
    and the English of the same string at once. English is the source text itself."""
    if lang == "en":
        result = text
    else:
        tr = _loaded.get(lang)
        if tr is None:
            tr = _loaded[lang] = ProgramTranslator(lang)
        result = tr.translate(context, text, disambiguation, n) or text
    if n >= 0 and "%n" in result:  # what QCoreApplication.translate does for plurals
        result = result.replace("%n", str(n))
    return result


# Families that hold Simplified Chinese glyphs, in order of preference (Linux: Debian's
# fonts-noto-cjk; Windows: Microsoft YaHei / SimSun; macOS: PingFang SC).
CJK_FAMILIES = ("Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC",
                "WenQuanYi Micro Hei", "SimHei", "SimSun")
PROBE = "未放行禁止输注剂量体重"


def chinese_font_problem() -> str | None:
    """None when an installed font draws the Chinese status words; else what is missing.

    For a self-test: a Chinese sheet printed without such a font shows empty boxes (tofu).
    Needs a QGuiApplication.
    """
    from PySide6.QtGui import QFont, QFontDatabase, QRawFont

    installed = set(QFontDatabase.families())
    for family in CJK_FAMILIES:
        if family not in installed:
            continue
        raw = QRawFont.fromFont(QFont(family))
        if raw.isValid() and all(raw.glyphIndexesForString(PROBE)):
            return None
    return ("no Chinese font found (looked for " + ", ".join(CJK_FAMILIES) + "); on Debian/Ubuntu: "
            "sudo apt-get install fonts-noto-cjk")
