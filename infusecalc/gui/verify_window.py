"""Blind bedside verification (ISMP independent double check).

The nurse scans the sheet's QR code (a USB scanner types it and presses Enter) or types the
sheet ID. The window then shows only the subject ID and asks for the nurse's own reading of the
chart and the product label. Only when that entry is complete, and signed, does the core compute
it and the records compare it with the issued sheet. The pharmacist's numbers are never shown
before: the loaded sheet is held, not displayed.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (QComboBox, QFormLayout, QGroupBox, QHBoxLayout,
                               QLabel, QLineEdit, QMainWindow, QPushButton, QVBoxLayout, QWidget)

from ..records.qr import looks_like_payload
from ..records.service import IssuedSheet, NurseEntry, find_sheet, verify_sheet
from ..records.store import Store
from .language import cells, group_choice, problem_message
from ..records.users import RecordsError

def _arg(template: str, *values: str) -> str:
    """Fill %1, %2... in one pass (a value that itself contains "%2" is left alone)."""
    return re.sub(r"%(\d)", lambda m: str(values[int(m.group(1)) - 1]), template)


from .signing import CredentialsProvider  # noqa: E402 - the one provider type of the GUI
from .signing import ask_credentials as _dialog_provider  # noqa: E402
from .signing import change_password_now  # noqa: E402


class VerifyWindow(QMainWindow):
    closed = Signal()   # the main window shows its results again once every check is closed

    def __init__(self, store: Store, protocol=None, formulary=None,
                 ask_credentials: CredentialsProvider | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from ..core.protocol import default_protocol

        self.store = store
        self.protocol = protocol or default_protocol()
        self.formulary = formulary
        self.ask_credentials = ask_credentials or _dialog_provider
        self._sheet: IssuedSheet | None = None  # held, never displayed before the comparison
        self._fitted = False
        self.setWindowTitle(self.tr("InfuseCalc - bedside verification"))
        self._build()
        self.reset()
        from .db_status import attach_database_status  # a site server's state, in the status bar

        self.database_status = attach_database_status(self, store)

    # layout
    def _build(self) -> None:
        central = QWidget()
        root = QVBoxLayout(central)

        scan_row = QHBoxLayout()
        self.scan_edit = QLineEdit()
        self.scan_edit.setObjectName("scan")
        self.scan_edit.setPlaceholderText(self.tr("Scan the sheet's QR code or type the sheet ID"))
        self.scan_edit.returnPressed.connect(self.open_sheet)
        self.open_button = QPushButton(self.tr("Open"))
        self.open_button.clicked.connect(self.open_sheet)
        scan_row.addWidget(QLabel(self.tr("Sheet")))
        scan_row.addWidget(self.scan_edit, 1)
        scan_row.addWidget(self.open_button)
        root.addLayout(scan_row)

        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        root.addWidget(self.message)

        self.entry_box = QGroupBox(self.tr("Your independent entry"))
        box = QVBoxLayout(self.entry_box)
        self.subject_label = QLabel()
        self.subject_label.setObjectName("subject")
        big = QFont(self.subject_label.font())
        big.setPointSizeF(big.pointSizeF() * 1.5)
        big.setBold(True)
        self.subject_label.setFont(big)
        box.addWidget(self.subject_label)
        hint = QLabel(self.tr("Check the subject ID against the wristband. Enter each value from "
                              "the chart and the product label yourself; the sheet's values are "
                              "shown only after you sign."))
        hint.setWordWrap(True)
        box.addWidget(hint)

        form = QFormLayout()
        weight_row = QHBoxLayout()
        self.weight_edit = QLineEdit()
        self.weight_edit.setObjectName("weight")
        self.weight_unit = QComboBox()
        self.weight_unit.setObjectName("weight_unit")
        self.weight_unit.addItem(self.tr("(unit)"), "")
        for unit in ("kg", "g", "lb"):
            self.weight_unit.addItem(unit, unit)
        weight_row.addWidget(self.weight_edit, 1)
        weight_row.addWidget(self.weight_unit)
        form.addRow(self.tr("Body weight"), weight_row)

        self.group_combo = QComboBox()
        self.group_combo.setObjectName("group")
        self._sheet_protocol = self.protocol   # the protocol the opened sheet names
        self._fill_groups()
        self.group_combo.currentIndexChanged.connect(self._fill_levels)
        form.addRow(self.tr("Group"), self.group_combo)

        self.level_combo = QComboBox()
        self.level_combo.setObjectName("dose_level")
        form.addRow(self.tr("Dose level"), self.level_combo)

        self.conc_edit = QLineEdit()
        self.conc_edit.setObjectName("concentration")
        self.conc_edit.setPlaceholderText(self.tr("from the label, like 1.3e7"))
        form.addRow(self.tr("Concentration (CAR-T cells/mL)"), self.conc_edit)
        self.volume_edit = QLineEdit()
        self.volume_edit.setObjectName("container_volume")
        self.volume_edit.setPlaceholderText(self.tr("from the label, like 10"))
        form.addRow(self.tr("Volume per bag or vial (mL)"), self.volume_edit)
        self.lot_edit = QLineEdit()
        self.lot_edit.setObjectName("lot")
        form.addRow(self.tr("Lot"), self.lot_edit)
        self.bags_edit = QLineEdit()
        self.bags_edit.setObjectName("bag_ids")
        self.bags_edit.setPlaceholderText(self.tr("bag or vial IDs, separated by commas"))
        form.addRow(self.tr("Bag IDs"), self.bags_edit)
        box.addLayout(form)

        self.verify_button = QPushButton(self.tr("Compare and sign…"))
        self.verify_button.setObjectName("verify")
        self.verify_button.clicked.connect(self.verify)
        box.addWidget(self.verify_button)
        root.addWidget(self.entry_box)

        self.result_label = QLabel()
        self.result_label.setObjectName("result")
        self.result_label.setWordWrap(True)
        self.result_label.setTextFormat(Qt.TextFormat.PlainText)
        root.addWidget(self.result_label)
        self.next_button = QPushButton(self.tr("Next sheet"))
        self.next_button.clicked.connect(self.reset)
        root.addWidget(self.next_button)
        root.addStretch(1)
        # A long result (a mismatch lists every value) scrolls inside the window instead of
        # growing it off the screen.
        from PySide6.QtWidgets import QScrollArea

        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(central)
        self.setCentralWidget(self.scroll)
        # Enter in the last field (bag IDs) starts the comparison, as the button would.
        self.bags_edit.returnPressed.connect(
            lambda: self.verify() if self.verify_button.isEnabled() else None)

        for w in (self.weight_edit, self.conc_edit, self.volume_edit):
            w.textChanged.connect(self._update_ready)
        for c in (self.weight_unit, self.group_combo, self.level_combo):
            c.currentIndexChanged.connect(self._update_ready)

    def _fill_groups(self) -> None:
        blocked = self.group_combo.blockSignals(True)
        self.group_combo.clear()
        self.group_combo.addItem(self.tr("(choose)"), "")
        for g in self._sheet_protocol.protocol.groups:
            self.group_combo.addItem(group_choice(g), g.id)
        self.group_combo.blockSignals(blocked)

    def _fill_levels(self) -> None:
        self.level_combo.clear()
        self.level_combo.addItem(self.tr("(choose)"), "")
        group = self._sheet_protocol.protocol.group(self.group_combo.currentData() or "")
        for level in (group.levels if group else []):
            self.level_combo.addItem(level.id, level.id)

    # state
    def reset(self) -> None:
        self._sheet = None
        self.scan_edit.clear()
        self.scan_edit.setEnabled(True)
        self.open_button.setEnabled(True)
        self.message.clear()
        self.subject_label.clear()
        for w in (self.weight_edit, self.conc_edit, self.volume_edit, self.lot_edit, self.bags_edit):
            w.clear()
        self.weight_unit.setCurrentIndex(0)
        self.group_combo.setCurrentIndex(0)
        self._fill_levels()
        self.entry_box.setEnabled(False)
        self.result_label.clear()
        self.result_label.setStyleSheet("")
        self.next_button.setVisible(False)
        self.scan_edit.setFocus()

    def entry_complete(self) -> bool:
        return bool(self._sheet and self.weight_edit.text().strip() and self.weight_unit.currentData()
                    and self.group_combo.currentData() and self.level_combo.currentData()
                    and self.conc_edit.text().strip() and self.volume_edit.text().strip())

    def _update_ready(self) -> None:
        self.verify_button.setEnabled(self.entry_complete())

    def open_sheet(self) -> None:
        """Find the scanned or typed sheet in the records (in the background: a site server
        may be slow); the entry opens when it is found."""
        from .background import RECORDS, Operation

        text = self.scan_edit.text().strip()
        if not text:
            return
        if looks_like_payload(text):
            # The code copied from the sheet's printed lines (or typed from them) comes with
            # line breaks; the code itself has no white space (records/qr.py).
            text = "".join(text.split())
        store = self.store

        def refused(exc: BaseException) -> None:
            if not isinstance(exc, RecordsError):
                raise exc   # a fault: the background operation shows it as one
            self.message.setText(_arg(self.tr("Cannot verify this sheet: %1"), str(exc)))
            self.reveal(self.message)
            self.scan_edit.selectAll()
            self.scan_edit.setFocus()

        mine = self.protocol

        def find() -> tuple[IssuedSheet, object]:
            from ..records.adoption_store import protocol_for_sheet

            sheet = find_sheet(store, text)
            # Computed again under the protocol the sheet names (by SHA-256), if this station
            # holds it (shipped or adopted); otherwise refused, naming the version it needs.
            trial = mine if mine.sha256 == sheet.protocol_sha256 else None
            return sheet, protocol_for_sheet(store, sheet.protocol_sha256, sheet.protocol_version,
                                             sheet.sheet_id, trial)

        Operation(self, find, what=self.tr("Opening the sheet"),
                  success=self._opened, failure=refused, lane=RECORDS,
                  actions=[self.scan_edit, self.open_button]).run()

    def _opened(self, found: tuple[IssuedSheet, object]) -> None:
        sheet, protocol = found
        if protocol is not self._sheet_protocol:
            self._sheet_protocol = protocol
            self._fill_groups()
            self._fill_levels()
        self._sheet = sheet
        self.message.setText(_arg(self.tr("Sheet %1 opened."), sheet.sheet_id))
        self.subject_label.setText(_arg(self.tr("Subject %1"), sheet.case.subject_id))
        self.scan_edit.setEnabled(False)
        self.open_button.setEnabled(False)
        self.entry_box.setEnabled(True)
        self._update_ready()
        self.weight_edit.setFocus()

    def current_entry(self) -> NurseEntry:
        assert self._sheet is not None
        return NurseEntry(
            subject_id=self._sheet.case.subject_id,
            weight=f"{self.weight_edit.text().strip()} {self.weight_unit.currentData()}",
            group=self.group_combo.currentData(), dose_level=self.level_combo.currentData(),
            concentration=f"{self.conc_edit.text().strip()} cell/mL",
            container_volume=f"{self.volume_edit.text().strip()} mL",
            lot=self.lot_edit.text().strip() or None,
            bag_ids=tuple(b.strip() for b in self.bags_edit.text().split(",") if b.strip()))

    def verify(self) -> None:
        if not self.entry_complete():
            return
        from ..core.errors import InputError

        sheet = self._sheet
        assert sheet is not None
        creds = self.ask_credentials(self, _arg(self.tr(
            "Meaning: verified. I independently computed the dose of sheet %1 for subject %2 "
            "from the chart and the product label."), sheet.sheet_id, sheet.case.subject_id))
        if creds is None:
            return
        from .background import RECORDS, Operation

        store, entry, protocol, formulary = (self.store, self.current_entry(), self._sheet_protocol,
                                             self.formulary)

        def refused(exc: BaseException) -> None:
            again = change_password_now(self, store, creds, exc)
            if again is not None:     # a nurse whose password someone else set chose her own
                sign(again)
            elif isinstance(exc, InputError):
                self.message.setText("\n".join(problem_message(p) for p in exc.problems))
                self.reveal(self.message)
            elif isinstance(exc, RecordsError):
                self.message.setText(_arg(self.tr("Not signed: %1"), str(exc)))
                self.reveal(self.message)
            else:
                raise exc   # a fault: the background operation shows it as one

        def compared(outcome) -> None:
            self.entry_box.setEnabled(False)
            self.next_button.setVisible(True)
            self.message.clear()
            self._show_result(outcome)

        # The nurse's password (scrypt), the core's computation and the append run in the
        # background; the entry is held (disabled) until the outcome is shown.
        def sign(with_creds) -> None:
            nonlocal creds
            creds = with_creds
            Operation(self, lambda: verify_sheet(store, sheet, entry, with_creds, protocol,
                                                 formulary),
                      what=self.tr("Comparing and signing"), success=compared, failure=refused,
                      lane=RECORDS, actions=[self.entry_box]).run()

        sign(creds)

    def _show_result(self, outcome) -> None:
        from ..core.formatting import volume_ml

        ev = outcome.evaluation
        sig = outcome.signature
        meaning = self.tr("verified") if outcome.verified else self.tr("mismatch recorded")
        signed = _arg(self.tr("Signed by %1 (%2) at %3 UTC; meaning: %4"), sig.full_name, sig.user_id,
                      sig.signed_utc.replace("T", " ")[:19], meaning)
        if outcome.verified:
            assert ev.product is not None
            text = "\n".join([
                self.tr("VERIFIED"),
                _arg(self.tr("Dose: %1"), cells(ev.dose.cells)),
                _arg(self.tr("Draw %1 from %2 container(s)"), volume_ml(ev.product.volume_ml),
                     str(ev.product.containers)),
                signed])
            self.result_label.setStyleSheet("color: #1b5e20; font-weight: bold;")
        else:
            labels = self._field_labels()
            lines = [self.tr("MISMATCH - NOT VERIFIED. Do not infuse; resolve with the pharmacist."),
                     self.tr("The sheet is now blocked: the pharmacist voids it and issues a new one."),
                     self.tr("These fields differ:")]
            from ..records.values import shown_figure

            for d in outcome.differences:
                lines.append(_arg(self.tr("%1: you entered %2, the sheet says %3"),
                                  labels.get(d.field, d.field), shown_figure(d.field, d.entered),
                                  shown_figure(d.field, d.issued)))
            lines.append(signed)
            text = "\n".join(lines)
            self.result_label.setStyleSheet("color: #b71c1c; font-weight: bold;")
        if outcome.offline:
            text += "\n" + self.tr("This station cannot see the pharmacy's records, so it could "
                                   "NOT check whether the sheet was voided: if in doubt, call the "
                                   "pharmacy before infusing.")
        self.result_label.setText(text)
        self.reveal(self.result_label)

    # size and scrolling
    def fit_to_screen(self) -> None:
        """As large as the entry (and a result shown) needs, within the screen: the window
        opened at Qt's default 470x360 pixels, scrolling both ways, with the group's name cut,
        on a 1366x768 screen with room to spare. Never smaller than it is (a nurse may have
        made it larger), never beyond 90 % of the screen: past that the entry scrolls."""
        from PySide6.QtGui import QGuiApplication

        inner = self.scroll.widget()
        inner.layout().activate()
        hint = inner.sizeHint()
        frame = 2 * self.scroll.frameWidth()
        chrome = self.height() - self.scroll.height() if self.isVisible() else \
            self.statusBar().sizeHint().height()
        want_w = hint.width() + frame + self.scroll.verticalScrollBar().sizeHint().width()
        want_h = max(hint.height(), inner.heightForWidth(hint.width())) + frame + chrome
        screen = self.screen() or QGuiApplication.primaryScreen()
        room = screen.availableGeometry()
        width = max(self.width(), min(want_w, int(room.width() * 0.9)))
        height = max(self.height(), min(want_h, int(room.height() * 0.9)))
        if (width, height) != (self.width(), self.height()):
            self.resize(width, height)

    def reveal(self, label: QWidget) -> None:
        """A message or result just shown: the window grows to show it if the screen has
        room, and the entry scrolls to it otherwise (it was below the fold, where a nurse
        signing a MISMATCH saw only its first words at the window's bottom edge)."""
        from PySide6.QtCore import QTimer

        self.fit_to_screen()
        # The scroll area resizes its widget on the next turn of the event loop.
        QTimer.singleShot(0, lambda: self._scroll_to(label))

    def _scroll_to(self, label: QWidget) -> None:
        """All of ``label`` in view if it fits, else its first lines (where MISMATCH is)."""
        from PySide6.QtCore import QPoint

        inner = self.scroll.widget()
        if inner is None or not label.isVisible():
            return
        top = label.mapTo(inner, QPoint(0, 0)).y()
        bottom = top + label.height()
        bar, room = self.scroll.verticalScrollBar(), self.scroll.viewport().height()
        if bottom > bar.value() + room:
            bar.setValue(min(top, bottom - room))
        if top < bar.value():
            bar.setValue(top)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if not self._fitted:
            self._fitted = True
            self.fit_to_screen()
        super().showEvent(event)

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().closeEvent(event)
        if event.isAccepted():
            self.closed.emit()

    def _field_labels(self) -> dict[str, str]:
        return {"subject_id": self.tr("Subject ID"), "weight_kg": self.tr("Weight (kg)"),
                "group": self.tr("Group"), "dose_level": self.tr("Dose level"),
                "dose_cells": self.tr("Dose (CAR-T cells)"),
                "concentration_cells_per_ml": self.tr("Concentration (cells/mL)"),
                "container_volume_ml": self.tr("Volume per container (mL)"),
                "volume_ml": self.tr("Volume to draw (mL)"), "containers": self.tr("Containers"),
                "lot": self.tr("Lot"), "bag_ids": self.tr("Bag IDs"),
                "protocol_sha256": self.tr("Protocol file (sha256)")}
