"""Order entry for eligibility values at dose time and the investigator's checklist.

Like the rest of the order form, these widgets only turn what is typed into the case file's
JSON (``to_data``) and back (``load``); the core reads the units, checks the limits and says
what is wrong. Units come from the protocol's data: none is preselected where a lab accepts
more than one (creatinine and bilirubin in mg/dL or umol/L), so a unit is never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QGridLayout, QGroupBox, QHBoxLayout, QLabel,
                               QLineEdit, QVBoxLayout, QWidget)

from .widgets import DateField, ErrorLabel

if TYPE_CHECKING:
    from ..core.case import Case
    from ..core.protocol import LoadedProtocol

LAB_ORDER = ("creatinine", "alt", "ast", "bilirubin", "inr", "aptt", "spo2", "lvef")
_VALUE_RE = re.compile(r"^\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)\s*(.*?)\s*$")
ANSWERS = ("met", "not_met", "not_applicable")


def _split(text: str) -> tuple[str, str]:
    """'88 umol/L' -> ('88', 'umol/L'); text that is not a number stays whole."""
    m = _VALUE_RE.match(text)
    return (m.group(1), m.group(2)) if m else (text, "")


def _units_shown(spellings: list[str]) -> list[str]:
    # One spelling per unit on screen: µmol/L and μmol/L are the same unit as umol/L.
    out: list[str] = []
    for s in spellings:
        plain = s.replace("µ", "u").replace("μ", "u")
        if plain not in out:
            out.append(plain)
    return out


class _UnitChoice(QWidget):
    """The unit beside a number: a fixed label for a lab with one unit, a combo otherwise."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.combo = QComboBox(self)
        self.fixed = QLabel(self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.combo)
        layout.addWidget(self.fixed)
        self.combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.set_units([])

    def set_units(self, units: list[str]) -> None:
        current = self.unit()
        blocked = self.combo.blockSignals(True)
        self.combo.clear()
        self.combo.addItems(units)
        self.combo.setCurrentIndex(units.index(current) if current in units else -1)
        self.combo.blockSignals(blocked)
        several = len(units) > 1
        self.combo.setVisible(several)
        self.fixed.setVisible(not several)
        self.fixed.setText(units[0] if len(units) == 1 else "")
        self.setFocusPolicy(self.combo.focusPolicy() if several else self.fixed.focusPolicy())

    def several(self) -> bool:
        return self.combo.count() > 1

    def unit(self) -> str:
        return self.combo.currentText() if self.combo.count() > 1 else self.fixed.text()

    def set_unit(self, unit: str) -> bool:
        plain = unit.replace("µ", "u").replace("μ", "u")
        if self.combo.count() > 1:
            i = next((k for k in range(self.combo.count())
                      if self.combo.itemText(k).casefold() == plain.casefold()), -1)
            self.combo.setCurrentIndex(i)
            return i >= 0 or not unit
        return plain.casefold() == self.fixed.text().casefold()


class LabRow:
    """One lab's widgets: value, unit, ULN and its unit, date, and the error under them."""

    def __init__(self, lab: str, owner: QWidget):
        self.lab = lab
        self.label = QLabel(owner)
        self.value = QLineEdit(owner)
        self.unit = _UnitChoice(owner)
        self.uln = QLineEdit(owner)
        self.uln_unit = _UnitChoice(owner)
        self.date = DateField(owner)
        self.error = ErrorLabel(owner)
        self.label.setBuddy(self.value)
        self.uses_uln = True

    def _with_unit(self, text: str, unit: _UnitChoice) -> str:
        text = text.strip()
        number, rest = _split(text)
        if rest or not unit.unit():
            return text          # typed with its own unit, or no unit chosen: as typed
        return f"{number} {unit.unit()}" if number == text else text

    def to_data(self) -> dict[str, Any] | None:
        value, uln, date = self.value.text().strip(), self.uln.text().strip(), self.date.iso()
        if not (value or uln or date):
            return None
        entry: dict[str, Any] = {}
        if value:
            entry["value"] = self._with_unit(value, self.unit)
        if date:
            entry["date"] = date
        if uln:
            entry["uln"] = self._with_unit(uln, self.uln_unit)
        return entry

    def load(self, entry: Any) -> None:
        for text, edit, unit in ((entry.value if entry else "", self.value, self.unit),
                                 (entry.uln if entry else None, self.uln, self.uln_unit)):
            number, rest = _split(text or "")
            if rest and unit.set_unit(rest):
                edit.setText(number)
            else:
                if not rest and unit.several():
                    unit.set_unit("")
                edit.setText(text or "")
        self.date.set_date(entry.date if entry else None)

    def inputs(self) -> list[QWidget]:
        out: list[QWidget] = [self.value]
        if self.unit.several():
            out.append(self.unit.combo)
        if self.uses_uln:
            out.append(self.uln)
            if self.uln_unit.several():
                out.append(self.uln_unit.combo)
        return [*out, self.date.check, self.date.edit]


