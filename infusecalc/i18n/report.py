"""The CLI's readable output (``check``'s summary, error lines) in the chosen language (no Qt).

English is the core's own ``report.to_text`` / ``errors_text``; Chinese mirrors it line for
line. Every figure comes from ``core.formatting``, so numbers, units, dates and IDs are the
same characters in both. ``--json`` output never goes through here: it stays English.
"""

from __future__ import annotations

from ..core import formatting as fmt
from ..core.errors import InputError
from ..core.report import errors_text as errors_text_en
from ..core.report import to_text as to_text_en
from ..core.result import Evaluation
from . import Language, message  # noqa: F401  (message: re-exported for callers of this module)
from . import core_zh as zh

# Status words (glossary_zh_CN.md). NOT CLEARED must be unmistakable: it says both that the
# case is not cleared and that the infusion is forbidden.
CLEARED_ZH = "已放行 — 准予输注"
NOT_CLEARED_ZH = "未放行 — 禁止输注"
PASS_ZH = "通过"
FAIL_ZH = "未通过"


def errors_text(err: InputError, lang: Language) -> str:
    if lang != "zh_CN":
        return errors_text_en(err)
    return "\n".join(zh.problem_line(p) for p in err.problems)


def to_text(ev: Evaluation, lang: Language) -> str:
    if lang != "zh_CN":
        return to_text_en(ev)
    d = ev.dose
    lines = [
        f"受试者 {ev.subject_id}   {zh.group_name(d.group, d.group_label)}，年龄 {ev.age.years} 岁   "
        f"方案 {ev.source.protocol_id}",
        f"体重：{ev.weight.entered} = {fmt.plain_decimal(ev.weight.kg)} kg",
        f"剂量水平 {d.level}：" + (zh.cells(d.cells) if d.cells is not None else "仅有剂量范围（说明书未给出目标剂量）"),
    ]
    if d.indication:
        lines.append(f"  适应症：{d.indication}")
    if d.band is not None:
        lines.append(f"  体重分段：{d.band.text}")
    if d.kind == "per_kg":
        cap = (f"上限 {fmt.whole(d.cap_cells)}：{'已按上限给药' if d.cap_applied else '未达上限'}"
               if d.cap_cells is not None else "无上限（方案明确 uncapped = true）")
        lines.append(f"  {fmt.plain_decimal(d.cells_per_kg)} 细胞/kg × {fmt.plain_decimal(d.weight_kg_used)} kg"
                     f" = {fmt.whole(d.uncapped_cells)}；{cap}")
    if d.min_cells is not None and d.max_cells is not None:
        lines.append(f"  本患者剂量范围：{zh.cells(d.min_cells)} 至 {zh.cells(d.max_cells)}")
        if d.max_cap_applied:
            lines.append(f"  最大剂量已按上限：{fmt.whole(d.max_uncapped_cells)} 降至 {fmt.whole(d.max_cap_cells)}")
    if d.decision_kind is not None:
        kind = {"de-escalation": "降级", "escalation": "爬坡（升级）", "extension": "剂量扩展"}[d.decision_kind]
        state = "已确认" if d.decision_confirmed else "未确认"
        lines.append(f"  {kind}决定{state}：{d.decision_reference or '未填写出处'}")
    if ev.product:
        pr = ev.product
        if pr.whole_bag:
            limits = (f"{fmt.whole(pr.bag_min_cells)} 至 {fmt.whole(pr.bag_max_cells)}" if pr.bag_min_cells is not None
                      else f"不超过 {fmt.whole(pr.bag_max_cells)}")
            verdict = {"within": "在范围内", "below_minimum": "低于最小剂量",
                       "above_maximum": "高于最大剂量"}[pr.bag_status or "within"]
            lines.append(f"整袋输注：{zh.cells(pr.delivered_cells)}（{pr.total_cells_entered}）；"
                         f"本患者{verdict}（{limits} 细胞）")
        else:
            lines.append(f"抽取体积：{fmt.volume_ml(pr.volume_ml)}，需 {pr.containers} 袋"
                         f"（每袋 {fmt.volume_ml(pr.container_volume_ml)}）；实际输注 {zh.cells(pr.delivered_cells)}"
                         f"（{fmt.plain_decimal(pr.deviation_percent)}%）")
    lines.append("洗脱期：" if ev.washout.findings else "洗脱期：未填写既往治疗")
    for f in ev.washout.findings:
        status = PASS_ZH if f.status == "pass" else FAIL_ZH
        clears = f"；最早可输注日期 {f.earliest_date.isoformat()}" if f.earliest_date else ""
        lines.append(f"  [{status}] {zh.agent_label(f.agent_zh, f.display_name)}，{zh.rule_name(f.rule)}："
                     f"{zh.finding_reason(f, ev)}{clears}")
    for w in ev.warnings:
        lines.append(f"警告 {w.code}（{'已确认' if w.acknowledged else '未确认'}）：{zh.problem_text(w)}")
    lines.append(CLEARED_ZH if ev.cleared else NOT_CLEARED_ZH)
    for r in zh.not_cleared_reasons(ev):
        lines.append(f"  - {r}")
    lines.append(f"方案文件 {ev.source.protocol_file} sha256 {ev.source.protocol_sha256}")
    return "\n".join(lines)

