"""One entry point: a Case in, an Evaluation out (or an InputError naming every bad field)."""

from __future__ import annotations

from decimal import Decimal
from typing import Callable, Literal

from .. import __version__
from . import limits
from .crosscheck import cross_check
from .case import Case, Exposure
from .dosing import Dose, DosingProblem, completed_years, dose_for, groups_for_age
from .errors import SHOWN_CHARS, InputError, ProblemCollector, problem
from .formatting import beside_limit, plain_decimal
from .checklist import check_checklist, read_attestations
from .eligibility import Measured, check_values
from .eligibility_input import read_labs
from .eligibility_result import EligibilityResult
from .formulary import LoadedFormulary, default_formulary
from .product import draw
from .dose_levels import DoseLevel
from .protocol import Group, LoadedProtocol, Protocol, SiteSettings, default_protocol
from .result import (AgeResult, DoseResult, Evaluation, Params, ProductResult, Reason, Source,
                     WashoutResult, WeightBandResult, WeightResult, Warning_)
from .washout import PREDNISONE_REFERENCE_MG
from .units import parse_cell_count, parse_concentration, parse_mass_mg, parse_volume_ml, parse_weight_kg
from .washout import (LYMPHODEPLETION_PURPOSE, ResolvedExposure, evaluate_lymphodepletion, evaluate_rule,
                      outlook, rules_for)

# (code, field, value as entered, English message, typed params for the text layer)
PendingWarning = tuple[str, str, str, str, Params]