class EligibilityForm(QGroupBox):
    """Eligibility values: sex, hepatobiliary invasion, and a row per lab of the protocol."""

    edited = Signal(str)

    def __init__(self, parent: QWidget | None = None, later: bool = False):
        """``later``: built by ``build_steps()`` (the window at start-up), else at once."""
        super().__init__(parent)
        self._steps: Iterator[None] | None = self._build()
        if not later:
            for _ in self.build_steps():
                pass

    def build_steps(self) -> Iterator[None]:
        """The construction, a few lab rows per ``next()``."""
        assert self._steps is not None, "build_steps() is run once"
        steps, self._steps = self._steps, None
        return steps

    def _build(self) -> Iterator[None]:
        self.sex = QComboBox(self)
        self.sex_label = QLabel(self)
        self.sex_label.setBuddy(self.sex)
        self.sex_error = ErrorLabel(self)
        self.hepatobiliary = QCheckBox(self)
        self.rows: dict[str, LabRow] = {}
        for i, lab in enumerate(LAB_ORDER, 1):
            self.rows[lab] = LabRow(lab, self)
            if i % 3 == 0:
                yield
        self.general_error = ErrorLabel(self)
        self._heads = [QLabel(self) for _ in range(5)]

        outer = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(self.sex_label)
        top.addWidget(self.sex, 1)
        outer.addLayout(top)
        outer.addWidget(self.hepatobiliary)   # its own line: the window must fit 1280 x 720
        outer.addWidget(self.sex_error)
        grid = QGridLayout()
        for col, head in enumerate(self._heads):
            grid.addWidget(head, 0, col * 2 if col else 0)
        r = 1
        for row in self.rows.values():
            grid.addWidget(row.label, r, 0)
            grid.addWidget(row.value, r, 1)
            grid.addWidget(row.unit, r, 2)
            grid.addWidget(row.uln, r, 3)
            grid.addWidget(row.uln_unit, r, 4)
            grid.addWidget(row.date, r, 5)
            grid.addWidget(row.error, r + 1, 1, 1, 5)
            r += 2
        grid.setColumnStretch(1, 2)
        grid.setColumnStretch(3, 2)
        outer.addLayout(grid)
        outer.addWidget(self.general_error)

        self.sex.currentIndexChanged.connect(lambda _i: self.edited.emit("sex"))
        self.hepatobiliary.toggled.connect(lambda _on: self.edited.emit("hepatobiliary_invasion"))
        for lab, row in self.rows.items():
            at = f"labs.{lab}"
            row.value.textEdited.connect(lambda _t, at=at: self.edited.emit(f"{at}.value"))
            row.uln.textEdited.connect(lambda _t, at=at: self.edited.emit(f"{at}.uln"))
            row.unit.changed.connect(lambda at=at: self.edited.emit(f"{at}.value"))
            row.uln_unit.changed.connect(lambda at=at: self.edited.emit(f"{at}.uln"))
            row.date.changed.connect(lambda at=at: self.edited.emit(f"{at}.date"))
        self.retranslateUi()

    # -- protocol ---------------------------------------------------------------------------
    def set_protocol(self, protocol: "LoadedProtocol") -> None:
        rules = protocol.protocol.eligibility_values
        for lab, row in self.rows.items():
            units = rules.labs.get(lab) if rules is not None else None
            criteria = rules.criterion_for(lab) if rules is not None else []
            present = units is not None and bool(criteria)
            shown_units = _units_shown(list(units.units)) if units else []
            shown_units = [u for u in shown_units if u]   # INR: no unit at all
            row.unit.set_units(shown_units)
            row.uln_unit.set_units(shown_units)
            row.uses_uln = any(c.uln_multiple is not None for c in criteria)
            for w in (row.label, row.value, row.unit, row.date):
                w.setVisible(present)
            for w in (row.uln, row.uln_unit):
                w.setVisible(present and row.uses_uln)

    # -- text -------------------------------------------------------------------------------
    def lab_names(self) -> dict[str, str]:
        # Mnemonics only where no other order field has the letter (Tab reaches every row).
        return {
            "creatinine": self.tr("Serum &creatinine:"), "alt": self.tr("ALT:"), "ast": self.tr("AST:"),
            "bilirubin": self.tr("Total bilir&ubin:"), "inr": self.tr("INR:"), "aptt": self.tr("APTT:"),
            "spo2": self.tr("SpO2 on room air:"), "lvef": self.tr("LVE&F:"),
        }

    def retranslateUi(self) -> None:  # noqa: N802 - Qt naming
        self.setTitle(self.tr("Eligibility values (registry inclusion criteria)"))
        self.sex_label.setText(self.tr("Se&x:"))
        current = self.sex.currentData()
        blocked = self.sex.blockSignals(True)
        self.sex.clear()
        self.sex.addItem(self.tr("female"), "female")
        self.sex.addItem(self.tr("male"), "male")
        self.sex.setCurrentIndex(self.sex.findData(current) if current else -1)
        self.sex.blockSignals(blocked)
        self.sex.setPlaceholderText(self.tr("needed with creatinine"))
        self.sex.setAccessibleName(self.tr("Sex"))
        self.hepatobiliary.setText(self.tr("Hepatobiliary invasion recorded"))
        self.hepatobiliary.setToolTip(self.tr("Hepatobiliary invasion recorded (liver limits 5 × and 3 × ULN)"))
        self.hepatobiliary.setAccessibleName(self.tr("Hepatobiliary invasion"))
        for head, text in zip(self._heads, (self.tr("Value"), self.tr("Unit"), self.tr("ULN"), self.tr("ULN unit"),
                                            self.tr("Date measured")), strict=True):
            head.setText(text)
        self._heads[1].hide()
        self._heads[3].hide()
        names = self.lab_names()
        for lab, row in self.rows.items():
            row.label.setText(names[lab])
            plain = names[lab].replace("&", "").rstrip(":：")
            row.value.setAccessibleName(self.tr("{lab}: value").format(lab=plain))
            row.unit.combo.setAccessibleName(self.tr("{lab}: unit").format(lab=plain))
            row.unit.combo.setPlaceholderText(self.tr("unit"))
            row.uln.setAccessibleName(self.tr("{lab}: upper limit of normal").format(lab=plain))
            row.uln.setPlaceholderText(self.tr("ULN"))
            row.uln_unit.combo.setAccessibleName(self.tr("{lab}: ULN unit").format(lab=plain))
            row.uln_unit.combo.setPlaceholderText(self.tr("unit"))
            row.date.setAccessibleName(self.tr("{lab}: date measured").format(lab=plain))
            row.date.set_unset_text(self.tr("not set"))

    # -- case data --------------------------------------------------------------------------
    def to_data(self) -> dict[str, Any]:
        d: dict[str, Any] = {}
        if self.sex.currentData() is not None:
            d["sex"] = self.sex.currentData()
        labs = {lab: entry for lab, row in self.rows.items() if (entry := row.to_data()) is not None}
        if labs:
            d["labs"] = labs
        if self.hepatobiliary.isChecked():
            d["hepatobiliary_invasion"] = True
        return d

    def load(self, case: "Case") -> None:
        widgets = [self, self.sex, self.hepatobiliary]
        blocked = [w.blockSignals(True) for w in widgets]
        try:
            self.sex.setCurrentIndex(self.sex.findData(case.sex) if case.sex else -1)
            self.hepatobiliary.setChecked(bool(case.hepatobiliary_invasion))
            for lab, row in self.rows.items():
                row.load(getattr(case.labs, lab) if case.labs is not None else None)
        finally:
            for w, b in zip(widgets, blocked, strict=True):
                w.blockSignals(b)

    def clear(self) -> None:
        widgets = [self, self.sex, self.hepatobiliary]
        blocked = [w.blockSignals(True) for w in widgets]
        try:
            self.sex.setCurrentIndex(-1)
            self.hepatobiliary.setChecked(False)
            for row in self.rows.values():
                row.load(None)
        finally:
            for w, b in zip(widgets, blocked, strict=True):
                w.blockSignals(b)

    # -- errors and keyboard ----------------------------------------------------------------
    def error_label_for(self, field: str) -> ErrorLabel | None:
        parts = field.split(".")
        if parts[0] == "sex":
            return self.sex_error
        if parts[0] == "labs":
            row = self.rows.get(parts[1]) if len(parts) > 1 else None
            return row.error if row is not None else self.general_error
        if parts[0] == "hepatobiliary_invasion":
            return self.general_error
        return None

    def field_title(self, field: str) -> str | None:
        parts = field.split(".")
        if parts[0] == "sex":
            return self.sex_label.text().replace("&", "").rstrip(":：")
        if parts[0] == "labs" and len(parts) > 1 and parts[1] in self.rows:
            return self.rows[parts[1]].label.text().replace("&", "").rstrip(":：")
        return None

    def error_labels(self) -> list[ErrorLabel]:
        return [self.sex_error, self.general_error, *(r.error for r in self.rows.values())]

    def inputs(self) -> list[QWidget]:
        out: list[QWidget] = [self.sex, self.hepatobiliary]
        for row in self.rows.values():
            if not row.value.isHidden():   # a lab the protocol does not check has no row
                out.extend(row.inputs())
        return out
