"""The protocol as data: pydantic models for ``resources/protocols/*.toml``.

Nothing clinical is hard-coded in Python: dose levels, caps, age bounds, washout windows and
site settings all come from the file, and its SHA-256 travels with every result.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .datafile import load_toml_model, parse_toml_model, resource_path
from .datamodel import StrictData
from .eligibility_data import EligibilityValues
from .dose_levels import DoseLevel
from .formatting import plain_decimal, scientific
from .escalation import EscalationDesign

DEFAULT_PROTOCOL = ("protocols", "nct07470073.toml")


class _Strict(StrictData):
    """Frozen, no unknown keys, bools never numbers, every number bounded (core/datamodel.py)."""


class Group(_Strict):
    id: str = Field(min_length=1)
    label: str
    min_age_years: int = Field(ge=0)
    max_age_years: int = Field(ge=0)
    quote: str = Field(min_length=1)
    soft_weight_min_kg: Decimal
    soft_weight_max_kg: Decimal
    soft_weight_source: str
    # A group that requires an indication takes only cases that state one of these
    # ("indication": "MCL"); groups that do may share ages (one product, two indications).
    indications: list[str] | None = Field(default=None, min_length=1)
    levels: list[DoseLevel] = Field(min_length=1)

    @model_validator(mode="after")
    def _check(self) -> "Group":
        if self.min_age_years > self.max_age_years:
            raise ValueError("min_age_years is above max_age_years")
        ids = [lv.id.casefold() for lv in self.levels]
        if len(ids) != len(set(ids)):
            raise ValueError(f"group {self.id} has two dose levels with the same id")
        return self

    def indication(self, text: str) -> str | None:
        """The group's own spelling of an indication typed in a case, or None if it has no such one."""
        key = text.strip().casefold()
        return next((i for i in self.indications or [] if i.casefold() == key), None)

    def level(self, level_id: str) -> DoseLevel | None:
        for lv in self.levels:
            if lv.id.casefold() == level_id.strip().casefold():
                return lv
        return None


class Eligibility(_Strict):
    min_age_years: int
    max_age_years: int
    quote: str
    age_reference: str


def _count(value: Decimal) -> str:
    """1e4 -> '1 × 10⁴' (a whole count); anything else as a plain decimal."""
    return scientific(int(value)) if value == value.to_integral_value() else plain_decimal(value)