def evaluate(case: Case, protocol: LoadedProtocol | None = None,
             formulary: LoadedFormulary | None = None) -> Evaluation:
    lp = protocol or default_protocol()
    lf = formulary or default_formulary()
    if lp.protocol.washout:
        # A protocol with no washout rules (a label example) has no classes to match the formulary's.
        cross_check(lp, lf)   # a misspelt class is refused against the file that has it
    p = lp.protocol
    errors = ProblemCollector()
    warnings: list[PendingWarning] = []

    _check_dates(case, errors)
    limits.check_dates(case, p.site_settings, errors)
    age = _age(case, p, errors, warnings)
    group = _group(case, p, age, errors)
    weight_kg = _weight(case, p, errors)
    level = _level(case, group, errors) if group else None
    indication = _indication(case, group, errors) if group else None
    exposures = _exposures(case, p, lf, errors)
    label = _label_quantities(case, p, errors)
    rules = p.eligibility_values
    labs = read_labs(case, rules, errors) if rules is not None else _no_eligibility_rules(case, errors)
    answers = read_attestations(case, rules, errors) if rules is not None else {}
    dosing = _dosing(case, level, weight_kg, errors) if level is not None and weight_kg is not None else None
    errors.raise_if_any()
    assert age is not None and group is not None and level is not None and weight_kg is not None
    assert dosing is not None

    if weight_kg < group.soft_weight_min_kg or weight_kg > group.soft_weight_max_kg:
        low = weight_kg < group.soft_weight_min_kg
        warnings.append((
            "WEIGHT_BELOW_USUAL" if low else "WEIGHT_ABOVE_USUAL", "weight", case.weight,
            # a weight converted from lb has many decimals: the digits that decide against the
            # limit it is compared with, never rounded onto it (conventions.md)
            f"{beside_limit(weight_kg, group.soft_weight_min_kg if low else group.soft_weight_max_kg)} kg is "
            f"{'below' if low else 'above'} the usual range for {group.label} "
            f"({plain_decimal(group.soft_weight_min_kg)}-{plain_decimal(group.soft_weight_max_kg)} kg); check the weight "
            f"and its unit, then acknowledge.",
            {"weight_kg": weight_kg, "min_kg": group.soft_weight_min_kg, "max_kg": group.soft_weight_max_kg,
             "group": group.id},
        ))

    if dosing.cells is not None and dosing.cells <= 0:
        # a dose of no cells is never a result (the limits above should prevent it)
        raise InputError(problem("DOSE_NOT_POSITIVE", "weight", case.weight,
                                 f"At {case.weight} the dose of {level.id} is 0 cells; check the weight."))
    dose = _dose_result(case, group, level, dosing, weight_kg, indication)
    product = _product(case, p, level, dosing, label, warnings)

    washout = _washout(case, p, exposures, warnings)
    if rules is not None:
        eligibility = check_values(labs, rules, infusion_date=case.infusion_date,
                                   age_years=age.years, weight_kg=weight_kg, sex=case.sex,
                                   hepatobiliary_invasion=bool(case.hepatobiliary_invasion),
                                   checklist=check_checklist(answers, rules, case.attested_by, case.attested_on))
    else:
        eligibility = EligibilityResult(assessed=False, validity_days=0, hepatobiliary_invasion=False,
                                        creatinine_clearance_ml_min=None, findings=[], cleared=True,
                                        not_assessed_clears=True, checklist=None)

    acked = set(case.acknowledged_warnings)
    warning_models = [Warning_(code=c, field=f, value=v, message=m, acknowledged=c in acked, params=params)
                      for c, f, v, m, params in warnings]
    reasons = [Reason(code="FINDING_FAILED", params={"finding": i})
               for i, f in enumerate(washout.findings) if f.status == "fail"]
    reasons += [Reason(code="ELIGIBILITY_VALUE_NOT_MET", params={"finding": i})
                for i, f in enumerate(eligibility.findings) if f.status != "pass"]
    if not eligibility.assessed and not eligibility.not_assessed_clears:
        reasons.append(Reason(code="ELIGIBILITY_VALUES_NOT_ENTERED"))
    checklist = eligibility.checklist
    reasons += [Reason(code="ATTESTATION_NOT_MET", params={"item": i.id})
                for i in (checklist.items if checklist else []) if i.answer == "not_met"]
    if checklist is not None and checklist.unanswered_block and checklist.unanswered:
        reasons.append(Reason(code="ATTESTATIONS_UNANSWERED",
                              params={"count": checklist.unanswered, "total": len(checklist.items)}))
    if product is not None and product.bag_status not in (None, "within"):
        reasons.append(_bag_reason(product))
    reasons += [Reason(code="WARNING_NOT_ACKNOWLEDGED", params={"warning": w.code})
                for w in warning_models if not w.acknowledged]
    return Evaluation(
        program_version=__version__,
        source=Source(protocol_id=p.id, protocol_file=lp.file_name, protocol_sha256=lp.sha256,
                      protocol_version=p.version, protocol_effective_date=p.effective_date,
                      protocol_amendment=p.amendment,
                      formulary_file=lf.file_name, formulary_sha256=lf.sha256,
                      site_settings={**p.site_settings.as_lines(),
                                     **(rules.site_settings.as_lines() if rules else {})}),
        case_sha256=case.sha256(),
        subject_id=case.subject_id,
        infusion_date=case.infusion_date,
        consent_date=case.consent_date,
        age=age, weight=WeightResult(entered=case.weight, kg=weight_kg, measured_on=case.weight_date),
        dose=dose, product=product, washout=washout, warnings=warning_models,
        cleared=not reasons, not_cleared=reasons,
        eligibility=eligibility, eligibility_assessed=eligibility.assessed,
    )


def _washout(case: Case, p: Protocol, exposures: list[ResolvedExposure],
             warnings: list[PendingWarning]) -> WashoutResult:
    settings = p.site_settings
    findings = []
    for exp in exposures:
        if exp.conditioning:
            assert p.lymphodepletion is not None  # _exposure refused it otherwise
            findings.append(evaluate_lymphodepletion(p.lymphodepletion, settings.lymphodepletion_min_days,
                                                     settings.lymphodepletion_max_days, exp, case.infusion_date))
        for rule in rules_for(p, exp):
            ref = case.infusion_date if rule.reference == "infusion" else case.consent_date
            assert ref is not None  # _exposures required it
            findings.append(evaluate_rule(rule, exp, ref, settings.steroid_threshold_prednisone_mg_per_day,
                                          exposures))
    conditioned = any(e.conditioning for e in exposures)
    if settings.warn_without_lymphodepletion and p.lymphodepletion and not conditioned:
        warnings.append(("LYMPHODEPLETION_NOT_RECORDED", "exposures", "",
                         "No lymphodepleting conditioning is recorded for this infusion; record it "
                         "(\"purpose\": \"lymphodepletion\") or acknowledge.", {}))
    view = outlook(findings, settings.lymphodepletion_max_days if conditioned else None)
    return WashoutResult(findings=findings, cleared=all(f.status == "pass" for f in findings),
                         earliest_infusion_date=view.earliest_infusion_date,
                         earliest_consent_date=view.earliest_consent_date,
                         clears_by_date_alone=view.clears_by_date_alone, outlook=view.reasons)


