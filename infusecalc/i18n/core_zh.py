"""The core's problems, warnings and washout findings in Chinese, by code (no Qt).

The core speaks English plus stable codes (``Problem.code``, ``Finding.rule``, route and site
ids). Translating by code, never by parsing the English sentence, means a changed English
message cannot silently change the Chinese one. The offending value is shown exactly as it
was entered; every figure is formatted by ``infusecalc.core.formatting`` as in English.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from string import Formatter

from ..core.errors import Problem
from ..core.result import Evaluation, Finding, Warning_


@dataclass(frozen=True)
class CoreTerms:
    """resources/translations/core_zh_CN.toml, loaded."""

    problems: dict[str, str]
    fields: dict[str, str]
    examples: dict[str, str]
    rules: dict[str, str]
    classes: dict[str, str]
    routes: dict[str, str]
    sites: dict[str, str]
    groups: dict[str, str]
    reference: dict[str, str]
    site_settings: dict[str, str]

    PLACEHOLDERS = frozenset({"value", "field", "example"})


def terms_path() -> Path:
    from ..core.datafile import resource_path

    return resource_path("translations", "core_zh_CN.toml")


@cache
def terms() -> CoreTerms:
    data = tomllib.loads(terms_path().read_text(encoding="utf-8"))
    return CoreTerms(**{k: dict(data.get(k, {})) for k in (
        "problems", "fields", "examples", "rules", "classes", "routes", "sites", "groups", "reference",
        "site_settings")})


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(template) if name}


def _leaf(field: str) -> str:
    """'exposures.0.route' -> 'route'; 'product.concentration' -> 'concentration'."""
    parts = [p for p in field.split(".") if p and not p.isdigit()]
    return parts[-1] if parts else field


def field_label(field: str) -> str:
    """The Chinese name of a field path: 'exposures.1.last_date' -> '既往治疗第 2 项的末次日期'."""
    t = terms()
    parts = field.split(".")
    leaf = _leaf(field)
    label = t.fields.get(leaf, leaf)
    if len(parts) >= 3 and parts[0] == "exposures" and parts[1].isdigit():
        return f"{t.fields['exposures']}第 {int(parts[1]) + 1} 项的{label}"
    return label


def problem_text(p: Problem | Warning_) -> str:
    """A problem or warning in Chinese; an unknown code falls back to the English message."""
    t = terms()
    template = t.problems.get(p.code)
    if template is None:  # a code added to the core before its translation: never hide it
        return p.message
    leaf = _leaf(p.field)
    return template.format(value=p.value, field=field_label(p.field),
                           example=t.examples.get(leaf, ""))


def problem_line(p: Problem) -> str:
    """One CLI error line: where, what, and the code (codes are written the same in both languages)."""
    where = f"{field_label(p.field)}（{p.field}）：" if p.field else ""
    return f"错误：{where}{problem_text(p)} [{p.code}]"


def setting_name(key: str) -> str:
    return terms().site_settings.get(key, key.replace("_", " "))


def rule_name(rule_id: str) -> str:
    return terms().rules.get(rule_id, rule_id)


def class_name(class_id: str) -> str:
    return terms().classes.get(class_id, class_id)


def route_name(route: str) -> str:
    return terms().routes.get(route, route)


def site_name(site: str) -> str:
    return terms().sites.get(site, site)


def group_name(group_id: str, english_label: str = "") -> str:
    return terms().groups.get(group_id, f"{group_id} 组" if not english_label else english_label)


def reference_word(reference: str) -> str:
    return terms().reference.get(reference, reference)


def agent_label(zh: str | None, display_name: str) -> str:
    """Chinese generic name with the international name (tall-man where it has one) beside it."""
    return f"{zh}（{display_name}）" if zh else display_name


def _number(text: str) -> Decimal | None:
    try:
        return Decimal(text.split()[0])
    except (InvalidOperation, IndexError):
        return None


def _plain(value: Decimal) -> str:
    from ..core.formatting import plain_decimal

    return plain_decimal(value.quantize(Decimal("0.01")).normalize())


def finding_reason(f: Finding, ev: Evaluation) -> str:
    """Why a finding passed or failed, in Chinese, built from its structured fields.

    Mirrors ``core.washout.evaluate_rule``: the date flag wins; then, for a glucocorticoid,
    a local route, then a dose not above the threshold, clear it; otherwise the window decides.
    """
    ref = reference_word(f.reference)
    if f.flags:
        return (f"日期在{ref}日期（{f.reference_date.isoformat()}）当天或之后："
                f"很可能是录入错误，请核对日期")
    settings = ev.source.site_settings
    threshold = _number(settings.get("steroid_threshold_prednisone_mg_per_day", ""))
    local_routes = {r.strip() for r in settings.get("local_routes", "").split(",") if r.strip()}
    within = f.days_before <= f.window_days
    steroid = f.prednisone_equivalent_mg_per_day is not None or f.route is not None
    if steroid:
        pred = f.prednisone_equivalent_mg_per_day
        if f.route in local_routes:
            return f"局部用药（{route_name(f.route)}）：登记原文规定局部使用的糖皮质激素除外"
        if pred is not None and threshold is not None and pred <= threshold:
            return f"泼尼松等效剂量 {_plain(pred)} mg/天，不高于 {_plain(threshold)} mg/天"
        if within:
            shown = _plain(pred) if pred is not None else "?"
            limit = _plain(threshold) if threshold is not None else "?"
            return (f"泼尼松等效剂量 {shown} mg/天（高于 {limit}），在{ref}前 {f.days_before} 天；"
                    f"洗脱期 {f.window_days} 天")
        return f"末次用药在{ref}前 {f.days_before} 天，已超出 {f.window_days} 天洗脱期"
    if within:
        return f"在{ref}前 {f.days_before} 天；处于 {f.window_days} 天洗脱期内，未放行"
    return f"在{ref}前 {f.days_before} 天，已超出 {f.window_days} 天洗脱期"


def not_cleared_reasons(ev: Evaluation) -> list[str]:
    """The Chinese counterpart of ``ev.not_cleared_reasons``: one line per failed finding, then
    one per unacknowledged warning, in the core's order."""
    lines = [f"{agent_label(f.agent_zh, f.display_name)}：{rule_name(f.rule)}（{finding_reason(f, ev)}）"
             for f in ev.washout.findings if f.status == "fail"]
    pr = ev.product
    if pr is not None and pr.bag_status not in (None, "within"):
        from ..core import formatting as fmt

        limits = (f"{fmt.whole(pr.bag_min_cells)} 至 {fmt.whole(pr.bag_max_cells)}" if pr.bag_min_cells is not None
                  else f"不超过 {fmt.whole(pr.bag_max_cells)}")
        where = "高于最大剂量" if pr.bag_status == "above_maximum" else "低于最小剂量"
        lines.append(f"整袋 {fmt.whole(pr.delivered_cells)} CAR-T 细胞{where}（本患者 {limits} CAR-T 细胞）："
                     f"BAG_OUTSIDE_RANGE")
    lines += [f"警告 {w.code} 未确认" for w in ev.warnings if not w.acknowledged]
    return lines


def cells(n: int) -> str:
    """'1.5 × 10⁸ = 150,000,000 CAR-T 细胞': the figures exactly as core.formatting writes them."""
    from ..core import formatting as fmt

    english = fmt.cells(n)
    suffix = " CAR-T cells"
    if not english.endswith(suffix):  # formatting changed: show it as it is rather than guess
        return english
    return english[: -len(suffix)] + " CAR-T 细胞"
