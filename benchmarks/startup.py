"""Cold start: process start to the window shown, for InfuseCalc and a bare PySide6 window.

Run: python benchmarks/startup.py [--runs N]

Each run starts a fresh interpreter (offscreen). The child appends "shown <ns>" to the file
named by INFUSECALC_STARTUP_MARK on the first paint of its main window (and InfuseCalc also
"ready <ns>" once its core is loaded), then quits. Times are time.time_ns() in both
processes. The two programs alternate, so both see the same machine load.

InfuseCalc paints its window (menus, tool bar, "Loading…") before it builds the order form
("built") and loads the core ("ready"): all three are printed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BARE = r"""
import os, sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

mark = os.environ["INFUSECALC_STARTUP_MARK"]

class Window(QMainWindow):
    painted = False
    def paintEvent(self, event):
        super().paintEvent(event)
        if not self.painted:
            self.painted = True
            with open(mark, "a") as fh:
                fh.write(f"shown {time.time_ns()}\n")
            QTimer.singleShot(0, app.quit)

app = QApplication(sys.argv[:1])
w = Window()
w.resize(1366, 768)
w.show()
app.exec()
"""


def run_once(cmd: list[str], workdir: Path) -> dict[str, float]:
    mark = workdir / "mark.txt"
    mark.unlink(missing_ok=True)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", INFUSECALC_STARTUP_MARK=str(mark),
               HOME=str(workdir), XDG_CONFIG_HOME=str(workdir))
    start = time.time_ns()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   timeout=120)
    out = {}
    for line in mark.read_text().splitlines():
        what, ns = line.split()
        out[what] = (int(ns) - start) / 1e6
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    app_cmd = [sys.executable, "-m", "infusecalc"]
    bare_cmd = [sys.executable, "-c", BARE]
    app_shown, app_built, app_ready, bare_shown = [], [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        run_once(bare_cmd, workdir)          # warm the OS file cache for both
        run_once(app_cmd, workdir)
        for _ in range(args.runs):
            bare_shown.append(run_once(bare_cmd, workdir)["shown"])
            r = run_once(app_cmd, workdir)
            app_shown.append(r["shown"])
            app_built.append(r["built"])
            app_ready.append(r["ready"])
    b, a, built, ready = (statistics.median(x) for x in (bare_shown, app_shown, app_built, app_ready))
    print(f"runs: {args.runs} each, offscreen, median (min-max) ms from process start")
    print(f"bare PySide6 QMainWindow shown: {b:7.0f}  ({min(bare_shown):.0f}-{max(bare_shown):.0f})")
    print(f"InfuseCalc window shown:        {a:7.0f}  ({min(app_shown):.0f}-{max(app_shown):.0f})")
    print(f"InfuseCalc form built:          {built:7.0f}  ({min(app_built):.0f}-{max(app_built):.0f})")
    print(f"InfuseCalc core loaded (ready): {ready:7.0f}  ({min(app_ready):.0f}-{max(app_ready):.0f})")
    print(f"ratio shown app/bare: {a / b:.2f}x (target <= 1.5x); form built/bare: {built / b:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
