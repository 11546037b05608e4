"""The evaluation as the CLI's JSON contract and as a readable text summary."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

from . import formatting as fmt
from .errors import InputError
from .result import Evaluation


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


def to_json_dict(ev: Evaluation) -> dict[str, Any]:
    data = ev.model_dump(mode="python")
    data["washout"]["findings"] = [dict(f) for f in data["washout"]["findings"]]
    plain: dict[str, Any] = _plain(data)
    return plain


def to_json(ev: Evaluation) -> str:
    return json.dumps(to_json_dict(ev), ensure_ascii=False, indent=2)


def errors_json(err: InputError) -> str:
    return json.dumps({"errors": [
        {"code": p.code, "field": p.field, "value": p.value, "message": p.message} for p in err.problems
    ]}, ensure_ascii=False)


def errors_text(err: InputError) -> str:
    return "\n".join(f"error: {p.field}: {p.message} [{p.code}]" for p in err.problems)


def to_text(ev: Evaluation) -> str:
    d = ev.dose
    lines = [
        f"Subject {ev.subject_id}   {d.group_label}, age {ev.age.years} y   protocol {ev.source.protocol_id}",
        f"Weight: {ev.weight.entered} = {fmt.plain_decimal(ev.weight.kg)} kg",
        f"Dose level {d.level}: {fmt.cells(d.cells)}",
    ]
    if d.kind == "per_kg" and d.cells_per_kg is not None and d.weight_kg_used is not None:
        lines.append(f"  {fmt.scientific(int(d.cells_per_kg))} cells/kg x {fmt.plain_decimal(d.weight_kg_used)} kg"
                     f" = {fmt.whole(d.uncapped_cells)}; cap {fmt.whole(d.cap_cells) if d.cap_cells is not None else 'none'}: "
                     f"{'CAP APPLIED' if d.cap_applied else 'not applied'}")
    if d.requires_deescalation_decision:
        lines.append(f"  De-escalation decision confirmed: {d.deescalation_reference or 'yes'}")
    if ev.product:
        pr = ev.product
        lines.append(f"Volume to draw: {fmt.volume_ml(pr.volume_ml)} from {pr.containers} container(s) "
                     f"of {fmt.volume_ml(pr.container_volume_ml)}; delivers {fmt.cells(pr.delivered_cells)}"
                     f" ({fmt.plain_decimal(pr.deviation_percent)}%)")
    lines.append("Washout:" if ev.washout.findings else "Washout: no prior exposures entered")
    for f in ev.washout.findings:
        status = "PASS" if f.status == "pass" else "FAIL"
        clears = f"; clears {f.earliest_date.isoformat()}" if f.earliest_date else ""
        lines.append(f"  [{status}] {f.display_name} ({f.rule}): {f.reason}{clears}")
    for w in ev.warnings:
        lines.append(f"Warning {w.code} ({'acknowledged' if w.acknowledged else 'NOT acknowledged'}): {w.message}")
    lines.append("CLEARED FOR INFUSION" if ev.cleared else "NOT CLEARED - DO NOT INFUSE")
    for r in ev.not_cleared_reasons:
        lines.append(f"  - {r}")
    lines.append(f"Protocol {ev.source.protocol_file} sha256 {ev.source.protocol_sha256}")
    return "\n".join(lines)
