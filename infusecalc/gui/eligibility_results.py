"""Results: each eligibility criterion beside the washout findings, and the checklist's answers.

Everything shown comes from the Evaluation and the text layer's words (gui/language.py); the
window decides nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (QAbstractItemView, QGroupBox, QLabel, QSizePolicy,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from . import language as shown
from .widgets import number_with_unit, wrapping_columns

if TYPE_CHECKING:
    from ..core.result import Evaluation


class EligibilityResults(QGroupBox):
    COLUMNS = 5

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.table = QTableWidget(0, self.COLUMNS, self)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        # Criterion and "Why" are sentences: they share the width left and wrap, never "…";
        # status, value and date stay whole (sized to their content in the language shown).
        self.columns = wrapping_columns(self.table, whole={1, 2, 3})
        self.table.setSizeAdjustPolicy(QAbstractItemView.SizeAdjustPolicy.AdjustToContents)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        self.none_label = QLabel(self)
        self.none_label.setWordWrap(True)
        self.formula = QLabel(self)
        self.formula.setWordWrap(True)
        self.formula.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.checklist = QLabel(self)
        self.checklist.setWordWrap(True)
        self.checklist.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        for w in (self.table, self.none_label, self.formula, self.checklist):
            layout.addWidget(w)
        self._ev: Evaluation | None = None
        self.retranslateUi()

    def retranslateUi(self) -> None:  # noqa: N802 - Qt naming
        self.setTitle(self.tr("Eligibility values and checklist"))
        self.table.setHorizontalHeaderLabels([self.tr("Criterion"), self.tr("Status"), self.tr("Value"),
                                              self.tr("Measured"), self.tr("Why")])
        if self._ev is not None:
            self.show_evaluation(self._ev)

    def show_evaluation(self, ev: "Evaluation") -> None:
        self._ev = ev
        e = ev.eligibility
        rows = e.findings
        self.table.setRowCount(len(rows))
        self.table.setVisible(bool(rows))
        self.none_label.setVisible(not rows)
        self.none_label.setText(shown.eligibility_note(ev) or "")
        status_text = {"pass": self.tr("✔ PASS"), "fail": self.tr("✖ FAIL"), "stale": self.tr("✖ REPEAT")}
        for i, f in enumerate(rows):
            cells = [
                shown.eligibility_criterion(f.criterion),
                status_text[f.status],
                f.entered if f.criterion != "creatinine_clearance" else shown.eligibility_value(f),
                shown.date_with_weekday(f.measured_on),
                number_with_unit(shown.eligibility_reason(f)),
            ]
            for col, text in enumerate(cells):
                item = self.table.item(i, col)
                if item is None:
                    item = QTableWidgetItem()
                    if col == 1:
                        bold = QFont(item.font())
                        bold.setBold(True)
                        item.setFont(bold)
                    self.table.setItem(i, col, item)
                item.setText(text)
                item.setToolTip(f.quote)
        self.table.resizeRowsToContents()
        cc = e.creatinine_clearance_ml_min
        self.formula.setVisible(cc is not None)
        self.formula.setText(shown.eligibility_formula(cc) if cc is not None else "")
        lines = shown.checklist_lines(ev)
        self.checklist.setVisible(bool(lines))
        self.checklist.setText("\n".join(lines))
