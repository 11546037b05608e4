"""The case file: what a pharmacist enters, as the CLI, the GUI and the records read it.

This model is the published contract (``infusecalc schema`` prints its JSON Schema). It only
checks the shape of the input; clinical checks live in ``evaluate``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import unicodedata
from typing import Annotated, Any, Literal

from pydantic_core import ErrorDetails
from pydantic import (AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationError,
                      field_validator)

from .errors import InputError, Problem

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso_date(value: Any) -> Any:
    # pydantic would also take 20261210 as a Unix timestamp: a date must be written as a date.
    if isinstance(value, dt.datetime):
        raise ValueError("must be a date (YYYY-MM-DD), not a date and time")
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not _ISO_DATE.match(value.strip()):
        raise ValueError("must be a date written YYYY-MM-DD, like 2026-12-10")
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"'{value}' is not a real calendar date; check the day and month (YYYY-MM-DD)") from None


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]

# Bounds on what a case holds (issue 14): the identifiers printed on the sheet and compared at
# the bedside have a length and a character set each; nothing a person typed may hide a control,
# zero-width or direction-override character (U+202E can make "B1" display as something else).
MAX_TEXT_CHARS = 200
MAX_EXPOSURES = 200
MAX_BAG_IDS = 50
_IDENTIFIER = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ._/-]*", re.ASCII)
_HIDDEN = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})   # control, format, unassigned...


def _hidden_character(value: str) -> str | None:
    for ch in value:
        if unicodedata.category(ch) in _HIDDEN:
            return f"U+{ord(ch):04X}"
    return None


def _identifier(what: str, max_chars: int, example: str, empty_ok: bool = False) -> AfterValidator:
    def check(value: str) -> str:
        if empty_ok and value == "":
            return value
        if len(value) > max_chars:
            raise ValueError(f"is {len(value):,} characters long; {what} has at most {max_chars}, like '{example}'")
        if not _IDENTIFIER.fullmatch(value):
            hidden = _hidden_character(value)
            extra = f" (it holds the invisible character {hidden})" if hidden else ""
            raise ValueError(f"must start with a letter or digit and hold only letters A-Z, digits, spaces "
                             f"and . _ / -{extra}; type it like '{example}'")
        return value
    return AfterValidator(check)


def _name(value: str) -> str:
    if len(value) > 80:
        raise ValueError(f"is {len(value):,} characters long; an agent's name has at most 80")
    hidden = _hidden_character(value)
    if hidden:
        raise ValueError(f"holds the invisible or control character {hidden}; retype the name")
    return value


SubjectId = Annotated[str, _identifier("a subject ID", 32, "0101-007")]
LabelId = Annotated[str, _identifier("a lot number or bag ID", 40, "L2026-118", empty_ok=True)]
AgentName = Annotated[str, AfterValidator(_name)]


class _Input(BaseModel):
    # A misspelt field name must not be ignored: "weigth" would silently drop the weight.
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True,
                              str_strip_whitespace=True, str_max_length=MAX_TEXT_CHARS)


class Exposure(_Input):
    agent: AgentName = Field(min_length=1, description="Agent or treatment as written (English, brand, synonym or Chinese name)")
    last_date: IsoDate = Field(description="Date of the last dose or treatment")
    first_date: IsoDate | None = Field(
        default=None, description="First day of a course given daily at one dose up to last_date "
                                  "(a taper: one entry per daily dose)")
    purpose: Literal["lymphodepletion"] | None = Field(
        default=None, description="'lymphodepletion' for the protocol's conditioning (fludarabine, "
                                  "cyclophosphamide): judged by the conditioning window, not as prior therapy")
    class_: str | list[str] | None = Field(
        default=None, alias="class",
        description="Washout class(es), required only for an agent the formulary does not know")
    daily_dose: str | None = Field(default=None, description="Glucocorticoids: daily dose with unit, like '10 mg'")
    route: str | None = Field(default=None, description="Glucocorticoids: route (oral, intravenous, topical, inhaled...)")
    site: str | None = Field(default=None, description="Radiotherapy: cns, lung or other")

    def hand_classes(self) -> list[str]:
        if self.class_ is None:
            return []
        return [self.class_] if isinstance(self.class_, str) else list(self.class_)


class Product(_Input):
    concentration: str | None = Field(
        default=None, description="CAR-T cells per mL from the label, like '1.3e7 cell/mL'")
    container_volume: str | None = Field(default=None, description="Volume per bag or vial, like '10 mL'")
    total_cells: str | None = Field(
        default=None,
        description="Whole-bag products, instead of concentration and container volume: the label's "
                    "total CAR-T cells in the bag or bags, infused whole, like '2.0e8 cell'")
    lot: LabelId | None = Field(default=None, description="Lot number from the label")
    bag_ids: list[LabelId] = Field(default_factory=list, max_length=MAX_BAG_IDS,
                                   description="Bag or vial identifiers")


def _lab_text(value: Any) -> Any:
    # A number typed without quotes is kept as its text, so the unit check can name it
    # ("97 has no unit") instead of a bare "must be a string"; true/false are not numbers.
    if isinstance(value, bool):
        raise ValueError("must be a value with its unit, like '88 umol/L', not true or false")
    if isinstance(value, (int, float)):
        return repr(value) if isinstance(value, float) else str(value)
    return value


LabText = Annotated[str, BeforeValidator(_lab_text)]


class LabValue(_Input):
    value: LabText = Field(min_length=1, description="The value with its unit, like '88 umol/L' (INR: a bare number)")
    date: IsoDate = Field(description="Date the sample was taken or the test was done")
    uln: LabText | None = Field(
        default=None, min_length=1,
        description="The site laboratory's upper limit of normal, with its unit (ALT, AST, bilirubin, INR, APTT)")


class Labs(_Input):
    creatinine: LabValue | None = Field(default=None, description="Serum creatinine in mg/dL or umol/L")
    alt: LabValue | None = Field(default=None, description="ALT in U/L, with its ULN")
    ast: LabValue | None = Field(default=None, description="AST in U/L, with its ULN")
    bilirubin: LabValue | None = Field(default=None, description="Total bilirubin in mg/dL or umol/L, with its ULN")
    inr: LabValue | None = Field(default=None, description="INR (no unit), with its ULN")
    aptt: LabValue | None = Field(default=None, description="APTT in s, with its ULN")
    spo2: LabValue | None = Field(default=None, description="Oxygen saturation on room air, in %")
    lvef: LabValue | None = Field(default=None, description="Left ventricular ejection fraction, in %")


class Case(_Input):
    subject_id: SubjectId = Field(min_length=1, description="Trial subject ID, like '0101-007'")
    group: str = Field(min_length=1, description="Treatment group: A (adults 18-75) or B (adolescents 12-17)")
    age_years: int | None = Field(default=None, strict=True, description="Age in completed years (or give date_of_birth)")
    date_of_birth: IsoDate | None = None
    weight: str = Field(description="Body weight with its unit: '42 kg', '42000 g' or '92.6 lb'")
    weight_date: IsoDate | None = Field(default=None, description="Date the weight was measured")
    dose_level: str = Field(min_length=1, description="Assigned dose level, like 'DL1' (case-insensitive)")
    deescalation_confirmed: bool = Field(
        default=False, strict=True,
        description="True only after the investigator and sponsor decided to de-escalate (needed for DL-1)")
    deescalation_reference: str | None = Field(default=None, description="Where that decision is documented")
    decision_confirmed: Literal["de-escalation", "escalation", "extension"] | None = Field(
        default=None,
        description="The kind of recorded investigator/sponsor decision that opens the dose level "
                    "(a level that needs one names its kind); 'de-escalation' is the same as "
                    "deescalation_confirmed = true")
    decision_reference: str | None = Field(default=None, description="Where that decision is documented")
    indication: str | None = Field(
        default=None, description="The indication, for a group that requires one (like 'MCL')")
    infusion_date: IsoDate = Field(description="Planned infusion date (Day 0)")
    consent_date: IsoDate | None = Field(default=None, description="Date the informed consent was signed")
    exposures: list[Exposure] = Field(default_factory=list, max_length=MAX_EXPOSURES)
    product: Product | None = None
    acknowledged_warnings: list[str] = Field(default_factory=list, max_length=50)
    # Eligibility values at dose time. Absent fields stay out of canonical_json, so the hash of
    # a case written before they existed does not change.
    sex: Literal["female", "male"] | None = Field(
        default=None, description="'female' or 'male'; needed with creatinine (Cockcroft-Gault)")
    labs: Labs | None = Field(default=None, description="Values measured before infusion, each with unit and date")
    hepatobiliary_invasion: bool | None = Field(
        default=None, strict=True,
        description="True when hepatobiliary invasion is recorded (liver limits 5 x and 3 x ULN)")
    attestations: dict[str, Literal["met", "not_met", "not_applicable"]] | None = Field(
        default=None,
        description="Answers to the protocol's eligibility checklist by item id, from the investigator's form")
    attested_by: str | None = Field(default=None, min_length=1, description="Who attested the checklist answers")
    attested_on: IsoDate | None = Field(default=None, description="Date the checklist answers were attested")

    @field_validator("acknowledged_warnings")
    @classmethod
    def _upper(cls, codes: list[str]) -> list[str]:
        return [c.strip().upper() for c in codes]

    def canonical_json(self) -> str:
        """Stable text of the inputs: sorted keys, no whitespace, aliases as in the file."""
        data = self.model_dump(mode="json", by_alias=True, exclude_none=True)
        return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)

    def sha256(self) -> str:
        return hashlib.sha256(self.canonical_json().encode("utf-8")).hexdigest()


_EXAMPLES = {
    "subject_id": '"subject_id": "0101-007"',
    "group": '"group": "A" or "B"',
    "weight": '"weight": "42 kg"',
    "dose_level": '"dose_level": "DL1"',
    "infusion_date": '"infusion_date": "2026-12-10"',
    "agent": '"agent": "daunorubicin"',
    "last_date": '"last_date": "2026-12-01"',
    "concentration": '"concentration": "1.3e7 cell/mL"',
    "container_volume": '"container_volume": "10 mL"',
}


def _problem_from_pydantic(err: ErrorDetails) -> Problem:
    loc = ".".join(str(p) for p in err["loc"]) or "(case)"
    leaf = str(err["loc"][-1]) if err["loc"] else ""
    value = err.get("input")
    shown = "" if isinstance(value, dict) else ("" if value is None else str(value))
    if len(shown) > 80:   # never echo a megabyte back
        shown = shown[:80] + "…"
    kind = err["type"]
    if kind == "missing":
        example = _EXAMPLES.get(leaf, f'"{leaf}": ...')
        return Problem("FIELD_MISSING", loc, "", f"'{leaf}' is required; add it, like {example}.")
    if kind == "extra_forbidden":
        return Problem("FIELD_UNKNOWN", loc, shown,
                       f"'{leaf}' is not a field InfuseCalc knows; check its spelling "
                       f"(run 'infusecalc schema' for the list).")
    if kind == "value_error":
        msg = str(err["msg"]).removeprefix("Value error, ")
        code = "DATE_INVALID" if "date" in msg else "FIELD_INVALID"
        return Problem(code, loc, shown, f"'{leaf}' {msg}." if not msg.startswith("'") else msg + ".")
    return Problem("FIELD_INVALID", loc, shown, f"'{leaf}': {err['msg']}.")


def parse_case(data: Any) -> Case:
    """Validate a decoded JSON object as a Case; every shape problem becomes a Problem."""
    if not isinstance(data, dict):
        raise InputError(Problem("CASE_NOT_OBJECT", "(case)", "",
                                 "A case file must hold one JSON object { ... }."))
    try:
        return Case.model_validate(data)
    except ValidationError as exc:
        raise InputError([_problem_from_pydantic(e) for e in exc.errors()]) from None


class NurseCase(_Input):
    """What the bedside check reads from a case file: the compared fields, typed exactly as in
    Case (a number is not a lot number, a text is not a list of bag IDs). Other keys are the
    issued case's business and are ignored here."""

    model_config = ConfigDict(extra="ignore")

    subject_id: SubjectId = Field(min_length=1)
    weight: str = Field(min_length=1)
    group: str = Field(min_length=1)
    dose_level: str = Field(min_length=1)
    product: Product


def parse_nurse_case(data: Any) -> NurseCase:
    """Validate a decoded JSON object as the nurse's entry; every shape problem becomes a Problem."""
    if not isinstance(data, dict):
        raise InputError(Problem("CASE_NOT_OBJECT", "(case)", "",
                                 "A case file must hold one JSON object { ... }."))
    try:
        return NurseCase.model_validate(data)
    except ValidationError as exc:
        raise InputError([_problem_from_pydantic(e) for e in exc.errors()]) from None


def parse_case_json(text: str) -> Case:
    """A case from its JSON text: duplicate keys, NaN, huge numbers and deep nesting refused."""
    from .casefile import loads

    return parse_case(loads(text))


def parse_case_bytes(raw: bytes) -> Case:
    """A case from a file's bytes: UTF-8 (or UTF-16/32 with a byte-order mark), then as above."""
    from .casefile import decode

    return parse_case_json(decode(raw))
