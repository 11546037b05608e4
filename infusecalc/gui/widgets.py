"""Small reusable widgets: optional date and number fields, the inline error label, and the
filter that makes Enter move to the next field. Qt only; nothing here knows the protocol."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QDate, QEvent, QModelIndex, QObject, QPoint, QPointF, QRect, QSize, Qt, Signal
from PySide6.QtGui import QClipboard, QColor, QFont, QFontMetrics, QKeyEvent, QPainter, QPalette, QTextLayout, QTextOption
from PySide6.QtWidgets import (QAbstractSpinBox, QApplication, QCheckBox, QComboBox, QDateEdit, QDialog,
                               QDialogButtonBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
                               QPushButton, QScrollArea, QSizePolicy, QSpinBox, QStyle, QStyledItemDelegate,
                               QStyleOptionViewItem, QTableView, QWidget)

ISO_FORMAT = "yyyy-MM-dd"
_POLISH, _WHEEL = QEvent.Type.Polish, QEvent.Type.Wheel
_UNSET = QDate(1900, 1, 1)


class _Optional(QWidget):
    """A check box that says whether a value is given, beside the editor of that value.

    A date or an age the user has not given must never look given: unchecked, the editor is
    disabled and shows "not set", and the value is left out of the case.
    """

    changed = Signal()

    def __init__(self, editor: QWidget, parent: QWidget | None = None):
        super().__init__(parent)
        self.check = QCheckBox(self)
        self.editor = editor
        editor.setParent(self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.check)
        layout.addWidget(editor, 1)
        editor.setEnabled(False)
        self.setFocusProxy(self.check)
        self.check.toggled.connect(self._toggled)

    def _toggled(self, on: bool) -> None:
        self.editor.setEnabled(on)
        self._on_toggled(on)
        # Keyboard flow: ticking the box moves straight into the value.
        self.setFocusProxy(self.editor if on else self.check)
        if on and self.check.hasFocus():
            self.editor.setFocus(Qt.FocusReason.TabFocusReason)
        self.changed.emit()

    def _on_toggled(self, on: bool) -> None:  # pragma: no cover - overridden
        pass

    def is_set(self) -> bool:
        return self.check.isChecked()

    def setAccessibleName(self, name: str) -> None:  # noqa: N802 - Qt naming
        super().setAccessibleName(name)
        self.editor.setAccessibleName(name)
        self.check.setAccessibleName(
            QCoreApplication.translate("OptionalField", "{name}: value given").format(name=name))


class DateField(_Optional):
    """An optional ISO date with a calendar pop-up."""

    def __init__(self, parent: QWidget | None = None):
        edit = QDateEdit()
        edit.setDisplayFormat(ISO_FORMAT)
        edit.setCalendarPopup(True)
        edit.setMinimumDate(_UNSET)
        edit.setMaximumDate(QDate(2199, 12, 31))
        edit.setDate(_UNSET)
        super().__init__(edit, parent)
        self.edit: QDateEdit = edit
        edit.dateChanged.connect(lambda _d: self.changed.emit())
        edit.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        # Typing "2026-12-10": Qt already moves to the month once four year digits are in, so
        # the "-" that follows would skip the month too. Swallow a "-" typed right after one.
        if obj is self.edit and event.type() == QEvent.Type.KeyPress and event.text() == "-":
            line = self.edit.lineEdit()
            pos = line.selectionStart() if line.hasSelectedText() else line.cursorPosition()
            if pos > 0 and line.text()[pos - 1:pos] == "-":
                return True
        return False

    def set_unset_text(self, text: str) -> None:
        self.edit.setSpecialValueText(text)

    def _on_toggled(self, on: bool) -> None:
        blocked = self.edit.blockSignals(True)
        if on and self.edit.date() == _UNSET:
            self.edit.setDate(QDate.currentDate())
        elif not on:
            self.edit.setDate(_UNSET)
        self.edit.blockSignals(blocked)

    def iso(self) -> str | None:
        return self.edit.date().toString(ISO_FORMAT) if self.is_set() else None

    def set_date(self, value: dt.date | str | None) -> None:
        if isinstance(value, str):
            value = dt.date.fromisoformat(value)
        blocked = self.blockSignals(True)
        if value is None:
            self.check.setChecked(False)
        else:
            self.check.setChecked(True)
            self.edit.setDate(QDate(value.year, value.month, value.day))
        self.blockSignals(blocked)


class AgeField(_Optional):
    """An optional age in completed years."""

    def __init__(self, parent: QWidget | None = None):
        spin = QSpinBox()
        spin.setRange(0, 150)
        spin.setButtonSymbols(QAbstractSpinBox.ButtonSymbols.UpDownArrows)
        super().__init__(spin, parent)
        self.spin: QSpinBox = spin
        spin.valueChanged.connect(lambda _v: self.changed.emit())
        spin.lineEdit().installEventFilter(self)

    def _on_toggled(self, on: bool) -> None:
        if on and self.check.hasFocus():
            self.spin.selectAll()   # typing replaces the 0 the box starts with

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        """A click into the box while it still holds the 0 it starts with selects that 0, so
        typing replaces it: clicked left of the 0, "15" read "150" (found under X11)."""
        if (event.type() == QEvent.Type.MouseButtonRelease and obj is self.spin.lineEdit()
                and self.spin.value() == self.spin.minimum() and not self.spin.lineEdit().hasSelectedText()):
            self.spin.selectAll()
        return False

    def value(self) -> int | None:
        return self.spin.value() if self.is_set() else None

    def set_value(self, value: int | None) -> None:
        blocked = self.blockSignals(True)
        self.check.setChecked(value is not None)
        # No value: the spin box forgets the last one too, so ticking the box later never
        # brings back another patient's age.
        self.spin.setValue(value if value is not None else self.spin.minimum())
        self.blockSignals(blocked)


class NoteLabel(QLabel):
    """A short notice under a field about something the window did to it (not an error)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWordWrap(True)
        self.setObjectName("fieldNote")
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.WindowText, QColor(92, 60, 0))
        self.setPalette(palette)
        self.hide()

    def set_note(self, text: str) -> None:
        self.setText(text)
        self.setAccessibleDescription(text)
        self.setVisible(bool(text))


