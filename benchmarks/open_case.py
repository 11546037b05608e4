"""CPU time of putting a case into the window, as File > Open does, with the window's
application-wide filter installed (as it is from a second after start-up on) and without.

Run: python benchmarks/open_case.py [--runs N]

In-process and offscreen: a real MainWindow with the core loaded; each run puts the example
case (three exposures, a product label) in with ``load_case`` and processes the events that
follows (the layout and paint of the new rows and the result), then starts a new case. CPU
time of this process (``time.process_time``), so other work on the machine hardly moves it.
The filter sees every event of every widget: its cost is what this measures.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "issue-example.json"

RUN = r"""
import json, os, sys, tempfile, time
from PySide6.QtWidgets import QApplication, QMessageBox
app = QApplication([])
from infusecalc.gui import main_window
if sys.argv[2] == "without":
    main_window.MainWindow._install_guards = lambda self: None
from infusecalc.core.case import parse_case
w = main_window.MainWindow(build=True)
w.records.set_data_dir(tempfile.mkdtemp(), None)
w.load_core_now()
w.ask_unsaved = lambda: QMessageBox.StandardButton.Discard
w.resize(1366, 768)
w.show()
for _ in range(5):
    app.processEvents()
case = parse_case(json.loads(open(sys.argv[1]).read()))
out = []
for _ in range(int(sys.argv[3])):
    t = time.process_time()
    w.load_case(case)
    app.processEvents()
    out.append((time.process_time() - t) * 1000)
    w.new_case()
    app.processEvents()
print(json.dumps(out))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    for mode in ("with", "without"):
        out = subprocess.run([sys.executable, "-c", RUN, str(EXAMPLE), mode, str(args.runs)],
                             env=env, capture_output=True, text=True, check=True).stdout
        ms = json.loads(out.splitlines()[-1])
        print(f"{mode:7s} the application-wide filter: median {statistics.median(ms):.0f} ms CPU "
              f"({min(ms):.0f}-{max(ms):.0f}) over {len(ms)} runs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
