"""What the sheet says and where: the evaluation laid out as blocks, then pages.

No clinical logic: every number, date, status and reason comes from the core's Evaluation,
formatted with ``infusecalc.core.formatting`` (ISMP). Status is said in words and a symbol and
by the weight of the print (a black band for NOT CLEARED), never by colour.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..core import formatting as fmt
from ..core.case import Case
from ..core.result import Evaluation, Finding, Source
from ..text import eligibility as et
from ..text.sheet import Pair, SheetWords
from .labels import Text, Words
from .layout import (A4_H, A4_W, BODY_BOTTOM, CONTENT_W, MARGIN_BOTTOM, MARGIN_TOP, MARGIN_X, Block,
                     BoxItem, Font, LineItem, Measure, Page, QrItem, TextItem, WatermarkItem, paginate)
from .model import SheetOptions


PASS_MARK, FAIL_MARK, WARN_MARK = "✔", "✘", "⚠"

BODY = Font(size=8.5)
BODY_B = Font(size=8.5, bold=True)
LABEL = Font(size=7.5)
SMALL = Font(size=7.2)
SMALL_I = Font(size=7.2, italic=True)
MONO = Font(role="mono", size=7.2)
HEAD = Font(size=9.2, bold=True)
QR_SIZE = 100.0   # points: the QR square in the top right corner of page 1
TABLE = Font(size=7.8)
TABLE_B = Font(size=7.8, bold=True)


def _unescape(quote: str) -> str:
    """The registry text is stored with Markdown escapes (10\\^8, \\>15): print the words."""
    return re.sub(r"\\([\\^>*_\[\]])", r"\1", quote)


def _utc_iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _local_and_utc(moment: dt.datetime) -> str:
    local = moment.astimezone()
    offset = local.strftime("%z")
    offset = f"UTC{offset[:3]}:{offset[3:]}" if offset else "local"
    return f"{local.strftime('%Y-%m-%d %H:%M')} ({offset}) = {_utc_iso(moment)}"


def _number(value) -> str:
    """A per-kg rate or a concentration: scientific form where it is a whole count."""
    if value == value.to_integral_value():
        return fmt.scientific(int(value))
    return fmt.plain_decimal(value)


@dataclass(frozen=True)
class Ids:
    """Identifiers printed as typed (subject, lot, bag IDs): never broken inside one."""

    units: tuple[str, ...]
    sep: str = ", "


@dataclass
class Context:
    ev: Evaluation
    case: Case
    options: SheetOptions
    words: Words
    m: Measure
    product_name: str
    generated_at: dt.datetime


class Builder:
    """Collects items of one block in block-local coordinates; returns heights used."""

    def __init__(self, m: Measure) -> None:
        self.m = m
        self.items: list = []

    def text(self, x: float, top: float, text: str, font: Font, width: float | None = None,
             align: str = "left", white: bool = False) -> float:
        m = self.m
        lines = m.wrap(text, font, width) if width else [text]
        lh, asc = m.line(font), m.ascent(font)
        for k, line in enumerate(lines):
            lx = x
            if align != "left" and width:
                gap = width - m.width(line, font)
                lx = x + (gap if align == "right" else gap / 2)
            self.items.append(TextItem(lx, top + k * lh + asc, line, font, white))
        return lh * len(lines)

    def units(self, x: float, top: float, ids: Ids, font: Font, width: float, white: bool = False) -> float:
        """Identifiers, whole on their lines (Measure.pack), shrunk if one alone is too wide."""
        lines, font = self.m.pack(list(ids.units), ids.sep, font, width)
        lh, asc = self.m.line(font), self.m.ascent(font)
        for k, line in enumerate(lines):
            self.items.append(TextItem(x, top + k * lh + asc, line, font, white))
        return lh * len(lines)

    def label(self, x: float, top: float, text: Text, font: Font, width: float | None = None,
              align: str = "left", white: bool = False) -> float:
        """A label; on a bilingual sheet the English goes beneath in smaller type."""
        h = self.text(x, top, text.primary, font, width, align, white)
        if text.secondary is not None:
            h += self.text(x, top + h, text.secondary, font.scaled(0.78), width, align, white)
        return h

    def block(self, height: float, space_after: float = 0.0, **kw) -> Block:
        return Block(height=height, items=self.items, space_after=space_after, **kw)


def _text(pair: Pair) -> Text:
    return Text(pair[0], pair[1])


class Composer:
    def __init__(self, c: Context) -> None:
        self.c = c
        self.words = c.words
        self.m = c.m
        self.core = SheetWords(c.options.lang)   # the core's own words in the sheet's language (infusecalc.text)

    # ------------------------------------------------------------------ helpers
    def _id_text(self) -> str:
        return self.c.options.sheet_id or self.words.translate("DoseSheet", "DRAFT - not issued").primary

    def _marks(self) -> list[str]:
        """The sheet's identity and markings, repeated on every page head and foot."""
        opts, words = self.c.options, self.words
        parts = [self._id_text()]
        if opts.reprint_of:
            parts.append(words.translate("DoseSheet", "REPRINT of {id}").primary.format(id=opts.reprint_of))
        if opts.voided_reason:
            parts.append(words.translate("DoseSheet", "VOIDED").primary)
        return parts

    def _status_text(self) -> Text:
        if self.c.options.voided_reason is not None:
            return self.words.translate("DoseSheet", "VOIDED — DO NOT USE THIS SHEET")
        if self.c.ev.cleared:
            return self.words.translate("DoseSheet", "CLEARED FOR INFUSION")
        return self.words.translate("DoseSheet", "NOT CLEARED — DO NOT INFUSE")

    def heading(self, text: Text) -> Block:
        b = Builder(self.m)
        h = b.label(0, 3, text, HEAD)
        b.items.append(LineItem(0, 3 + h + 0.5, CONTENT_W, 3 + h + 0.5, 0.7))
        return b.block(3 + h + 3, keep_with_next=True)

    def grid(self, rows: list[tuple[Text, str | Ids, Font]], columns: int = 2, label_w: float = 74,
             notes: dict[int, str] | None = None, space_after: float = 2.0) -> list[Block]:
        """Label/value pairs, ``columns`` pairs a line; a note is printed small under its value.

        Identifiers (``Ids``) too wide for their column take a line of their own across the
        page, so that they are printed whole; the other pair of that line keeps its column.
        """
        notes = notes or {}
        col_w = CONTENT_W / columns
        value_w, wide_w = col_w - label_w - 8, CONTENT_W - label_w - 8
        lines: list[list[tuple[int, int]]] = []        # (row, column); column -1: across the page
        for start in range(0, len(rows), columns):
            line: list[tuple[int, int]] = []
            for k in range(min(columns, len(rows) - start)):
                value, font = rows[start + k][1], rows[start + k][2]
                if columns > 1 and isinstance(value, Ids) and any(
                        self.m.width(u + value.sep.rstrip(), font) > value_w for u in value.units):
                    if line:
                        lines.append(line)
                        line = []
                    lines.append([(start + k, -1)])
                else:
                    line.append((start + k, k))
            if line:
                lines.append(line)
        out: list[Block] = []
        for line in lines:
            b = Builder(self.m)
            height = 0.0
            for i, k in line:
                label, value, font = rows[i]
                x, width = (0.0, wide_w) if k < 0 else (k * col_w, value_w)
                hl = b.label(x, 1.2, label, LABEL, label_w - 4)
                hv = (b.units(x + label_w, 0, value, font, width) if isinstance(value, Ids)
                      else b.text(x + label_w, 0, value, font, width))
                note = notes.get(i)
                if note:
                    hv += b.text(x + label_w, hv, note, SMALL, width)
                height = max(height, hl + 1.2, hv)
            out.append(b.block(height + 1.8))
        if out:
            out[-1].space_after = space_after
        return out

    def paragraph(self, text: str, font: Font, indent: float = 0.0, space_after: float = 2.0,
                  white: bool = False) -> Block:
        b = Builder(self.m)
        h = b.text(indent, 0, text, font, CONTENT_W - indent, white=white)
        return b.block(h, space_after=space_after)

    def label_paragraph(self, text: Text, font: Font, space_after: float = 2.0) -> Block:
        b = Builder(self.m)
        h = b.label(0, 0, text, font, CONTENT_W)
        return b.block(h, space_after=space_after)

    # ------------------------------------------------------------------ sections
    def header(self) -> Block:
        c, words, m = self.c, self.words, self.m
        b = Builder(m)
        opts = c.options
        # The QR code large beside the sheet ID (its payload, often 1,500 characters, makes a
        # dense code: 100 points gives modules a scanner reads); the payload's text is printed
        # once, full width, at the end of the sheet (payload_block), not in this column.
        qr = QR_SIZE if opts.qr_modules else 0.0
        right_w = 150.0
        rx = CONTENT_W - (qr + 8 if qr else 0) - right_w
        # The draft note reaches 40 points left of the right column: the title and a long
        # subject ID must stop short of it.
        reach = 40.0 if not opts.sheet_id else 0.0
        left_w = rx - reach - 8
        y = b.label(0, 0, words.translate("DoseSheet", "CAR-T cell dose sheet"), Font(size=15, bold=True), left_w)
        y += 2
        trial_word = words.translate("DoseSheet", "Trial").primary
        product_word = words.translate("DoseSheet", "Product").primary
        subject_word = words.translate("DoseSheet", "Subject").primary
        trial = f"{trial_word} {c.ev.source.protocol_id}    {product_word} {c.product_name}"
        y += b.text(0, y, trial, Font(size=10, bold=True), left_w)
        y += 3
        y += b.units(0, y, Ids((subject_word, c.ev.subject_id), " "), Font(size=12.5, bold=True), left_w)
        # Sheet ID (or DRAFT) large, right-aligned beside the QR.
        ry = b.label(rx, 0, words.translate("DoseSheet", "Sheet ID"), LABEL, right_w, align="right")
        if opts.sheet_id:
            font = m.fit(opts.sheet_id, Font(role="mono", size=15, bold=True), right_w, 9)
            ry += b.text(rx, ry + 1, opts.sheet_id, font, right_w, align="right") + 1
        else:
            draft = self._id_text()
            font = m.fit(draft, Font(size=12, bold=True), right_w - 8, 9)
            h = m.line(font) + 4
            w = m.width(draft, font) + 8
            b.items.append(BoxItem(rx + right_w - w, ry + 1, w, h, 1.2))
            b.text(rx + right_w - w + 4, ry + 3, draft, font)
            ry += h + 3
            ry += b.label(rx - 40, ry, words.translate("DoseSheet", "Not valid for an infusion until it is issued and signed."),
                          SMALL, right_w + 40, align="right")
        if opts.reprint_of:
            # A reprint is boxed beside its ID: a copy must not pass for the first print.
            text = words.translate("DoseSheet", "REPRINT of {id}").primary.format(id=opts.reprint_of)
            font = m.fit(text, Font(size=9, bold=True), right_w - 8, 7)
            w = m.width(text, font) + 8
            b.items.append(BoxItem(rx + right_w - w, ry + 1, w, m.line(font) + 3, 1.2))
            ry += b.text(rx + right_w - w + 4, ry + 2.5, text, font) + 5
        height = max(y, ry)
        if qr:
            b.items.append(QrItem(CONTENT_W - qr, 0, qr, opts.qr_modules))
            height = max(height, qr)
        return b.block(height + 4, space_after=2)

    def markings(self) -> list[Block]:
        opts, words = self.c.options, self.words
        out: list[Block] = []
        if opts.voided_reason:
            out.append(self._band(words.translate("DoseSheet", "VOIDED: {reason}").format(reason=opts.voided_reason),
                                  words.translate("DoseSheet", "This sheet is void. Do not use it for an infusion."), inverted=True))
        return out

    def _band(self, title: Text, note: Text, inverted: bool = False) -> Block:
        b = Builder(self.m)
        h = b.label(8, 4, title, Font(size=11, bold=True), CONTENT_W - 16, white=inverted)
        h += b.label(8, 4 + h, note, SMALL, CONTENT_W - 16, white=inverted)
        box = BoxItem(0, 0, CONTENT_W, h + 8, 1.5, "black" if inverted else "none")
        b.items.insert(0, box)
        return b.block(h + 8, space_after=5)

    def status(self) -> list[Block]:
        ev, words, m = self.c.ev, self.words, self.m
        b = Builder(m)
        voided = self.c.options.voided_reason is not None
        mark = PASS_MARK if ev.cleared and not voided else FAIL_MARK
        text = self._status_text()
        big = Font(size=19, bold=True)
        inverted = not ev.cleared or voided
        label = Text(f"{mark} {text.primary}", text.secondary)
        font = m.fit(label.primary, big, CONTENT_W - 20, 14)
        h = b.label(10, 5, label, font, CONTENT_W - 20, white=inverted)
        if voided:
            # A void sheet never says CLEARED in large type; what it said is kept, small.
            computed = (words.translate("DoseSheet", "CLEARED FOR INFUSION") if ev.cleared
                        else words.translate("DoseSheet", "NOT CLEARED — DO NOT INFUSE")).primary
            h += 1 + b.text(10, 6 + h, words.translate("DoseSheet", "The result on this sheet was: {status}")
                            .primary.format(status=computed), Font(size=9), CONTENT_W - 20, white=True)
        day0 = words.translate("DoseSheet", "Planned infusion date (Day 0): {date}").primary.format(
            date=self.core.date(ev.infusion_date))
        h += 1 + b.text(10, 6 + h, day0, Font(size=9, bold=True), CONTENT_W - 20, white=inverted)
        if not inverted:
            # A double frame: the cleared box differs from the black band in shape, not colour.
            b.items.insert(0, BoxItem(0, 0, CONTENT_W, h + 12, 2.2))
            b.items.insert(1, BoxItem(3, 3, CONTENT_W - 6, h + 6, 0.6))
        else:
            b.items.insert(0, BoxItem(0, 0, CONTENT_W, h + 12, 2.2, "black"))
        blocks = [b.block(h + 12, space_after=3)]
        if not ev.cleared:
            rb = Builder(m)
            y = rb.label(0, 0, words.translate("DoseSheet", "Why not cleared:"), BODY_B, CONTENT_W)
            for reason in self.core.not_cleared(ev):
                rb.text(4, y, f"{FAIL_MARK}", BODY)
                y += rb.label(16, y, _text(reason), BODY, CONTENT_W - 16)
            # What moving a date would do, as the core decided it: never "clears every washout
            # window" when a consent-based rule fails (infusecalc.text words the outlook codes).
            for line in self.core.outlook(ev):
                y += 1 + rb.label(0, y + 1, _text(line), BODY_B, CONTENT_W)
            blocks.append(rb.block(y, space_after=3))
        note = self.core.eligibility(ev)
        if note:
            nb = Builder(m)
            blocks.append(nb.block(nb.label(0, 0, _text(note), SMALL, CONTENT_W), space_after=3))
        return blocks

    def subject(self) -> list[Block]:
        ev, words = self.c.ev, self.words
        age = ev.age
        source = (words.translate("DoseSheet", "from the date of birth") if age.source == "date_of_birth"
                  else words.translate("DoseSheet", "as entered")).primary
        ref = (words.translate("DoseSheet", "on the consent date") if age.reference == "consent"
               else words.translate("DoseSheet", "on the infusion date")).primary
        w = ev.weight
        # "54.88 kg (121 lb entered)": the digits that matter; the dose used every one.
        weight = self.core.main.weight_used(ev)
        measured = (words.translate("DoseSheet", "measured {date}").primary.format(date=self.core.date(w.measured_on))
                    if w.measured_on else words.translate("DoseSheet", "date measured: not entered").primary)
        consent = self.core.date(ev.consent_date) if ev.consent_date else words.translate("DoseSheet", "not entered").primary
        day0 = words.translate("DoseSheet", "Day 0").primary
        rows = [
            (words.translate("DoseSheet", "Subject ID"), Ids((ev.subject_id,)), BODY_B),
            (words.translate("DoseSheet", "Group"), self.core.group(ev.dose), BODY_B),
            (words.translate("DoseSheet", "Age"), words.translate("DoseSheet", "{years} years").primary.format(years=age.years), BODY_B),
            (words.translate("DoseSheet", "Weight"), weight, BODY_B),
            (words.translate("DoseSheet", "Infusion date"), f"{self.core.date(ev.infusion_date)}  {day0}", BODY),
            (words.translate("DoseSheet", "Consent date"), consent, BODY),
        ]
        notes = {2: f"{source}, {ref} {self.core.date(age.reference_date)}", 3: measured}
        return [self.heading(words.translate("DoseSheet", "Subject")), *self.grid(rows, notes=notes)]

    def dose(self) -> list[Block]:
        ev, words, m = self.c.ev, self.words, self.m
        d = ev.dose
        kind = words.translate("DoseSheet", "per kg of body weight") if d.kind == "per_kg" else words.translate("DoseSheet", "flat dose")
        out = [self.heading(words.translate("DoseSheet", "Dose"))]
        b = Builder(m)
        y = b.label(0, 1, words.translate("DoseSheet", "Dose level"), LABEL, 70)
        y = max(y, b.text(74, 0, f"{d.level}  ·  {self.core.group(d)}  ·  {kind.primary}", BODY_B, CONTENT_W - 74))
        y += 1
        rule_word = words.translate("DoseSheet", "Rule").primary
        y += b.text(74, y, f"{rule_word}: “{_unescape(d.quote)}”", SMALL_I, CONTENT_W - 74)
        out.append(b.block(y + 3))
        b = Builder(m)
        if d.cells is None:   # a range alone: the patient's limits are the dose
            assert d.min_cells is not None and d.max_cells is not None
            dose_text = self.core.main.summary("RANGE_FOR_PATIENT", min=self.core.cells(d.min_cells),
                                               max=self.core.cells(d.max_cells))
        else:
            dose_text = self.core.cells(d.cells)
        font = m.fit(dose_text, Font(size=14, bold=True), CONTENT_W - 78, 10)
        hl = b.label(0, 3, words.translate("DoseSheet", "Calculated dose"), Font(size=7.8, bold=True), 68)
        hv = b.text(74, 0, dose_text, font, CONTENT_W - 78)
        b.items.append(BoxItem(70, -2, CONTENT_W - 70, hv + 4, 1.0))
        out.append(b.block(max(hl, hv) + 6))
        rows: list[tuple[Text, str, Font]] = []
        if d.kind == "per_kg":
            per_kg = words.translate("DoseSheet", "CAR-T cells/kg").primary
            rate = f"{_number(d.cells_per_kg)} {per_kg}"
            rows.append((words.translate("DoseSheet", "Rate"), rate, BODY))
            rows.append((words.translate("DoseSheet", "Weight used"), self.core.main.weight_used(ev), BODY_B))
            rows.append((words.translate("DoseSheet", "Rate × weight"), self.core.cells(d.uncapped_cells), BODY))
            rows.append((words.translate("DoseSheet", "Cap"),
                         self.core.cells(d.cap_cells) if d.cap_cells is not None else self.core.main.summary("NO_CAP"),
                         BODY))
        out.extend(self.grid(rows, columns=2) if rows else [])
        if d.kind == "per_kg":
            if d.cap_applied:
                cap = words.translate("DoseSheet", "CAP APPLIED: rate × weight is above the cap; the dose is the cap.")
            else:
                cap = words.translate("DoseSheet", "Cap not applied: rate × weight is not above the cap.")
        elif d.kind == "flat" and d.band is None:
            cap = words.translate("DoseSheet", "No cap: a flat dose; body weight does not change it.")
        else:
            cap = None
        if cap is not None:
            out.append(self._flag_line(cap, strong=d.kind == "per_kg" and d.cap_applied))
        # Indication, weight band, the range for this patient and a decision other than DL-1's
        # de-escalation (worded below as before), in the text layer's words for each language.
        from ..text.report import dose_lines
        zh_notes = dose_lines(self.c.ev, self.core.zh, with_rate=False)
        en_notes = dose_lines(self.c.ev, self.core.en, with_rate=False)
        for zh_line, en_line in zip(zh_notes, en_notes, strict=True):
            if d.requires_deescalation_decision and en_line.strip().startswith("De-escalation"):
                continue
            primary, secondary = self.core.pair(zh_line.strip(), en_line.strip())
            strong = en_line.strip().startswith(("MAXIMUM CAPPED", "Escalation", "Extension"))
            out.append(self._flag_line(Text(primary, secondary), strong=strong))
        if d.requires_deescalation_decision:
            if d.deescalation_confirmed:
                text = words.translate("DoseSheet", "De-escalation to {level} decided jointly by the investigator and the sponsor: "
                              "CONFIRMED").format(level=d.level)
                if d.deescalation_reference:
                    text = Text(f"{text.primary} ({d.deescalation_reference})",
                                None if text.secondary is None else f"{text.secondary} ({d.deescalation_reference})")
            else:
                text = words.translate("DoseSheet", "De-escalation to {level}: decision by the investigator and the sponsor "
                              "NOT CONFIRMED").format(level=d.level)
            out.append(self._flag_line(text, strong=True))
        return out

    def _flag_line(self, text: Text, strong: bool) -> Block:
        b = Builder(self.m)
        font = Font(size=9, bold=True) if strong else BODY
        h = b.label(74, 1, text, font, CONTENT_W - 78)
        if strong:
            b.items.append(BoxItem(70, -1, CONTENT_W - 70, h + 4, 1.2))
        return b.block(h + 5, space_after=2)

    def product(self) -> list[Block]:
        ev, words, m = self.c.ev, self.words, self.m
        out = [self.heading(words.translate("DoseSheet", "Product and preparation"))]
        pr = ev.product
        if pr is None:
            out.append(self.label_paragraph(
                words.translate("DoseSheet", "Product label data not entered: volume to draw not computed."), BODY_B))
            return out
        none = words.translate("DoseSheet", "not entered").primary
        if pr.whole_bag:
            from ..text.report import whole_bag_line
            out.extend(self.grid([(words.translate("DoseSheet", "Lot"), Ids((pr.lot or none,)), BODY),
                                  (words.translate("DoseSheet", "Bag/vial IDs"), Ids(tuple(pr.bag_ids) or (none,)), BODY)]))
            primary, secondary = self.core.pair(whole_bag_line(ev, self.core.zh) or "",
                                                whole_bag_line(ev, self.core.en) or "")
            out.append(self._flag_line(Text(primary, secondary), strong=pr.bag_status != "within"))
            return out
        assert pr.concentration_cells_per_ml is not None and pr.container_volume_ml is not None
        assert pr.volume_ml is not None and pr.deviation_cells is not None and pr.deviation_percent is not None
        per_ml = words.translate("DoseSheet", "CAR-T cells/mL").primary
        conc = f"{_number(pr.concentration_cells_per_ml)} {per_ml}"
        container = fmt.volume_ml(pr.container_volume_ml)
        rows = [
            (words.translate("DoseSheet", "Concentration"), conc, BODY),
            (words.translate("DoseSheet", "Container volume"), container, BODY),
            (words.translate("DoseSheet", "Lot"), Ids((pr.lot or none,)), BODY),
            (words.translate("DoseSheet", "Bag/vial IDs"), Ids(tuple(pr.bag_ids) or (none,)), BODY),
        ]
        label = words.translate("DoseSheet", "label: {text}").primary
        out.extend(self.grid(rows, notes={0: label.format(text=pr.concentration_entered),
                                          1: label.format(text=pr.container_volume_entered)}))
        if not ev.cleared or self.c.options.voided_reason is not None:
            # Nothing to thaw or draw from a sheet that does not clear the infusion: the volume
            # and the containers are not printed in large type, only the instruction not to prepare.
            out.append(self._do_not_prepare())
            return out
        b = Builder(m)
        half = CONTENT_W / 2
        hl = b.label(0, 4, words.translate("DoseSheet", "Volume to draw"), Font(size=7.8, bold=True), 68)
        volume = fmt.volume_ml(pr.volume_ml)
        hv = b.text(74, 0, volume, Font(size=15, bold=True), half - 82)
        hv += b.text(74, hv, words.translate("DoseSheet", "rounded down to the {step} graduation").primary.format(
            step=fmt.volume_ml(pr.graduation_ml)), SMALL, half - 82)
        b.items.append(BoxItem(70, -2, half - 76, hv + 4, 1.0))
        hl2 = b.label(half, 4, words.translate("DoseSheet", "Containers to thaw"), Font(size=7.8, bold=True), 68)
        hc = b.text(half + 74, 0, str(pr.containers), Font(size=15, bold=True), half - 78)
        hc += b.text(half + 74, hc, words.translate("DoseSheet", "of {volume} each").primary.format(volume=container), SMALL, half - 78)
        b.items.append(BoxItem(half + 70, -2, half - 70, hc + 4, 1.0))
        out.append(b.block(max(hl, hv, hl2, hc) + 7))
        sign = "+" if pr.deviation_cells > 0 else ""
        cells_word = words.translate("DoseSheet", "cells").primary
        deviation = (f"{sign}{fmt.whole(pr.deviation_cells)} {cells_word} "
                     f"({sign}{fmt.plain_decimal(pr.deviation_percent)}%)")
        out.extend(self.grid([(words.translate("DoseSheet", "Cells delivered"), self.core.cells(pr.delivered_cells), BODY_B),
                              (words.translate("DoseSheet", "Deviation"), deviation, BODY)], columns=2))
        return out

    def _do_not_prepare(self) -> Block:
        words = self.words
        b = Builder(self.m)
        h = b.label(6, 3, words.translate("DoseSheet", "DO NOT PREPARE: this case is not cleared for infusion. "
                                          "No volume to draw and no containers to thaw are given."),
                    Font(size=10, bold=True), CONTENT_W - 12)
        b.items.append(BoxItem(0, -1, CONTENT_W, h + 8, 1.6))
        return b.block(h + 10, space_after=4)

    # ------------------------------------------------------------------ washout table
    COLS = (("Agent", 124), ("Rule", 84), ("Window", 60), ("Last exposure", 80),
            ("Days before", 34), ("Result", 44))   # the last column takes the rest

    def _columns(self) -> list[tuple[Text, float, float]]:
        words = self.words
        labels = [words.translate("DoseSheet", "Agent"), words.translate("DoseSheet", "Rule"), words.translate("DoseSheet", "Window"), words.translate("DoseSheet", "Last exposure"),
                  words.translate("DoseSheet", "Days before"), words.translate("DoseSheet", "Result"), words.translate("DoseSheet", "Earliest clearing date")]
        widths = [w for _, w in self.COLS]
        widths.append(CONTENT_W - sum(widths))
        out, x = [], 0.0
        for label, w in zip(labels, widths, strict=True):
            out.append((label, x, w))
            x += w
        return out

    def table_header(self) -> Block:
        b = Builder(self.m)
        h = 0.0
        for label, x, w in self._columns():
            h = max(h, b.label(x + 2, 2, label, Font(size=7.2, bold=True), w - 4))
        b.items.append(BoxItem(0, 0, CONTENT_W, h + 4, 0.8))
        return b.block(h + 5)

    def finding_row(self, f: Finding, header: Block) -> Block:
        words, m = self.words, self.m
        b = Builder(m)
        cols = self._columns()
        ref = words.translate("DoseSheet", "infusion").primary if f.reference == "infusion" else words.translate("DoseSheet", "consent").primary
        agent = self.core.agent(f)
        if f.agent_zh and m.width(agent, TABLE_B) > cols[0][2] - 4:
            agent = agent.replace("  ", "\n", 1)   # each name whole on its own line
        # Literal calls outside f-strings: lupdate does not read inside f-strings.
        passed, failed = words.translate("DoseSheet", "PASS").primary, words.translate("DoseSheet", "FAIL").primary
        window = words.translate("DoseSheet", "{days} d").primary.format(days=f.window_days)
        result = f"{PASS_MARK} {passed}" if f.status == "pass" else f"{FAIL_MARK} {failed}"
        earliest = "—"
        if f.earliest_date:
            earliest = self.core.date(f.earliest_date)
            if f.reference == "consent":
                earliest += f" ({ref})"
        cells = [
            (agent, TABLE_B),
            (self.core.rule(f.rule), TABLE),
            (f"{window} · {ref}", TABLE),
            (self.core.date(f.last_date), TABLE),
            (str(f.days_before), TABLE),
            (result, TABLE_B if f.status == "fail" else TABLE),
            (earliest, TABLE_B if f.earliest_date else TABLE),
        ]
        h = 0.0
        for (text, font), (_, x, w) in zip(cells, cols, strict=True):
            h = max(h, b.text(x + 2, 1.5, text, font, w - 4))
        details: list[str] = []
        if f.classified_by_hand:
            details.append(words.translate("DoseSheet", "CLASSIFIED BY HAND as {classes} (not in the formulary)").primary.format(
                classes=self.core.classes(f.classes)))
            details.append(self.core.rules_applied(self.c.ev, f))
        course = self.core.course(f)
        if course:
            details.append(course)
        if f.purpose:
            details.append(self.core.conditioning())
        if f.route:
            details.append(words.translate("DoseSheet", "route: {route}").primary.format(route=self.core.route(f.route)))
        if f.agent != f.agent_name and f.agent.casefold() != f.display_name.casefold():
            details.append(words.translate("DoseSheet", "entered as “{text}”").primary.format(text=f.agent))
        if f.flags or f.route or f.prednisone_equivalent_mg_per_day is not None or f.purpose \
                or f.reference == "consent":
            details.append(str(_text(self.core.reason(f))))
        details.extend(self.core.day_totals(f))
        details.extend(f"{WARN_MARK} {flag}" for flag in f.flags)
        y = h + 1.5
        if details:
            y += b.text(cols[0][1] + 10, y, "; ".join(details), Font(size=7.2, bold=f.classified_by_hand),
                        CONTENT_W - 12)
        b.items.append(LineItem(0, y + 1.5, CONTENT_W, y + 1.5, 0.3, dashed=True))
        return b.block(y + 2, repeat=header)

    def washout(self) -> list[Block]:
        ev, words = self.c.ev, self.words
        out = [self.heading(words.translate("DoseSheet", "Washout windows (every finding)"))]
        if not ev.washout.findings:
            out.append(self.label_paragraph(words.translate("DoseSheet", "No prior exposures entered."), BODY))
            return out
        header = self.table_header()
        out.append(header)
        header.keep_with_next = True
        out.extend(self.finding_row(f, header) for f in ev.washout.findings)
        out[-1].space_after = 4
        seen: dict[str, str] = {}
        for f in ev.washout.findings:
            if f.status == "fail":
                seen.setdefault(f.rule, f.rule_quote)
        if not seen:
            return out
        legend = self.label_paragraph(words.translate("DoseSheet", "Rules not met (registry text):"), Font(size=7.2, bold=True), 1)
        legend.keep_with_next = True
        out.append(legend)
        for rule, quote in seen.items():
            out.append(self.paragraph(f"{rule.replace('_', ' ')}: “{_unescape(quote)}”", SMALL_I, indent=6,
                                      space_after=1))
        out[-1].space_after = 3
        return out

    # ------------------------------------------------------------------ eligibility
    def eligibility(self) -> list[Block]:
        """Each eligibility criterion beside the washout findings, then the checklist's answers."""
        ev, core = self.c.ev, self.core
        e = ev.eligibility
        if not e.assessed and (e.checklist is None or e.checklist.answered == 0):
            return []   # the status box's note says the values and the checklist were not entered

        def both(render) -> Text:  # type: ignore[no-untyped-def]
            return _text(core.pair(render(core.zh), render(core.en)))

        out = [self.heading(both(lambda w: w.summary("ELIGIBILITY_VALUES").rstrip(":：")))]
        if not e.assessed:
            out.append(self.label_paragraph(both(lambda w: w.cat.summary["ELIGIBILITY_NOT_ASSESSED"]), BODY, 2))
        for f in e.findings:
            b = Builder(self.m)
            mark = PASS_MARK if f.status == "pass" else FAIL_MARK
            status = both(lambda w, f=f: et.status_word(w, f.status))
            name = both(lambda w, f=f: et.criterion(w, f.criterion))
            h = b.text(0, 0, f"{mark} {status.primary}", BODY_B, 60)
            hn = b.label(62, 0, name, BODY_B, 150)
            hr = b.label(216, 0, both(lambda w, f=f: et.finding_reason(w, f)), BODY, CONTENT_W - 216)
            y = max(h, hn, hr)
            if f.criterion == "creatinine_clearance" and e.creatinine_clearance_ml_min is not None:
                cc = e.creatinine_clearance_ml_min
                y += b.text(216, y, et.formula(core.main, cc), SMALL, CONTENT_W - 216)
            b.items.append(LineItem(0, y + 1.5, CONTENT_W, y + 1.5, 0.3, dashed=True))
            out.append(b.block(y + 2.5))
        if e.hepatobiliary_invasion:
            out.append(self.label_paragraph(both(lambda w: w.summary("HEPATOBILIARY_INVASION")), SMALL, 1))
        line = et.checklist_line(core.main, ev)
        if line:
            out.append(self.label_paragraph(both(lambda w: et.checklist_line(w, ev) or ""), BODY_B, 1))
            for item in (e.checklist.items if e.checklist else []):
                if item.answer == "not_met":
                    out.append(self.label_paragraph(
                        both(lambda w, i=item: f"{FAIL_MARK} {et.item_name(w, i.id)}{'：' if w.chinese else ': '}"
                                             f"{et.answer_word(w, i.answer)}"),
                        BODY, 1))
                    out.append(self.paragraph(f"“{_unescape(item.quote)}”", SMALL_I, indent=8, space_after=1))
        failed = [f for f in e.findings if f.status == "fail"]
        for quote in dict.fromkeys(f.quote for f in failed):
            out.append(self.paragraph(f"“{_unescape(quote)}”", SMALL_I, indent=6, space_after=1))
        out[-1].space_after = 4
        return out

    def warnings(self) -> list[Block]:
        ev, words = self.c.ev, self.words
        if not ev.warnings:
            b = Builder(self.m)
            h = b.label(0, 5, words.translate("DoseSheet", "Warnings: none."), BODY_B, CONTENT_W)
            return [b.block(h + 7)]
        out = [self.heading(words.translate("DoseSheet", "Warnings"))]
        for warning in ev.warnings:
            ack = (PASS_MARK + " " + words.translate("DoseSheet", "ACKNOWLEDGED").primary if warning.acknowledged
                   else FAIL_MARK + " " + words.translate("DoseSheet", "NOT ACKNOWLEDGED").primary)
            b = Builder(self.m)
            h = b.text(0, 0, f"{WARN_MARK} {warning.code}", BODY_B, 170)
            b.text(CONTENT_W - 120, 0, ack, BODY_B, 120, align="right")
            h2 = b.label(170, 0, _text(self.core.warning(warning)), BODY, CONTENT_W - 170 - 124)
            out.append(b.block(max(h, h2) + 3))
        return out

    def sources(self) -> list[Block]:
        """Site settings in force and the files the result came from, small, under a thin rule."""
        ev, words, opts = self.c.ev, self.words, self.c.options
        b = Builder(self.m)
        b.items.append(LineItem(0, 2, CONTENT_W, 2, 0.5))
        y = 4.5
        lw = 64
        settings = self.core.settings(ev.source.site_settings)
        hl = b.label(0, y + 0.3, words.translate("DoseSheet", "Site settings in force"), Font(size=6.8, bold=True), lw - 2)
        y += max(hl, b.text(lw, y, settings, SMALL, CONTENT_W - lw)) + 1.5
        src = ev.source
        rows = [
            (words.translate("DoseSheet", "Protocol"), _protocol_line(src)),
            (words.translate("DoseSheet", "Formulary"), f"{src.formulary_file}  SHA-256 {src.formulary_sha256}"),
            (words.translate("DoseSheet", "Case"), f"SHA-256 {ev.case_sha256}"),
        ]
        if opts.chain_anchor:
            rows.append((words.translate("DoseSheet", "Audit chain anchor"), opts.chain_anchor))
        for label, value in rows:
            hl = b.label(0, y + 0.3, label, Font(size=6.8, bold=True), lw - 2)
            y += max(hl, b.text(lw, y, value, MONO, CONTENT_W - lw)) + 1
        return [b.block(y + 2)]

    def payload_block(self) -> list[Block]:
        """The QR code's text, for a station whose scanner cannot read the code: once, the
        page's full width, at the end of the sheet, under what to do with it. Broken only
        between characters at the line ends, never with a space or hyphen added, so that the
        lines copied from the PDF (or typed) and pasted into the verify window are the code
        itself (the verify window ignores the line breaks)."""
        payload = self.c.options.qr_text
        if not payload:
            return []
        b = Builder(self.m)
        b.items.append(LineItem(0, 2, CONTENT_W, 2, 0.5))
        heading = self.words.translate(
            "DoseSheet", "If the QR code cannot be scanned, type or paste this code into the verify window:")
        y = 4.5 + b.label(0, 4.5, heading, Font(size=7.5, bold=True), CONTENT_W) + 1.5
        font = Font(role="mono", size=7.2)
        lh, asc = self.m.line(font), self.m.ascent(font)
        lines = self._hard_lines(payload, font, CONTENT_W)
        for k, line in enumerate(lines):
            b.items.append(TextItem(0, y + k * lh + asc, line, font))
        return [b.block(y + len(lines) * lh + 2)]

    def _hard_lines(self, text: str, font: Font, width: float) -> list[str]:
        """``text`` cut into lines as full as ``width`` allows, between any two characters."""
        lines, start = [], 0
        while start < len(text):
            lo, hi = start + 1, len(text)          # the longest prefix that fits (at least one character)
            while lo < hi:
                mid = (lo + hi + 1) // 2
                if self.m.width(text[start:mid], font) <= width:
                    lo = mid
                else:
                    hi = mid - 1
            lines.append(text[start:lo])
            start = lo
        return lines

    def _signer(self, b: Builder, x: float, y: float, name: str, user_id: str, width: float) -> float:
        """"Name: Wang Fang (wang.fang)" on one line when it fits; else the name (wrapped between
        its words) and beneath it the user ID whole, in the monospaced face, smaller if it must
        be: a 64-character ID split over two lines reads back from the PDF with a break inside
        and a search for it fails. Returns the height used."""
        template = self.words.translate("DoseSheet", "Name: {name} ({user_id})").primary
        line = template.format(name=name, user_id=user_id)
        if self.m.width(line, BODY_B) <= width:
            return b.text(x, y, line, BODY_B, width)
        before, _, after = template.partition("{user_id}")
        head = before.format(name=name)
        opener = head[-1] if head[-1:] in ("(", "（") else ""
        ident = f"{opener}{user_id}{after}"
        font = self.m.fit(ident, Font(role="mono", size=8, bold=True), width, 5.5)
        h = b.text(x, y, head[:len(head) - len(opener)].rstrip(), BODY_B, width)
        return h + b.text(x, y + h, ident, font)

    def signatures(self) -> Block:
        words, m = self.words, self.m
        b = Builder(m)
        half = CONTENT_W / 2
        y0 = 5.0
        heights = []
        for k, (meaning, title, says) in enumerate((
                ("issued", words.translate("DoseSheet", "Prepared by"), words.translate("DoseSheet", "Meaning: prepared and issued this sheet")),
                ("verified", words.translate("DoseSheet", "Verified by"), words.translate("DoseSheet", "Meaning: independent double check of this sheet")))):
            x = k * half
            width = half - 14
            y = y0 + b.label(x, y0, title, Font(size=9.5, bold=True), width)
            y += b.label(x, y, says, SMALL, width) + 2
            signed = [s for s in self.c.options.signatures if s.meaning == meaning]
            for s in signed:
                when = words.translate("DoseSheet", "Signed: {time}").primary.format(time=_local_and_utc(s.signed_at))
                y += self._signer(b, x, y, s.name, s.user_id, width)
                y += b.text(x, y, when, SMALL, width) + 3
            if not signed:
                # Blank lines to sign by hand: name, then signature and date/time side by side.
                rule_y = m.ascent(LABEL) + 1
                y += 8
                lh = b.label(x, y, words.translate("DoseSheet", "Name (print)"), LABEL, 58)
                b.items.append(LineItem(x + 60, y + rule_y, x + width, y + rule_y, 0.6))
                y += lh + 9
                sig_w = width * 0.55
                lh = b.label(x, y, words.translate("DoseSheet", "Signature"), LABEL, 58)
                b.items.append(LineItem(x + 60, y + rule_y, x + sig_w, y + rule_y, 0.6))
                b.label(x + sig_w + 4, y, words.translate("DoseSheet", "Date, time"), LABEL, 40)
                b.items.append(LineItem(x + sig_w + 46, y + rule_y, x + width, y + rule_y, 0.6))
                y += lh
            heights.append(y)
        h = max(heights) + 3
        b.items.insert(0, LineItem(0, 0, CONTENT_W, 0, 1.0))
        return b.block(h)

    def continuation(self) -> Block:
        ev, words, m = self.c.ev, self.words, self.m
        b = Builder(m)
        continued = words.translate("DoseSheet", "Dose sheet, continued").primary
        subject_word = words.translate("DoseSheet", "Subject").primary
        left = Ids((continued, f"{subject_word} {ev.subject_id}", ev.source.protocol_id, *self._marks()), " · ")
        mark = PASS_MARK if ev.cleared and self.c.options.voided_reason is None else FAIL_MARK
        status = f"{mark} {self._status_text().primary}"
        sf = Font(size=9, bold=True)
        sw = m.width(status, sf) + 8
        h = b.units(0, 0, left, Font(size=9, bold=True), CONTENT_W - sw - 8)
        b.text(CONTENT_W - sw, 0, status, sf, sw, align="right")
        b.items.append(LineItem(0, h + 2, CONTENT_W, h + 2, 1.0))
        return b.block(h + 8)

    def footer(self, page: int, pages: int) -> list:
        c, words, m = self.c, self.words, self.m
        y = A4_H - MARGIN_BOTTOM - 10
        generated = words.translate("DoseSheet", "generated").primary
        left = [f"InfuseCalc {c.ev.program_version}", f"{generated} {_utc_iso(c.generated_at)}", c.ev.subject_id,
                *self._marks()]
        right = words.translate("DoseSheet", "page {page} of {pages}").primary.format(page=page, pages=pages)
        font = Font(size=7.5)
        rw = m.width(right, Font(size=8, bold=True))
        items = [LineItem(MARGIN_X, y - 4, A4_W - MARGIN_X, y - 4, 0.6)]
        lines, font = m.pack(left, " · ", font, CONTENT_W - rw - 12)
        for k, line in enumerate(lines):
            items.append(TextItem(MARGIN_X, y + m.ascent(font) + k * m.line(font), line, font))
        items.append(TextItem(A4_W - MARGIN_X - rw, y + m.ascent(font), right, Font(size=8, bold=True)))
        return items

    # ------------------------------------------------------------------ the whole sheet
    def pages(self) -> list[Page]:
        blocks: list[Block] = [self.header(), *self.markings(), *self.status(), *self.subject(), *self.dose(),
                               *self.product(), *self.washout(), *self.eligibility(), *self.warnings(), *self.sources(),
                               self.signatures(), *self.payload_block()]
        pages = paginate(blocks, self.continuation, MARGIN_TOP)
        opts = self.c.options
        draft = self.words.translate("DoseSheet", "DRAFT").primary
        void = self.words.translate("DoseSheet", "VOID").primary
        mark = void if opts.voided_reason else (None if opts.sheet_id else draft)
        for n, page in enumerate(pages, 1):
            page.items.extend(self.footer(n, len(pages)))
            if mark:
                page.items.insert(0, WatermarkItem(mark))
        return pages