def _check_dates(case: Case, errors: ProblemCollector) -> None:
    if case.consent_date and case.consent_date > case.infusion_date:
        errors.add("CONSENT_AFTER_INFUSION", "consent_date", case.consent_date.isoformat(),
                   f"The consent date {case.consent_date} is after the planned infusion "
                   f"{case.infusion_date}; consent is signed before treatment. Check both dates.")
    if case.weight_date and case.weight_date > case.infusion_date:
        errors.add("WEIGHT_DATE_AFTER_INFUSION", "weight_date", case.weight_date.isoformat(),
                   f"The weight was measured on {case.weight_date}, after the planned infusion "
                   f"{case.infusion_date}. Enter the date it was actually measured.")


def _age(case: Case, p: Protocol, errors: ProblemCollector,
         warnings: list[PendingWarning]) -> AgeResult | None:
    ref_date = case.consent_date or case.infusion_date
    ref: Literal["consent", "infusion"] = "consent" if case.consent_date else "infusion"
    if case.date_of_birth is None and case.age_years is None:
        errors.add("AGE_MISSING", "age_years", "",
                   "Give the date of birth (\"date_of_birth\": \"2011-03-14\") or the age in years "
                   "(\"age_years\": 15).")
        return None
    if case.date_of_birth is not None:
        if case.date_of_birth >= ref_date:
            errors.add("DATE_OF_BIRTH_INVALID", "date_of_birth", case.date_of_birth.isoformat(),
                       f"The date of birth is not before the {ref} date {ref_date}; check it.")
            return None
        years = completed_years(case.date_of_birth, ref_date)
        source: Literal["date_of_birth", "age_years"] = "date_of_birth"
        if case.age_years is not None and case.age_years != years:
            warnings.append(("AGE_DIFFERS_FROM_BIRTH_DATE", "age_years", str(case.age_years),
                             f"The typed age {case.age_years} differs from {years} years computed from "
                             f"the date of birth on {ref_date}; the date of birth is used. Check both, "
                             f"then acknowledge.",
                             {"typed_years": case.age_years, "years": years, "reference_date": ref_date}))
    else:
        years = case.age_years  # type: ignore[assignment]
        source = "age_years"
    field = "date_of_birth" if source == "date_of_birth" else "age_years"
    e = p.eligibility
    if not e.min_age_years <= years <= e.max_age_years:
        errors.add("AGE_NOT_ELIGIBLE", field, str(years),
                   f"Age {years} years (on {ref_date}) is outside the trial's {e.min_age_years}-"
                   f"{e.max_age_years} years; no dose can be computed. Check the "
                   f"{'date of birth' if source == 'date_of_birth' else 'age'}.")
        return None
    return AgeResult(years=years, source=source, reference_date=ref_date, reference=ref)


def _group(case: Case, p: Protocol, age: AgeResult | None, errors: ProblemCollector) -> Group | None:
    group = p.group(case.group)
    if group is None:
        named = case.group if len(case.group) <= SHOWN_CHARS else case.group[:SHOWN_CHARS] + "…"
        errors.add("GROUP_UNKNOWN", "group", case.group,
                   f"'{named}' is not a group of this protocol; use one of "
                   f"{', '.join(g.id for g in p.groups)}.")
        return None
    if age is not None and not group.min_age_years <= age.years <= group.max_age_years:
        fitting = ", ".join(f"{g.id} ({g.min_age_years}-{g.max_age_years})"
                            for g in groups_for_age(p.groups, age.years))
        errors.add("AGE_GROUP_MISMATCH", "group", case.group,
                   f"Age {age.years} years does not fit {group.label} ({group.min_age_years}-"
                   f"{group.max_age_years} years). The group is never changed for you: check the age "
                   f"and choose the group that fits ({fitting or 'none'}).")
        return None
    return group


