"""The results panel: shows an ``Evaluation`` exactly as the core computed it.

Numbers are written with ``infusecalc.core.formatting`` only. Status is always said in words
and a symbol (and an icon), never by colour alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QFormLayout, QFrame, QGroupBox,
                               QHBoxLayout, QLabel, QSizePolicy, QStyle,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from . import language as shown
from .eligibility_results import EligibilityResults
from .widgets import number_with_unit, wrapping_columns

if TYPE_CHECKING:
    from decimal import Decimal

    from ..core.errors import Problem
    from ..core.result import Evaluation, Warning_

_BANNER_STYLES = {
    "cleared": "background:#e3f4e6; color:#0b5d1e; border:2px solid #0b5d1e;",
    "not_ready": "background:#fff3cd; color:#5c3c00; border:2px solid #8a5a00;",
    "not_cleared": "background:#fde7e9; color:#8e0014; border:2px solid #8e0014;",
    "none": "background:#f1f1f1; color:#333333; border:2px dashed #777777;",
}


def _date_kept_whole(day) -> str:
    """A date and its weekday that a wrapping line never parts: issue 15 item 3 wants "one
    line under the banner with the earliest infusion date (and consent date ...)", and a
    weekday wrapped onto the next line reads as the start of the next phrase. English joins
    them with a no-break space; Chinese, where a line may break before "（" and between any
    two ideographs ("（周" | "四）"), with word joiners (U+2060), which have no width and are
    not seen."""
    text = shown.date_with_weekday(day)
    date, bracket, weekday = text.partition("（")
    if bracket:
        return date + "\u2060" + "\u2060".join(bracket + weekday)
    return text.replace(" (", "\u00a0(", 1)


def _set_text(label: QLabel, text: str) -> None:
    """Set a label's text only if it changed: a new text re-lays out the whole panel."""
    if label.text() != text:
        label.setText(text)


class _WarningRow(QFrame):
    def __init__(self, code: str, parent: QWidget):
        super().__init__(parent)
        self.code = code
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QHBoxLayout(self)
        self.icon = QLabel(self)
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        self.icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(size, size))
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.check = QCheckBox(self)
        layout.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.message, 1)
        layout.addWidget(self.check, 0, Qt.AlignmentFlag.AlignTop)


FLASH_MS = 1500


def _kg(kg: "Decimal") -> str:
    """A weight in an equation (rate × weight): shown as everywhere else (text layer), marked
    "≈" when shortened, since the product beside it uses the exact value."""
    from ..core import formatting as fmt

    text = fmt.weight_kg(kg)
    return text if text == fmt.plain_decimal(kg.normalize()) else f"≈{text}"