class ErrorLabel(QWidget):
    """The core's message, in red with an error icon, under the field it concerns."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 2)
        self.icon = QLabel(self)
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        self.icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical).pixmap(size, size))
        self.icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        palette = self.text.palette()   # a palette, not a style sheet: there are 20 of these
        palette.setColor(QPalette.ColorRole.WindowText, QColor(176, 0, 32))
        self.text.setPalette(palette)
        self.text.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        layout.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.text, 1)
        self.hide()

    def set_messages(self, messages: list[str]) -> None:
        text = "\n".join(dict.fromkeys(messages))
        if text == self.text.text() and self.isHidden() == (not text):
            return
        self.text.setText(text)
        self.setAccessibleDescription(text)
        self.setVisible(bool(text))

    def message(self) -> str:
        return self.text.text() if self.isVisibleTo(self.parentWidget()) else ""


class EnterMovesOn(QObject):
    """Return/Enter in an input moves to the next field instead of doing nothing.

    Pop-ups (combo lists, completers, calendars) keep their own Enter.
    """

    def __init__(self, on_enter: Callable[[QWidget], None], parent: QObject | None = None):
        super().__init__(parent)
        self._on_enter = on_enter

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        if event.type() != QEvent.Type.KeyPress or not isinstance(obj, QWidget):
            return False
        key_event: QKeyEvent = event  # type: ignore[assignment]
        if key_event.key() not in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return False
        if key_event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return False
        if isinstance(obj, QComboBox) and obj.view().isVisible():
            return False
        if isinstance(obj, QLineEdit) and obj.completer() is not None and obj.completer().popup().isVisible():
            return False
        self._on_enter(obj)
        return True


class WheelGuard(QObject):
    """One filter, installed on the application, that keeps a stray mouse wheel from changing a
    value: a combo box, spin box or date field only takes the wheel while it has the keyboard
    focus. Without focus the wheel scrolls the page under it instead, as the user meant.

    The filter also gives those widgets ``Qt.StrongFocus`` when they are first polished: Qt's
    default (``WheelFocus``) hands them the focus on a wheel event *before* any filter sees it,
    which would make every notch count as focused.
    """

    _GUARDED = (QComboBox, QAbstractSpinBox)

    @classmethod
    def _guard(cls, app: QObject) -> "WheelGuard":
        guard = app.findChild(WheelGuard, "infusecalcWheelGuard")
        if guard is None:
            guard = WheelGuard(app)
            guard.setObjectName("infusecalcWheelGuard")
        return guard

    @classmethod
    def install(cls, app: QObject) -> "WheelGuard":
        """Install once per application; later calls return the same guard."""
        guard = cls._guard(app)
        if not guard.property("appWide"):
            guard.setProperty("appWide", True)
            app.installEventFilter(guard)
            from PySide6.QtWidgets import QApplication
            for w in QApplication.allWidgets():   # widgets polished before the guard existed
                if isinstance(w, cls._GUARDED):
                    cls._strong_focus(w)
        return guard

    @classmethod
    def guard_children(cls, root: QWidget) -> "WheelGuard":
        """Guard the combo and spin boxes under ``root`` each with its own event filter (only
        their events reach Python), until ``install`` guards the whole application: an
        application-wide Python filter sees every event of every widget, which slows the
        building of a large form several times (the main window installs it once its form is
        built and filled)."""
        from PySide6.QtWidgets import QApplication

        guard = cls._guard(QApplication.instance())
        for w in root.findChildren(QWidget):
            if isinstance(w, cls._GUARDED):
                cls._strong_focus(w)
                w.installEventFilter(guard)
        return guard

    @staticmethod
    def _strong_focus(w: QWidget) -> None:
        if w.focusPolicy() == Qt.FocusPolicy.WheelFocus:
            w.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    @classmethod
    def guarded(cls, obj: QObject) -> QWidget | None:
        """The combo/spin box ``obj`` is, or whose line edit it is."""
        for candidate in (obj, obj.parent() if isinstance(obj, QLineEdit) else None):
            if isinstance(candidate, cls._GUARDED):
                return candidate
        return None

    # DialogDefaults.install sets it: the same filter then also fixes dialogs' buttons.
    dialog_defaults = False

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        # Application-wide, this runs for every event of every widget: it is the only Python
        # filter of the whole application (DialogDefaults rides on it), and it returns at once
        # for anything but a polish or a wheel. Opening a case costs about 95 ms of CPU with no
        # such filter, 125-140 with this one, 150 with two (benchmarks/open_case.py).
        kind = event.type()
        if kind == _POLISH:
            if isinstance(obj, self._GUARDED):
                self._strong_focus(obj)
            elif self.dialog_defaults and isinstance(obj, QPushButton):
                DialogDefaults.polish(obj)
            return False
        if kind != _WHEEL:
            return False
        target = self.guarded(obj)
        if target is None:
            return False
        from PySide6.QtWidgets import QAbstractScrollArea, QApplication
        focus = QApplication.focusWidget()
        if focus is not None and (focus is target or target.isAncestorOf(focus)):
            return False   # focused: the wheel is the user's deliberate choice
        # Scroll the page the field sits in, so the wheel still does what the user expects.
        parent = target.parentWidget()
        while parent is not None and not isinstance(parent, QAbstractScrollArea):
            parent = parent.parentWidget()
        if parent is not None:
            bar = parent.verticalScrollBar()
            QCoreApplication.sendEvent(bar, event)
        return True


def action_buttons(dialog: QDialog, action: str, do: Callable[[], object]) -> QDialogButtonBox:
    """OK and Cancel for a dialog that does one thing: OK carries the action's own name ("Sign",
    "Change", "Create") and is the default button, so Enter in any field does what the dialog
    is for; Cancel closes it."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
    ok.setText(action)
    ok.setDefault(True)
    buttons.accepted.connect(do)
    buttons.rejected.connect(dialog.reject)
    return buttons