def _weight(case: Case, p: Protocol, errors: ProblemCollector) -> Decimal | None:
    try:
        kg = parse_weight_kg(case.weight)
    except InputError as exc:
        errors.extend(exc)
        return None
    return kg if limits.check_weight(kg, case.weight, p.site_settings, errors) else None


def _level(case: Case, group: Group, errors: ProblemCollector) -> DoseLevel | None:
    level = group.level(case.dose_level)
    if level is None:
        errors.add("LEVEL_NOT_IN_GROUP", "dose_level", case.dose_level,
                   f"{group.label} has no dose level '{case.dose_level}'; choose one of "
                   f"{', '.join(lv.id for lv in group.levels)}.")
        return None
    needed = level.requires_decision
    recorded = case.decision_confirmed or ("de-escalation" if case.deescalation_confirmed else None)
    if case.decision_confirmed and case.deescalation_confirmed and case.decision_confirmed != "de-escalation":
        errors.add("DECISION_KIND_CONFLICT", "decision_confirmed", case.decision_confirmed,
                   f"The case confirms both a de-escalation decision (\"deescalation_confirmed\": true) "
                   f"and a{'n' if case.decision_confirmed[0] == 'e' else ''} {case.decision_confirmed} "
                   f"decision; keep the one that was decided.")
        return None
    if needed is not None and recorded != needed:
        if needed == "de-escalation" and recorded is None:
            errors.add("DEESCALATION_NOT_CONFIRMED", "deescalation_confirmed", case.dose_level,
                       f"{level.id} is given only after the investigator and the sponsor decided to "
                       f"de-escalate. Confirm that documented decision "
                       f"(\"deescalation_confirmed\": true) or choose another level.")
        elif recorded is None:
            errors.add("DECISION_NOT_CONFIRMED", "decision_confirmed", case.dose_level,
                       f"{level.id} is given only after the investigator and the sponsor decided on "
                       f"{_decision_words(needed)}. Confirm that documented decision "
                       f"(\"decision_confirmed\": \"{needed}\") or choose another level.")
        else:
            errors.add("DECISION_KIND_MISMATCH", "decision_confirmed", recorded,
                       f"{level.id} needs a recorded {needed} decision, but the case confirms a "
                       f"{recorded} decision. Confirm the decision this level needs "
                       f"(\"decision_confirmed\": \"{needed}\") or choose another level.")
        return None
    return level


def _decision_words(kind: str) -> str:
    return {"de-escalation": "de-escalation to a lower dose", "escalation": "escalation to a higher dose",
            "extension": "extending the dose level"}[kind]


def _indication(case: Case, group: Group, errors: ProblemCollector) -> str | None:
    if group.indications is None:
        if case.indication is not None:
            errors.add("INDICATION_NOT_USED", "indication", case.indication,
                       f"{group.label} does not distinguish indications; remove \"indication\" or check "
                       f"the group.")
        return None
    if case.indication is None:
        errors.add("INDICATION_REQUIRED", "indication", "",
                   f"{group.label} is dosed by indication; state it (\"indication\": one of "
                   f"{', '.join(group.indications)}).")
        return None
    found = group.indication(case.indication)
    if found is None:
        errors.add("INDICATION_NOT_IN_GROUP", "indication", case.indication,
                   f"'{case.indication}' is not an indication of {group.label}; use one of "
                   f"{', '.join(group.indications)}, or choose the group for this indication.")
    return found


def _dosing(case: Case, level: DoseLevel, weight_kg: Decimal, errors: ProblemCollector) -> Dose | None:
    try:
        return dose_for(level, weight_kg)
    except DosingProblem as exc:
        errors.add(exc.code, "weight", case.weight,
                   f"Dose level {level.id} at {plain_decimal(weight_kg)} kg: {exc.message}. Check the "
                   f"weight and the level.")
        return None


