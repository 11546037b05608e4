"""Structured errors and warnings.

Like pint's errors, each carries a stable code, the field it concerns, the offending value
as the user typed it, and an English message that says what is wrong and how to fix it.
Front ends translate by ``code`` and show ``value`` unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from dataclasses import field as _field
from typing import Any


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input (an error) or worth a second look (a warning)."""

    code: str
    field: str
    value: str
    message: str
    # Typed values the text layer's sentence may use beside value/field (infusecalc.text).
    params: dict[str, Any] = _field(default_factory=dict, compare=False, hash=False)

    def __str__(self) -> str:
        where = f"{self.field}: " if self.field else ""
        return f"{where}{self.message} [{self.code}]"


class InfuseCalcError(Exception):
    """Base class for everything the core raises on purpose."""


class InputError(InfuseCalcError):
    """One or more inputs are invalid; no dose is computed from them.

    Holds every problem found, so a front end can mark each field at once.
    """

    def __init__(self, problems: list[Problem] | Problem):
        self.problems: list[Problem] = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("; ".join(str(p) for p in self.problems))

    @property
    def fields(self) -> set[str]:
        return {p.field for p in self.problems}


SHOWN_CHARS = 80   # of a value echoed back in a refusal: a 200-character group is named, not repeated


def problem(code: str, field_: str, value: object, message: str) -> Problem:
    shown = "" if value is None else str(value)
    if len(shown) > SHOWN_CHARS:
        shown = shown[:SHOWN_CHARS] + "…"
    return Problem(code=code, field=field_, value=shown, message=message)


@dataclass
class ProblemCollector:
    """Gathers problems across independent fields, then raises them together."""

    problems: list[Problem] = field(default_factory=list)

    def add(self, code: str, field_: str, value: object, message: str) -> None:
        self.problems.append(problem(code, field_, value, message))

    def extend(self, err: InputError) -> None:
        self.problems.extend(err.problems)

    def raise_if_any(self) -> None:
        if self.problems:
            raise InputError(self.problems)


class ProtocolFileError(InfuseCalcError):
    """A protocol or formulary data file is malformed; names the file, field and problem."""

    def __init__(self, path: str, details: list[tuple[str, str]]):
        self.path = path
        self.details = details
        lines = "\n".join(f"  {loc}: {msg}" for loc, msg in details)
        super().__init__(f"{path} is not a valid data file:\n{lines}")
