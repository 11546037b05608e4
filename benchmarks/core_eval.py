"""How long the core takes: first use (pint registry, protocol, formulary) and one evaluation.

Run: python benchmarks/core_eval.py
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def first_use() -> float:
    code = ("import time; t=time.perf_counter();"
            "from infusecalc.core.units import registry; registry();"
            "from infusecalc.core.protocol import default_protocol; default_protocol();"
            "from infusecalc.core.formulary import default_formulary; default_formulary();"
            "print(time.perf_counter()-t)")
    runs = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                 check=True).stdout) for _ in range(5)]
    return statistics.median(runs)


def evaluations(n: int = 2000) -> list[float]:
    from infusecalc.core.case import parse_case_json
    from infusecalc.core.evaluate import evaluate

    text = (ROOT / "examples" / "issue-example.json").read_text(encoding="utf-8")
    evaluate(parse_case_json(text))  # warm up
    times = []
    for _ in range(n):
        t = time.perf_counter()
        evaluate(parse_case_json(text))
        times.append(time.perf_counter() - t)
    return times


def cli_check() -> float:
    runs = []
    for _ in range(5):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "infusecalc", "check", str(ROOT / "examples" / "issue-example.json"),
                        "--json"], capture_output=True, check=True)
        runs.append(time.perf_counter() - t)
    return statistics.median(runs)


if __name__ == "__main__":
    first = first_use()
    times = evaluations()
    result = {
        "first_use_s (registry+protocol+formulary, median of 5 processes)": round(first, 3),
        "evaluate_median_ms (issue example, 3 exposures + product)": round(statistics.median(times) * 1e3, 3),
        "evaluate_p99_ms": round(sorted(times)[int(len(times) * 0.99)] * 1e3, 3),
        "cli_check_wall_s (median of 5)": round(cli_check(), 3),
    }
    print(json.dumps(result, indent=2))