def _dose_result(case: Case, group: Group, level: DoseLevel, d: Dose, weight_kg: Decimal,
                 indication: str | None) -> DoseResult:
    band = None
    if d.band is not None:
        b = d.band
        band = WeightBandResult(min_kg=b.lower, min_inclusive=b.weight_kg_min_inclusive is not None,
                                max_kg=b.upper, max_inclusive=b.weight_kg_max_inclusive is not None,
                                text=b.describe())
    recorded = case.decision_confirmed or ("de-escalation" if case.deescalation_confirmed else None)
    reference = case.decision_reference or case.deescalation_reference
    return DoseResult(
        group=group.id, group_label=group.label, level=level.id, kind=d.kind,
        level_kind=level.kind, band=band,
        quote=d.band.quote if d.band is not None and d.band.quote else level.quote,
        cells_per_kg=d.cells_per_kg, weight_kg_used=weight_kg if d.weight_dependent else None,
        cells=d.cells, uncapped_cells=d.uncapped_cells, cap_cells=d.cap_cells, cap_applied=d.cap_applied,
        min_cells=d.min_cells, max_cells=d.max_cells, min_cells_per_kg=d.min_cells_per_kg,
        max_cells_per_kg=d.max_cells_per_kg, max_uncapped_cells=d.max_uncapped_cells,
        max_cap_cells=d.max_cap_cells, max_cap_applied=d.max_cap_applied, indication=indication,
        requires_deescalation_decision=level.requires_deescalation_decision,
        deescalation_confirmed=case.deescalation_confirmed or case.decision_confirmed == "de-escalation",
        deescalation_reference=reference if recorded == "de-escalation" else case.deescalation_reference,
        decision_kind=level.requires_decision,
        decision_confirmed=level.requires_decision is not None and recorded == level.requires_decision,
        decision_reference=reference,
    )


def _exposures(case: Case, p: Protocol, lf: LoadedFormulary,
               errors: ProblemCollector) -> list[ResolvedExposure]:
    if case.exposures and not p.washout:
        errors.add("NO_WASHOUT_RULES", "exposures", str(len(case.exposures)),
                   f"Protocol {p.id} has no washout rules, so no prior treatment can be checked against "
                   f"it; remove the exposures or use a protocol that states its washout windows.")
        return []
    out = []
    known = p.washout_classes
    sites = sorted({s for r in p.washout for s in (r.sites or [])})
    for i, exp in enumerate(case.exposures):
        resolved = _exposure(i, exp, case, p, lf, known, sites, errors)
        if resolved is not None:
            out.append(resolved)
    return out