class SiteSettings(_Strict):
    note: str
    weight_max_kg: Decimal = Field(gt=0)
    volume_graduation_ml: Decimal = Field(gt=0)
    steroid_threshold_prednisone_mg_per_day: Decimal = Field(ge=0)
    max_delivery_deviation_percent: Decimal = Field(ge=0)
    systemic_routes: list[str] = Field(min_length=1)
    local_routes: list[str]
    route_aliases: dict[str, str] = Field(default_factory=dict)
    radiotherapy_site_aliases: dict[str, str] = Field(default_factory=dict)
    # Lymphodepleting conditioning (conventions.md): the last dose min..max days (inclusive)
    # before infusion; agents a site adds to the protocol's list (bendamustine where used);
    # whether a case without recorded conditioning gets a warning (the registry is silent).
    lymphodepletion_min_days: int = Field(default=2, ge=0)
    lymphodepletion_max_days: int = Field(default=14, ge=0)
    lymphodepletion_site_agents: list[str] = Field(default_factory=list)
    warn_without_lymphodepletion: bool = False
    # Plausibility limits (issue 14): outside them a value is refused, never computed with.
    # Defaults are the issue's; the shipped protocol states each one (printed on the sheet).
    weight_min_kg: Decimal = Field(default=Decimal(10), gt=0)
    concentration_min_cells_per_ml: Decimal = Field(default=Decimal("1e4"), gt=0)
    concentration_max_cells_per_ml: Decimal = Field(default=Decimal("1e10"), gt=0)
    container_volume_min_ml: Decimal = Field(default=Decimal("0.1"), gt=0)
    container_volume_max_ml: Decimal = Field(default=Decimal(1000), gt=0)
    glucocorticoid_max_prednisone_mg_per_day: Decimal = Field(default=Decimal(2000), gt=0)
    date_min: dt.date = dt.date(1900, 1, 1)
    date_max: dt.date = dt.date(2100, 12, 31)

    @model_validator(mode="after")
    def _limits(self) -> "SiteSettings":
        for low, high in (("weight_min_kg", "weight_max_kg"),
                          ("concentration_min_cells_per_ml", "concentration_max_cells_per_ml"),
                          ("container_volume_min_ml", "container_volume_max_ml"),
                          ("steroid_threshold_prednisone_mg_per_day", "glucocorticoid_max_prednisone_mg_per_day"),
                          ("date_min", "date_max"), ("lymphodepletion_min_days", "lymphodepletion_max_days")):
            if not getattr(self, low) < getattr(self, high):
                raise ValueError(f"{low} ({getattr(self, low)}) must be below {high} ({getattr(self, high)})")
        return self

    @model_validator(mode="after")
    def _routes(self) -> "SiteSettings":
        known = set(self.systemic_routes) | set(self.local_routes)
        if set(self.systemic_routes) & set(self.local_routes):
            raise ValueError("a route cannot be both systemic and local")
        for alias, target in self.route_aliases.items():
            if target not in known:
                raise ValueError(f"route alias '{alias}' points to unknown route '{target}'")
        if self.lymphodepletion_min_days > self.lymphodepletion_max_days:
            raise ValueError("lymphodepletion_min_days is above lymphodepletion_max_days")
        return self

    def route(self, text: str) -> str | None:
        """The canonical route for what a user typed, or None if unknown."""
        key = " ".join(text.strip().casefold().split())
        known = {r.casefold(): r for r in (*self.systemic_routes, *self.local_routes)}
        if key in known:
            return known[key]
        target = {a.casefold(): t for a, t in self.route_aliases.items()}.get(key)
        return target

    def radiotherapy_site(self, text: str) -> str:
        """The rule site for what a user typed ('Brain' -> 'cns'); unknown text comes back as typed."""
        key = " ".join(text.strip().casefold().split())
        return {a.casefold(): t for a, t in self.radiotherapy_site_aliases.items()}.get(key, key)

    def is_systemic(self, route: str) -> bool:
        return route in self.systemic_routes

    def as_lines(self) -> dict[str, str]:
        return dict([
            ("weight_min_kg", f"{plain_decimal(self.weight_min_kg)} kg"),
            ("weight_max_kg", f"{self.weight_max_kg} kg"),
            ("volume_graduation_ml", f"{self.volume_graduation_ml} mL"),
            ("steroid_threshold_prednisone_mg_per_day", f"{self.steroid_threshold_prednisone_mg_per_day} mg/day"),
            ("max_delivery_deviation_percent", f"{self.max_delivery_deviation_percent} %"),
            ("local_routes", ", ".join(self.local_routes)),
            ("lymphodepletion_days", f"{self.lymphodepletion_min_days}-{self.lymphodepletion_max_days} d"),
            *([("lymphodepletion_site_agents", ", ".join(self.lymphodepletion_site_agents))]
              if self.lymphodepletion_site_agents else []),
            ("warn_without_lymphodepletion", "yes" if self.warn_without_lymphodepletion else "no"),
            ("concentration_cells_per_ml", f"{_count(self.concentration_min_cells_per_ml)}–"
                                           f"{_count(self.concentration_max_cells_per_ml)} cell/mL"),
            ("container_volume_ml", f"{plain_decimal(self.container_volume_min_ml)}–"
                                    f"{plain_decimal(self.container_volume_max_ml)} mL"),
            ("glucocorticoid_max_prednisone_mg_per_day",
             f"{plain_decimal(self.glucocorticoid_max_prednisone_mg_per_day)} mg/day"),
            ("dates", f"{self.date_min.isoformat()} – {self.date_max.isoformat()}"),
        ])


class WashoutRule(_Strict):
    id: str = Field(min_length=1)
    classes: list[str] = Field(min_length=1)
    window_days: int = Field(ge=0)
    reference: Literal["infusion", "consent"]
    kind: Literal["window", "glucocorticoid"] = "window"
    sites: list[str] | None = None
    quote: str = Field(min_length=1)
    reading: str | None = None


class Lymphodepletion(_Strict):
    """The protocol's lymphodepleting conditioning: part of the study treatment, not a prior
    exposure. Which agents may be recorded as conditioning is protocol data; the gap to the
    infusion is a site setting (SiteSettings.lymphodepletion_min_days/max_days)."""

    agents: list[str] = Field(min_length=1)      # formulary names
    replaces_rules: list[str] = Field(min_length=1)   # washout rules that never judge conditioning
    quote: str = Field(min_length=1)
    reading: str | None = None