def secret_edit(name: str = "") -> QLineEdit:
    """A password field: typed characters are never shown."""
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    if name:
        edit.setObjectName(name)
    return edit


def message_label(name: str = "message") -> QLabel:
    """The line under a dialog's fields where it says why it did not go on."""
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    return label


class DialogDefaults:
    """Enter in a dialog presses the dialog's own default button (its OK, Sign, Create, Add)
    and nothing else: Qt makes every push button of a dialog "auto-default", so Enter in a field
    pressed whichever button last had the focus (in Tools > Users: "Disable…"). Installed once on
    the application (on the application's one filter, the WheelGuard); buttons of a
    ``QDialogButtonBox`` and a button set as default keep theirs.
    """

    @staticmethod
    def install(app: QObject) -> WheelGuard:
        guard = WheelGuard.install(app)
        guard.dialog_defaults = True
        return guard

    @staticmethod
    def polish(button: QPushButton) -> None:
        if (not button.isDefault() and isinstance(button.window(), QDialog)
                and not isinstance(button.parentWidget(), QDialogButtonBox)):
            button.setAutoDefault(False)


class _Ring(QWidget):
    """The ring itself: a frame drawn around the focused widget, transparent to the mouse."""

    def __init__(self) -> None:
        super().__init__(None)
        self.setObjectName("focusRing")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def paintEvent(self, _event: QEvent) -> None:  # noqa: N802 - Qt naming
        from PySide6.QtGui import QPainter, QPen

        painter = QPainter(self)
        pen = QPen(QColor(0, 95, 204))
        pen.setWidth(2)
        painter.setPen(pen)
        painter.drawRoundedRect(self.rect().adjusted(1, 1, -1, -1), 3, 3)
        painter.end()


