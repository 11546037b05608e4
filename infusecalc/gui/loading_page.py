"""What the window shows while its form is being built at start-up: "Loading…", and every key
typed meanwhile kept, to be typed into the form once it is there (nothing entered is lost).

Imported and made before the first paint: it uses no Qt name that PySide6 builds lazily at a
cost (``Qt``, ``QEvent``, ``QKeyEvent``: tens of milliseconds); those come after the paint.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QKeyEvent

# Qt::Key_Shift, Key_Control, Key_Meta, Key_Alt, Key_CapsLock, Key_NumLock, Key_AltGr: pressed
# alone they type nothing (with another key they are part of that key's event). Plain numbers,
# from Qt's qnamespace.h, for the reason above.
_MODIFIER_KEYS = frozenset({0x01000020, 0x01000021, 0x01000022, 0x01000023, 0x01000024, 0x01000025,
                            0x01001103})


class LoadingPage(QWidget):
    """The window's body until the order form is in place. Once ``hold_keys()`` is called (the
    window does after its first paint) it holds the keyboard focus and keeps every key pressed
    (Tab included: it moves between the form's fields later, as it would have);
    ``take_keys()`` hands them over and ``replay`` types them where they belong."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("loadingPage")
        self.label = QLabel(self)
        self.label.setObjectName("loadingLabel")
        self.label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.label)
        layout.addStretch(1)
        self._keys: list[QKeyEvent] = []
        self._keeper: _KeyKeeper | None = None
        self.retranslateUi()

    def hold_keys(self) -> None:
        """Take the keyboard focus and keep the keys (after the first paint: see the module)."""
        from PySide6.QtCore import Qt

        if self._keeper is None:
            self._keeper = _KeyKeeper(self)
            self.installEventFilter(self._keeper)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setFocus()

    def keep(self, key: QKeyEvent) -> None:
        from PySide6.QtGui import QKeyEvent

        if key.key() in _MODIFIER_KEYS:
            return
        first = not self._keys
        self._keys.append(QKeyEvent(key.type(), key.key(), key.modifiers(), key.text(),
                                    key.isAutoRepeat(), key.count()))
        if first:
            self.retranslateUi()

    def retranslateUi(self) -> None:  # noqa: N802 - Qt naming
        text = self.tr("Loading the order form…")
        if self._keys:
            text += "\n" + self.tr("What you type now is kept: it goes into the form as soon as it is shown.")
        self.label.setText(text)

    def text(self) -> str:
        """What the page says."""
        return self.label.text()

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


class _KeyKeeper(QObject):
    """The page's keys and language changes (a filter installed after the first paint, rather
    than event handlers that would run, and build Qt's enums, before it)."""

    def __init__(self, page: LoadingPage) -> None:
        super().__init__(page)
        self.page = page

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        from PySide6.QtCore import QEvent

        kind = event.type()
        if kind == QEvent.Type.KeyPress:
            # Here, not in keyPressEvent(): Tab and Backtab would move the focus away first.
            self.page.keep(event)  # type: ignore[arg-type]
            return True
        if kind == QEvent.Type.LanguageChange:
            self.page.retranslateUi()
        return False
