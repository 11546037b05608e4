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
        self.retranslateUi()

    def choose(self, lang: Language) -> None:
        if lang != i18n_qt.current_language():
            i18n_qt.switch(lang)
        self._sync_checks()

    def _sync_checks(self) -> None:
        self.actions_by_language[i18n_qt.current_language()].setChecked(True)

    def retranslateUi(self) -> None:
        # The English word stays beside the Chinese one, so an English reader finds the menu too.
        self.setTitle(self.tr("&Language"))
        self._sync_checks()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)