class FocusRing(QObject):
    """Draws a ring around whichever widget has the keyboard focus, so the focus is visible on
    every widget (tick boxes and combo boxes included) whatever the style draws. One per
    application; the ring widget lives beside the focused widget and follows it."""

    def __init__(self, app: QObject):
        super().__init__(app)
        self.setObjectName("infusecalcFocusRing")
        self._ring: _Ring | None = None
        self._target: QWidget | None = None
        self._watched: list[QWidget] = []
        app.focusChanged.connect(self._focus_changed)   # type: ignore[attr-defined]

    @classmethod
    def install(cls, app: QObject) -> "FocusRing":
        ring = app.findChild(FocusRing, "infusecalcFocusRing")
        return ring if ring is not None else FocusRing(app)

    def target(self) -> QWidget | None:
        return self._target

    def ring(self) -> "_Ring | None":
        from shiboken6 import isValid

        return self._ring if self._ring is not None and isValid(self._ring) else None

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        from shiboken6 import isValid

        for watched in self._watched:
            if isValid(watched):
                watched.removeEventFilter(self)
        self._watched = []
        self._target = None
        ring = self.ring()
        parent = self._holder(new) if new is not None and not new.isWindow() \
            and not isinstance(new, _Ring) else None
        if new is None or parent is None:
            if ring is not None:
                ring.hide()
            return
        if ring is None:   # the first, or the last one went with the window it was in
            ring = self._ring = _Ring()
        self._target = new
        # The ring follows the widget when it, or any widget between it and the ring's
        # parent, moves or is resized (a row growing under an error message).
        widget: QWidget | None = new
        while widget is not None and widget is not parent:
            widget.installEventFilter(self)
            self._watched.append(widget)
            widget = widget.parentWidget()
        if ring.parentWidget() is not parent:
            ring.setParent(parent)
        self._place()

    @staticmethod
    def _holder(new: QWidget) -> QWidget | None:
        """The widget the ring is drawn in: the focused widget's parent, or the nearest
        ancestor with room for the ring around it. A field wrapped in a holder exactly its
        size (most of the order form's) had its ring drawn outside the holder, where Qt
        clips it: the focus was invisible on the group and dose level boxes."""
        parent = new.parentWidget()
        while parent is not None and FocusRing._may_hold_ring(parent):
            box = QRect(new.mapTo(parent, QPoint(0, 0)), new.size()).adjusted(-3, -3, 3, 3)
            grand = parent.parentWidget()
            if parent.rect().contains(box) or grand is None or parent.isWindow() \
                    or not FocusRing._may_hold_ring(grand):
                return parent
            parent = grand
        return None

    @staticmethod
    def _may_hold_ring(parent: QWidget) -> bool:
        """Containers that adopt every child (a splitter makes it a pane, a main window or a
        tool bar lays it out) never get the ring; those widgets draw their own focus."""
        from PySide6.QtWidgets import (QAbstractScrollArea, QMainWindow, QSplitter, QStackedWidget,
                                       QTabWidget, QToolBar)

        return not isinstance(parent, (QSplitter, QMainWindow, QToolBar, QStackedWidget, QTabWidget,
                                       QAbstractScrollArea))

    def _place(self) -> None:
        ring, t = self.ring(), self._target
        if ring is None:
            return
        parent = ring.parentWidget()
        if t is None or not t.isVisible() or parent is None:
            ring.hide()
            return
        ring.setGeometry(QRect(t.mapTo(parent, QPoint(0, 0)), t.size()).adjusted(-3, -3, 3, 3))
        ring.show()
        ring.raise_()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        if obj in self._watched and event.type() in (QEvent.Type.Move, QEvent.Type.Resize,
                                                     QEvent.Type.Show, QEvent.Type.Hide):
            self._place()
        return False


