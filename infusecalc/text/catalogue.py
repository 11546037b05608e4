"""The text layer's catalogues: resources/translations/core_en.toml and core_zh_CN.toml.

Data, not code: a new reason code (an eligibility check, a new washout rule) needs an entry in
each catalogue and nothing else. A test fails on a code the core can produce without both.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Literal

Language = Literal["en", "zh_CN"]
LANGUAGES: tuple[Language, ...] = ("en", "zh_CN")
TABLES = ("problems", "fields", "examples", "rules", "classes", "routes", "sites", "groups", "reference",
          "site_settings", "findings", "not_cleared", "outlook", "summary", "eligibility", "criteria",
          "checklist", "answers")


@dataclass(frozen=True)
class Catalogue:
    language: Language
    problems: dict[str, str] = field(default_factory=dict)
    fields: dict[str, str] = field(default_factory=dict)
    examples: dict[str, str] = field(default_factory=dict)
    rules: dict[str, str] = field(default_factory=dict)
    classes: dict[str, str] = field(default_factory=dict)
    routes: dict[str, str] = field(default_factory=dict)
    sites: dict[str, str] = field(default_factory=dict)
    groups: dict[str, str] = field(default_factory=dict)
    reference: dict[str, str] = field(default_factory=dict)
    site_settings: dict[str, str] = field(default_factory=dict)
    findings: dict[str, str] = field(default_factory=dict)
    not_cleared: dict[str, str] = field(default_factory=dict)
    outlook: dict[str, str] = field(default_factory=dict)
    summary: dict[str, str] = field(default_factory=dict)
    eligibility: dict[str, str] = field(default_factory=dict)   # eligibility value findings, by code
    criteria: dict[str, str] = field(default_factory=dict)      # eligibility criteria, by id
    checklist: dict[str, str] = field(default_factory=dict)     # eligibility checklist items, by id
    answers: dict[str, str] = field(default_factory=dict)       # checklist answers


def catalogue_path(lang: Language) -> Path:
    from ..core.datafile import resource_path

    return resource_path("translations", f"core_{lang}.toml")


@cache
def catalogue(lang: Language) -> Catalogue:
    data = tomllib.loads(catalogue_path(lang).read_text(encoding="utf-8"))
    return Catalogue(language=lang, **{k: dict(data.get(k, {})) for k in TABLES})
