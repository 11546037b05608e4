"""The i3+3 decision table against values computed here independently, with fractions.

The independent computation integrates the Beta(y + 1, n - y + 1) posterior density term by
term (no binomial sum, which is what the core uses) and decides with whole-number
cross-multiplication instead of Fraction comparisons.
"""

from __future__ import annotations

from fractions import Fraction
from math import comb, factorial

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infusecalc.core.escalation import (Decision, EscalationParameterError, I3Plus3,
                                        decide, decision_table, exact_fraction,
                                        prob_above_target)
from infusecalc.core.protocol import default_protocol

NINETY_FIVE = Fraction(95, 100)
SHIPPED = I3Plus3(Fraction(3, 10), Fraction(1, 4), Fraction(7, 20))        # 0.3, [0.25, 0.35]
FIND_EXAMPLE = I3Plus3(Fraction(1, 4), Fraction(1, 5), Fraction(3, 10))    # 0.25, [0.2, 0.3]


def beta_upper_tail(n: int, y: int, t: Fraction) -> Fraction:
    """Pr(p > t) for p ~ Beta(y + 1, n - y + 1): integral of p^y (1 - p)^(n - y) from t to 1,
    expanded with the binomial theorem, divided by the Beta function y! (n - y)! / (n + 1)!."""
    m = n - y
    integral = Fraction(0)
    for j in range(m + 1):
        power = y + j + 1
        integral += comb(m, j) * (-1) ** j * (1 - t**power) / power
    beta = Fraction(factorial(y) * factorial(m), factorial(n + 1))
    return integral / beta


def independent_decision(n: int, y: int, target: Fraction, low: Fraction, high: Fraction) -> str:
    if beta_upper_tail(n, y, target) > NINETY_FIVE:
        return "DU"
    # y/n < a/b  <=>  y*b < a*n (all positive): whole numbers only.
    lo_a, lo_b = low.numerator, low.denominator
    hi_a, hi_b = high.numerator, high.denominator
    if y * lo_b < lo_a * n:
        return "E"
    if y * hi_b <= hi_a * n:
        return "S"
    return "S" if (y - 1) * lo_b < lo_a * n else "D"


@pytest.mark.parametrize("rule", [SHIPPED, FIND_EXAMPLE], ids=["pT0.3", "pT0.25"])
def test_every_cell_up_to_12_matches_the_independent_computation(rule):
    cells = decision_table(rule, 12)
    assert [(c.n, c.y) for c in cells] == [(n, y) for n in range(1, 13) for y in range(n + 1)]
    for c in cells:
        assert c.decision.value == independent_decision(c.n, c.y, rule.target, rule.low, rule.high), (c.n, c.y)


@pytest.mark.parametrize("rule", [SHIPPED, FIND_EXAMPLE], ids=["pT0.3", "pT0.25"])
def test_posterior_tail_equals_the_binomial_sum_for_every_n_up_to_12(rule):
    for n in range(1, 13):
        for y in range(n + 1):
            assert prob_above_target(n, y, rule.target) == beta_upper_tail(n, y, rule.target)


@settings(max_examples=60, deadline=None)
@given(n=st.integers(1, 20), data=st.data(),
       t=st.fractions(min_value=Fraction(1, 100), max_value=Fraction(99, 100), max_denominator=1000))
def test_posterior_tail_identity_for_any_rational_target(n, data, t):
    y = data.draw(st.integers(0, n))
    assert prob_above_target(n, y, t) == beta_upper_tail(n, y, t)


# Worked by hand, pT = 0.3, EI = [0.25, 0.35]; P = P(Binomial(n + 1, 0.3) <= y).
@pytest.mark.parametrize("n, y, expected, why", [
    (3, 0, "E", "0/3 below 0.25"),
    (3, 1, "S", "1/3 = 0.333 inside [0.25, 0.35]"),
    (3, 2, "D", "P = 0.2401 + 0.4116 + 0.2646 = 0.9163 <= 0.95; 2/3 above; 1/3 not below 0.25"),
    (3, 3, "DU", "P = 1 - 0.3^4 = 0.9919"),
    (2, 2, "DU", "P = 1 - 0.3^3 = 0.973"),
    (1, 1, "S", "P = 1 - 0.3^2 = 0.91; 1/1 above; 0/1 below 0.25"),
    (4, 1, "S", "1/4 = 0.25 is the interval's lower end: inside"),
    (4, 2, "D", "2/4 above; (2 - 1)/4 = 0.25 is not below 0.25"),
    (8, 3, "D", "3/8 = 0.375 above; (3 - 1)/8 = 0.25 is not below 0.25"),
    (6, 2, "S", "2/6 = 0.333 inside"),
    (9, 5, "DU", "P(Binomial(10, 0.3) <= 5) = 0.95265"),
    (7, 4, "D", "P(Binomial(8, 0.3) <= 4) = 0.94203"),
])
def test_worked_cells_at_the_shipped_parameters(n, y, expected, why):
    assert decide(n, y, SHIPPED).value == expected, why


