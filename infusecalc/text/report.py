"""The evaluation as the CLI's JSON contract and as a readable summary, in either language.

The JSON is the same object in every language: same keys, codes, statuses and numbers. Only
the human-readable strings (each finding's ``reason``, ``not_cleared_reasons``, ``outlook``,
warning and error ``message``) are in the language asked for.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

from ..core import formatting as fmt
from ..core.errors import InputError
from ..core.result import Evaluation, ProductResult
from .catalogue import Language
from .eligibility import finding_reason as eligibility_reason
from .eligibility import lines as eligibility_lines
from .words import Words


def _plain(value: Any) -> Any:
    """JSON-ready: whole Decimals as integers, others as their shortest float, dates ISO."""
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return int(value)
        return float(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def to_json_dict(ev: Evaluation, lang: Language = "en") -> dict[str, Any]:
    w = Words(lang)
    data = ev.model_dump(mode="python")
    for out, f in zip(data["washout"]["findings"], ev.washout.findings, strict=True):
        out["reason"] = w.finding_reason(f)
    for out, warning in zip(data["warnings"], ev.warnings, strict=True):
        out["message"] = w.problem(warning)
    for out, v in zip(data["eligibility"]["findings"], ev.eligibility.findings, strict=True):
        out["reason"] = eligibility_reason(w, v)
    data["washout"]["outlook_text"] = w.outlook(ev)
    data["not_cleared_reasons"] = w.not_cleared(ev)
    data["eligibility_note"] = w.eligibility_line(ev)
    data["language"] = w.lang
    return _plain(data)


def to_json(ev: Evaluation, lang: Language = "en") -> str:
    return json.dumps(to_json_dict(ev, lang), ensure_ascii=False, indent=2)


def errors_json(err: InputError, lang: Language = "en") -> str:
    w = Words(lang)
    return json.dumps({"errors": [
        {"code": p.code, "field": p.field, "value": p.value, "message": w.problem(p)} for p in err.problems
    ]}, ensure_ascii=False)


def errors_text(err: InputError, lang: Language = "en") -> str:
    w = Words(lang)
    return "\n".join(w.problem_line(p) for p in err.problems)


def to_text(ev: Evaluation, lang: Language = "en") -> str:
    w = Words(lang)
    return _text(ev, w)


def _washout_lines(ev: Evaluation, w: Words) -> list[str]:
    lines = [w.summary("WASHOUT") if ev.washout.findings else w.summary("NO_EXPOSURES")]
    colon = "：" if w.chinese else ": "
    for f in ev.washout.findings:
        clears = w.clears(f)
        extra = ("；" if w.chinese else "; ") + clears if clears else ""
        rule = w.rule(f.rule)
        head = f"{w.agent(f)}，{rule}" if w.chinese else f"{w.agent(f)} ({rule})"
        lines.append(f"  [{w.status_word(f.status)}] {head}{colon}{w.finding_reason(f)}{extra}")
        notes = []
        if f.first_date:
            notes.append(w.summary("COURSE", first_date=f.first_date, last_date=f.last_date))
        if f.classified_by_hand:
            notes.append(w.summary("CLASSIFIED_BY_HAND", classes=w.classes(f.classes)))
            notes.append(w.summary("RULES_APPLIED", rules=w.listing(w.rules_applied(ev, f))))
        if notes:
            lines.append("      " + ("；" if w.chinese else "; ").join(notes))
        for day in w.day_totals(f):
            lines.append(f"      {day}")
    return lines


def _tail(ev: Evaluation, w: Words) -> list[str]:
    lines = []
    for warning in ev.warnings:
        state = w.summary("ACKNOWLEDGED" if warning.acknowledged else "NOT_ACKNOWLEDGED")
        lines.append(w.summary("WARNING_LINE", code=warning.code, state=state, message=w.problem(warning)))
    lines.append(w.status(ev.cleared))
    lines.extend(f"  - {r}" for r in w.not_cleared(ev))
    lines.extend(f"  {line}" for line in w.outlook(ev))
    note = w.eligibility_line(ev)
    if note:
        lines.append(note)
    return lines


def rate_text(rate: Decimal) -> str:
    return fmt.scientific(int(rate)) if rate == int(rate) else fmt.plain_decimal(rate)


def dose_lines(ev: Evaluation, w: Words, with_rate: bool = True) -> list[str]:
    """The dose beyond its headline: indication, weight band, rate x weight and cap, the range
    for this patient, and the decision the level needs."""
    d = ev.dose
    sep = "；" if w.chinese else "; "
    lines = []
    if d.indication:
        lines.append("  " + w.summary("INDICATION", indication=d.indication))
    if d.band is not None:
        lines.append("  " + w.summary("WEIGHT_BAND", band=d.band.text))
    if with_rate and d.kind == "per_kg" and d.cells_per_kg is not None and d.weight_kg_used is not None \
            and d.uncapped_cells is not None:
        per_kg = "细胞/kg" if w.chinese else "cells/kg"
        times = "×" if w.chinese else "x"
        if d.cap_cells is not None:
            state = w.summary("CAP_APPLIED" if d.cap_applied else "CAP_NOT_APPLIED")
            cap = ("上限 " if w.chinese else "cap ") + f"{fmt.whole(d.cap_cells)}{'：' if w.chinese else ': '}{state}"
        else:
            cap = w.summary("NO_CAP")
        lines.append(f"  {rate_text(d.cells_per_kg)} {per_kg} {times} {fmt.plain_decimal(d.weight_kg_used)} kg"
                     f" = {fmt.whole(d.uncapped_cells)}{sep}{cap}")
    if d.min_cells is not None and d.max_cells is not None:
        lines.append("  " + w.summary("RANGE_FOR_PATIENT", min=w.cells(d.min_cells), max=w.cells(d.max_cells)))
        if d.max_cap_applied:
            lines.append("  " + w.summary("MAX_CAPPED", uncapped=d.max_uncapped_cells, cap=d.max_cap_cells))
    if d.decision_kind is not None:
        kind = w.summary("DECISION_KIND_" + d.decision_kind.upper().replace("-", "_"))
        if d.decision_confirmed:
            lines.append("  " + w.summary("DECISION_CONFIRMED", kind=kind,
                                          reference=d.decision_reference or w.summary("NO_REFERENCE")))
        else:
            lines.append("  " + w.summary("DECISION_NOT_CONFIRMED", kind=kind))
    return lines


def whole_bag_line(ev: Evaluation, w: Words) -> str | None:
    pr = ev.product
    if pr is None or not pr.whole_bag:
        return None
    limits = (w.summary("LIMITS_RANGE", min=pr.bag_min_cells, max=pr.bag_max_cells) if pr.bag_min_cells is not None
              else w.summary("LIMITS_MAX", max=pr.bag_max_cells))
    verdict = w.summary({"within": "BAG_WITHIN", "below_minimum": "BAG_BELOW_MINIMUM",
                         "above_maximum": "BAG_ABOVE_MAXIMUM"}[pr.bag_status or "within"])
    return w.summary("WHOLE_BAG", cells=w.cells(pr.delivered_cells), entered=pr.total_cells_entered,
                     verdict=verdict, limits=limits)


def _dose_headline(ev: Evaluation, w: Words) -> str:
    d = ev.dose
    return w.cells(d.cells) if d.cells is not None else w.summary("DOSE_RANGE_ONLY")


def _head_en(ev: Evaluation, w: Words) -> list[str]:
    d = ev.dose
    return [f"Subject {ev.subject_id}   {d.group_label}, age {ev.age.years} y   protocol {ev.source.protocol_id}",
            f"Weight: {w.weight(ev.weight.kg, ev.weight.entered)}",
            f"Dose level {d.level}: {_dose_headline(ev, w)}"]


def _head_zh(ev: Evaluation, w: Words) -> list[str]:
    d = ev.dose
    return [f"受试者 {ev.subject_id}   {w.group(d)}，年龄 {ev.age.years} 岁   方案 {ev.source.protocol_id}",
            f"体重：{w.weight(ev.weight.kg, ev.weight.entered)}",
            f"剂量水平 {d.level}：{_dose_headline(ev, w)}"]


def _draw_en(pr: ProductResult, w: Words) -> str:
    containers = "1 container" if pr.containers == 1 else f"{pr.containers:,} containers"
    return (f"Volume to draw: {fmt.volume_ml(pr.volume_ml)} from {containers} "
            f"of {fmt.volume_ml(pr.container_volume_ml)}; delivers {fmt.cells(pr.delivered_cells)}"
            f" ({fmt.plain_decimal(pr.deviation_percent)}%)")


def _draw_zh(pr: ProductResult, w: Words) -> str:
    return (f"抽取体积：{fmt.volume_ml(pr.volume_ml)}，需 {pr.containers} 袋"
            f"（每袋 {fmt.volume_ml(pr.container_volume_ml)}）；实际输注 {w.cells(pr.delivered_cells)}"
            f"（{fmt.plain_decimal(pr.deviation_percent)}%）")


def _text(ev: Evaluation, w: Words) -> str:
    """The summary's skeleton is shared; only the head, the draw line and the file line are worded
    per language."""
    zh = w.chinese
    lines = (_head_zh if zh else _head_en)(ev, w)
    lines += dose_lines(ev, w)
    pr = ev.product
    bag = whole_bag_line(ev, w)
    if bag:
        lines.append(bag)
    elif pr and pr.volume_ml is not None and pr.container_volume_ml is not None and pr.deviation_percent is not None:
        lines.append((_draw_zh if zh else _draw_en)(pr, w))
    lines += _washout_lines(ev, w)
    lines += eligibility_lines(w, ev)
    lines += _tail(ev, w)
    lines.append(f"{'方案文件' if zh else 'Protocol'} {ev.source.protocol_file} sha256 {ev.source.protocol_sha256}")
    return "\n".join(lines)
