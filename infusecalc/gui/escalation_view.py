"""Trial > Dose escalation: the i3+3 ledger in the window.

Shows what ``infusecalc.records.escalation`` reads from the signed chain: each level's n, y, the
table's decision and whether it is open, the i3+3 decision table with the current counts marked,
and the history of decisions. Recording an outcome or a decision asks for the signer exactly as
issuing does (the window's one credentials provider); the records package checks and appends.
The view holds no clinical logic: every decision and refusal comes from the core and the records.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (QAbstractItemView, QButtonGroup, QCheckBox, QComboBox, QDialog,
                               QFormLayout, QGroupBox, QHBoxLayout, QHeaderView, QLabel,
                               QLineEdit, QPushButton, QRadioButton, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from .signing import CredentialsProvider, change_password_now
from .signing import ask_credentials as _dialog_provider

if TYPE_CHECKING:
    from ..core.protocol import LoadedProtocol
    from ..records.escalation import Ledger
    from ..records.store import Store
    from ..records.users import Credentials

TABLE_MAX_N = 12


def _item(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    return item


class EscalationView(QDialog):
    """Non-modal: it stays open beside the order while outcomes and decisions are recorded."""

    changed = Signal()   # an outcome or a decision was recorded: the order form's levels refresh

    def __init__(self, store: "Store", protocol: "LoadedProtocol | None" = None,
                 parent: QWidget | None = None,
                 ask_credentials: CredentialsProvider | None = None) -> None:
        super().__init__(parent)
        from ..core.protocol import default_protocol

        self.store = store
        self.protocol = protocol or default_protocol()
        self.ask_credentials = ask_credentials or _dialog_provider
        self.ledger: Ledger | None = None
        self.setObjectName("escalationView")
        root = QVBoxLayout(self)

        self.parameters_label = QLabel()
        self.parameters_label.setObjectName("parameters")
        self.parameters_label.setWordWrap(True)
        root.addWidget(self.parameters_label)

        self.levels = QTableWidget(0, 6)
        self.levels.setObjectName("levels")
        self._table_defaults(self.levels)
        root.addWidget(self.levels, 1)

        self.table_label = QLabel()
        root.addWidget(self.table_label)
        self.table = QTableWidget(TABLE_MAX_N, TABLE_MAX_N + 1)
        self.table.setObjectName("decisionTable")
        self._table_defaults(self.table)
        self.table.verticalHeader().setVisible(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(False)
        root.addWidget(self.table, 2)
        self.legend = QLabel()
        self.legend.setWordWrap(True)
        root.addWidget(self.legend)

        self.history_label = QLabel()
        root.addWidget(self.history_label)
        self.history = QTableWidget(0, 5)
        self.history.setObjectName("history")
        self._table_defaults(self.history)
        root.addWidget(self.history, 1)

        forms = QHBoxLayout()
        self.outcome_box = QGroupBox()
        of = QFormLayout(self.outcome_box)
        self.sheet_edit = QLineEdit()
        self.sheet_edit.setObjectName("sheetId")
        self.dlt_yes = QRadioButton()
        self.dlt_yes.setObjectName("dltYes")
        self.dlt_no = QRadioButton()
        self.dlt_no.setObjectName("dltNo")
        self.dlt_group = QButtonGroup(self)   # neither is chosen until the user chooses
        self.dlt_group.addButton(self.dlt_yes)
        self.dlt_group.addButton(self.dlt_no)
        dlt_row = QHBoxLayout()
        dlt_row.addWidget(self.dlt_yes)
        dlt_row.addWidget(self.dlt_no)
        dlt_row.addStretch(1)
        self.correct_box = QCheckBox()
        self.correct_box.setObjectName("correct")
        self.reason_edit = QLineEdit()
        self.reason_edit.setObjectName("reason")
        self.reason_edit.setEnabled(False)
        self.correct_box.toggled.connect(self.reason_edit.setEnabled)
        self.outcome_button = QPushButton()
        self.outcome_button.setObjectName("recordOutcome")
        self.outcome_button.clicked.connect(self.record_outcome)
        self._sheet_label, self._dlt_label, self._reason_label = QLabel(), QLabel(), QLabel()
        for label, field in ((self._sheet_label, self.sheet_edit), (self._reason_label, self.reason_edit)):
            label.setBuddy(field)
        of.addRow(self._sheet_label, self.sheet_edit)
        of.addRow(self._dlt_label, dlt_row)
        of.addRow("", self.correct_box)
        of.addRow(self._reason_label, self.reason_edit)
        of.addRow("", self.outcome_button)
        forms.addWidget(self.outcome_box)

        self.decision_box = QGroupBox()
        df = QFormLayout(self.decision_box)
        self.group_combo = QComboBox()
        self.group_combo.setObjectName("decisionGroup")
        self.level_combo = QComboBox()
        self.level_combo.setObjectName("decisionLevel")
        self.action_combo = QComboBox()
        self.action_combo.setObjectName("decisionAction")
        self.reference_edit = QLineEdit()
        self.reference_edit.setObjectName("reference")
        self.decide_button = QPushButton()
        self.decide_button.setObjectName("recordDecision")
        self.decide_button.clicked.connect(self.record_decision)
        # Two forms, two actions: Enter in a field records what that field's form is for (the
        # action asks for the signature first, and says what is still missing).
        for edit in (self.sheet_edit, self.reason_edit):
            edit.returnPressed.connect(self.outcome_button.click)
        self.reference_edit.returnPressed.connect(self.decide_button.click)
        self._group_label, self._level_label = QLabel(), QLabel()
        self._action_label, self._reference_label = QLabel(), QLabel()
        for label, field in ((self._group_label, self.group_combo), (self._level_label, self.level_combo),
                             (self._action_label, self.action_combo),
                             (self._reference_label, self.reference_edit)):
            label.setBuddy(field)
            df.addRow(label, field)
        df.addRow("", self.decide_button)
        forms.addWidget(self.decision_box)
        root.addLayout(forms)
        for g in self.protocol.protocol.groups:
            self.group_combo.addItem(g.id, g.id)
        self.group_combo.currentIndexChanged.connect(self._fill_levels)
        self.action_combo.addItem("", "open")
        self.action_combo.addItem("", "close")

        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        root.addWidget(self.message)

        self.retranslateUi()
        self._fill_levels()
        self.refresh()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt naming
        """Opened as tall as the screen allows (90 %): its three tables each scrolled in a
        window of 545 pixels on a 768-pixel screen."""
        if not getattr(self, "_sized", False):
            self._sized = True
            from PySide6.QtGui import QGuiApplication

            room = (self.screen() or QGuiApplication.primaryScreen()).availableGeometry()
            self.resize(self.width(), max(self.height(), room.height() * 9 // 10))
        super().showEvent(event)

    def _fit_levels(self) -> None:
        """Every level's row in sight (which levels are open is what this window is opened
        for): at its hint of 700x545 pixels the table showed two rows, the second cut, with
        the screen to spare (found under Xvfb at 1366x768). The window grows for them within
        90 % of the screen; past that the table scrolls."""
        from PySide6.QtGui import QGuiApplication

        table = self.levels
        table.resizeRowsToContents()
        rows = sum(table.rowHeight(r) for r in range(table.rowCount()))
        need = rows + table.horizontalHeader().sizeHint().height() + 2 * table.frameWidth()
        room = (self.screen() or QGuiApplication.primaryScreen()).availableGeometry()
        grow = max(0, min(need, room.height() * 2 // 5) - table.height())
        table.setMinimumHeight(min(need, room.height() * 2 // 5))
        if grow and self.isVisible():
            self.resize(self.width(), min(self.height() + grow, room.height() * 9 // 10))

    @staticmethod
    def _table_defaults(table: QTableWidget) -> None:
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)

    def retranslateUi(self) -> None:  # noqa: N802 - Qt naming
        self.setWindowTitle(self.tr("Dose escalation (i3+3)"))
        self.levels.setHorizontalHeaderLabels([self.tr("Group"), self.tr("Level"), self.tr("n (patients)"),
                                               self.tr("y (DLTs)"), self.tr("Decision"), self.tr("State")])
        self.table_label.setText(self.tr("Decision table: rows n patients, columns y DLTs; the "
                                         "current counts of each level are in bold"))
        self.table.setHorizontalHeaderLabels([f"y={y}" for y in range(TABLE_MAX_N + 1)])
        self.table.setVerticalHeaderLabels([f"n={n}" for n in range(1, TABLE_MAX_N + 1)])
        self.legend.setText(self.tr("E escalate · S stay · D de-escalate · DU de-escalate; this "
                                    "level and every higher one are unacceptable"))
        self.history_label.setText(self.tr("Decisions recorded"))
        self.history.setHorizontalHeaderLabels([self.tr("Event"), self.tr("Time (UTC)"),
                                                self.tr("Decision"), self.tr("Signed by"),
                                                self.tr("Recorded in")])
        self.outcome_box.setTitle(self.tr("DLT outcome of a verified sheet"))
        self._sheet_label.setText(self.tr("&Sheet ID:"))
        self._dlt_label.setText(self.tr("DLT:"))
        self.dlt_yes.setText(self.tr("&Yes, a dose-limiting toxicity"))
        self.dlt_no.setText(self.tr("&No DLT"))
        self.correct_box.setText(self.tr("&Correct the outcome recorded before"))
        self._reason_label.setText(self.tr("R&eason:"))
        self.outcome_button.setText(self.tr("Record &outcome…"))
        self.decision_box.setTitle(self.tr("Joint decision of the investigator and the sponsor"))
        self._group_label.setText(self.tr("&Group:"))
        self._level_label.setText(self.tr("&Level:"))
        self._action_label.setText(self.tr("&Action:"))
        self.action_combo.setItemText(0, self.tr("Open the level"))
        self.action_combo.setItemText(1, self.tr("Close the level"))
        self._reference_label.setText(self.tr("&Recorded in:"))
        self.reference_edit.setPlaceholderText(self.tr("minutes, letter or amendment"))
        self.decide_button.setText(self.tr("Record &decision…"))
        if self.ledger is not None:
            self._show(self.ledger)

    def _fill_levels(self) -> None:
        group = self.protocol.protocol.group(self.group_combo.currentData() or "")
        self.level_combo.clear()
        for lv in group.levels if group is not None else []:
            self.level_combo.addItem(lv.id, lv.id)

    # -- showing ----------------------------------------------------------------------------

    def refresh(self, keep_message: bool = False) -> None:
        """Read the ledger again, in the background (``background.Operation``); the view shows
        it when it comes, or says why it could not be read (unless ``keep_message``: a refusal
        already shown stays)."""
        from ..records.escalation import ledger
        from ..records.users import RecordsError
        from .background import RECORDS, Operation

        store, protocol = self.store, self.protocol

        def shown(book: "Ledger") -> None:
            self.ledger = book
            self._show(book)

        def not_read(exc: BaseException) -> None:
            if not isinstance(exc, RecordsError):
                raise exc   # a fault: the background operation shows it as one
            if not keep_message:
                self._say(str(exc), error=True)

        Operation(self, lambda: ledger(store, protocol), what=self.tr("Reading the escalation ledger"),
                  success=shown, failure=not_read, lane=RECORDS).run()

    def _state_text(self, is_open: bool) -> str:
        return self.tr("open") if is_open else self.tr("closed")

    def _show(self, book: "Ledger") -> None:
        from ..core.escalation import decide

        design = book.design
        rule = design.rule()
        confirmed = (self.tr("confirmed by the sponsor") if design.confirmed_by_sponsor
                     else self.tr("a reading to be confirmed by the sponsor"))
        from ..core.escalation import decimal_text

        self.parameters_label.setText(self.tr(
            "i3+3: target DLT rate pT = {target}, equivalence interval {interval}, DU when "
            "Pr(p > pT | data) > {threshold} ({status})").format(
            target=decimal_text(rule.target), interval=rule.interval_text,
            threshold=decimal_text(rule.unacceptable), status=confirmed))
        self.levels.setRowCount(len(book.levels))
        marked: dict[tuple[int, int], list[str]] = {}
        for row, s in enumerate(book.levels):
            cells = (s.group, s.level, str(s.n), str(s.y), s.decision.value if s.decision else "–",
                     self._state_text(s.open))
            for col, text in enumerate(cells):
                self.levels.setItem(row, col, _item(text))
            if s.n:
                marked.setdefault((s.n, s.y), []).append(f"{s.group} {s.level}")
        self._fit_levels()
        bold = QFont()
        bold.setBold(True)
        for n in range(1, TABLE_MAX_N + 1):
            for y in range(TABLE_MAX_N + 1):
                item = _item(decide(n, y, rule).value if y <= n else "")
                if (n, y) in marked:
                    item.setFont(bold)
                    item.setBackground(Qt.GlobalColor.yellow)
                    item.setToolTip(", ".join(marked[(n, y)]))
                self.table.setItem(n - 1, y, item)
        self.history.setRowCount(len(book.decisions))
        for row, d in enumerate(book.decisions):
            what = (self.tr("open {group} {level}") if d.action == "open"
                    else self.tr("close {group} {level}")).format(group=d.group, level=d.level)
            for col, text in enumerate((str(d.seq), d.utc, what, f"{d.full_name} ({d.user_id})", d.reference)):
                self.history.setItem(row, col, _item(text))

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setStyleSheet("color: #b00020;" if error else "")
        self.message.setText(text)

    # -- recording --------------------------------------------------------------------------

    def record_outcome(self) -> bool:
        from ..records.escalation import record_outcome

        sheet = self.sheet_edit.text().strip()
        if not sheet:
            self._say(self.tr("Enter the sheet ID of a verified sheet."), error=True)
            self.sheet_edit.setFocus()
            return False
        if not (self.dlt_yes.isChecked() or self.dlt_no.isChecked()):
            self._say(self.tr("Choose whether the patient had a DLT: nothing is preselected."), error=True)
            self.dlt_yes.setFocus()
            return False
        correct = self.correct_box.isChecked()
        reason = self.reason_edit.text().strip()
        if correct and not reason:
            self._say(self.tr("A correction needs its reason."), error=True)
            self.reason_edit.setFocus()
            return False
        dlt = self.dlt_yes.isChecked()
        meaning = (self.tr("Meaning: DLT outcome corrected. I correct the outcome of the patient of "
                           "sheet {sheet} to: {outcome}. Reason: {reason}") if correct else
                   self.tr("Meaning: DLT outcome. I record for the patient of sheet {sheet}: {outcome}."))
        outcome = self.tr("a dose-limiting toxicity") if dlt else self.tr("no dose-limiting toxicity")
        creds = self.ask_credentials(self, meaning.format(sheet=sheet, outcome=outcome, reason=reason))
        if creds is None:
            return False
        store, protocol = self.store, self.protocol

        def recorded(seq: int) -> None:
            self._say(self.tr("Outcome recorded (event {seq}).").format(seq=seq))
            self.sheet_edit.clear()
            self.reason_edit.clear()
            self.correct_box.setChecked(False)
            self.dlt_group.setExclusive(False)
            self.dlt_yes.setChecked(False)
            self.dlt_no.setChecked(False)
            self.dlt_group.setExclusive(True)
            self.refresh()
            self.changed.emit()

        # The signature's password check (scrypt) and the append run in the background.
        self._record(lambda signed_by: record_outcome(store, sheet, dlt, signed_by, protocol,
                                                      correct=correct,
                                                      reason=reason if correct else None),
                     creds, self.tr("Recording the outcome"), recorded)
        return True

    def _record(self, work: "Callable[[Credentials], int]", creds: "Credentials", what: str,
                recorded: Callable[[int], None]) -> None:
        """A signed record (the password checked by scrypt, the event appended) in the
        background; both record buttons are disabled until it is done. A signer whose password
        someone else set (or which expired) chooses their own there and then, as in the order
        window (signing.change_password_now), and the record is signed with it."""
        from ..records.users import RecordsError
        from .background import RECORDS, Operation

        def refused(exc: BaseException) -> None:
            if not isinstance(exc, RecordsError):
                raise exc   # a fault: the background operation shows it as one
            again = change_password_now(self, self.store, creds, exc)
            if again is not None:
                self._record(work, again, what, recorded)
                return
            self._say(self.tr("Not recorded: {error}").format(error=exc), error=True)
            self.refresh_after_failure()

        Operation(self, lambda: work(creds), what=what, success=recorded, failure=refused,
                  actions=[self.outcome_button, self.decide_button], lane=RECORDS).run()

    def record_decision(self) -> bool:
        from ..records.escalation import record_decision

        group, level = self.group_combo.currentData(), self.level_combo.currentData()
        reference = self.reference_edit.text().strip()
        if group is None or level is None:
            self._say(self.tr("Choose the group and the level."), error=True)
            return False
        if not reference:
            self._say(self.tr("Enter the document the decision is recorded in."), error=True)
            self.reference_edit.setFocus()
            return False
        open_level = self.action_combo.currentData() == "open"
        meaning = (self.tr("Meaning: escalation decision. I record the joint decision of the "
                           "investigator and the sponsor to open {level} of group {group}, recorded "
                           "in: {reference}.") if open_level else
                   self.tr("Meaning: escalation decision. I record the joint decision of the "
                           "investigator and the sponsor to close {level} of group {group}, recorded "
                           "in: {reference}."))
        creds = self.ask_credentials(self, meaning.format(level=level, group=group, reference=reference))
        if creds is None:
            return False
        store, protocol = self.store, self.protocol

        def recorded(seq: int) -> None:
            self._say(self.tr("Decision recorded (event {seq}).").format(seq=seq))
            self.reference_edit.clear()
            self.refresh()
            self.changed.emit()

        self._record(lambda signed_by: record_decision(store, group, level, open_level, reference,
                                                       signed_by, protocol),
                     creds, self.tr("Recording the decision"), recorded)
        return True

    def refresh_after_failure(self) -> None:
        """A failed signature is an event too; the counts cannot have changed, the view stays
        (with its message: only the tables are read again)."""
        self.refresh(keep_message=True)
