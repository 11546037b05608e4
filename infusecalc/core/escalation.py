"""The i3+3 dose-escalation decision table (Liu, Wang and Ji 2020), in exact rational arithmetic.

Registry: "The dose escalation of the two groups followed the "i3+3" design." It names the
design but gives neither the target DLT rate pT nor the equivalence interval EI: both are
protocol data (``[escalation]`` in the protocol file), shipped as a reading that the sponsor
must confirm, and every decision is printed with the pT and EI it used.

For n patients treated at a level, y of them with a dose-limiting toxicity (DLT):

1. DU (this dose and every higher one unacceptable) if Pr(p > pT | y, n) > 0.95 under a
   Beta(1, 1) prior. The posterior is Beta(y + 1, n - y + 1), and for whole-number shape
   parameters its upper tail at pT equals P(Binomial(n + 1, pT) <= y): a finite sum of
   rationals, so the comparison with 0.95 is exact (no incomplete beta function, no float).
2. else E (escalate) if y/n < EI_low,
3. else S (stay) if y/n <= EI_high,
4. else (y/n above the interval) S if (y - 1)/n < EI_low, otherwise D (de-escalate).

The comparisons are strict exactly as written here; docs/i3plus3-boundaries.md says where
published implementations differ at the boundary and why this reading is taken.
Pure Python: no Qt, no float anywhere a decision depends on.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from fractions import Fraction
from math import comb
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

DEFAULT_MAX_N = 12
MAX_N_LIMIT = 100          # the exact sums grow with n; no cohort at one level comes near this
DEFAULT_UNACCEPTABLE = Fraction(95, 100)


class Decision(StrEnum):
    E = "E"      # escalate to the next higher level
    S = "S"      # stay at this level
    D = "D"      # de-escalate to the next lower level
    DU = "DU"    # de-escalate; this level and every higher one are unacceptable


class EscalationParameterError(ValueError):
    """A target, interval, threshold or count that the table cannot use.

    ``field`` names the input (``target``, ``interval``, ``max_n``, ...); ``code`` is stable
    for translation; the message says what is wrong and how to fix it.
    """

    def __init__(self, code: str, field: str, value: object, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.code = code
        self.field = field
        self.value = "" if value is None else str(value)


MAX_EXPONENT = 1000   # digits a decimal probability may reach either side of the point


def exact_fraction(text: str, field: str) -> Fraction:
    """A probability typed as decimal text ("0.3") or a ratio ("3/10"), exactly; never a float."""
    if isinstance(text, float) or not isinstance(text, (str, Decimal, Fraction, int)):
        raise EscalationParameterError(
            "ESCALATION_NOT_EXACT", field, text,
            f"give '{text}' as decimal text such as \"0.3\" (a binary float is not exact)")
    s = str(text).strip()
    try:
        if "/" in s:
            value = Fraction(s)
        else:
            number = Decimal(s)
            # Infinity has no Fraction (OverflowError), and 1e999999999 would take hours to
            # become one (10**999999999): neither is a probability.
            if not number.is_finite() or abs(number.adjusted()) > MAX_EXPONENT:
                raise ValueError(s)
            value = Fraction(number)
    except (ValueError, ZeroDivisionError, InvalidOperation):
        raise EscalationParameterError(
            "ESCALATION_NOT_A_NUMBER", field, text,
            f"'{text}' is not a number; write a probability such as 0.3") from None
    return value


def decimal_text(value: Fraction) -> str:
    """0.3 for 3/10; a ratio 1/3 stays "1/3" rather than being rounded for display."""
    den = value.denominator
    while den % 2 == 0:
        den //= 2
    while den % 5 == 0:
        den //= 5
    if den != 1:
        return f"{value.numerator}/{value.denominator}"
    text = format(Decimal(value.numerator) / Decimal(value.denominator), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


@dataclass(frozen=True)
class I3Plus3:
    """The design's parameters: target DLT rate, equivalence interval, DU threshold."""

    target: Fraction
    low: Fraction
    high: Fraction
    unacceptable: Fraction = DEFAULT_UNACCEPTABLE

    def __post_init__(self) -> None:
        for name in ("target", "low", "high", "unacceptable"):
            if not isinstance(getattr(self, name), Fraction):
                raise TypeError(f"{name} must be a Fraction (exact), got {type(getattr(self, name)).__name__}")
        if not 0 < self.target < 1:
            raise EscalationParameterError(
                "ESCALATION_TARGET_RANGE", "target", decimal_text(self.target),
                f"the target DLT rate must be above 0 and below 1, got {decimal_text(self.target)}")
        if not (0 <= self.low < self.target < self.high <= 1):
            raise EscalationParameterError(
                "ESCALATION_INTERVAL_RANGE", "interval", self.interval_text,
                f"the equivalence interval {self.interval_text} must hold the target "
                f"{decimal_text(self.target)} strictly inside it, within 0 to 1 (LO < target < HI)")
        if not 0 < self.unacceptable < 1:
            raise EscalationParameterError(
                "ESCALATION_THRESHOLD_RANGE", "unacceptable_probability",
                decimal_text(self.unacceptable), "the DU threshold must be above 0 and below 1")

    @property
    def interval_text(self) -> str:
        return f"[{decimal_text(self.low)}, {decimal_text(self.high)}]"

    def describe(self) -> str:
        return (f"i3+3 with pT = {decimal_text(self.target)}, EI = {self.interval_text}, "
                f"DU when Pr(p > pT | data) > {decimal_text(self.unacceptable)}")


