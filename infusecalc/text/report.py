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
from ..core.result import Evaluation
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
    return _text_zh(ev, w) if w.chinese else _text_en(ev, w)


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
            notes.append(w.summary("RULES_APPLIED", rules=("、" if w.chinese else ", ").join(w.rules_applied(ev, f))))
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


def _text_en(ev: Evaluation, w: Words) -> str:
    d = ev.dose
    lines = [
        f"Subject {ev.subject_id}   {d.group_label}, age {ev.age.years} y   protocol {ev.source.protocol_id}",
        f"Weight: {ev.weight.entered} = {fmt.plain_decimal(ev.weight.kg)} kg",
        f"Dose level {d.level}: {fmt.cells(d.cells)}",
    ]
    if d.kind == "per_kg" and d.cells_per_kg is not None and d.weight_kg_used is not None and d.cap_cells is not None:
        lines.append(f"  {fmt.scientific(int(d.cells_per_kg))} cells/kg x {fmt.plain_decimal(d.weight_kg_used)} kg"
                     f" = {fmt.whole(d.uncapped_cells)}; cap {fmt.whole(d.cap_cells)}: "
                     f"{'CAP APPLIED' if d.cap_applied else 'not applied'}")
    if d.requires_deescalation_decision:
        lines.append(f"  De-escalation decision confirmed: {d.deescalation_reference or 'yes'}")
    if ev.product:
        pr = ev.product
        lines.append(f"Volume to draw: {fmt.volume_ml(pr.volume_ml)} from {pr.containers} container(s) "
                     f"of {fmt.volume_ml(pr.container_volume_ml)}; delivers {fmt.cells(pr.delivered_cells)}"
                     f" ({fmt.plain_decimal(pr.deviation_percent)}%)")
    lines += _washout_lines(ev, w)
    lines += eligibility_lines(w, ev)
    lines += _tail(ev, w)
    lines.append(f"Protocol {ev.source.protocol_file} sha256 {ev.source.protocol_sha256}")
    return "\n".join(lines)


def _text_zh(ev: Evaluation, w: Words) -> str:
    d = ev.dose
    lines = [
        f"受试者 {ev.subject_id}   {w.group(d)}，年龄 {ev.age.years} 岁   方案 {ev.source.protocol_id}",
        f"体重：{ev.weight.entered} = {fmt.plain_decimal(ev.weight.kg)} kg",
        f"剂量水平 {d.level}：{w.cells(d.cells)}",
    ]
    if d.kind == "per_kg" and d.cells_per_kg is not None and d.weight_kg_used is not None and d.cap_cells is not None:
        cap_state = "已按上限给药" if d.cap_applied else "未达上限"
        lines.append(f"  {fmt.scientific(int(d.cells_per_kg))} 细胞/kg × {fmt.plain_decimal(d.weight_kg_used)} kg"
                     f" = {fmt.whole(d.uncapped_cells)}；上限 {fmt.whole(d.cap_cells)}：{cap_state}")
    if d.requires_deescalation_decision:
        lines.append(f"  降级决定已确认：{d.deescalation_reference or '是'}")
    if ev.product:
        pr = ev.product
        lines.append(f"抽取体积：{fmt.volume_ml(pr.volume_ml)}，需 {pr.containers} 袋"
                     f"（每袋 {fmt.volume_ml(pr.container_volume_ml)}）；实际输注 {w.cells(pr.delivered_cells)}"
                     f"（{fmt.plain_decimal(pr.deviation_percent)}%）")
    lines += _washout_lines(ev, w)
    lines += eligibility_lines(w, ev)
    lines += _tail(ev, w)
    lines.append(f"方案文件 {ev.source.protocol_file} sha256 {ev.source.protocol_sha256}")
    return "\n".join(lines)
