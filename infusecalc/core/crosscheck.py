"""The protocol and the formulary checked against each other, when they are loaded together.

A washout rule matches an agent by class name, so a misspelt class silently exempts every
agent that should have matched. Each file is blamed for its own spelling:

- a class a rule names that no agent of the formulary has is a warning (only agents classified
  by hand can meet that rule) naming the protocol and the rule, unless the formulary has a
  class spelt almost the same way, which makes it an error in the protocol;
- a class an agent (or a class alias) has that no rule names is not checked (a formulary may
  serve several protocols), unless a rule names a class spelt almost the same way, which makes
  it an error in the formulary.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .errors import ProtocolFileError

if TYPE_CHECKING:
    from .formulary import LoadedFormulary
    from .protocol import LoadedProtocol


@dataclass(frozen=True)
class LoadWarning:
    """Something in a data file worth a look that does not make it unsafe to load."""

    code: str
    path: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.field}: {self.message} [{self.code}]"


def _key(name: str) -> str:
    return "".join(ch for ch in name.casefold() if ch.isalnum())


def _distance(a: str, b: str) -> int:
    """Levenshtein distance (class names are short: the quadratic table is tiny)."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def similar(a: str, b: str) -> bool:
    """Two different class names a typo could turn into each other."""
    ka, kb = _key(a), _key(b)
    if a == b:
        return False
    if ka == kb:
        return True
    return min(len(ka), len(kb)) >= 5 and _distance(ka, kb) <= 2


_CHECKED: dict[tuple[str, str, str, str], list[LoadWarning]] = {}


def cross_check(lp: "LoadedProtocol", lf: "LoadedFormulary") -> list[LoadWarning]:
    """Raise ProtocolFileError on a misspelt class (against the file that has it); return warnings.

    Remembered per pair of files (path and SHA-256): evaluate() calls it on every edit."""
    key = (lp.path, lp.sha256, lf.path, lf.sha256)
    if key not in _CHECKED:
        _CHECKED[key] = _cross_check(lp, lf)
    return _CHECKED[key]


def _cross_check(lp: "LoadedProtocol", lf: "LoadedFormulary") -> list[LoadWarning]:
    rules = [(f"washout.{i}.classes", r.id, c) for i, r in enumerate(lp.protocol.washout) for c in r.classes]
    rule_classes = {c for _, _, c in rules}
    agent_uses: dict[str, list[str]] = {}
    for i, agent in enumerate(lf.formulary.agents):
        for c in agent.classes:
            agent_uses.setdefault(c, []).append(f"agents.{i}.classes")
    for alias, targets in lf.formulary.class_aliases.items():
        for c in targets:
            agent_uses.setdefault(c, []).append(f"class_aliases.{alias}")
    protocol_errors: list[tuple[str, str]] = []
    warnings: list[LoadWarning] = []
    for where, rule_id, c in rules:
        if c in agent_uses:
            continue
        near = sorted(f for f in agent_uses if f not in rule_classes and similar(c, f))
        if near:
            protocol_errors.append((where, f"rule '{rule_id}' names class '{c}', which no agent of "
                                           f"{lf.file_name} has; it has '{near[0]}': correct the spelling"))
        else:
            warnings.append(LoadWarning("CLASS_WITHOUT_AGENTS", lp.path, where,
                                        f"rule '{rule_id}' names class '{c}', which no agent of "
                                        f"{lf.file_name} has; only agents classified by hand can meet it"))
    if protocol_errors:
        raise ProtocolFileError(lp.path, protocol_errors)
    formulary_errors = [
        (where, f"class '{c}' is named by no rule of {lp.file_name}, which has '{near}': correct the spelling")
        for c, places in agent_uses.items() if c not in rule_classes
        for near in sorted(r for r in rule_classes if similar(c, r))[:1] for where in places]
    if formulary_errors:
        raise ProtocolFileError(lf.path, formulary_errors)
    return warnings