def _check_counts(n: int, y: int) -> None:
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise EscalationParameterError("ESCALATION_N_RANGE", "n", n,
                                       f"the number of patients must be a whole number of at least 1, got {n}")
    if isinstance(y, bool) or not isinstance(y, int) or not 0 <= y <= n:
        raise EscalationParameterError("ESCALATION_Y_RANGE", "y", y,
                                       f"the number of DLTs must be a whole number from 0 to n = {n}, got {y}")


def _tail(n: int, y: int, target: Fraction) -> tuple[int, int]:
    """P(Binomial(n + 1, pT) <= y) as a whole-number numerator over b^(n + 1), pT = a/b.

    Summing whole numbers and comparing by cross-multiplication is exact like Fractions, without
    a gcd on every step (benchmarks/escalation_table.py measures the table).
    """
    a, b = target.numerator, target.denominator
    m = n + 1
    return sum(comb(m, k) * a**k * (b - a) ** (m - k) for k in range(y + 1)), b**m


def prob_above_target(n: int, y: int, target: Fraction) -> Fraction:
    """Pr(p > pT | y of n) under a Beta(1, 1) prior, exactly: P(Binomial(n + 1, pT) <= y)."""
    _check_counts(n, y)
    numerator, denominator = _tail(n, y, target)
    return Fraction(numerator, denominator)


def decide(n: int, y: int, rule: I3Plus3) -> Decision:
    """The i3+3 decision for y DLTs among n patients (see the module docstring)."""
    _check_counts(n, y)
    numerator, denominator = _tail(n, y, rule.target)
    u = rule.unacceptable
    if numerator * u.denominator > u.numerator * denominator:   # tail > threshold, exactly
        return Decision.DU
    rate = Fraction(y, n)
    if rate < rule.low:
        return Decision.E
    if rate <= rule.high:
        return Decision.S
    return Decision.S if Fraction(y - 1, n) < rule.low else Decision.D


@dataclass(frozen=True)
class TableCell:
    n: int
    y: int
    decision: Decision


def decision_table(rule: I3Plus3, max_n: int = DEFAULT_MAX_N) -> list[TableCell]:
    """Every (n, y) for 1 <= n <= max_n and 0 <= y <= n, in that order."""
    if isinstance(max_n, bool) or not isinstance(max_n, int) or not 1 <= max_n <= MAX_N_LIMIT:
        raise EscalationParameterError("ESCALATION_MAX_N_RANGE", "max_n", max_n,
                                       f"the table size must be a whole number from 1 to {MAX_N_LIMIT}, got {max_n}")
    return [TableCell(n, y, decide(n, y, rule)) for n in range(1, max_n + 1) for y in range(n + 1)]


def json_number(value: Fraction) -> float:
    """A probability for JSON output only (never compared): a float whose shortest text is
    exactly the decimal given, or an error if no such float exists (more than 15 digits)."""
    text = decimal_text(value)
    number = float(text) if "/" not in text else None
    if number is None or repr(number) != text:
        raise EscalationParameterError("ESCALATION_NOT_EXACT", "value", text,
                                       f"{text} cannot be written exactly as a JSON number; "
                                       f"give it as a decimal with at most 15 digits")
    return number


