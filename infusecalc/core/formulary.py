"""Formulary: agents and treatments, their names, and the washout classes they fall under."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

from .datafile import load_toml_model, resource_path
from .datamodel import StrictData
from .errors import ProtocolFileError

DEFAULT_FORMULARY = ("formulary", "formulary.toml")


def normalize_name(text: str) -> str:
    """The key a name is matched by: case-folded, NFKC, with spaces and punctuation removed.

    'Ara-C', 'ara c' and 'ARAC' all match; Chinese characters are kept as they are.
    """
    folded = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"[\W_]+", "", folded)


class Agent(StrictData):

    name: str = Field(min_length=1)
    classes: list[str] = Field(min_length=1)
    family: str
    synonyms: list[str] = Field(default_factory=list)
    tall_man: str | None = None
    zh: str | None = None
    zh_synonyms: list[str] = Field(default_factory=list)
    prednisone_equivalent_mg: Decimal | None = Field(default=None, gt=0)
    reserved: bool = False
    requires: Literal["site"] | None = None

    @model_validator(mode="after")
    def _check(self) -> "Agent":
        if self.tall_man is not None and self.tall_man.casefold() != self.name.casefold():
            raise ValueError(f"tall_man '{self.tall_man}' does not spell '{self.name}'")
        if ("systemic_glucocorticoid" in self.classes) != (self.prednisone_equivalent_mg is not None):
            raise ValueError("a systemic glucocorticoid needs prednisone_equivalent_mg, and only it")
        return self

    @property
    def display_name(self) -> str:
        """Tall-man where the ISMP list has it, else plain lower case."""
        return self.tall_man or self.name

    @property
    def is_glucocorticoid(self) -> bool:
        return self.prednisone_equivalent_mg is not None

    def all_names(self) -> list[str]:
        return [self.name, *self.synonyms, *([self.zh] if self.zh else []), *self.zh_synonyms]


class Formulary(StrictData):

    schema_version: Literal[1]
    # A class word for an unknown agent -> every class it could name (conventions.md: an
    # unspecified asparaginase is also a PEG-asparaginase). A single string is one class.
    class_aliases: dict[str, list[str]] = Field(default_factory=dict)

    @field_validator("class_aliases", mode="before")
    @classmethod
    def _alias_lists(cls, value: object) -> object:
        if isinstance(value, dict):
            return {k: [v] if isinstance(v, str) else v for k, v in value.items()}
        return value
    agents: list[Agent] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_names(self) -> "Formulary":
        seen: dict[str, str] = {}
        for agent in self.agents:
            for name in agent.all_names():
                key = normalize_name(name)
                if not key:
                    raise ValueError(f"agent '{agent.name}' has an empty name")
                if key in seen:
                    raise ValueError(f"name '{name}' is used by both '{seen[key]}' and '{agent.name}'")
                seen[key] = agent.name
        return self


class LoadedFormulary(BaseModel):
    model_config = ConfigDict(frozen=True)

    formulary: Formulary
    path: str
    file_name: str
    sha256: str

    _index: dict[str, Agent] = PrivateAttr(default_factory=dict)

    def model_post_init(self, __context: object) -> None:
        self._index.update(
            {normalize_name(n): a for a in self.formulary.agents for n in a.all_names()}
        )

    def lookup(self, text: str) -> Agent | None:
        return self._index.get(normalize_name(text))

    def agent(self, name: str) -> Agent:
        agent = self.lookup(name)
        if agent is None:
            raise KeyError(name)
        return agent

    def washout_classes(self, text: str, known: set[str]) -> list[str]:
        """The protocol classes a typed class word means: an exact class id names exactly that
        class; an alias names every class it lists. [] when the word is unknown."""
        key = normalize_name(text)
        by_key = {normalize_name(c): c for c in known}
        if key in by_key:
            return [by_key[key]]
        aliases = {normalize_name(a): t for a, t in self.formulary.class_aliases.items()}
        targets = aliases.get(key, [])
        return list(targets) if targets and all(t in known for t in targets) else []

    def washout_class(self, text: str, known: set[str]) -> str | None:
        """The first class a word names (kept for callers that need one; prefer washout_classes)."""
        found = self.washout_classes(text, known)
        return found[0] if found else None

    def completions(self) -> list[tuple[str, Agent]]:
        """Every name a user may type, with the agent it means (for completers)."""
        return [(name, a) for a in self.formulary.agents for name in a.all_names()]

    def check_classes(self, known: set[str]) -> None:
        """A class no rule names is not checked (a formulary may serve several protocols); one
        spelt almost like a rule's class is a typo in this file. With the protocol at hand,
        core.crosscheck.cross_check also blames a typo in the protocol on the protocol."""
        from .crosscheck import similar

        bad = [(f"agents.{i}.classes", f"'{c}' is not a washout class of the protocol; did you mean '{k}'?")
               for i, a in enumerate(self.formulary.agents) for c in a.classes if c not in known
               for k in sorted(k for k in known if similar(c, k))[:1]]
        bad += [(f"class_aliases.{a}", f"'{t}' is not a washout class of the protocol; did you mean '{k}'?")
                for a, ts in self.formulary.class_aliases.items() for t in ts if t not in known
                for k in sorted(k for k in known if similar(t, k))[:1]]
        if bad:
            raise ProtocolFileError(self.path, bad)


def load_formulary(path: Path | str | None = None) -> LoadedFormulary:
    p = Path(path) if path is not None else resource_path(*DEFAULT_FORMULARY)
    formulary, digest = load_toml_model(p, Formulary)
    return LoadedFormulary(formulary=formulary, path=str(p), file_name=p.name, sha256=digest)


@cache
def default_formulary() -> LoadedFormulary:
    return load_formulary(None)