def _exposure(i: int, exp: Exposure, case: Case, p: Protocol, lf: LoadedFormulary, known: set[str],
              sites: list[str], errors: ProblemCollector) -> ResolvedExposure | None:
    at = f"exposures.{i}"
    agent = lf.lookup(exp.agent)
    typed = exp.hand_classes()
    # A class word may name several classes (an unspecified asparaginase is also a
    # PEG-asparaginase): every class it could name applies (conventions.md).
    hand = [lf.washout_classes(c, known) for c in typed]
    bad = [t for t, c in zip(typed, hand, strict=True) if not c]
    if bad:
        errors.add("CLASS_UNKNOWN", f"{at}.class", ", ".join(bad),
                   f"'{', '.join(bad)}' is not a washout class; use one of {', '.join(sorted(known))}.")
        return None
    if agent is None and not hand:
        errors.add("AGENT_UNKNOWN", f"{at}.agent", exp.agent,
                   f"'{exp.agent}' is not in the formulary. Check the spelling, or give its washout "
                   f"class (\"class\": one of {', '.join(sorted(known))}).")
        return None
    # A by-hand class beside a known agent can only add rules, never remove them.
    classes = tuple(dict.fromkeys([*(agent.classes if agent else []), *(c for cs in hand for c in cs)]))
    ok = True
    if exp.first_date is not None and exp.first_date > exp.last_date:
        errors.add("FIRST_DATE_AFTER_LAST_DATE", f"{at}.first_date", exp.first_date.isoformat(),
                   f"The course's first date {exp.first_date} is after its last date {exp.last_date}; "
                   f"check both dates (a single day needs only \"last_date\").")
        ok = False
    if exp.purpose == LYMPHODEPLETION_PURPOSE:
        allowed = p.conditioning_agents()
        allowed_keys = {getattr(lf.lookup(a), "name", a) for a in allowed}
        if agent is None or agent.name not in allowed_keys:
            errors.add("LYMPHODEPLETION_AGENT_NOT_ALLOWED", f"{at}.purpose", exp.purpose,
                       f"'{exp.agent}' is not an agent this protocol allows as lymphodepleting "
                       f"conditioning ({', '.join(allowed) or 'none'}). Remove \"purpose\" to record it "
                       f"as prior therapy, or correct the agent.")
            ok = False
    if any(r.reference == "consent" for r in p.washout if set(r.classes) & set(classes)) \
            and case.consent_date is None:
        errors.add("CONSENT_DATE_REQUIRED", "consent_date", "",
                   f"'{exp.agent}' is checked against the consent date; enter \"consent_date\".")
        ok = False
    site = None
    if (agent and agent.requires == "site") or any(r.sites for r in p.washout if set(r.classes) & set(classes)):
        site = p.site_settings.radiotherapy_site(exp.site) if exp.site else None
        if site not in sites:
            errors.add("SITE_REQUIRED" if not exp.site else "SITE_UNKNOWN", f"{at}.site", exp.site or "",
                       f"Radiotherapy needs its site: one of {', '.join(sites)} (\"site\": \"cns\").")
            ok = False
    route, systemic, dose_mg = None, True, None
    if "systemic_glucocorticoid" in classes:
        if agent is None or agent.prednisone_equivalent_mg is None:
            errors.add("STEROID_UNKNOWN", f"{at}.agent", exp.agent,
                       f"InfuseCalc has no prednisone equivalent for '{exp.agent}'; enter a "
                       f"glucocorticoid from the formulary.")
            return None
        if not exp.route:
            errors.add("ROUTE_REQUIRED", f"{at}.route", "",
                       f"A glucocorticoid needs its route (\"route\": \"oral\"; systemic: "
                       f"{', '.join(p.site_settings.systemic_routes)}; local: "
                       f"{', '.join(p.site_settings.local_routes)}).")
            ok = False
        else:
            route = p.site_settings.route(exp.route)
            if route is None:
                errors.add("ROUTE_UNKNOWN", f"{at}.route", exp.route,
                           f"'{exp.route}' is not a route InfuseCalc knows; use one of "
                           f"{', '.join(p.site_settings.systemic_routes + p.site_settings.local_routes)}.")
                ok = False
            else:
                systemic = p.site_settings.is_systemic(route)
        if exp.daily_dose is None:
            errors.add("DAILY_DOSE_REQUIRED", f"{at}.daily_dose", "",
                       "A glucocorticoid needs its daily dose with unit (\"daily_dose\": \"10 mg\").")
            ok = False
        else:
            try:
                dose_mg = parse_mass_mg(exp.daily_dose, f"{at}.daily_dose")
                if dose_mg <= 0:
                    errors.add("DAILY_DOSE_INVALID", f"{at}.daily_dose", exp.daily_dose,
                               "The daily dose must be above 0, like '10 mg'.")
                    ok = False
                elif not limits.check_glucocorticoid(
                        dose_mg * PREDNISONE_REFERENCE_MG / agent.prednisone_equivalent_mg,
                        exp.daily_dose, f"{at}.daily_dose", p.site_settings, errors):
                    ok = False
            except InputError as exc:
                errors.extend(exc)
                ok = False
    if not ok:
        return None
    return ResolvedExposure(written=exp.agent, agent=agent, classes=classes, last_date=exp.last_date,
                            route=route, systemic=systemic, site=site, daily_dose_mg=dose_mg, index=i,
                            first_date=exp.first_date, purpose=exp.purpose)


