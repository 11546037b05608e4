"""Order entry: the fields of a case file, as widgets.

The form only turns what is typed into the case file's JSON form (``to_data``) and back
(``load``); the core decides whether it is valid and computes everything.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel,
                               QLineEdit, QVBoxLayout, QWidget)

from .checklist_form import ChecklistForm
from .eligibility_form import EligibilityForm
from .exposures import ExposureRow, ExposureTable, with_unit, without_unit
from .language import group_choice
from .widgets import AgeField, DateField, ErrorLabel, NoteLabel

if TYPE_CHECKING:
    from ..core.case import Case
    from ..core.formulary import LoadedFormulary
    from ..core.protocol import LoadedProtocol

WEIGHT_UNITS = ("kg", "g", "lb")
_WEIGHT_RE = re.compile(r"^\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)\s*(kg|g|lb)\s*$")
CONCENTRATION_UNIT = "cell/mL"
VOLUME_UNIT = "mL"
TOTAL_UNIT = "cell"


def _needs_whole_bag(protocol: "LoadedProtocol") -> bool:
    """A level (or band) that gives only a range has no dose to draw a volume for: its bag is
    infused whole and its total is entered (core/evaluate.py, RANGE_NEEDS_WHOLE_BAG)."""
    return any(lv.kind == "range" or any(b.kind == "range" for b in lv.bands or [])
               for g in protocol.protocol.groups for lv in g.levels)


class OrderForm(QWidget):
    """All inputs of a case. ``edited(field)`` fires on every change the user makes."""

    edited = Signal(str)
    enter_on_last = Signal()
    notice = Signal(str)          # something the form changed by itself, to say in the status bar
    level_states_changed = Signal()   # the escalation ledger was read (set_level_states)

    def __init__(self, parent: QWidget | None = None, *, later: bool = False):
        """``later=True``: only the attributes; the caller runs ``build_steps()`` (the window
        does, one step per turn of the event loop, so no step freezes it for long)."""
        super().__init__(parent)
        self.protocol: LoadedProtocol | None = None
        # (group, level) casefolded -> open, from the escalation ledger; None: not known (no
        # records database, or a protocol without a ledger), nothing is marked.
        self.level_states: dict[tuple[str, str], bool] | None = None
        self._exposure_rows: list[ExposureRow] = []
        self._labels: dict[str, QLabel] = {}
        self._errors: dict[str, ErrorLabel] = {}
        self._group_boxes: dict[str, QGroupBox] = {}
        self._rows: dict[str, tuple[QFormLayout, QWidget]] = {}

        # Built in steps, the form is translated by its window when it is put on screen.
        self._translate_when_built = not later
        self._steps: Iterator[None] | None = self._build()
        if not later:
            for _ in self._steps:
                pass

    def build_steps(self) -> Iterator[None]:
        """The form's construction, one piece per ``next()`` (each a few tens of milliseconds at
        most); exhausted, the form is complete, to be translated (``retranslateUi``) by the caller."""
        assert self._steps is not None, "build_steps() is run once"
        steps, self._steps = self._steps, None
        return steps

    def _build(self) -> Iterator[None]:
        self.subject_id = QLineEdit()
        self.date_of_birth = DateField()
        self.age = AgeField()
        self.group = QComboBox()
        # Shown only for a protocol whose groups require an indication, and a whole bag's total
        # only for one with a level that gives only a range (issue 17).
        self.indication = QComboBox()
        self.deescalation = QCheckBox()
        self.deescalation_reference = QLineEdit()
        self.dose_level = QComboBox()
        self.dose_level_note = NoteLabel()
        self._cleared_level: tuple[str, str, str] | None = None   # (level, old group, new group)
        self._shown_group: str | None = None
        self.weight = QLineEdit()
        self.weight_unit = QComboBox()
        self.weight_unit.addItems(WEIGHT_UNITS)
        self.weight_unit.setCurrentIndex(-1)   # no unit until one is chosen: never a guessed kg
        self.weight_date = DateField()
        self.consent_date = DateField()
        self.infusion_date = DateField()
        self.concentration = QLineEdit()
        self.concentration_unit = QLabel(CONCENTRATION_UNIT)
        self.container_volume = QLineEdit()
        self.volume_unit = QLabel(VOLUME_UNIT)
        self.total_cells = QLineEdit()
        self.total_unit = QLabel(TOTAL_UNIT)
        self.lot = QLineEdit()
        self.bag_ids = QLineEdit()

        yield
        outer = QVBoxLayout(self)
        subject = self._box("subject", outer)
        self._row(subject, "subject_id", self.subject_id)
        self._row(subject, "date_of_birth", self.date_of_birth)
        self._row(subject, "age_years", self.age)
        self._row(subject, "consent_date", self.consent_date)
        self._row(subject, "infusion_date", self.infusion_date)
        yield

        order = self._box("order", outer)
        self._row(order, "group", self.group)
        self._row(order, "indication", self.indication)
        self._row(order, "deescalation_confirmed", self.deescalation)
        self._row(order, "deescalation_reference", self.deescalation_reference)
        self._row(order, "dose_level", self.dose_level, below=self.dose_level_note)
        self._row(order, "weight", self.weight, [self.weight_unit])
        self._row(order, "weight_date", self.weight_date)
        yield

        exposures = QGroupBox()
        self._group_boxes["exposures"] = exposures
        ex_layout = QVBoxLayout(exposures)
        self.exposures = ExposureTable()
        ex_layout.addWidget(self.exposures)
        self._errors["exposures"] = ErrorLabel()
        ex_layout.addWidget(self._errors["exposures"])
        outer.addWidget(exposures)
        yield

        # Eligibility values and the investigator's checklist, beside the washout entries.
        self.eligibility = EligibilityForm(self, later=True)
        yield from self.eligibility.build_steps()
        outer.addWidget(self.eligibility)
        yield
        self.checklist = ChecklistForm(self)
        outer.addWidget(self.checklist)
        yield

        product = self._box("product", outer)
        self._row(product, "product.concentration", self.concentration, [self.concentration_unit])
        self._row(product, "product.container_volume", self.container_volume, [self.volume_unit])
        self._row(product, "product.total_cells", self.total_cells, [self.total_unit])
        self._row(product, "product.lot", self.lot)
        self._row(product, "product.bag_ids", self.bag_ids)
        self._errors["product"] = self._errors["product.concentration"]
        outer.addStretch(1)
        yield

        self._connect()
        self._show_optional_rows()
        self.exposures.rows_changed.connect(self.fix_tab_order)
        if self._translate_when_built:
            self.retranslateUi()
        self.fix_tab_order()

    # -- construction ---------------------------------------------------------------------

    def _box(self, key: str, outer: QVBoxLayout) -> QFormLayout:
        box = QGroupBox()
        self._group_boxes[key] = box
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        outer.addWidget(box)
        return form

    def _row(self, form: QFormLayout, key: str, field: QWidget, extra: list[QWidget] | None = None,
             below: QWidget | None = None) -> None:
        label = QLabel()
        label.setBuddy(field)
        self._labels[key] = label
        error = ErrorLabel()
        self._errors[key] = error
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(1)
        line = QHBoxLayout()
        line.addWidget(field, 1)
        for w in extra or []:
            line.addWidget(w)
        column.addLayout(line)
        if below is not None:
            column.addWidget(below)
        column.addWidget(error)
        form.addRow(label, holder)
        self._rows[key] = (form, holder)

    def _connect(self) -> None:
        self.subject_id.textEdited.connect(lambda _t: self.edited.emit("subject_id"))
        self.date_of_birth.changed.connect(lambda: self.edited.emit("date_of_birth"))
        self.age.changed.connect(lambda: self.edited.emit("age_years"))
        self.group.currentIndexChanged.connect(self._group_changed)
        self.indication.currentIndexChanged.connect(lambda _i: self.edited.emit("indication"))
        self.deescalation.toggled.connect(self._deescalation_changed)
        self.deescalation_reference.textEdited.connect(lambda _t: self.edited.emit("deescalation_reference"))
        self.dose_level.currentIndexChanged.connect(self._level_changed)
        self.weight.textEdited.connect(lambda _t: self.edited.emit("weight"))
        self.weight_unit.currentIndexChanged.connect(lambda _i: self.edited.emit("weight"))
        self.weight_date.changed.connect(lambda: self.edited.emit("weight_date"))
        self.consent_date.changed.connect(lambda: self.edited.emit("consent_date"))
        self.infusion_date.changed.connect(lambda: self.edited.emit("infusion_date"))
        self.exposures.edited.connect(self.edited)
        self.eligibility.edited.connect(self.edited)
        self.checklist.edited.connect(self.edited)
        self.concentration.textEdited.connect(lambda _t: self.edited.emit("product.concentration"))
        self.container_volume.textEdited.connect(lambda _t: self.edited.emit("product.container_volume"))
        self.total_cells.textEdited.connect(lambda _t: self.edited.emit("product.total_cells"))
        self.lot.textEdited.connect(lambda _t: self.edited.emit("product.lot"))
        self.bag_ids.textEdited.connect(lambda _t: self.edited.emit("product.bag_ids"))

    def retranslateUi(self) -> None:  # noqa: N802 - Qt naming
        titles = {"subject": self.tr("Subject and dates"), "order": self.tr("Order"),
                  "exposures": self.tr("Prior exposures"), "product": self.tr("Product label")}
        for key, title in titles.items():
            self._group_boxes[key].setTitle(title)
        texts = {
            "subject_id": (self.tr("Subject &ID:"), self.tr("Subject ID")),
            "date_of_birth": (self.tr("Date of &birth:"), self.tr("Date of birth")),
            "age_years": (self.tr("&Age (years):"), self.tr("Age in years")),
            "consent_date": (self.tr("Co&nsent signed:"), self.tr("Consent date")),
            "infusion_date": (self.tr("&Planned infusion:"), self.tr("Planned infusion date")),
            "group": (self.tr("&Group:"), self.tr("Group")),
            "indication": (self.tr("Indication (diagno&sis):"), self.tr("Indication")),
            "deescalation_confirmed": (self.tr("De-&escalation:"), self.tr("De-escalation decided")),
            "deescalation_reference": (self.tr("Decision &reference:"), self.tr("De-escalation decision reference")),
            "dose_level": (self.tr("Dose &level:"), self.tr("Dose level")),
            "weight": (self.tr("Body &weight:"), self.tr("Body weight")),
            "weight_date": (self.tr("Weight &measured:"), self.tr("Date the weight was measured")),
            "product.concentration": (self.tr("C&oncentration:"), self.tr("Concentration in CAR-T cells per mL")),
            "product.container_volume": (self.tr("Container &volume:"), self.tr("Volume per bag or vial in mL")),
            "product.total_cells": (self.tr("W&hole bag total:"),
                                    self.tr("Total CAR-T cells in the bag or bags, from the label")),
            "product.lot": (self.tr("Lo&t:"), self.tr("Lot number")),
            "product.bag_ids": (self.tr("Bag I&Ds:"), self.tr("Bag or vial identifiers, separated by commas")),
        }
        for key, (label, accessible) in texts.items():
            self._labels[key].setText(label)
            buddy = self._labels[key].buddy()
            if buddy is not None:
                buddy.setAccessibleName(accessible)
        # Short, so the form fits 1280 pixels beside the results; the full meaning in the tooltip.
        self.deescalation.setText(self.tr("Decided (allows DL-1)"))
        self.deescalation.setToolTip(self.tr("Investigator and sponsor decided to de-escalate (allows DL-1)"))
        self.weight_unit.setAccessibleName(self.tr("Body weight unit"))
        self.weight_unit.setPlaceholderText(self.tr("unit"))
        self.weight.setPlaceholderText(self.tr("e.g. 42"))
        self.group.setPlaceholderText(self.tr("choose…") if self.protocol else self.tr("Loading protocol…"))
        self.dose_level.setPlaceholderText(self.tr("choose a group first") if self.group.currentIndex() < 0
                                           else self.tr("choose…"))
        self.concentration.setPlaceholderText(self.tr("e.g. 1.3e7"))
        self.container_volume.setPlaceholderText(self.tr("e.g. 10"))
        self.total_cells.setPlaceholderText(self.tr("e.g. 2.0e8"))
        self.total_cells.setToolTip(self.tr(
            "A bag infused whole: the label's total CAR-T cells in the bag or bags, instead of "
            "concentration and container volume"))
        self.indication.setPlaceholderText(self.tr("choose…") if self.indication.count()
                                           else self.tr("none for this group"))
        self.bag_ids.setPlaceholderText(self.tr("e.g. B-001, B-002"))
        self.subject_id.setPlaceholderText(self.tr("e.g. 0101-007"))
        self.deescalation_reference.setPlaceholderText(self.tr("where the decision is documented"))
        for field in (self.date_of_birth, self.weight_date, self.consent_date, self.infusion_date):
            field.set_unset_text(self.tr("not set"))
        self.exposures.retranslateUi()
        self.eligibility.retranslateUi()
        self.checklist.retranslateUi()
        self._retranslate_checklist()
        self._retranslate_choices()
        self._show_level_note()

    def _retranslate_choices(self) -> None:
        """Group and level items are built from the protocol: name them again in the new language."""
        if self.protocol is None:
            return
        for i in range(self.group.count()):
            g = self.protocol.protocol.group(self.group.itemData(i))
            if g is not None:
                self.group.setItemText(i, group_choice(g))
        group = self._group_obj()
        for i in range(self.dose_level.count()):
            lv = group.level(self.dose_level.itemData(i)) if group is not None else None
            if lv is not None:
                self.dose_level.setItemText(i, self._level_text(lv))

    # -- protocol-driven choices ----------------------------------------------------------

    def set_sources(self, protocol: "LoadedProtocol", formulary: "LoadedFormulary") -> None:
        for _ in self.set_sources_steps(protocol, formulary):
            pass
        self.retranslateUi()

    def set_sources_steps(self, protocol: "LoadedProtocol", formulary: "LoadedFormulary") -> Iterator[None]:
        """``set_sources`` one piece per ``next()``, without its closing ``retranslateUi()``
        (the window translates everything once, when it puts the filled form in place)."""
        self.protocol = protocol
        current = self.group.currentData()
        blocked = self.group.blockSignals(True)
        self.group.clear()
        for g in protocol.protocol.groups:
            self.group.addItem(group_choice(g), g.id)
        self._select(self.group, current, add_missing=True)
        self.group.blockSignals(blocked)
        self.exposures.set_sources(protocol, formulary)
        yield
        self.eligibility.set_protocol(protocol)
        yield
        from .language import checklist_names
        self.checklist.set_protocol(protocol, checklist_names())
        yield
        self._refill_levels()
        self._refill_indications()
        self._show_optional_rows()

    def _refill_indications(self, add_missing: str | None = None) -> None:
        """The chosen group's indications; one chosen stays only if the new group has it too."""
        group = self._group_obj()
        current = add_missing or self.indication.currentData()
        blocked = self.indication.blockSignals(True)
        self.indication.clear()
        for name in (group.indications or []) if group is not None else []:
            self.indication.addItem(name, name)
        self._select(self.indication, current, add_missing=add_missing is not None)
        self.indication.blockSignals(blocked)
        self.indication.setEnabled(self.indication.count() > 0)

    def _show_optional_rows(self) -> None:
        """Indication and whole-bag total appear where the loaded protocol needs them, and
        whenever they hold something (nothing entered is ever hidden)."""
        lp = self.protocol
        needs_indication = lp is not None and any(g.indications for g in lp.protocol.groups)
        needs_total = lp is not None and _needs_whole_bag(lp)
        for key, needed, holding in (
                ("indication", needs_indication, self.indication.currentIndex() >= 0),
                ("product.total_cells", needs_total, bool(self.total_cells.text().strip()))):
            form, holder = self._rows[key]
            form.setRowVisible(holder, needed or holding)

    def _group_obj(self) -> Any:
        if self.protocol is None or self.group.currentData() is None:
            return None
        return self.protocol.protocol.group(self.group.currentData())

    def _refill_levels(self) -> None:
        """Only the chosen group's levels; a level that needs the de-escalation decision only
        once that decision is confirmed."""
        group = self._group_obj()
        current = self.dose_level.currentData()
        blocked = self.dose_level.blockSignals(True)
        self.dose_level.clear()
        needs_decision = False
        if group is not None:
            for lv in group.levels:
                needs_decision |= lv.requires_decision is not None
                if lv.requires_decision is not None and not self.deescalation.isChecked():
                    continue
                self.dose_level.addItem(self._level_text(lv), lv.id)
                if self._level_closed(lv):
                    self.dose_level.setItemData(self.dose_level.count() - 1, self.tr(
                        "Not open: levels open only by a recorded joint decision (Trial > Dose "
                        "escalation). A sheet cannot be issued at this level."), Qt.ItemDataRole.ToolTipRole)
        self._decision_words(group)
        self._select(self.dose_level, current)
        self.dose_level.blockSignals(blocked)
        # The decision is offered only where the group has such a level (or it is already ticked).
        self.deescalation.setEnabled(needs_decision or self.deescalation.isChecked())
        self.deescalation_reference.setEnabled(self.deescalation.isChecked()
                                               or bool(self.deescalation_reference.text()))
        self.dose_level.setPlaceholderText(self.tr("choose a group first") if group is None
                                           else self.tr("choose…"))

    def set_level_states(self, states: dict[tuple[str, str], bool] | None) -> None:
        """Which levels the escalation ledger has open; the list marks the others. Changes no
        choice: a closed level stays selectable (a case may be computed), issuing refuses it."""
        if states == self.level_states:
            return
        self.level_states = states
        self._refill_levels()
        self.level_states_changed.emit()

    def level_closed(self, group: str, level: str) -> bool:
        """True when the escalation ledger, as last read, has this level of this group closed
        (False when it is open, unknown, or no ledger was read)."""
        if self.level_states is None:
            return False
        return not self.level_states.get((group.casefold(), level.casefold()), True)

    def _level_closed(self, lv: Any) -> bool:
        group = self._group_obj()
        if self.level_states is None or group is None:
            return False
        return not self.level_states.get((group.id.casefold(), lv.id.casefold()), True)

    def _decision_words(self, group: Any) -> None:
        """The decision box names the kinds of decision the group's levels need (the text
        layer's words); a group whose only such level is a de-escalation keeps its own wording."""
        kinds = list(dict.fromkeys(lv.requires_decision for lv in (group.levels if group else [])
                                   if lv.requires_decision is not None))
        if not kinds or kinds == ["de-escalation"]:
            self.deescalation.setText(self.tr("Investigator and sponsor decided to de-escalate (allows DL-1)"))
            return
        from .language import words
        w = words()
        names = " / ".join(w.summary("DECISION_KIND_" + k.upper().replace("-", "_")) for k in kinds)
        levels = ", ".join(lv.id for lv in group.levels if lv.requires_decision is not None)
        self.deescalation.setText(f"{names} ({levels})")

    def _decision_needed(self) -> str | None:
        group = self._group_obj()
        level = group.level(self.dose_level.currentData()) if group is not None and self.dose_level.currentData() else None
        return level.requires_decision if level is not None else None

    def _level_text(self, lv: Any) -> str:
        text = self._level_dose_text(lv)
        return self.tr("{level} (not open)").format(level=text) if self._level_closed(lv) else text

    def _level_dose_text(self, lv: Any) -> str:
        from ..core import formatting as fmt
        if lv.kind in ("range", "bands") or (lv.kind == "per_kg" and lv.cap_cells is None):
            return str(lv.id)   # its range or bands are shown with the result
        if lv.kind == "flat":
            return self.tr("{id}: {cells} CAR-T cells").format(id=lv.id, cells=fmt.scientific(int(lv.cells)))
        return self.tr("{id}: {rate} CAR-T cells/kg, at most {cap}").format(
            id=lv.id, rate=fmt.scientific(int(lv.cells_per_kg)) if lv.cells_per_kg == int(lv.cells_per_kg)
            else fmt.plain_decimal(lv.cells_per_kg), cap=fmt.scientific(int(lv.cap_cells)))

    @staticmethod
    def _select(combo: QComboBox, value: Any, add_missing: bool = False) -> None:
        """Select the item holding ``value``. With ``add_missing`` (loading a file), a value the
        list does not hold (an unknown group, DL-1 without the decision) is added as it is, so
        it is not lost and the core can say what is wrong with it."""
        if value is None or value == "":
            combo.setCurrentIndex(-1)
            return
        index = combo.findData(value)
        if index < 0:
            for i in range(combo.count()):
                if str(combo.itemData(i)).casefold() == str(value).casefold():
                    index = i
                    break
        if index < 0 and add_missing:
            combo.addItem(str(value), value)
            index = combo.count() - 1
        combo.setCurrentIndex(index)

    def _group_changed(self, _index: int) -> None:
        # Levels share their names between groups (DL1 of A is a flat dose, DL1 of B is per kg):
        # a level chosen for one group is never carried over to another. Clear it and say so.
        level = self.dose_level.currentData()
        old_group = self._shown_group
        blocked = self.dose_level.blockSignals(True)
        self.dose_level.setCurrentIndex(-1)
        self.dose_level.blockSignals(blocked)
        self._refill_levels()
        self._refill_indications()
        self._shown_group = self.group.currentData()
        if level is not None:
            self._cleared_level = (str(level), str(old_group or ""), str(self._shown_group or ""))
            self._show_level_note()
            self.notice.emit(self.dose_level_note.text())
        self.edited.emit("group")

    def _level_changed(self, _index: int) -> None:
        if self.dose_level.currentIndex() >= 0 and self._cleared_level is not None:
            self._cleared_level = None
            self._show_level_note()
        self.edited.emit("dose_level")

    def _show_level_note(self) -> None:
        if self._cleared_level is None:
            self.dose_level_note.set_note("")
            return
        level, old, new = self._cleared_level
        self.dose_level_note.set_note(self.tr(
            "Dose level {level} was cleared because the group changed from {old} to {new}: "
            "the same name is another dose in another group. Choose the level again.").format(
                level=level, old=old or "?", new=new or "?"))

    def _deescalation_changed(self, _on: bool) -> None:
        self._refill_levels()
        self.edited.emit("deescalation_confirmed")

    # -- case data ------------------------------------------------------------------------

    def to_data(self) -> dict[str, Any]:
        """The case file's JSON object for what is on screen (``acknowledged_warnings`` aside).

        Empty fields are left out, so the core names every missing one."""
        d: dict[str, Any] = {}
        text = self.subject_id.text().strip()
        if text:
            d["subject_id"] = text
        if self.group.currentData() is not None:
            d["group"] = self.group.currentData()
        if self.indication.currentData() is not None:
            d["indication"] = self.indication.currentData()
        if self.age.value() is not None:
            d["age_years"] = self.age.value()
        if self.date_of_birth.iso():
            d["date_of_birth"] = self.date_of_birth.iso()
        weight = self.weight.text().strip()
        if weight:
            d["weight"] = self.weight_with_unit(weight, self.weight_unit.currentText())
        if self.weight_date.iso():
            d["weight_date"] = self.weight_date.iso()
        if self.dose_level.currentData() is not None:
            d["dose_level"] = self.dose_level.currentData()
        needed = self._decision_needed()
        if needed is not None and needed != "de-escalation" and self.deescalation.isChecked():
            # The ticked decision opens the chosen level: record it with the kind that level needs.
            d["deescalation_confirmed"] = False
            d["decision_confirmed"] = needed
            if self.deescalation_reference.text().strip():
                d["decision_reference"] = self.deescalation_reference.text().strip()
        else:
            d["deescalation_confirmed"] = self.deescalation.isChecked()
            if self.deescalation_reference.text().strip():
                d["deescalation_reference"] = self.deescalation_reference.text().strip()
        if self.infusion_date.iso():
            d["infusion_date"] = self.infusion_date.iso()
        if self.consent_date.iso():
            d["consent_date"] = self.consent_date.iso()
        d["exposures"], self._exposure_rows = self.exposures.to_data()
        product: dict[str, Any] = {}
        if self.concentration.text().strip():
            product["concentration"] = with_unit(self.concentration.text(), CONCENTRATION_UNIT)
        if self.container_volume.text().strip():
            product["container_volume"] = with_unit(self.container_volume.text(), VOLUME_UNIT)
        if self.total_cells.text().strip():
            product["total_cells"] = with_unit(self.total_cells.text(), TOTAL_UNIT)
        if self.lot.text().strip():
            product["lot"] = self.lot.text().strip()
        bags = [b.strip() for b in self.bag_ids.text().split(",") if b.strip()]
        if bags:
            product["bag_ids"] = bags
        if product:
            d["product"] = product
        d.update(self.eligibility.to_data())
        d.update(self.checklist.to_data())
        return d

    @staticmethod
    def weight_with_unit(typed: str, unit: str) -> str:
        """The weight as the case file holds it. A number gets the unit box's unit; a number
        typed with the same unit as the box ("42 kg", kg chosen) is that weight, not "42 kg kg".
        A unit typed that differs from the box is passed on with both, so the core refuses it
        rather than the window choosing one."""
        m = _WEIGHT_RE.match(typed)
        if m is not None and (not unit or m.group(2) == unit):
            return f"{m.group(1)} {m.group(2)}"
        return f"{typed} {unit}" if unit else typed

    def load(self, case: "Case") -> None:
        """Show a case; signals are held back so loading is not an edit."""
        widgets = [self, self.group, self.dose_level, self.deescalation, self.weight_unit, self.indication]
        blocked = [w.blockSignals(True) for w in widgets]
        try:
            self.subject_id.setText(case.subject_id)
            self.date_of_birth.set_date(case.date_of_birth)
            self.age.set_value(case.age_years)
            self._select(self.group, case.group, add_missing=True)
            self.deescalation.setChecked(case.deescalation_confirmed or case.decision_confirmed is not None)
            self.deescalation_reference.setText(case.deescalation_reference or case.decision_reference or "")
            self._refill_levels()
            self._refill_indications(add_missing=case.indication)
            self._select(self.dose_level, case.dose_level, add_missing=True)
            self._shown_group = self.group.currentData()
            self._cleared_level = None
            m = _WEIGHT_RE.match(case.weight)
            self.weight.setText(m.group(1) if m else case.weight)
            self.weight_unit.setCurrentIndex(WEIGHT_UNITS.index(m.group(2)) if m else -1)
            self.weight_date.set_date(case.weight_date)
            self.consent_date.set_date(case.consent_date)
            self.infusion_date.set_date(case.infusion_date)
            self.exposures.load(case.exposures)
            prod = case.product
            self.concentration.setText(without_unit(prod.concentration, CONCENTRATION_UNIT)
                                       if prod and prod.concentration else "")
            self.container_volume.setText(without_unit(prod.container_volume, VOLUME_UNIT)
                                          if prod and prod.container_volume else "")
            self.total_cells.setText(without_unit(prod.total_cells, TOTAL_UNIT)
                                     if prod and prod.total_cells else "")
            self.lot.setText(prod.lot or "" if prod else "")
            self.bag_ids.setText(", ".join(prod.bag_ids) if prod else "")
            self.eligibility.load(case)
            self.checklist.load(case)
        finally:
            for w, b in zip(widgets, blocked, strict=True):
                w.blockSignals(b)
        self._show_optional_rows()
        self.fix_tab_order()

    def clear(self) -> None:
        widgets = [self, self.group, self.dose_level, self.deescalation, self.weight_unit, self.indication]
        blocked = [w.blockSignals(True) for w in widgets]
        try:
            for edit in (self.subject_id, self.deescalation_reference, self.weight, self.concentration,
                         self.container_volume, self.total_cells, self.lot, self.bag_ids):
                edit.clear()
            for field in (self.date_of_birth, self.weight_date, self.consent_date, self.infusion_date):
                field.set_date(None)
            self.age.set_value(None)
            self.group.setCurrentIndex(-1)
            self.dose_level.setCurrentIndex(-1)
            self.deescalation.setChecked(False)
            self.weight_unit.setCurrentIndex(-1)
            self.exposures.clear()
            self.eligibility.clear()
            self.checklist.clear()
        finally:
            for w, b in zip(widgets, blocked, strict=True):
                w.blockSignals(b)
        self._shown_group = None
        self._cleared_level = None
        self._show_level_note()
        self._refill_levels()
        self._refill_indications()
        self._show_optional_rows()

    # -- errors and keyboard --------------------------------------------------------------

    def error_label_for(self, field: str) -> ErrorLabel | None:
        """The label beside the widget a core ``Problem.field`` names, or None."""
        parts = field.split(".")
        if parts[0] == "exposures" and len(parts) >= 2 and parts[1].isdigit():
            i = int(parts[1])
            return self._exposure_rows[i].error if i < len(self._exposure_rows) else self._errors["exposures"]
        for section in (self.eligibility, self.checklist):
            label = section.error_label_for(field)
            if label is not None:
                return label
        while parts:
            key = ".".join(parts)
            if key in self._errors:
                return self._errors[key]
            parts.pop()
        return None

    def field_title(self, field: str) -> str:
        """The on-screen name of the field a core ``Problem.field`` names."""
        parts = field.split(".")
        if parts[0] == "exposures" and len(parts) >= 2 and parts[1].isdigit():
            i = int(parts[1])
            row = (self.exposures.rows.index(self._exposure_rows[i]) + 1
                   if i < len(self._exposure_rows) and self._exposure_rows[i] in self.exposures.rows else i + 1)
            column = self.exposures.column_title(parts[2]) if len(parts) > 2 else None
            if column:
                return self.tr("Exposure {n}: {column}").format(n=row, column=column)
            return self.tr("Exposure {n}").format(n=row)
        title = self.eligibility.field_title(field)
        if title:
            return title
        while parts:
            key = ".".join(parts)
            if key in self._labels:
                return self._labels[key].text().replace("&", "").rstrip(":：")
            parts.pop()
        return field

    def error_labels(self) -> list[ErrorLabel]:
        return list(dict.fromkeys([*self._errors.values(), *(r.error for r in self.exposures.rows),
                                   *self.eligibility.error_labels(), *self.checklist.error_labels()]))

    def inputs(self) -> list[QWidget]:
        """Every focusable input, in tab order."""
        def date(f: DateField) -> list[QWidget]:
            return [f.check, f.edit]
        return [self.subject_id, *date(self.date_of_birth), self.age.check, self.age.spin,
                *date(self.consent_date), *date(self.infusion_date),
                self.group, self.indication, self.deescalation, self.deescalation_reference,
                self.dose_level,
                self.weight, self.weight_unit, *date(self.weight_date),
                *self.exposures.inputs(),
                *self.eligibility.inputs(), *self.checklist.inputs(),
                self.concentration, self.container_volume, self.total_cells, self.lot, self.bag_ids]

    def fix_tab_order(self) -> None:
        order = self.inputs()
        for a, b in itertools.pairwise(order):
            QWidget.setTabOrder(a, b)

    def label_text(self, key: str) -> str:
        return self._labels[key].text()

    def _retranslate_checklist(self) -> None:
        """Checklist item names come from the text layer's catalogue in the window's language."""
        if self.protocol is not None:
            from .language import checklist_names
            self.checklist.set_names(checklist_names())