class ResultsPanel(QWidget):
    ack_toggled = Signal(str, bool)

    FINDING_COLUMNS = 5

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        from PySide6.QtWidgets import QApplication

        from .widgets import PlainCopy

        # The results keep numbers with their units and dates with their weekdays by
        # invisible characters: what is copied from them reads as typed.
        PlainCopy.install(QApplication.instance())
        self._ev: Evaluation | None = None
        self._state: tuple[str, Any] = ("loading", None)
        layout = QVBoxLayout(self)

        self.banner = QFrame(self)
        self.banner.setObjectName("banner")
        banner_layout = QHBoxLayout(self.banner)
        self.banner_icon = QLabel(self.banner)
        self.banner_text = QLabel(self.banner)
        self.banner_text.setWordWrap(True)
        self.banner_text.setTextFormat(Qt.TextFormat.PlainText)
        font = QFont(self.banner_text.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.banner_text.setFont(font)
        self.banner_reasons = QLabel(self.banner)
        self.banner_reasons.setWordWrap(True)
        texts = QVBoxLayout()
        texts.addWidget(self.banner_text)
        texts.addWidget(self.banner_reasons)
        banner_layout.addWidget(self.banner_icon, 0, Qt.AlignmentFlag.AlignTop)
        banner_layout.addLayout(texts, 1)
        layout.addWidget(self.banner)

        # The dates that decide when this patient may be infused, in plain sight under the
        # banner (not only in a column of the findings table).
        self.timeline = QLabel(self)
        self.timeline.setObjectName("timeline")
        self.timeline.setWordWrap(True)
        self.timeline.setTextFormat(Qt.TextFormat.PlainText)
        self.timeline.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        tfont = QFont(self.timeline.font())
        tfont.setBold(True)
        self.timeline.setFont(tfont)
        self.timeline.hide()
        layout.addWidget(self.timeline)

        # A change of the computed dose is shown for a moment, so an edit that changes it
        # (a unit, a level, a weight) cannot pass unseen.
        self._last_dose: int | None = None
        self._flash = QTimer(self)
        self._flash.setSingleShot(True)
        self._flash.setInterval(FLASH_MS)
        self._flash.timeout.connect(lambda: self._flash_dose(False))

        self.dose_box = QGroupBox(self)
        form = QFormLayout(self.dose_box)
        self._value_labels: dict[str, tuple[QLabel, QLabel]] = {}
        for key in ("level", "dose", "rate", "cap", "weight", "age"):
            self._value_row(form, key)
        big = QFont(self.dose_label.font())
        big.setPointSizeF(big.pointSizeF() * 1.3)
        big.setBold(True)
        self.dose_label.setFont(big)
        layout.addWidget(self.dose_box)

        self.product_box = QGroupBox(self)
        pform = QFormLayout(self.product_box)
        for key in ("volume", "containers", "delivered"):
            self._value_row(pform, key)
        layout.addWidget(self.product_box)

        self.washout_box = QGroupBox(self)
        wl = QVBoxLayout(self.washout_box)
        self.findings = QTableWidget(0, self.FINDING_COLUMNS, self.washout_box)
        self.findings.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.findings.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.findings.verticalHeader().setVisible(False)
        # The result and the earliest date are never cut: sized to their content (in whatever
        # language is shown); agent, rule and the day count share the rest and wrap.
        self.findings_columns = wrapping_columns(self.findings, whole={2, 4})
        # The table grows with its rows; the panel scrolls, not the table.
        self.findings.setSizeAdjustPolicy(QAbstractItemView.SizeAdjustPolicy.AdjustToContents)
        self.findings.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.findings.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        self.no_findings = QLabel(self.washout_box)
        wl.addWidget(self.findings)
        wl.addWidget(self.no_findings)
        layout.addWidget(self.washout_box)

        # Each eligibility criterion and the checklist, beside the washout findings.
        self.eligibility_box = EligibilityResults(self)
        layout.addWidget(self.eligibility_box)

        self.warnings_box = QGroupBox(self)
        self._warnings_layout = QVBoxLayout(self.warnings_box)
        self._warning_rows: dict[str, _WarningRow] = {}
        layout.addWidget(self.warnings_box)

        self.other_errors = QLabel(self)
        self.other_errors.setWordWrap(True)
        self.other_errors.setStyleSheet("color: #b00020;")
        layout.addWidget(self.other_errors)

        layout.addStretch(1)
        self.retranslateUi()

    def _value_row(self, form: QFormLayout, key: str) -> None:
        name = QLabel(self)
        value = QLabel(self)
        value.setWordWrap(True)
        value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        value.setTextFormat(Qt.TextFormat.PlainText)
        form.addRow(name, value)
        self._value_labels[key] = (name, value)
        setattr(self, f"{key}_label", value)

    def retranslateUi(self) -> None:  # noqa: N802 - Qt naming
        self.dose_box.setTitle(self.tr("Dose"))
        self.product_box.setTitle(self.tr("Product to draw"))
        self.washout_box.setTitle(self.tr("Washout findings"))
        self.eligibility_box.retranslateUi()
        self.warnings_box.setTitle(self.tr("Warnings to acknowledge"))
        names = {"level": self.tr("Dose level:"), "dose": self.tr("Calculated dose:"), "rate": self.tr("Per kg:"),
                 "cap": self.tr("Cap:"), "weight": self.tr("Weight used:"), "age": self.tr("Age:"),
                 "volume": self.tr("Volume to draw:"), "containers": self.tr("Containers to thaw:"),
                 "delivered": self.tr("Cells delivered:")}
        for key, text in names.items():
            self._value_labels[key][0].setText(text)
            self._value_labels[key][1].setAccessibleName(text.rstrip(":"))
        self.findings.setHorizontalHeaderLabels([   # a new language: the header resizes itself
            self.tr("Agent"), self.tr("Rule"), self.tr("Result"), self.tr("Last exposure"), self.tr("Earliest clearing date")])
        self.findings.setAccessibleName(self.tr("Washout findings"))
        self.banner.setAccessibleName(self.tr("Overall status"))
        self.no_findings.setText(self.tr("No prior exposures: no washout rule applies."))
        for row in self._warning_rows.values():
            row.check.setText(self.tr("Acknowledge"))
            row.check.setAccessibleName(self.tr("Acknowledge this warning"))
        kind, payload = self._state
        if kind == "evaluation":
            self.show_evaluation(*payload)
        elif kind == "problems":
            self.show_problems(*payload)
        elif kind == "failure":
            self.show_failure(payload)
        else:
            self.show_loading()

    # -- states ---------------------------------------------------------------------------

    def _set_banner(self, style: str, icon: QStyle.StandardPixmap, text: str, reasons: str) -> None:
        # Style sheets are costly to re-apply: only when the kind of banner changes.
        if getattr(self, "_banner_style", None) != style:
            self._banner_style = style
            colour = _BANNER_STYLES[style].split("color:")[1].split(";")[0]
            self.banner.setStyleSheet(
                f"QFrame#banner {{{_BANNER_STYLES[style]} border-radius:4px;}}"
                f"QFrame#banner QLabel {{color:{colour}; border:none; background:transparent;}}")
        if getattr(self, "_banner_icon", None) != icon:
            self._banner_icon = icon
            self.banner_icon.setPixmap(self.style().standardIcon(icon).pixmap(40, 40))
        _set_text(self.banner_text, text)
        _set_text(self.banner_reasons, reasons)
        self.banner_reasons.setVisible(bool(reasons))
        self.banner.setAccessibleDescription(f"{text}. {reasons}")

    def _clear_values(self) -> None:
        for _name, value in self._value_labels.values():
            value.clear()
        self.timeline.clear()
        self.timeline.hide()
        self.findings.setRowCount(0)
        self.findings.setVisible(True)
        self.no_findings.setVisible(False)
        self._sync_warnings([], set())

    def show_loading(self) -> None:
        self._state = ("loading", None)
        self._ev = None
        self._clear_values()
        self.other_errors.clear()
        self._set_banner("none", QStyle.StandardPixmap.SP_BrowserReload, self.tr("Loading protocol…"), "")
        self._show_boxes(False)

    def show_problems(self, general: list["Problem"], fields: list[str]) -> None:
        """No result: the inputs have problems, shown beside their fields (``fields`` names
        them; ``general`` holds those that belong to no field)."""
        self._state = ("problems", (general, fields))
        self._ev = None
        self._clear_values()
        self._set_banner("none", QStyle.StandardPixmap.SP_MessageBoxWarning,
                         self.tr("✖ NOT CLEARED: no dose computed"),
                         self.tr("To fill in or correct: {fields}.").format(fields=", ".join(dict.fromkeys(fields))))
        _set_text(self.other_errors, "\n".join(shown.problem_message(p) for p in general))
        self._show_boxes(False)

    def _show_boxes(self, on: bool) -> None:
        for box in (self.dose_box, self.product_box, self.washout_box, self.eligibility_box):
            box.setVisible(on)

    def show_failure(self, text: str) -> None:
        self._state = ("failure", text)
        self._ev = None
        self._clear_values()
        self._show_boxes(False)
        self._set_banner("not_cleared", QStyle.StandardPixmap.SP_MessageBoxCritical,
                         self.tr("✖ NOT CLEARED: the calculation failed"), text)
        self.other_errors.clear()

    def show_evaluation(self, ev: "Evaluation", acknowledged: set[str],
                        missing: "list[str] | tuple[str, ...]" = ()) -> None:
        """``missing``: codes of what an issued sheet still needs (``core.readiness.MISSING_FOR_ISSUE``);
        a cleared case with any is CLEARED — NOT READY TO ISSUE, never plain green."""
        from ..core import formatting as fmt
        from .status_words import missing_for_issue_text

        self._state = ("evaluation", (ev, acknowledged, tuple(missing)))
        self._ev = ev
        self._show_boxes(True)
        self.other_errors.clear()
        note = shown.eligibility_note(ev)   # what CLEARED does not cover (infusecalc.text)
        tail = f"\n{note}" if note else ""
        if ev.cleared and missing:
            self._set_banner("not_ready", QStyle.StandardPixmap.SP_MessageBoxWarning,
                             self.tr("✔ CLEARED — NOT READY TO ISSUE"),
                             missing_for_issue_text(list(missing)) + tail)
        elif ev.cleared:
            self._set_banner("cleared", QStyle.StandardPixmap.SP_DialogApplyButton,
                             self.tr("✔ CLEARED FOR INFUSION — READY TO ISSUE"),
                             self.tr("Every washout rule passes, every warning is acknowledged "
                                     "and the label is complete.") + tail)
        else:
            self._set_banner("not_cleared", QStyle.StandardPixmap.SP_MessageBoxCritical,
                             self.tr("✖ NOT CLEARED"),
                             "\n".join(f"• {r}" for r in shown.not_cleared_reasons(ev)) + tail)
        d = ev.dose
        level = self.tr("{level} ({group})").format(level=d.level, group=shown.group_name(d))
        if d.requires_deescalation_decision:
            level += self.tr("; de-escalation confirmed, reference: {ref}").format(
                ref=d.deescalation_reference or self.tr("none given"))
        from ..text.report import dose_lines, whole_bag_line
        w = shown.words()
        # Indication, weight band, the range for this patient and the decision the level needs,
        # in the text layer's words (the same lines as the CLI summary).
        notes = [line.strip() for line in dose_lines(ev, w, with_rate=False)]
        if d.requires_deescalation_decision:
            notes = [n for n in notes if not n.startswith(w.summary("DECISION_KIND_DE_ESCALATION"))]
        _set_text(self.level_label, "\n".join([level, *notes]))
        self.level_label.setToolTip(d.quote)
        self._show_timeline(ev)
        if d.cells is None:
            assert d.min_cells is not None and d.max_cells is not None
            _set_text(self.dose_label, w.summary("RANGE_FOR_PATIENT", min=shown.cells(d.min_cells),
                                                 max=shown.cells(d.max_cells)))
        else:
            _set_text(self.dose_label, shown.cells(d.cells))
        if self._last_dose is not None and self._last_dose != d.cells:
            self._flash_dose(True)
        self._last_dose = d.cells
        if d.kind == "per_kg":
            assert d.cells_per_kg is not None and d.weight_kg_used is not None
            rate = (fmt.scientific(int(d.cells_per_kg)) if d.cells_per_kg == int(d.cells_per_kg)
                    else fmt.plain_decimal(d.cells_per_kg))
            _set_text(self.rate_label, self.tr("{rate} CAR-T cells/kg × {kg} kg = {uncapped} = {whole}").format(
                rate=rate, kg=_kg(d.weight_kg_used), uncapped=fmt.scientific(d.uncapped_cells),
                whole=fmt.whole(d.uncapped_cells)))
            _set_text(self.weight_label, w.weight_used(ev))
        elif d.kind == "range" or d.band is not None:
            _set_text(self.rate_label, w.summary("DOSE_RANGE_ONLY") if d.cells is None else "")
            _set_text(self.weight_label, w.weight_used(ev))
        else:
            _set_text(self.rate_label, self.tr("flat dose: body weight does not change it"))
            _set_text(self.weight_label, self.tr("not used for a flat dose ({weight} recorded)").format(
                weight=w.weight_used(ev)))
        # The exact value the dose used, for whoever checks the arithmetic.
        self.weight_label.setToolTip(self.tr("{kg} kg exactly").format(
            kg=fmt.plain_decimal(d.weight_kg_used if d.weight_kg_used is not None else ev.weight.kg)))
        if d.cap_applied:
            assert d.cap_cells is not None
            _set_text(self.cap_label, self.tr("■ CAP APPLIED: {uncapped} reduced to the maximum {cap}").format(
                uncapped=fmt.scientific(d.uncapped_cells), cap=shown.cells(d.cap_cells)))
            self._cap_style(True)
        else:
            self._cap_style(False)
            _set_text(self.cap_label,
                self.tr("not applied (maximum {cap})").format(cap=fmt.scientific(d.cap_cells))
                if d.cap_cells is not None else self.tr("no cap for this level"))
        _set_text(self.age_label, self.tr("{years} years on {date} ({source})").format(
            years=ev.age.years, date=shown.date_with_weekday(ev.age.reference_date),
            source=self.tr("from the date of birth") if ev.age.source == "date_of_birth" else self.tr("as typed")))
        prod = ev.product
        if prod is None:
            _set_text(self.volume_label, self.tr("enter the product label (concentration and container volume)"))
            self.containers_label.clear()
            self.delivered_label.clear()
        elif prod.whole_bag:
            _set_text(self.volume_label, whole_bag_line(ev, w) or "")
            self.containers_label.clear()
            _set_text(self.delivered_label, shown.cells(prod.delivered_cells))
        else:
            assert prod.volume_ml is not None and prod.concentration_cells_per_ml is not None
            assert prod.container_volume_ml is not None and prod.deviation_percent is not None
            assert prod.deviation_cells is not None
            _set_text(self.volume_label, self.tr("{volume} (at {conc} cells/mL, rounded down to {grad})").format(
                volume=fmt.volume_ml(prod.volume_ml),
                conc=fmt.scientific(int(prod.concentration_cells_per_ml))
                if prod.concentration_cells_per_ml == int(prod.concentration_cells_per_ml)
                else fmt.plain_decimal(prod.concentration_cells_per_ml),
                grad=fmt.volume_ml(prod.graduation_ml)))
            _set_text(self.containers_label, self.tr("{n} × {volume}").format(
                n=prod.containers, volume=fmt.volume_ml(prod.container_volume_ml)))
            _set_text(self.delivered_label, self.tr("{cells} ({deviation} %, {diff} cells against the dose)").format(
                cells=shown.cells(prod.delivered_cells), deviation=fmt.plain_decimal(prod.deviation_percent),
                diff=fmt.whole(prod.deviation_cells)))
        self._show_findings(ev)
        self.eligibility_box.show_evaluation(ev)
        self._sync_warnings(ev.warnings, acknowledged)

    def _show_timeline(self, ev: "Evaluation") -> None:
        """One line under the banner: when this patient may be infused and what the consent
        allows, as the core decided them (clinical timeline readings: an infusion date is
        never said to clear a consent-based rule)."""
        w = ev.washout
        planned = _date_kept_whole(ev.infusion_date)
        codes = {r.code for r in w.outlook}
        if w.earliest_infusion_date is not None:
            earliest = _date_kept_whole(w.earliest_infusion_date)
            infusion = (self.tr("Earliest infusion date: {earliest} (planned {planned})")
                        if w.clears_by_date_alone else
                        self.tr("Earliest infusion date for the infusion-based windows only: {earliest} "
                                "(planned {planned})")).format(earliest=earliest, planned=planned)
        elif codes & {"CONDITIONING_MUST_BE_REPEATED", "CONDITIONING_WINDOW_CLOSES", "DATES_TO_CHECK"}:
            infusion = self.tr("Planned infusion {planned}: no infusion date clears by waiting (see above)").format(
                planned=planned)
        else:
            infusion = self.tr("Planned infusion {planned}: no infusion-based window stands in its way").format(
                planned=planned)
        if w.earliest_consent_date is not None:
            consent = self.tr("earliest consent date: {earliest}, a new consent is needed (signed {consent})").format(
                earliest=_date_kept_whole(w.earliest_consent_date),
                consent=_date_kept_whole(ev.consent_date) if ev.consent_date else self.tr("not entered"))
        elif ev.consent_date is not None:
            consent = self.tr("consent {consent}: no consent-based window stands in its way").format(
                consent=_date_kept_whole(ev.consent_date))
        else:
            consent = self.tr("consent date not entered")
        _set_text(self.timeline, self.tr("{infusion}; {consent}").format(infusion=infusion, consent=consent))
        self.timeline.setVisible(True)

    def _flash_dose(self, on: bool) -> None:
        self.dose_label.setProperty("changed", on)
        self.dose_label.setStyleSheet("background:#fff3cd; border:2px solid #8a5a00;" if on else "")
        if on:
            self._flash.start()

    def dose_flashing(self) -> bool:
        """True while the dose is highlighted after a change."""
        return bool(self.dose_label.property("changed"))

    def forget_dose(self) -> None:
        """A new case: its first dose is not a change from the last patient's."""
        self._last_dose = None
        self._flash.stop()
        self._flash_dose(False)

    def _cap_style(self, badge: bool) -> None:
        if getattr(self, "_cap_badge", None) != badge:
            self._cap_badge = badge
            self.cap_label.setStyleSheet(
                "background:#fff3cd; color:#5c3c00; border:2px solid #5c3c00; font-weight:bold;"
                " padding:2px;" if badge else "")

    def _show_findings(self, ev: "Evaluation") -> None:

        rows = ev.washout.findings
        self.findings.setUpdatesEnabled(False)
        changed = self.findings.rowCount() != len(rows)
        self.findings.setRowCount(len(rows))
        self.findings.setVisible(bool(rows))
        self.no_findings.setVisible(not rows)
        for i, f in enumerate(rows):
            agent = shown.finding_agent(f) + (self.tr(" (classified by hand)") if f.classified_by_hand else "")
            ref = self.tr("infusion") if f.reference == "infusion" else self.tr("consent")
            cells = [
                agent,
                shown.rule_name(f.rule),
                self.tr("✔ PASS") if f.status == "pass" else self.tr("✖ FAIL"),
                number_with_unit(self.tr("{d} d before {ref}; window {n} d").format(
                    d=f.days_before, ref=ref, n=f.window_days)),
                shown.date_with_weekday(f.earliest_date) if f.earliest_date else "—",
            ]
            detail = "; ".join([shown.finding_reason(f, ev), *shown.finding_details(ev, f)]) \
                + (f" [{', '.join(f.flags)}]" if f.flags else "")
            for col, text in enumerate(cells):
                # Items are reused between evaluations: creating them is the slow part.
                item = self.findings.item(i, col)
                if item is None:
                    item = QTableWidgetItem()
                    if col == 2:
                        bold = QFont(item.font())
                        bold.setBold(True)
                        item.setFont(bold)
                    self.findings.setItem(i, col, item)
                if item.text() != text:
                    item.setText(text)
                    changed = True
                item.setToolTip(f.rule_quote if col == 1 else detail)
        if changed:   # measuring every cell is costly: only when a text changed
            self.findings.resizeRowsToContents()
        self.findings.setUpdatesEnabled(True)

    def _sync_warnings(self, warnings: list["Warning_"], acknowledged: set[str]) -> None:
        """Keep one row per warning code; rows are reused so a focused check box keeps focus."""
        codes = [w.code for w in warnings]
        for code in list(self._warning_rows):
            if code not in codes:
                row = self._warning_rows.pop(code)
                row.hide()
                row.deleteLater()
        for w in warnings:
            row = self._warning_rows.get(w.code)
            if row is None:
                row = _WarningRow(w.code, self.warnings_box)
                row.check.setText(self.tr("Acknowledge"))
                row.check.setAccessibleName(self.tr("Acknowledge this warning"))
                row.check.toggled.connect(lambda on, c=w.code: self.ack_toggled.emit(c, on))
                self._warnings_layout.addWidget(row)
                self._warning_rows[w.code] = row
            _set_text(row.message, shown.problem_message(w))
            row.message.setToolTip(w.code)   # the code for the log and support, not on screen
            row.setToolTip(w.code)
            blocked = row.check.blockSignals(True)
            row.check.setChecked(w.acknowledged)   # as the core read the case
            row.check.blockSignals(blocked)
        self.warnings_box.setVisible(bool(warnings))

    def warning_checkbox(self, code: str) -> QCheckBox | None:
        row = self._warning_rows.get(code)
        return row.check if row else None

    def inputs(self) -> list[QWidget]:
        return [row.check for row in self._warning_rows.values()]
