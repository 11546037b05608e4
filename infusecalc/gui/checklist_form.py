"""The investigator's eligibility checklist, as a pharmacist copies it into the order.

One row per protocol item (its short name; the registry sentence as tooltip) with an answer:
met, not met, not applicable, or left unanswered; and who attested the answers and when. The
core decides what the answers mean for the result.

The rows are a grid, not a QFormLayout: a form layout gives a word-wrapped label the height of
one line, so a name on two lines ("Informed consent / signed", most of the Chinese names) was
cut at its top and bottom. A grid row is as tall as its wrapped label.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QSizePolicy, QWidget

from .widgets import DateField, ErrorLabel

if TYPE_CHECKING:
    from ..core.case import Case
    from ..core.protocol import LoadedProtocol

ANSWERS = ("met", "not_met", "not_applicable")


class ChecklistForm(QGroupBox):
    edited = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.attested_by = QLineEdit(self)
        self.attested_on = DateField(self)
        self.by_label, self.on_label = QLabel(self), QLabel(self)
        self.by_label.setBuddy(self.attested_by)
        self.on_label.setBuddy(self.attested_on)
        self.by_error, self.on_error, self.general_error = ErrorLabel(self), ErrorLabel(self), ErrorLabel(self)
        self.form = QGridLayout(self)
        self.form.setColumnStretch(0, 2)    # names share the width with the answers, and wrap
        self.form.setColumnStretch(1, 3)
        self._add_row(self.by_label, self._with_error(self.attested_by, self.by_error))
        self._add_row(self.on_label, self._with_error(self.attested_on, self.on_error))
        self.form.addWidget(self.general_error, self.form.rowCount(), 0, 1, 2)
        self.items: dict[str, tuple[QLabel, QComboBox]] = {}
        self._quotes: dict[str, str] = {}
        self.attested_by.textEdited.connect(lambda _t: self.edited.emit("attested_by"))
        self.attested_on.changed.connect(lambda: self.edited.emit("attested_on"))
        self.retranslateUi()

    def _add_row(self, label: QLabel, field: QWidget) -> None:
        row = self.form.rowCount()
        label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        # Never wider than the column it is given, whatever its one-line width: it wraps.
        label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        label.setMinimumWidth(label.fontMetrics().averageCharWidth() * 12)
        self.form.addWidget(label, row, 0)
        self.form.addWidget(field, row, 1)

    def _with_error(self, field: QWidget, error: ErrorLabel) -> QWidget:
        holder = QWidget(self)
        column = QHBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(field, 1)
        column.addWidget(error, 1)
        return holder

    def set_protocol(self, protocol: "LoadedProtocol", names: dict[str, str]) -> None:
        """One row per checklist item; ``names`` are the items' short names in the window's language."""
        answers = self._answers()
        for label, combo in self.items.values():
            for widget in (label, combo):
                self.form.removeWidget(widget)
                widget.deleteLater()
        self.items.clear()
        rules = protocol.protocol.eligibility_values
        for item in rules.checklist if rules is not None else []:
            label = QLabel(self)
            combo = QComboBox(self)
            label.setBuddy(combo)
            label.setWordWrap(True)
            self._quotes[item.id] = item.quote
            combo.currentIndexChanged.connect(lambda _i, k=item.id: self.edited.emit(f"attestations.{k}"))
            self.items[item.id] = (label, combo)
            self._add_row(label, combo)
        self.set_names(names)
        self._set_answers(answers)

    def set_names(self, names: dict[str, str]) -> None:
        for item_id, (label, combo) in self.items.items():
            label.setText(names.get(item_id, item_id))
            label.setToolTip(self._quotes.get(item_id, ""))
            combo.setToolTip(self._quotes.get(item_id, ""))
            combo.setAccessibleName(names.get(item_id, item_id))
            current = combo.currentData()
            blocked = combo.blockSignals(True)
            combo.clear()
            for code, text in zip(ANSWERS, (self.tr("met"), self.tr("NOT met"), self.tr("not applicable")),
                                  strict=True):
                combo.addItem(text, code)
            combo.setCurrentIndex(combo.findData(current) if current else -1)
            combo.setPlaceholderText(self.tr("not answered"))
            combo.blockSignals(blocked)

    def retranslateUi(self) -> None:  # noqa: N802 - Qt naming
        self.setTitle(self.tr("Eligibility checklist (from the investigator's form)"))
        self.by_label.setText(self.tr("Attested b&y:"))
        self.on_label.setText(self.tr("Atte&sted on:"))
        self.attested_by.setPlaceholderText(self.tr("investigator who signed the eligibility form"))
        self.attested_by.setAccessibleName(self.tr("Attested by"))
        self.attested_on.setAccessibleName(self.tr("Attested on"))
        self.attested_on.set_unset_text(self.tr("not set"))

    def _answers(self) -> dict[str, str]:
        return {k: combo.currentData() for k, (_l, combo) in self.items.items() if combo.currentData()}

    def _set_answers(self, answers: dict[str, Any]) -> None:
        for item_id, (_label, combo) in self.items.items():
            blocked = combo.blockSignals(True)
            answer = answers.get(item_id)
            combo.setCurrentIndex(combo.findData(answer) if answer else -1)
            combo.blockSignals(blocked)

    def to_data(self) -> dict[str, Any]:
        d: dict[str, Any] = {}
        answers = self._answers()
        if answers:
            d["attestations"] = answers
        if self.attested_by.text().strip():
            d["attested_by"] = self.attested_by.text().strip()
        if self.attested_on.iso():
            d["attested_on"] = self.attested_on.iso()
        return d

    def load(self, case: "Case") -> None:
        blocked = self.blockSignals(True)
        try:
            self.attested_by.setText(case.attested_by or "")
            self.attested_on.set_date(case.attested_on)
            self._set_answers(dict(case.attestations or {}))
        finally:
            self.blockSignals(blocked)

    def clear(self) -> None:
        blocked = self.blockSignals(True)
        try:
            self.attested_by.clear()
            self.attested_on.set_date(None)
            self._set_answers({})
        finally:
            self.blockSignals(blocked)

    def error_label_for(self, field: str) -> ErrorLabel | None:
        head = field.split(".")[0]
        return {"attested_by": self.by_error, "attested_on": self.on_error,
                "attestations": self.general_error}.get(head)

    def error_labels(self) -> list[ErrorLabel]:
        return [self.by_error, self.on_error, self.general_error]

    def inputs(self) -> list[QWidget]:
        return [self.attested_by, self.attested_on.check, self.attested_on.edit,
                *(combo for _l, combo in self.items.values())]
