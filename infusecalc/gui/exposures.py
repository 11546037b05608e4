"""The prior-exposures table: agent (completed from the formulary), a course's first and last
date, and the extra data some agents need (daily dose and route for glucocorticoids, site for
radiotherapy). A row may be marked as the protocol's lymphodepleting conditioning.

An agent the formulary does not know is never accepted as it is: the user is asked for its
washout class, and the row says it was classified by hand.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QCompleter, QDialog, QDialogButtonBox, QGridLayout,
                               QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem, QPushButton, QToolButton,
                               QVBoxLayout, QWidget)

from .language import (agent_name, class_name, combo_code, fill_code_combo, listing, rule_name,
                       set_combo_code, site_name)
from .widgets import DateField, ErrorLabel

if TYPE_CHECKING:
    from ..core.formulary import Agent, LoadedFormulary
    from ..core.protocol import LoadedProtocol

CLASS_SHORTCUT = "F4"   # not Ctrl+K: a line edit keeps that for "delete to the end"
CLASS_KEY = Qt.Key.Key_F4
_NUMBER_ONLY = re.compile(r"^\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\s*$")


def with_unit(text: str, unit: str) -> str:
    """A bare number typed under a column headed with its unit gets that unit; anything else
    (a number with its own unit, or text the core will refuse) is passed on exactly as typed."""
    text = text.strip()
    return f"{text} {unit}" if _NUMBER_ONLY.match(text) else text


def without_unit(text: str, unit: str) -> str:
    """The inverse of with_unit for loading: '10 mg' shows as '10' under 'mg'."""
    m = re.match(r"^\s*(\S+)\s+" + re.escape(unit) + r"\s*$", text)
    return m.group(1) if m and _NUMBER_ONLY.match(m.group(1)) else text


def ask_washout_class(parent: QWidget | None, agent: str, choices: list[tuple[str, str]],
                      current: list[str] | None = None) -> list[str] | None:
    """Ask which washout class(es) an unknown agent falls under; None if the user cancels.
    The classes chosen before are ticked when the dialog is opened again."""
    dialog = ClassDialog(parent, agent, choices)
    for class_id in current or []:
        dialog.check(class_id)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.chosen()


class ClassDialog(QDialog):
    def __init__(self, parent: QWidget | None, agent: str, choices: list[tuple[str, str]]):
        super().__init__(parent)
        self.setObjectName("classDialog")
        self._agent = agent
        layout = QVBoxLayout(self)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.list = QListWidget(self)
        # A class and its rules wrap within the list (a narrow screen) instead of being cut.
        self.list.setWordWrap(True)
        self.list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        for class_id, description in choices:
            item = QListWidgetItem(description, self.list)
            item.setData(Qt.ItemDataRole.UserRole, class_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        self.intro.setBuddy(self.list)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.buttons)
        self.list.itemChanged.connect(self._update_ok)
        self.list.itemActivated.connect(self._toggle)   # a double click
        # Space ticks; Enter is the dialog's action (OK), as in every other dialog. The list
        # would take Enter as "activate" and untick the class the user had just ticked.
        self.list.installEventFilter(self)
        self.retranslateUi()
        self._update_ok()
        self._fit()

    def _fit(self) -> None:
        """Wide enough for every class with its rules on one line, within the screen: at
        520 pixels "donor lymphocyte infusion: …, 42 days before consent" was cut and the
        list scrolled sideways."""
        from PySide6.QtGui import QGuiApplication

        frame = 2 * self.list.frameWidth() + self.list.verticalScrollBar().sizeHint().width()
        margins = self.layout().contentsMargins()
        want = self.list.sizeHintForColumn(0) + frame + margins.left() + margins.right() + 8
        screen = self.screen() or QGuiApplication.primaryScreen()
        room = screen.availableGeometry().width() * 9 // 10
        self.resize(max(520, min(want, room)), 420)

    def retranslateUi(self) -> None:  # noqa: N802 - Qt naming
        self.setWindowTitle(self.tr("Washout class of an unknown agent"))
        self.intro.setText(self.tr(
            "'{agent}' is not in the formulary. It is not accepted until you choose the washout "
            "class(es) it falls under (tick one or more). The result and the sheet will show that "
            "it was classified by hand.\n&Classes:").format(agent=self._agent))
        self.list.setAccessibleName(self.tr("Washout classes"))

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        if (obj is self.list and event.type() == QEvent.Type.KeyPress
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):   # type: ignore[attr-defined]
            ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
            if ok.isEnabled():
                ok.click()
            return True
        return super().eventFilter(obj, event)

    def _toggle(self, item: QListWidgetItem) -> None:
        item.setCheckState(Qt.CheckState.Unchecked if item.checkState() == Qt.CheckState.Checked
                           else Qt.CheckState.Checked)

    def _update_ok(self, *_: Any) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.chosen()))

    def chosen(self) -> list[str]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())
                if self.list.item(i).checkState() == Qt.CheckState.Checked]

    def check(self, class_id: str) -> None:
        for i in range(self.list.count()):
            if self.list.item(i).data(Qt.ItemDataRole.UserRole) == class_id:
                self.list.item(i).setCheckState(Qt.CheckState.Checked)


class ExposureRow(QObject):
    """The widgets of one exposure; the table lays them out in its grid."""

    edited = Signal(str)          # the case-file field name within the exposure
    remove_requested = Signal(QObject)

    def __init__(self, table: "ExposureTable"):
        super().__init__(table)
        self.table = table
        self.hand_classes: list[str] = []
        self._class_as_text = True   # the file's "class" was a string, not a list (kept on save)
        self._asking = False
        self.agent = QLineEdit(table)
        self.note = QLabel(table)
        self.note.setWordWrap(True)
        self.first_date = DateField(table)
        self.last_date = DateField(table)
        self.conditioning = QCheckBox(table)
        self.daily_dose = QLineEdit(table)
        self.route = QComboBox(table)
        self.route.setEditable(True)
        self.site = QComboBox(table)
        self.site.setEditable(True)
        # Narrow minimums so the row fits a 1366-pixel screen beside the results.
        for combo in (self.route, self.site):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(4)   # the minimum width is set by fill_code_combo
        self.agent.setMinimumWidth(110)
        self.daily_dose.setMinimumWidth(48)
        self.classify = QToolButton(table)
        self.remove = QToolButton(table)
        # The row's actions sit on its second line, beside the agent's note: on the first line
        # they made the row wider than the form at 1366x768 (the weight unit box scrolled away).
        self.actions = QWidget(table)
        actions = QHBoxLayout(self.actions)
        actions.setContentsMargins(0, 0, 0, 0)
        for w in (self.classify, self.conditioning):
            actions.addWidget(w)
        actions.addStretch(1)
        actions.addWidget(self.remove)
        self.error = ErrorLabel(table)
        self.agent.setCompleter(table.completer_for_row())
        self.agent.textEdited.connect(self._agent_typed)
        self.agent.textChanged.connect(lambda _t: self.refresh())
        # The class dialog opens only when asked (the Class… button, or F4 in the agent
        # field): never by itself on leaving the field, where it took the next click and broke
        # the focus order.
        self.agent.installEventFilter(self)
        self.first_date.changed.connect(lambda: self.edited.emit("first_date"))
        self.last_date.changed.connect(lambda: self.edited.emit("last_date"))
        self.conditioning.toggled.connect(lambda _on: self.edited.emit("purpose"))
        self.daily_dose.textEdited.connect(lambda _t: self.edited.emit("daily_dose"))
        self.route.currentTextChanged.connect(lambda _t: self.edited.emit("route"))
        self.site.currentTextChanged.connect(lambda _t: self.edited.emit("site"))
        self.classify.clicked.connect(self.ask_class)
        self.remove.clicked.connect(lambda: self.remove_requested.emit(self))
        self.set_choices(table.routes, table.sites)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        if (obj is self.agent and event.type() == QEvent.Type.KeyPress
                and event.key() == CLASS_KEY   # type: ignore[attr-defined]
                and event.modifiers() == Qt.KeyboardModifier.NoModifier):   # type: ignore[attr-defined]
            self._ask_if_unknown()
            return True
        return False

    def widgets(self) -> list[QWidget]:
        return [self.agent, self.note, self.first_date, self.last_date, self.conditioning, self.daily_dose,
                self.route, self.site, self.classify, self.remove, self.actions, self.error]

    def inputs(self) -> list[QWidget]:
        """Focusable inputs, in tab order."""
        return [self.agent, self.first_date.check, self.first_date.edit, self.last_date.check,
                self.last_date.edit, self.daily_dose, self.route, self.site, self.classify,
                self.conditioning, self.remove]

    def set_choices(self, routes: list[str], sites: list[str]) -> None:
        # Items named in the current language; the code (oral, cns) is what the case holds.
        # Systemic and local routes are listed apart: the route decides the glucocorticoid rule.
        systemic, local = self.table.route_groups
        groups = [(self.tr("Systemic"), systemic), (self.tr("Local (not counted)"), local)] \
            if systemic or local else None
        fill_code_combo(self.route, routes, "route", groups)
        fill_code_combo(self.site, sites, "site")

    def retranslateUi(self, number: int) -> None:  # noqa: N802 - Qt naming
        self.agent.setPlaceholderText(self.tr("name, synonym, brand or 中文"))
        self.agent.setAccessibleName(self.tr("Exposure {n}: agent").format(n=number))
        self.first_date.setAccessibleName(self.tr("Exposure {n}: first date of a course").format(n=number))
        self.first_date.set_unset_text(self.tr("one day"))
        self.first_date.setToolTip(self.tr("A course given every day at one dose up to the last date; "
                                           "a taper is one row per daily dose"))
        self.last_date.setAccessibleName(self.tr("Exposure {n}: last date").format(n=number))
        self.last_date.set_unset_text(self.tr("not set"))
        self.conditioning.setText(self.tr("Conditioning"))
        self.conditioning.setAccessibleName(
            self.tr("Exposure {n}: given as the protocol's lymphodepleting conditioning").format(n=number))
        self.conditioning.setToolTip(self.tr("Lymphodepleting conditioning for this infusion (fludarabine, "
                                             "cyclophosphamide): checked against the conditioning window, "
                                             "not as prior chemotherapy"))
        self.daily_dose.setAccessibleName(self.tr("Exposure {n}: daily dose in mg").format(n=number))
        self.route.setAccessibleName(self.tr("Exposure {n}: route").format(n=number))
        self.site.setAccessibleName(self.tr("Exposure {n}: radiotherapy site").format(n=number))
        self.classify.setText(self.tr("Class…"))
        self.classify.setAccessibleName(self.tr("Exposure {n}: choose washout class by hand").format(n=number))
        self.classify.setToolTip(self.tr("Choose the washout class of an agent the formulary does not know "
                                         "({key} in the agent field)").format(key=CLASS_SHORTCUT))
        self.remove.setText(self.tr("Remove"))
        self.remove.setAccessibleName(self.tr("Remove exposure {n}").format(n=number))
        self.remove.setToolTip(self.tr("Remove exposure {n}").format(n=number))
        self.set_choices(self.table.routes, self.table.sites)
        self.refresh()

    # -- state ----------------------------------------------------------------------------

    def known_agent(self) -> "Agent | None":
        formulary = self.table.formulary
        text = self.agent.text().strip()
        return formulary.lookup(text) if formulary is not None and text else None

    def refresh(self) -> None:
        """Show what the formulary makes of the agent, and enable the cells it needs."""
        agent = self.known_agent()
        text = self.agent.text().strip()
        if agent is not None:
            note = self.tr("✔ {name}").format(name=agent_name(agent))
            if agent.zh and agent.zh not in note:
                note += f" ({agent.zh})"
        elif not text or self.table.formulary is None:
            note = ""
        elif self.hand_classes:
            note = self.tr("not in the formulary")
        else:
            note = self.tr("✖ not in the formulary: choose its class (Class… or {key})").format(
                key=CLASS_SHORTCUT)
        if self.hand_classes:
            note += ("; " if note else "") + self.tr("classified by hand: {classes}").format(
                classes=", ".join(class_name(c) for c in self.hand_classes))
        self.note.setText(note)
        classes = set(self.hand_classes) | set(agent.classes if agent else [])
        steroid = bool(agent and agent.is_glucocorticoid) or "systemic_glucocorticoid" in classes
        needs_site = bool(agent and agent.requires == "site") or bool(classes & self.table.site_classes)
        # Cells holding a value stay enabled so nothing typed or loaded is hidden.
        self.daily_dose.setEnabled(steroid or bool(self.daily_dose.text().strip()))
        self.daily_dose.setPlaceholderText(self.tr("e.g. 10") if self.daily_dose.isEnabled() else "")
        self.route.setEnabled(steroid or bool(self.route.currentText().strip()))
        self.site.setEnabled(needs_site or bool(self.site.currentText().strip()))
        self.classify.setEnabled(agent is None and bool(text) and self.table.formulary is not None)

    def _agent_typed(self, _text: str) -> None:
        # A class chosen by hand belonged to the name it was chosen for.
        if self.hand_classes:
            self.hand_classes = []
            self.refresh()
        self.edited.emit("agent")

    def _ask_if_unknown(self) -> None:
        """F4 in the agent field: the class dialog, for a name the formulary does not know
        (a known agent has its classes; choosing again after a choice is the Class… button)."""
        if (self._asking or self.hand_classes or self.table.formulary is None
                or not self.agent.text().strip() or self.known_agent() is not None):
            return
        self.ask_class()

    def ask_class(self) -> None:
        if self._asking:
            return
        self._asking = True
        try:
            chosen = ask_washout_class(self.table.window(), self.agent.text().strip(), self.table.class_choices,
                                       self.hand_classes)
        finally:
            self._asking = False
        if chosen:
            self.hand_classes = list(chosen)
            self._class_as_text = len(chosen) == 1
            self.refresh()
            self.edited.emit("class")

    def is_empty(self) -> bool:
        return not (self.agent.text().strip() or self.last_date.is_set() or self.first_date.is_set()
                    or self.conditioning.isChecked() or self.daily_dose.text().strip()
                    or self.route.currentText().strip() or self.site.currentText().strip())

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        if self.agent.text().strip():
            data["agent"] = self.agent.text().strip()
        if self.first_date.iso():
            data["first_date"] = self.first_date.iso()
        if self.last_date.iso():
            data["last_date"] = self.last_date.iso()
        if self.conditioning.isChecked():
            data["purpose"] = "lymphodepletion"
        if self.hand_classes:
            data["class"] = self.hand_classes[0] if self._class_as_text and len(self.hand_classes) == 1 \
                else list(self.hand_classes)
        if self.daily_dose.text().strip():
            data["daily_dose"] = with_unit(self.daily_dose.text(), "mg")
        if combo_code(self.route):
            data["route"] = combo_code(self.route)
        if combo_code(self.site):
            data["site"] = combo_code(self.site)
        return data

    def load(self, exposure: Any) -> None:
        """Fill from an ``infusecalc.core.case.Exposure``."""
        self.agent.setText(exposure.agent)
        self.first_date.set_date(exposure.first_date)
        self.last_date.set_date(exposure.last_date)
        self.conditioning.setChecked(exposure.purpose == "lymphodepletion")
        self.hand_classes = exposure.hand_classes()
        self._class_as_text = isinstance(exposure.class_, str)
        self.daily_dose.setText(without_unit(exposure.daily_dose, "mg") if exposure.daily_dose else "")
        for combo, value in ((self.route, exposure.route), (self.site, exposure.site)):
            set_combo_code(combo, value)
        self.refresh()


class ExposureTable(QWidget):
    """Rows of exposures in a grid with a header; rows are added and removed by the user."""

    edited = Signal(str)            # "exposures" or "exposures.<row>.<field>"
    rows_changed = Signal()

    COLUMNS = 6
    # Rows built ahead, while nothing else happens (prepare_spare): a row is a dozen widgets, two
    # of them editable combo boxes, about 5 ms to build; opening a case with several exposures
    # built them all in the one turn of the event loop that fills the form.
    SPARE_ROWS = 4

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.formulary: LoadedFormulary | None = None
        self._spares: list[ExposureRow] = []
        self.routes: list[str] = []
        self.route_groups: tuple[list[str], list[str]] = ([], [])   # systemic, local
        self.sites: list[str] = []
        self.site_classes: set[str] = set()
        self._names = QStringListModel(self)
        self._widest_name: int | None = None
        self.rows: list[ExposureRow] = []
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(6)
        self.grid.setVerticalSpacing(2)
        self.headers = [QLabel(self) for _ in range(self.COLUMNS)]
        self.empty = QLabel(self)
        self.add_button = QPushButton(self)
        self.add_button.clicked.connect(self.add_row_by_user)
        # Typing an agent name while "Add exposure" has the focus starts a row with it: the
        # keys are not lost.
        self.add_button.installEventFilter(self)
        self.retranslateUi()
        self._relayout()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        if obj is self.add_button and event.type() == QEvent.Type.KeyPress:
            text = event.text()   # type: ignore[attr-defined]
            mods = event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier   # type: ignore[attr-defined]
            if text and text.isprintable() and not text.isspace() and mods == Qt.KeyboardModifier.NoModifier:
                self.add_row_by_user()
                row = self.rows[-1]
                row.agent.insert(text)
                row.agent.textEdited.emit(row.agent.text())
                return True
        return False

    def completer_for_row(self) -> QCompleter:
        completer = QCompleter(self._names, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        # The pop-up is as wide as its longest name (the agent box is narrow): at the box's
        # width "4-demethoxydaunorubicin" read "4-demethoxydau…", a different drug's prefix.
        popup = completer.popup()
        if self._widest_name is None:   # measured once per list of names (300 of them)
            fm = popup.fontMetrics()
            self._widest_name = max((fm.horizontalAdvance(n) for n in self._names.stringList()), default=0)
        popup.setMinimumWidth(min(self._widest_name + popup.verticalScrollBar().sizeHint().width() + 24, 480))
        return completer

    def set_sources(self, protocol: "LoadedProtocol", formulary: "LoadedFormulary") -> None:
        p = protocol.protocol
        self.formulary = formulary
        self._names.setStringList(sorted({name for name, _agent in formulary.completions()}, key=str.casefold))
        self._widest_name = None
        self.routes = [*p.site_settings.systemic_routes, *p.site_settings.local_routes]
        self.route_groups = (list(p.site_settings.systemic_routes), list(p.site_settings.local_routes))
        self.sites = sorted({s for r in p.washout for s in (r.sites or [])})
        self.site_classes = {c for r in p.washout if r.sites for c in r.classes}
        self._washout_protocol = p
        for row in [*self.rows, *self._spares]:
            row.set_choices(self.routes, self.sites)
            row.refresh()

    @property
    def class_choices(self) -> list[tuple[str, str]]:
        """(class id, description) for the class dialog, in the current language."""
        p = getattr(self, "_washout_protocol", None)
        if p is None:
            return []
        choices = []
        for class_id in sorted(p.washout_classes):
            rules = [r for r in p.washout if class_id in r.classes]
            # Each class with the protocol's rules it brings, so the choice is a choice of rules.
            # The punctuation is the language's own: "：", "，" and "；" in Chinese.
            windows = self.tr("; ").join(
                self.tr("{rule}, {window}").format(
                    rule=rule_name(r.id),
                    window=self.tr("{days} days before {reference}").format(
                        days=r.window_days, reference=self._reference_word(r.reference)))
                + (self.tr(" ({sites})").format(sites=listing(site_name(s) for s in r.sites))
                   if r.sites else "")
                for r in rules)
            choices.append((class_id, self.tr("{name}: {rules}").format(name=class_name(class_id),
                                                                         rules=windows)))
        return choices

    def column_title(self, key: str) -> str | None:
        """The on-screen heading of an exposure's case-file key (``last_date`` -> "Last date")."""
        titles = {"agent": self.tr("Agent"), "last_date": self.tr("Last date"),
                  "daily_dose": self.tr("mg/day"), "route": self.tr("Route"), "site": self.tr("Site"),
                  "class": self.tr("Class")}
        return titles.get(key)

    def _reference_word(self, reference: str) -> str:
        return self.tr("infusion") if reference == "infusion" else self.tr("consent")

    def retranslateUi(self) -> None:  # noqa: N802 - Qt naming
        for label, text in zip(self.headers, (
                self.tr("Agent"), self.tr("First date"), self.tr("Last date"), self.tr("mg/day"),
                self.tr("Route"), self.tr("Site")), strict=True):
            label.setText(f"<b>{text}</b>")
        self.empty.setText(self.tr("No prior exposures entered."))
        self.add_button.setText(self.tr("Add e&xposure"))
        self.add_button.setAccessibleName(self.tr("Add exposure"))
        for i, row in enumerate(self.rows):
            row.retranslateUi(i + 1)

    # -- rows -----------------------------------------------------------------------------

    def _new_row(self) -> ExposureRow:
        row = ExposureRow(self)
        row.edited.connect(lambda field, r=row: self.edited.emit(f"exposures.{self.rows.index(r)}.{field}"))
        row.remove_requested.connect(self.remove_row)
        return row

    def prepare_spare(self) -> bool:
        """Build one row ahead of need, hidden and blank; False once enough are waiting."""
        if len(self._spares) >= self.SPARE_ROWS:
            return False
        row = self._new_row()
        for w in row.widgets():   # hidden until taken: shown with the table, they would sit
            w.hide()              # at its top left corner
            w.ensurePolished()    # the style's work, otherwise done as the row is shown
        self._spares.append(row)
        return True

    def add_row(self) -> ExposureRow:
        if self._spares:
            row = self._spares.pop(0)
            spare = True
        else:
            row, spare = self._new_row(), False
        self.rows.append(row)
        row.retranslateUi(len(self.rows))
        self._relayout()
        if spare:
            for w in row.widgets():
                if w is not row.error:   # shown by its messages only
                    w.show()
        self.rows_changed.emit()
        return row

    def add_row_by_user(self) -> None:
        row = self.add_row()
        row.agent.setFocus(Qt.FocusReason.OtherFocusReason)
        self.edited.emit("exposures")

    def remove_row(self, row: QObject) -> None:
        assert isinstance(row, ExposureRow)
        index = self.rows.index(row)
        self.rows.remove(row)
        for w in row.widgets():
            w.hide()
            w.deleteLater()
        row.deleteLater()
        for i, r in enumerate(self.rows):
            r.retranslateUi(i + 1)
        self._relayout()
        self.rows_changed.emit()
        target = self.rows[min(index, len(self.rows) - 1)].agent if self.rows else self.add_button
        target.setFocus(Qt.FocusReason.OtherFocusReason)
        self.edited.emit("exposures")

    def clear(self) -> None:
        for row in list(self.rows):
            for w in row.widgets():
                w.hide()
                w.deleteLater()
            row.deleteLater()
        self.rows = []
        self._relayout()
        self.rows_changed.emit()

    def _relayout(self) -> None:
        while self.grid.count():
            self.grid.takeAt(0)
        for col, label in enumerate(self.headers):
            self.grid.addWidget(label, 0, col)
        r = 1
        for row in self.rows:
            self.grid.addWidget(row.agent, r, 0)
            self.grid.addWidget(row.first_date, r, 1)
            self.grid.addWidget(row.last_date, r, 2)
            self.grid.addWidget(row.daily_dose, r, 3)
            self.grid.addWidget(row.route, r, 4)
            self.grid.addWidget(row.site, r, 5)
            self.grid.addWidget(row.note, r + 1, 0, 1, 3)
            self.grid.addWidget(row.actions, r + 1, 3, 1, self.COLUMNS - 3)
            self.grid.addWidget(row.error, r + 2, 0, 1, self.COLUMNS)
            r += 3
        self.empty.setVisible(not self.rows)
        self.grid.addWidget(self.empty, r, 0, 1, self.COLUMNS)
        self.grid.addWidget(self.add_button, r + 1, 0, Qt.AlignmentFlag.AlignLeft)
        self.grid.setColumnStretch(0, 3)
        self.grid.setColumnStretch(1, 2)
        self.grid.setColumnStretch(2, 2)
        self.grid.setColumnStretch(3, 1)
        self.grid.setColumnStretch(4, 1)
        self.grid.setColumnStretch(5, 1)

    def inputs(self) -> list[QWidget]:
        return [w for row in self.rows for w in row.inputs()] + [self.add_button]

    def to_data(self) -> tuple[list[dict[str, Any]], list[ExposureRow]]:
        """The exposures of the case, and the row each one came from (for error messages).

        A row left entirely empty holds nothing typed and is not part of the case."""
        kept = [row for row in self.rows if not row.is_empty()]
        return [row.to_data() for row in kept], kept

    def load(self, exposures: list[Any]) -> None:
        self.clear()
        for exposure in exposures:
            self.add_row().load(exposure)