class PlainCopy(QObject):
    """Text copied from the window reads as typed: a no-break space (kept between a number
    and its unit, a date and its weekday) becomes a space, and the invisible word joiners
    that keep a Chinese weekday on its line go. Pasted into a note, an e-mail or a search,
    "2026-12-13\u00a0(Sun)" did not match "2026-12-13 (Sun)" typed. One per application:
    whatever copies (a label's selection, Ctrl+C, X11's selection), the clipboard is made
    plain as soon as the window put something on it."""

    _ODD = {"\u00a0": " ", "\u202f": " ", "\u2060": "", "\u200b": ""}

    def __init__(self, app: QObject) -> None:
        super().__init__(app)
        self.setObjectName("infusecalcPlainCopy")
        self._busy = False
        QApplication.clipboard().changed.connect(self._changed)

    @classmethod
    def install(cls, app: QObject) -> "PlainCopy":
        found = app.findChild(PlainCopy, "infusecalcPlainCopy")
        return found if found is not None else PlainCopy(app)

    @classmethod
    def plain(cls, text: str) -> str:
        return "".join(cls._ODD.get(ch, ch) for ch in text)

    def _changed(self, mode: QClipboard.Mode) -> None:
        clipboard = QApplication.clipboard()
        # Only what this program copied: another program's copy is left alone. A platform
        # without other programs (offscreen, the tests) cannot say who owns it.
        ours = (clipboard.ownsClipboard() if mode == QClipboard.Mode.Clipboard
                else clipboard.ownsSelection() if mode == QClipboard.Mode.Selection else False)
        if QApplication.platformName() in ("offscreen", "minimal"):
            ours = True
        if self._busy or not ours:
            return
        text = clipboard.text(mode)
        plain = self.plain(text)
        if plain != text:
            self._busy = True
            try:
                clipboard.setText(plain, mode)
            finally:
                self._busy = False


class FittingScrollArea(QScrollArea):
    """A scroll area a splitter cannot squeeze narrower than its widget's minimum width.

    Sideways scrolling hides inputs (at 1366x768 it hid the weight unit box): the order form
    scrolls up and down only. The minimum follows the form (rows added, another language)."""

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt naming
        hint = super().minimumSizeHint()
        inner = self.widget()
        if inner is None:
            return hint
        width = (inner.minimumSizeHint().width() + self.verticalScrollBar().sizeHint().width()
                 + 2 * self.frameWidth())
        return QSize(max(hint.width(), width), hint.height())

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        if obj is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()
        return super().eventFilter(obj, event)


def unbreakable_pieces(text: str) -> list[str]:
    """The pieces of ``text`` a wrapped line never breaks inside, by Qt's own line breaking
    (Unicode UAX #14): a word, one Chinese character, "ULN（1.2）；" whole."""
    from PySide6.QtCore import QTextBoundaryFinder

    finder = QTextBoundaryFinder(QTextBoundaryFinder.BoundaryType.Line, text)
    pieces, start = [], 0
    while (end := finder.toNextBoundary()) != -1:
        if end > start:
            pieces.append(text[start:end].rstrip())
        start = end
    return [p for p in pieces if p]


_SLIVER = 32   # the narrowest a column gets
_NUMBER_SPACE_UNIT = re.compile(r"(?<=\d) (?=[^\W\d_]|%)")


def number_with_unit(text: str) -> str:
    """``text`` with a no-break space between each number and the unit after it ("7 d",
    "30 mL/min", "81 天", "97 %"): ISMP writes a dose with its unit, and a wrapped cell read
    "window 7" on one line and "d" on the next. A space before a number, or before "×",
    still breaks."""
    return _NUMBER_SPACE_UNIT.sub("\u00a0", text)


def _before_brackets(text: str) -> str:
    """What a whole column keeps on its first line in the narrowest pane: "2026-12-08" of
    "2026-12-08 (Tue)" or "2026-12-08（周二）", all of "✖ FAIL" or "68 mL/min"."""
    return text.split(" (")[0].split("（")[0]


