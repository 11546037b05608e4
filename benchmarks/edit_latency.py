"""Time from an edit (one key stroke in the weight field) to the updated dose label.

Run: python benchmarks/edit_latency.py [--runs N]

In-process and offscreen: a real MainWindow with the core loaded and a Group B case with
three exposures and a product label. Each run types the last digit of a new weight with
QTest and spins the event loop until the dose label shows the new dose. The figure includes
the window's debounce (DEBOUNCE_MS). The core's own time (parse_case + evaluate) is shown
beside it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

CASE = {"subject_id": "BENCH-1", "group": "B", "age_years": 15, "weight": "30.1 kg",
        "dose_level": "DL1", "infusion_date": "2026-12-10", "consent_date": "2026-11-20",
        "exposures": [{"agent": "daunorubicin", "last_date": "2026-12-01"},
                      {"agent": "dexamethasone", "last_date": "2026-12-06", "daily_dose": "10 mg",
                       "route": "oral"},
                      {"agent": "radiotherapy", "site": "cns", "last_date": "2026-09-20"}],
        "product": {"concentration": "1.3e7 cell/mL", "container_volume": "10 mL"}}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=60)
    args = parser.parse_args()

    import tempfile

    from PySide6.QtCore import QSettings
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QMessageBox

    from infusecalc.core.case import parse_case
    from infusecalc.core.evaluate import evaluate
    from infusecalc.gui.main_window import DEBOUNCE_MS, MainWindow

    app = QApplication(sys.argv[:1])
    tmp = tempfile.mkdtemp()
    w = MainWindow(settings=QSettings(os.path.join(tmp, "s.ini"), QSettings.Format.IniFormat))
    w.show()
    w.load_core_now()
    w.load_case(parse_case(CASE))
    app.processEvents()
    label = w.results.dose_label
    weight = w.form.weight

    latencies, core = [], []
    for i in range(args.runs):
        text = f"{30.2 + 0.3 * i:.1f}"           # every run a different dose (below the cap)
        weight.setText(text[:-1])
        before = label.text()
        t0 = time.perf_counter()
        QTest.keyClick(weight, text[-1])
        while label.text() == before:
            app.processEvents()
            if time.perf_counter() - t0 > 2:
                raise SystemExit(f"no update after 2 s for weight {text}")
        latencies.append((time.perf_counter() - t0) * 1000)
        data = w.current_data()
        c0 = time.perf_counter()
        evaluate(parse_case(data), w._sources.protocol, w._sources.formulary)
        core.append((time.perf_counter() - c0) * 1000)

    print(f"runs: {args.runs}, offscreen, debounce {DEBOUNCE_MS} ms included")
    print(f"edit -> dose label updated: median {statistics.median(latencies):.1f} ms, "
          f"max {max(latencies):.1f} ms (target <= 50 ms)")
    print(f"core alone (parse_case + evaluate): median {statistics.median(core):.1f} ms, "
          f"max {max(core):.1f} ms")
    w.ask_unsaved = lambda: QMessageBox.StandardButton.Discard  # a benchmark keeps nothing
    w.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