_Label = tuple[Decimal, Decimal] | int


def _label_quantities(case: Case, p: Protocol, errors: ProblemCollector) -> _Label | None:
    """Concentration (cells/mL) and container volume (mL) from the product label, or the
    whole-bag total (cells) for a product infused whole."""
    prod = case.product
    if prod is None:
        return None
    if prod.total_cells is not None:
        if prod.concentration is not None or prod.container_volume is not None:
            errors.add("PRODUCT_BOTH_FORMS", "product.total_cells", prod.total_cells,
                       "Give either the whole-bag total (\"total_cells\") or the concentration and "
                       "container volume to draw from, not both.")
            return None
        try:
            total = parse_cell_count(prod.total_cells, "product.total_cells")
        except InputError as exc:
            errors.extend(exc)
            return None
        if total <= 0 or total != total.to_integral_value():
            errors.add("TOTAL_CELLS_INVALID", "product.total_cells", prod.total_cells,
                       "The bag's total must be a positive whole number of cells, like '2.0e8 cell'.")
            return None
        return int(total)
    conc = _label_value(prod.concentration, "concentration", parse_concentration,
                        limits.check_concentration, p, errors,
                        missing_hint=" (or give a whole-bag product's \"total_cells\" instead)")
    vol = _label_value(prod.container_volume, "container_volume", parse_volume_ml,
                       limits.check_container_volume, p, errors)
    return (conc, vol) if conc is not None and vol is not None else None


_LABEL_EXAMPLES = {"concentration": "1.3e7 cell/mL", "container_volume": "10 mL"}


def _label_value(entered: str | None, key: str, parse: Callable[[object], Decimal],
                 within_site_limits: Callable[[Decimal, str, SiteSettings, ProblemCollector], bool],
                 p: Protocol, errors: ProblemCollector, missing_hint: str = "") -> Decimal | None:
    """One label value the volume is drawn from: given, read in its unit, above zero and inside
    the site's plausibility limits, or None with the problem recorded."""
    field, example = f"product.{key}", _LABEL_EXAMPLES[key]
    code = key.upper()
    if entered is None:
        errors.add("FIELD_MISSING", field, "",
                   f"'{key}' is required, like \"{key}\": \"{example}\"{missing_hint}.")
        return None
    try:
        value = parse(entered)
    except InputError as exc:
        errors.extend(exc)
        return None
    if value <= 0:
        errors.add(f"{code}_INVALID", field, entered, f"The {key.replace('_', ' ')} must be above 0, like '{example}'.")
        return None
    return value if within_site_limits(value, entered, p.site_settings, errors) else None


def _product(case: Case, p: Protocol, level: DoseLevel, dose: Dose, label: _Label | None,
             warnings: list[PendingWarning]) -> ProductResult | None:
    prod = case.product
    if prod is None or label is None:
        return None
    grad = p.site_settings.volume_graduation_ml
    if isinstance(label, int):
        return _whole_bag(case, p, dose, label, warnings)
    if dose.cells is None:
        # A label that gives only a range leaves no dose to draw a volume for: such products are
        # made for the patient and infused whole, so the bag's total is what is checked.
        assert dose.min_cells is not None and dose.max_cells is not None
        raise InputError(problem(
            "RANGE_NEEDS_WHOLE_BAG", "product.total_cells", "",
            f"Dose level {level.id} gives only a range ({dose.min_cells:,} to {dose.max_cells:,} cells for "
            f"this patient), no dose to draw a volume for. The bag is infused whole: give its total from "
            f"the label (\"total_cells\": \"2.0e8 cell\") instead of concentration and container volume."))
    cells = dose.cells
    conc, vol = label
    assert prod.concentration is not None and prod.container_volume is not None
    d = draw(cells, conc, vol, grad)
    if d.volume_ml <= 0:
        raise InputError(problem(
            "VOLUME_BELOW_GRADUATION", "product.concentration", prod.concentration,
            f"At {prod.concentration} the dose is less than one {grad} mL graduation; "
            f"check the label's concentration."))
    deviation = d.delivered_cells - cells
    exact = Decimal(deviation) * 100 / Decimal(cells)
    percent = exact.quantize(Decimal("0.01"))
    limit = p.site_settings.max_delivery_deviation_percent
    # Decided on the exact deviation, never on the rounded one (10.004 % is above 10 %).
    if abs(exact) > limit:
        shown = beside_limit(abs(exact), limit)
        warnings.append(("DELIVERY_DEVIATION", "product.concentration", prod.concentration,
                         f"Rounding the volume down to {plain_decimal(grad)} mL delivers {shown}% of the dose "
                         f"off target (more than {plain_decimal(limit)}%); "
                         f"check the concentration, then acknowledge.",
                         {"graduation_ml": grad, "deviation_percent": abs(exact), "limit_percent": limit}))
    return ProductResult(
        concentration_entered=prod.concentration, concentration_cells_per_ml=conc,
        container_volume_entered=prod.container_volume, container_volume_ml=vol, graduation_ml=grad,
        volume_ml=d.volume_ml, containers=d.containers, delivered_cells=d.delivered_cells,
        deviation_cells=deviation, deviation_percent=percent, lot=prod.lot, bag_ids=list(prod.bag_ids),
    )