class WrapAnywhereDelegate(QStyledItemDelegate):
    """Draws a cell's text wrapped at word boundaries, and inside a word only when the word is
    wider than the column (Qt's own item views wrap at words only and cut a longer word:
    "0.917" read "0.91"). Its size hint has room for every line it draws."""

    def _layout(self, text: str, font: QFont, width: int) -> tuple[QTextLayout, float]:
        layout = QTextLayout(text, font)
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        layout.setTextOption(option)
        layout.beginLayout()
        y = 0.0
        while (line := layout.createLine()).isValid():
            line.setLineWidth(max(1, width))
            line.setPosition(QPointF(0, y))
            y += line.height()
        layout.endLayout()
        return layout, y

    def _text_margin(self, widget: QWidget | None) -> int:
        style = widget.style() if widget is not None else QApplication.style()
        return style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, widget) + 1

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text, opt.text = opt.text, ""
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        if not text:
            return
        margin = self._text_margin(widget)
        rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, widget).adjusted(margin, 0, -margin, 0)
        layout, height = self._layout(text, opt.font, rect.width())
        group = QPalette.ColorGroup.Normal if opt.state & QStyle.StateFlag.State_Enabled else QPalette.ColorGroup.Disabled
        role = QPalette.ColorRole.HighlightedText if opt.state & QStyle.StateFlag.State_Selected else QPalette.ColorRole.Text
        painter.save()
        painter.setPen(opt.palette.color(group, role))
        painter.setFont(opt.font)
        top = rect.top() + max(0.0, (rect.height() - height) / 2)
        layout.draw(painter, QPointF(rect.left(), top))
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802 - Qt naming
        hint = super().sizeHint(option, index)
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        view = opt.widget
        width = opt.rect.width()
        if isinstance(view, QTableView) and width <= 0:
            width = view.columnWidth(index.column())
        if not opt.text or width <= 0:
            return hint
        margin = self._text_margin(view)
        _layout, height = self._layout(opt.text, opt.font, width - 2 * margin)
        return QSize(hint.width(), max(hint.height(), int(height + 0.999) + 2 * margin))