def table_json(rule: I3Plus3, cells: list[TableCell]) -> dict[str, Any]:
    """The table as ``infusecalc escalation table --json`` prints it."""
    return {"target": json_number(rule.target),
            "interval": [json_number(rule.low), json_number(rule.high)],
            "decisions": [{"n": c.n, "y": c.y, "decision": c.decision.value} for c in cells]}


# ---------------------------------------------------------------- protocol data


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _decimal_text_only(value: object) -> object:
    # A TOML float 0.3 would arrive as a binary float; the file writes probabilities as text.
    if isinstance(value, float):
        raise ValueError(f"write {value} as quoted decimal text (\"{value}\") so it is exact")
    return value


class EscalationGate(_Strict):
    """A level that may be opened only after the table at another level says one of decisions."""

    group: str = Field(min_length=1)
    level: str = Field(min_length=1)
    after_level: str = Field(min_length=1)
    after_decisions: list[Decision] = Field(min_length=1)
    quote: str = Field(min_length=1)


class EscalationDesign(_Strict):
    """``[escalation]`` of a protocol file: the design, its parameters and the starting ledger."""

    design: str
    quote: str = Field(min_length=1)
    target: Decimal
    interval: tuple[Decimal, Decimal]
    unacceptable_probability: Decimal = Decimal("0.95")
    confirmed_by_sponsor: bool
    reading: str = Field(min_length=1)
    # Group id -> the levels open before any decision is recorded (levels open only by decision).
    open_at_start: dict[str, list[str]]
    open_at_start_source: str = Field(min_length=1)
    gates: list[EscalationGate] = Field(default_factory=list)

    @field_validator("target", "unacceptable_probability", mode="before")
    @classmethod
    def _exact(cls, value: object) -> object:
        return _decimal_text_only(value)

    @field_validator("interval", mode="before")
    @classmethod
    def _exact_pair(cls, value: object) -> object:
        if isinstance(value, (list, tuple)):
            for v in value:
                _decimal_text_only(v)
        return value

    @field_validator("design")
    @classmethod
    def _known_design(cls, value: str) -> str:
        if value != "i3+3":
            raise ValueError(f"design '{value}' is not one InfuseCalc applies; use \"i3+3\"")
        return value

    @model_validator(mode="after")
    def _rule_is_usable(self) -> "EscalationDesign":
        try:
            self.rule()
        except EscalationParameterError as exc:
            raise ValueError(str(exc)) from None
        return self

    def rule(self) -> I3Plus3:
        return I3Plus3(target=Fraction(self.target), low=Fraction(self.interval[0]),
                       high=Fraction(self.interval[1]),
                       unacceptable=Fraction(self.unacceptable_probability))

    def check_levels(self, levels_by_group: dict[str, list[str]]) -> None:
        """Every group and level named here exists in the protocol's groups (raises ValueError)."""
        known = {g.casefold(): {lv.casefold() for lv in lvs} for g, lvs in levels_by_group.items()}
        named = [(g, lv, "open_at_start") for g, lvs in self.open_at_start.items() for lv in lvs]
        for gate in self.gates:
            named += [(gate.group, gate.level, "gates"), (gate.group, gate.after_level, "gates")]
        for group, level, where in named:
            if group.casefold() not in known:
                raise ValueError(f"escalation.{where} names group '{group}', which the protocol does not have")
            if level.casefold() not in known[group.casefold()]:
                raise ValueError(f"escalation.{where} names level '{level}' of group '{group}', "
                                 f"which the protocol does not have")
        missing = [g for g in levels_by_group if g.casefold() not in {k.casefold() for k in self.open_at_start}]
        if missing:
            raise ValueError(f"escalation.open_at_start must say for every group which levels are open "
                             f"at the start (an empty list for none); missing: {', '.join(missing)}")

    def open_at_start_for(self, group: str, level: str) -> bool:
        for g, lvs in self.open_at_start.items():
            if g.casefold() == group.strip().casefold():
                return level.strip().casefold() in {lv.casefold() for lv in lvs}
        return False

    def gate_for(self, group: str, level: str) -> EscalationGate | None:
        for gate in self.gates:
            if (gate.group.casefold(), gate.level.casefold()) == (group.strip().casefold(),
                                                                  level.strip().casefold()):
                return gate
        return None

    def reading_line(self) -> str:
        """Printed with every decision: the parameters in force and whether they are confirmed."""
        status = ("confirmed by the sponsor" if self.confirmed_by_sponsor
                  else "InfuseCalc's reading, to be confirmed by the sponsor")
        return f"{self.rule().describe()} ({status})"