def _whole_bag(case: Case, p: Protocol, dose: Dose, total: int,
               warnings: list[PendingWarning]) -> ProductResult:
    """A bag infused whole: its total must lie within the patient's limits.

    With a range the limits are its minimum and maximum for this patient. A level with only a
    target has no minimum: the target (after any cap) is the maximum, and a bag short of it by
    more than the site's delivery deviation is a warning to acknowledge.
    """
    prod = case.product
    assert prod is not None
    lo = dose.min_cells
    hi = dose.max_cells if dose.max_cells is not None else dose.cells
    assert hi is not None
    status = "above_maximum" if total > hi else "below_minimum" if lo is not None and total < lo else "within"
    deviation = percent = None
    if dose.cells is not None:
        deviation = total - dose.cells
        exact = Decimal(deviation) * 100 / Decimal(dose.cells)
        percent = exact.quantize(Decimal("0.01"))
        limit = p.site_settings.max_delivery_deviation_percent
        if lo is None and status == "within" and abs(exact) > limit:
            warnings.append(("BAG_SHORT_OF_DOSE", "product.total_cells", prod.total_cells or "",
                             f"The bag holds {beside_limit(abs(exact), limit)}% less than the dose (more "
                             f"than {plain_decimal(limit)}%); check the label's total, then acknowledge.",
                             {"deviation_percent": abs(exact), "limit_percent": limit}))
    return ProductResult(
        concentration_entered=None, concentration_cells_per_ml=None, container_volume_entered=None,
        container_volume_ml=None, graduation_ml=p.site_settings.volume_graduation_ml, volume_ml=None,
        containers=None, delivered_cells=total, deviation_cells=deviation, deviation_percent=percent,
        lot=prod.lot, bag_ids=list(prod.bag_ids), whole_bag=True, total_cells_entered=prod.total_cells,
        bag_min_cells=lo, bag_max_cells=hi, bag_status=status,
    )


def _bag_reason(product: ProductResult) -> Reason:
    code = "BAG_ABOVE_MAXIMUM" if product.bag_status == "above_maximum" else "BAG_BELOW_MINIMUM"
    return Reason(code=code, params={"cells": product.delivered_cells, "min_cells": product.bag_min_cells,
                                     "max_cells": product.bag_max_cells})


def _no_eligibility_rules(case: Case, errors: ProblemCollector) -> dict[str, Measured]:
    """A protocol without eligibility criteria (a product label file) checks no values: a case
    that gives some is refused rather than shown as if they had been checked."""
    for name, given in (("labs", case.labs), ("attestations", case.attestations)):
        if given:
            errors.add("LAB_NOT_IN_PROTOCOL", name, name,
                       f"This protocol defines no eligibility criteria; remove \"{name}\" or use the "
                       f"trial's protocol.")
    return {}
