"""What the window shows while its form is being built at start-up: "Loading…", and every key
typed meanwhile kept, to be typed into the form once it is there (nothing entered is lost).

Imported before the first paint: Qt only.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

# Pressed alone these type nothing; with another key they are part of that key's event.
_MODIFIER_KEYS = {Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_Meta,
                  Qt.Key.Key_AltGr, Qt.Key.Key_CapsLock, Qt.Key.Key_NumLock}


class LoadingPage(QWidget):
    """The window's body until the order form is in place. It holds the keyboard focus and
    keeps every key pressed (Tab included: it moves between the form's fields later, as it
    would have); ``take_keys()`` hands them over and ``replay`` types them where they belong."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("loadingPage")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.label = QLabel(self)
        self.label.setObjectName("loadingLabel")
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        self._keys: list[QKeyEvent] = []
        self.retranslateUi()

    def retranslateUi(self) -> None:  # noqa: N802 - Qt naming
        text = self.tr("Loading the order form…")
        if self._keys:
            text += "\n" + self.tr("What you type now is kept: it goes into the form as soon as it is shown.")
        self.label.setText(text)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt naming
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    def event(self, event: QEvent) -> bool:
        # event(), not keyPressEvent(): Tab and Backtab would otherwise move the focus away.
        if event.type() == QEvent.Type.KeyPress:
            key: QKeyEvent = event  # type: ignore[assignment]
            if key.key() not in _MODIFIER_KEYS:
                first = not self._keys
                self._keys.append(QKeyEvent(QEvent.Type.KeyPress, key.key(), key.modifiers(), key.text(),
                                            key.isAutoRepeat(), key.count()))
                if first:
                    self.retranslateUi()
            return True
        return super().event(event)

    def typed(self) -> int:
        """How many keys are kept."""
        return len(self._keys)

    def take_keys(self) -> list[QKeyEvent]:
        keys, self._keys = self._keys, []
        return keys

    @staticmethod
    def replay(keys: list[QKeyEvent], target: Callable[[], QWidget]) -> None:
        """Send each key to the widget that has the focus when it comes (``target()``), in the
        order typed: text goes into fields, Tab moves on, as if typed now."""
        for key in keys:
            QCoreApplication.sendEvent(target(), key)
