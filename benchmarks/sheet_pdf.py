"""Time ``write_pdf`` for the dose sheet: the median of N runs, after one cold run.

    python benchmarks/sheet_pdf.py [--runs 20] [--screenshots docs/]

The case is the README's kind of order made heavier: a capped Group B dose with a NOT CLEARED
washout (one page), and a 40-exposure history (two pages). ``--screenshots DIR`` also writes
the README's pictures (sheet-en.png, sheet-en-page2.png) from the same cases.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from infusecalc.core.case import parse_case  # noqa: E402
from infusecalc.core.evaluate import evaluate  # noqa: E402

GENERATED = dt.datetime(2026, 12, 9, 6, 30, tzinfo=dt.timezone.utc)
PRODUCT = {"concentration": "1.3e7 cell/mL", "container_volume": "10 mL", "lot": "L2026-118",
           "bag_ids": ["B-0001", "B-0002"]}
BASE = {"subject_id": "0101-007", "group": "B", "age_years": 15, "weight": "55 kg", "weight_date": "2026-12-08",
        "dose_level": "DL1", "infusion_date": "2026-12-10", "consent_date": "2026-11-20", "product": PRODUCT}


def capped_not_cleared() -> dict:
    return {**BASE, "exposures": [
        {"agent": "daunorubicin", "last_date": "2026-12-01"},
        {"agent": "dexamethasone", "last_date": "2026-12-06", "daily_dose": "10 mg", "route": "oral"},
        {"agent": "vincristine", "last_date": "2026-12-05"},
        {"agent": "rituximab", "last_date": "2026-11-25"},
        {"agent": "radiotherapy", "site": "cns", "last_date": "2026-09-20"},
        {"agent": "blinded study drug", "class": "chemotherapy", "last_date": "2026-11-01"}]}


def forty_exposures() -> dict:
    agents = ["daunorubicin", "vincristine", "cytarabine", "methotrexate", "mercaptopurine", "idarubicin",
              "cyclophosphamide", "pegaspargase"]
    start = dt.date(2026, 8, 1)
    return {**BASE, "exposures": [{"agent": agents[i % len(agents)],
                                   "last_date": (start + dt.timedelta(days=2 * i)).isoformat()} for i in range(40)]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--screenshots", metavar="DIR", type=Path)
    args = parser.parse_args()

    t0 = time.perf_counter()
    from infusecalc.sheet.qt import ensure_gui_application
    ensure_gui_application()
    from infusecalc.sheet.model import SheetOptions
    from infusecalc.sheet.render import render_png, write_pdf
    print(f"Qt import + QGuiApplication: {(time.perf_counter() - t0) * 1000:.0f} ms")

    options = SheetOptions(generated_at=GENERATED)
    with tempfile.TemporaryDirectory() as tmp:
        for name, data in (("capped, NOT CLEARED, 6 exposures", capped_not_cleared()),
                           ("40 exposures", forty_exposures())):
            case = parse_case(data)
            ev = evaluate(case)
            out = Path(tmp) / "sheet.pdf"
            t = time.perf_counter()
            pages = write_pdf(ev, case, out, options)
            cold = (time.perf_counter() - t) * 1000
            times = []
            for _ in range(args.runs):
                t = time.perf_counter()
                write_pdf(ev, case, out, options)
                times.append((time.perf_counter() - t) * 1000)
            print(f"write_pdf, {name}: {pages} page(s), {out.stat().st_size / 1024:.0f} KiB; "
                  f"first {cold:.0f} ms, median of {args.runs} {statistics.median(times):.1f} ms "
                  f"(min {min(times):.1f}, max {max(times):.1f})")
            if args.screenshots:
                args.screenshots.mkdir(parents=True, exist_ok=True)
                paths = render_png(ev, case, Path(tmp) / "png", options)
                if pages == 1:
                    shutil.copy(paths[0], args.screenshots / "sheet-en.png")
                else:
                    shutil.copy(paths[-1], args.screenshots / "sheet-en-page2.png")
    if args.screenshots:
        print(f"screenshots written to {args.screenshots}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
