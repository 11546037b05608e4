"""Time the exact i3+3 decision table (`infusecalc escalation table --max-n N`) for several N.

    python benchmarks/escalation_table.py
"""

from __future__ import annotations

import time
from fractions import Fraction

from infusecalc.core.escalation import I3Plus3, decision_table


def main() -> None:
    rule = I3Plus3(Fraction(3, 10), Fraction(1, 4), Fraction(7, 20))
    for max_n in (12, 30, 60, 100):
        t0 = time.perf_counter()
        cells = decision_table(rule, max_n)
        elapsed = time.perf_counter() - t0
        print(f"max_n {max_n:>3}: {len(cells):>5} cells in {elapsed * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