class Protocol(_Strict):
    schema_version: Literal[1]
    id: str
    product: str
    title: str
    registry_record_date: dt.date
    dose_unit: str
    # Which text of the protocol this file implements: printed on every sheet with the SHA-256.
    version: str = Field(min_length=1)
    effective_date: dt.date
    amendment: str | None = Field(default=None, min_length=1)
    eligibility: Eligibility
    groups: list[Group] = Field(min_length=1)
    site_settings: SiteSettings
    washout: list[WashoutRule] = Field(default_factory=list)   # a protocol may have no washout rule
    lymphodepletion: Lymphodepletion | None = None
    # The registry's eligibility criteria (values and checklist); a protocol without them (a
    # product label file) checks none, and a case that gives values for it is refused.
    eligibility_values: EligibilityValues | None = None
    # The i3+3 ledger's design and starting state (core/escalation.py); a protocol without it
    # keeps no ledger and every level may be issued.
    escalation: EscalationDesign | None = None

    @field_validator("groups")
    @classmethod
    def _unique_groups(cls, groups: list[Group]) -> list[Group]:
        ids = [g.id.casefold() for g in groups]
        if len(ids) != len(set(ids)):
            raise ValueError("two groups have the same id")
        return groups

    @model_validator(mode="after")
    def _groups_and_limits(self) -> "Protocol":
        s = self.site_settings
        for i, g in enumerate(self.groups):
            if not s.weight_min_kg <= g.soft_weight_min_kg < g.soft_weight_max_kg <= s.weight_max_kg:
                raise ValueError(f"groups.{i} ({g.id}): the usual weights {g.soft_weight_min_kg}-"
                                 f"{g.soft_weight_max_kg} kg must lie inside the hard limits "
                                 f"{s.weight_min_kg}-{s.weight_max_kg} kg (site_settings)")
            if not self.eligibility.min_age_years <= g.min_age_years <= g.max_age_years <= self.eligibility.max_age_years:
                raise ValueError(f"groups.{i} ({g.id}): ages {g.min_age_years}-{g.max_age_years} are not "
                                 f"inside the eligible {self.eligibility.min_age_years}-{self.eligibility.max_age_years}")
            for j, other in enumerate(self.groups[:i]):
                overlap = g.min_age_years <= other.max_age_years and other.min_age_years <= g.max_age_years
                if overlap and not _may_share_ages(g, other):
                    raise ValueError(f"groups.{i} ({g.id}) and groups.{j} ({other.id}) overlap in age; "
                                     f"an age must name one group")
        return self

    @field_validator("washout")
    @classmethod
    def _unique_rules(cls, rules: list[WashoutRule]) -> list[WashoutRule]:
        ids = [r.id for r in rules]
        if len(ids) != len(set(ids)):
            raise ValueError("two washout rules have the same id")
        return rules

    @model_validator(mode="after")
    def _escalation_levels(self) -> "Protocol":
        if self.escalation is not None:
            self.escalation.check_levels({g.id: [lv.id for lv in g.levels] for g in self.groups})
        return self

    def group(self, group_id: str) -> Group | None:
        for g in self.groups:
            if g.id.casefold() == group_id.strip().casefold():
                return g
        return None

    @model_validator(mode="after")
    def _lymphodepletion_rules(self) -> "Protocol":
        if self.lymphodepletion:
            unknown = set(self.lymphodepletion.replaces_rules) - {r.id for r in self.washout}
            if unknown:
                raise ValueError(f"lymphodepletion.replaces_rules names unknown rules: {sorted(unknown)}")
        return self

    def conditioning_agents(self) -> list[str]:
        """Formulary names that may be recorded as lymphodepleting conditioning."""
        if self.lymphodepletion is None:
            return []
        return [*self.lymphodepletion.agents, *self.site_settings.lymphodepletion_site_agents]

    @property
    def washout_classes(self) -> set[str]:
        return {c for r in self.washout for c in r.classes}


def _may_share_ages(a: Group, b: Group) -> bool:
    """Groups told apart by something other than age may share ages: groups that each require
    an indication (labels, issue 17). This is that one condition."""
    return bool(a.indications and b.indications)


class LoadedProtocol(BaseModel):
    """A protocol with where it came from and the hash of its exact bytes."""

    model_config = ConfigDict(frozen=True)

    protocol: Protocol
    path: str
    file_name: str
    sha256: str


def load_protocol(path: Path | str | None = None) -> LoadedProtocol:
    p = Path(path) if path is not None else resource_path(*DEFAULT_PROTOCOL)
    protocol, digest = load_toml_model(p, Protocol)
    return LoadedProtocol(protocol=protocol, path=str(p), file_name=p.name, sha256=digest)


def protocol_from_bytes(raw: bytes, file_name: str, origin: str) -> LoadedProtocol:
    """A protocol from its exact bytes (an amendment adopted in the records): the same
    validation as a file, the same SHA-256. ``origin`` says where the bytes were kept."""
    protocol, digest = parse_toml_model(raw, file_name, Protocol)
    return LoadedProtocol(protocol=protocol, path=origin, file_name=file_name, sha256=digest)


@cache
def default_protocol() -> LoadedProtocol:
    return load_protocol(None)