class WrappingColumns(QObject):
    """Column widths for a read-only results table that never scrolls sideways.

    ``whole`` columns (a result, a value, a date) get the width of their longest text, in the
    language shown; the others share what is left and wrap their sentences, never narrower
    than their longest word (a drug name, or one Chinese character) while the table has room
    for that, so nothing ends in "…" or breaks inside a word. In a pane too narrow for that
    (a 1024-pixel screen, where the form keeps its width and the results give way) the
    sentences break inside words, and if even that is not enough a date keeps its date whole
    and puts its weekday on the next line: the table fits its pane, nothing scrolls sideways,
    no date is cut.
    Widths and row heights are recomputed, once per turn of the event loop, whenever the
    text, the header (a language switch) or the table's width (a window resize, a splitter
    move) changes.
    """

    def __init__(self, table: QTableView, whole: set[int]) -> None:
        super().__init__(table)
        from PySide6.QtCore import QTimer

        self.table, self.whole = table, whole
        table.setItemDelegate(WrapAnywhereDelegate(table))
        table.setWordWrap(True)
        table.setTextElideMode(Qt.TextElideMode.ElideNone)
        table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        table.setHorizontalScrollMode(QTableView.ScrollMode.ScrollPerPixel)
        header = table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setTextElideMode(Qt.TextElideMode.ElideNone)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter
                                   | Qt.AlignmentFlag(int(Qt.TextFlag.TextWordWrap)))
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.refit)
        model = table.model()
        for signal in (model.dataChanged, model.rowsInserted, model.rowsRemoved, model.modelReset,
                       model.headerDataChanged, model.columnsInserted):
            signal.connect(self.later)
        table.viewport().installEventFilter(self)

    def later(self, *_args: object) -> None:
        self._timer.start()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        if event.type() in (QEvent.Type.Resize, QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._timer.start()
        return False

    def _texts(self, col: int) -> list[tuple[str, QFontMetrics]]:
        t, model = self.table, self.table.model()
        out = []
        for row in range(model.rowCount()):
            index = model.index(row, col)
            text = index.data()
            if text:
                font = index.data(Qt.ItemDataRole.FontRole)
                out.append((str(text), QFontMetrics(font) if font is not None else t.fontMetrics()))
        return out

    def _header_text(self, col: int) -> str:
        return str(self.table.model().headerData(col, Qt.Orientation.Horizontal) or "")

    def refit(self) -> None:
        t = self.table
        header = t.horizontalHeader()
        margin = 2 * (t.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, t) + 1) + 2
        hpad = 2 * t.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header) + 2
        hfm = header.fontMetrics()
        cols = t.model().columnCount()
        # Per column: the whole text on one line (cells, then with the title on one line too),
        # the longest unbreakable piece (cells and title words), and the narrowest it may get.
        line, titled, word, least, words = [], [], [], [], []
        for col in range(cols):
            texts = self._texts(col)
            head = self._header_text(col)
            full = max([fm.horizontalAdvance(text) for text, fm in texts] + [0]) + margin
            piece = max([fm.horizontalAdvance(w) for text, fm in texts for w in unbreakable_pieces(text)]
                        + [0]) + margin
            head_piece = max([hfm.horizontalAdvance(w) for w in unbreakable_pieces(head)] + [0]) + hpad
            line.append(max(full, head_piece, _SLIVER))
            titled.append(max(line[col], hfm.horizontalAdvance(head) + hpad))
            word.append(max(piece, head_piece, _SLIVER))
            kept = max([fm.horizontalAdvance(_before_brackets(text)) for text, fm in texts] + [0]) + margin
            least.append(max(kept, piece, head_piece, _SLIVER) if col in self.whole else _SLIVER)
            words.append(max(piece, head_piece, _SLIVER) if col in self.whole else _SLIVER)
        whole = [c for c in range(cols) if c in self.whole]
        flexible = [c for c in range(cols) if c not in self.whole]
        if t.minimumWidth() != 0:
            t.setMinimumWidth(0)
        room = t.viewport().width()
        # The floor, the first of these that fits: results and dates on one line with every
        # word whole; then words broken inside; then a date's weekday (in brackets) on its
        # next line, the date and a result whole; then a value's unit under its number (the
        # splitter dragged to the results' minimum). Only a pane narrower than that scrolls.
        floors = [[line[c] if c in self.whole else word[c] for c in range(cols)],
                  [line[c] if c in self.whole else least[c] for c in range(cols)],
                  list(least), list(words)]
        widths = next((f for f in floors if sum(f) <= room), floors[-1])
        spare = room - sum(widths)
        # Above the floor, in this order while there is room: words whole (a sentence two
        # letters wide is unreadable), dates and results on one line, titles on one line,
        # sentences on one line; what is left to the sentences.
        for group, target in ((flexible, word), (whole, line), (whole, titled), (flexible, titled)):
            want = {c: max(0, target[c] - widths[c]) for c in group}
            total = sum(want.values())
            if not total or spare <= 0:
                continue
            give = min(spare, total)
            given = {c: give * want[c] // total for c in group}
            for c in group:
                widths[c] += given[c]
            spare -= sum(given.values())
        if flexible and spare > 0:
            for i, c in enumerate(flexible):
                widths[c] += spare // len(flexible) + (1 if i < spare % len(flexible) else 0)
        for col, width in enumerate(widths):   # the view follows (scroll range, repaint)
            if header.sectionSize(col) != width:
                header.resizeSection(col, width)
        self._fit_header(hpad)
        t.resizeRowsToContents()

    def _fit_header(self, hpad: int) -> None:
        """A title wider than its column wraps onto a second line and the header grows to
        show it: centred on one line it was cut at both ends ("arliest clearing dat" over a
        date column in a 1024-pixel window). The header keeps Qt's own painting (the title
        is drawn with word wrap) and only its minimum height is set."""
        t = self.table
        header = t.horizontalHeader()
        flags = int(Qt.AlignmentFlag.AlignCenter) | int(Qt.TextFlag.TextWordWrap)
        hfm = header.fontMetrics()
        lines = max([hfm.boundingRect(QRect(0, 0, max(1, header.sectionSize(c) - hpad), 100000), flags,
                                      self._header_text(c)).height()
                     for c in range(t.model().columnCount())] + [hfm.height()])
        single = header.sizeHint().height()
        want = single + max(0, lines - hfm.height())
        if header.minimumHeight() != want:
            header.setMinimumHeight(want)
            t.updateGeometries()


def wrapping_columns(table: QTableView, whole: set[int]) -> WrappingColumns:
    """Make ``table``'s columns fit as WrappingColumns says; ``whole``: the columns never wrapped."""
    return WrappingColumns(table, whole)
