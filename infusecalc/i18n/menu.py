"""The window's "Language" menu: switches en / zh_CN at once and remembers the choice.

Languages are listed by their own names (English, 中文（简体）), so a reader who cannot read
the current language still finds their own. Switching installs the translators; Qt then sends
every widget a LanguageChange event, which the window answers with retranslateUi(): nothing
is rebuilt, so every typed value stays.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QWidget

from . import Language
from . import qt as i18n_qt

ENDONYMS: dict[Language, str] = {"en": "English", "zh_CN": "中文（简体）"}
# The dose sheet's languages, named in their own words like the window's.
SHEET_NAMES: dict[str, str] = {"zh_CN": "中文", "en": "English", "bilingual": "中文 + English"}


class LanguageMenu(QMenu):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("languageMenu")
        self._group = QActionGroup(self)
        self._group.setExclusive(True)
        self.actions_by_language: dict[Language, QAction] = {}
        for lang, name in ENDONYMS.items():
            act = QAction(name, self)
            act.setCheckable(True)
            act.setObjectName(f"language_{lang}")
            act.triggered.connect(lambda _checked=False, lang=lang: self.choose(lang))
            self._group.addAction(act)
            self.addAction(act)
            self.actions_by_language[lang] = act
        self.addSeparator()
        self.sheet_menu = self.addMenu("")
        self.sheet_menu.setObjectName("sheetLanguageMenu")
        sheet_group = QActionGroup(self)
        sheet_group.setExclusive(True)
        self.sheet_actions: dict[str | None, QAction] = {}
        for key, name in [(None, ""), *SHEET_NAMES.items()]:
            act = QAction(name, self)
            act.setCheckable(True)
            act.setObjectName(f"sheet_language_{key or 'window'}")
            act.triggered.connect(lambda _checked=False, key=key: self.choose_sheet(key))
            sheet_group.addAction(act)
            self.sheet_menu.addAction(act)
            self.sheet_actions[key] = act
        self.retranslateUi()

    def choose(self, lang: Language) -> None:
        if lang != i18n_qt.current_language():
            i18n_qt.switch(lang)
        self._sync_checks()

    def choose_sheet(self, lang: str | None) -> None:
        i18n_qt.remember_sheet_language(lang)  # type: ignore[arg-type]
        self._sync_checks()

    def _sync_checks(self) -> None:
        self.actions_by_language[i18n_qt.current_language()].setChecked(True)
        self.sheet_actions[i18n_qt.sheet_language_choice()].setChecked(True)

    def retranslateUi(self) -> None:
        # The English word stays beside the Chinese one, so an English reader finds the menu too.
        self.setTitle(self.tr("&Language"))
        self.sheet_menu.setTitle(self.tr("Dose &sheet"))
        self.sheet_actions[None].setText(self.tr("Same as the window"))
        self._sync_checks()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)