def test_close_calls_are_exact():
    assert prob_above_target(7, 4, Fraction(3, 10)) == Fraction(94203235, 10**8)
    assert prob_above_target(3, 2, Fraction(1, 4)) == Fraction(243, 256)   # 0.94921875: D, not DU
    assert decide(3, 2, FIND_EXAMPLE) is Decision.D


def test_the_shipped_protocol_carries_the_reading_to_confirm():
    design = default_protocol().protocol.escalation
    assert design is not None and design.rule() == SHIPPED
    assert not design.confirmed_by_sponsor
    assert "pT = 0.3" in design.reading_line() and "[0.25, 0.35]" in design.reading_line()
    assert "to be confirmed by the sponsor" in design.reading_line()
    assert design.open_at_start_for("A", "DL1") and not design.open_at_start_for("A", "DL2")
    assert not design.open_at_start_for("B", "DL1")
    gate = design.gate_for("a", "dl-1")
    assert gate is not None and gate.after_level == "DL1" and set(gate.after_decisions) == {Decision.D, Decision.DU}


_SEVERITY = {"E": 0, "S": 1, "D": 2, "DU": 3}


@settings(max_examples=40, deadline=None)
@given(n=st.integers(1, 30), data=st.data())
def test_one_more_dlt_never_makes_the_decision_milder(n, data):
    y = data.draw(st.integers(0, n - 1))
    for rule in (SHIPPED, FIND_EXAMPLE):
        assert _SEVERITY[decide(n, y + 1, rule).value] >= _SEVERITY[decide(n, y, rule).value]


@pytest.mark.parametrize("kwargs, field", [
    (dict(target=Fraction(3, 10), low=Fraction(3, 10), high=Fraction(7, 20)), "interval"),
    (dict(target=Fraction(3, 10), low=Fraction(1, 4), high=Fraction(3, 10)), "interval"),
    (dict(target=Fraction(0), low=Fraction(0), high=Fraction(1, 10)), "target"),
    (dict(target=Fraction(1), low=Fraction(1, 2), high=Fraction(1)), "target"),
])
def test_parameters_that_do_not_make_an_interval_are_refused(kwargs, field):
    with pytest.raises(EscalationParameterError) as info:
        I3Plus3(**kwargs)
    assert info.value.field == field


def test_counts_and_sizes_are_checked():
    for n, y, field in ((0, 0, "n"), (3, 4, "y"), (3, -1, "y")):
        with pytest.raises(EscalationParameterError) as info:
            decide(n, y, SHIPPED)
        assert info.value.field == field
    with pytest.raises(EscalationParameterError):
        decision_table(SHIPPED, 0)
    with pytest.raises(TypeError):
        I3Plus3(0.3, Fraction(1, 4), Fraction(7, 20))  # type: ignore[arg-type]


def test_probabilities_are_read_exactly_never_as_floats():
    assert exact_fraction("0.3", "target") == Fraction(3, 10)
    with pytest.raises(EscalationParameterError):
        exact_fraction(0.3, "target")  # type: ignore[arg-type]
    with pytest.raises(EscalationParameterError):
        exact_fraction("three tenths", "target")


def _protocol_with(tmp_path, old: str, new: str):
    from infusecalc.core.errors import ProtocolFileError
    from infusecalc.core.protocol import load_protocol, resource_path

    text = resource_path("protocols", "nct07470073.toml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "p.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ProtocolFileError) as info:
        load_protocol(path)
    return str(info.value)


def test_protocol_probabilities_must_be_decimal_text(tmp_path):
    assert "quoted decimal text" in _protocol_with(tmp_path, 'target = "0.3"', "target = 0.3")


def test_protocol_levels_named_by_the_ledger_must_exist(tmp_path):
    assert "DL9" in _protocol_with(tmp_path, 'A = ["DL1"]', 'A = ["DL9"]')
    assert "missing: B" in _protocol_with(tmp_path, "B = []\n", "")
    assert "DL7" in _protocol_with(tmp_path, 'after_level = "DL1"', 'after_level = "DL7"')


def test_protocol_interval_must_hold_the_target(tmp_path):
    assert "strictly inside" in _protocol_with(tmp_path, 'interval = ["0.25", "0.35"]', 'interval = ["0.35", "0.45"]')