def product_name(ev: Evaluation) -> str:
    """The product of the evaluated trial, from the shipped protocol when it is that trial's."""
    from ..core.protocol import default_protocol

    loaded = default_protocol()
    return loaded.protocol.product if loaded.protocol.id == ev.source.protocol_id else "—"


def compose(ev: Evaluation, case: Case, options: SheetOptions) -> list[Page]:
    if case.sha256() != ev.case_sha256:
        # A sheet must never pair one case's inputs with another case's result.
        raise ValueError("the case does not match the evaluation (case SHA-256 differs)")
    generated = options.generated_at or dt.datetime.now(dt.timezone.utc)
    ctx = Context(ev=ev, case=case, options=options, words=Words(options.lang), m=Measure(),
                  product_name=product_name(ev), generated_at=generated)
    return Composer(ctx).pages()


__all__ = ["compose", "BODY_BOTTOM", "MARGIN_X"]


def _protocol_line(src: Source) -> str:
    """File, ID, version, effective date and amendment as the protocol file states them (data,
    printed as written in every language), then the SHA-256 of its exact bytes."""
    named = " · ".join(x for x in (src.protocol_id, src.protocol_version,
                                    src.protocol_effective_date.isoformat() if src.protocol_effective_date else None,
                                    src.protocol_amendment) if x)
    return f"{src.protocol_file} ({named})  SHA-256 {src.protocol_sha256}"
