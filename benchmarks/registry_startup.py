"""Start-up before and after the small unit registry (issue 14), in one run.

Run: python benchmarks/registry_startup.py [--before REV] [--runs N]

Measures, in fresh interpreters and alternating so every program sees the same machine load:

- ``python -c pass`` (the floor every figure is divided by);
- a bare PySide6 window, from process start to its first paint (offscreen);
- ``infusecalc check examples/issue-example.json --json``, whole process;
- the window's core load (``infusecalc.gui.core_loader.load_sources``: units, protocol,
  formulary, one warm-up evaluation), timed inside the process after Qt is imported, and the
  whole process that does it;

each for the tree at ``--before`` (default: the last main commit with pint's full default
registry) and for this checkout. The old tree is unpacked with ``git archive`` into a
temporary folder and imported from there.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CASE = ROOT / "examples" / "issue-example.json"
BEFORE = "534008a"   # main just before the small registry landed

CORE_LOAD = (
    "import time, PySide6.QtCore\n"
    "t = time.perf_counter()\n"
    "from infusecalc.gui.core_loader import load_sources\n"
    "load_sources()\n"
    "print((time.perf_counter() - t) * 1000)\n"
)

BARE = r"""
import os, sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

class Window(QMainWindow):
    painted = False
    def paintEvent(self, event):
        super().paintEvent(event)
        if not self.painted:
            self.painted = True
            QTimer.singleShot(0, app.quit)

app = QApplication(sys.argv[:1])
w = Window()
w.resize(1366, 768)
w.show()
app.exec()
"""


def unpack(rev: str, dest: Path) -> Path:
    """The package as it was at ``rev``, laid out as installed (resources inside it)."""
    dest.mkdir(parents=True)
    archive = dest.parent / f"{dest.name}.tar"
    with archive.open("wb") as fh:
        subprocess.run(["git", "-C", str(ROOT), "archive", rev, "infusecalc", "resources"],
                       stdout=fh, check=True)
    with tarfile.open(archive) as tar:
        tar.extractall(dest, filter="data")
    shutil.move(str(dest / "resources"), str(dest / "infusecalc" / "resources"))
    return dest


def timed(cmd: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, str]:
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    elapsed = (time.perf_counter() - start) * 1000
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{cmd} exited {proc.returncode}:\n{proc.stderr}")
    return elapsed, proc.stdout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", default=BEFORE, help=f"git revision to compare with (default {BEFORE})")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    py = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        old = unpack(args.before, Path(tmp) / "before")
        neutral = Path(tmp) / "after"
        neutral.mkdir()
        base_env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=tmp, XDG_CONFIG_HOME=tmp)
        base_env.pop("PYTHONPATH", None)
        # The old tree is found first on sys.path (cwd and PYTHONPATH precede the install).
        trees = {"before": (old, dict(base_env, PYTHONPATH=str(old))), "after": (neutral, base_env)}
        jobs = {"python -c pass": ([py, "-c", "pass"], neutral, base_env),
                "bare PySide6 window": ([py, "-c", BARE], neutral, base_env)}
        for label, (cwd, env) in trees.items():
            jobs[f"check ({label})"] = ([py, "-m", "infusecalc", "check", str(CASE), "--json"], cwd, env)
            jobs[f"core load process ({label})"] = ([py, "-c", CORE_LOAD], cwd, env)
        wall: dict[str, list[float]] = {k: [] for k in jobs}
        inside: dict[str, list[float]] = {k: [] for k in trees}
        for i in range(args.runs + 1):     # the first round only warms the file cache
            for name, (cmd, cwd, env) in jobs.items():
                ms, out = timed(cmd, cwd, env)
                if i == 0:
                    continue
                wall[name].append(ms)
                if name.startswith("core load"):
                    inside[name.split("(")[1].rstrip(")")].append(float(out.strip().splitlines()[-1]))
    med = {k: statistics.median(v) for k, v in wall.items()}
    floor, bare = med["python -c pass"], med["bare PySide6 window"]
    print(f"{args.runs} runs each, median (min-max) ms of wall time; before = {args.before}, after = this checkout")
    for name, values in wall.items():
        print(f"  {name:<32}{med[name]:8.0f}  ({min(values):.0f}-{max(values):.0f})"
              f"   x{med[name] / floor:5.2f} python -c pass   x{med[name] / bare:5.2f} bare window")
    for label, values in inside.items():
        m = statistics.median(values)
        print(f"  core load inside the process ({label}): {m:6.0f} ms ({min(values):.0f}-{max(values):.0f})"
              f"   x{m / floor:5.2f} python -c pass")
    for what in ("check", "core load process"):
        b, a = med[f"{what} (before)"], med[f"{what} (after)"]
        print(f"  {what}: after/before {a / b:.2f} ({b - a:+.0f} ms saved)")
    b, a = (statistics.median(inside[k]) for k in ("before", "after"))
    print(f"  core load inside: after/before {a / b:.2f} ({b - a:+.0f} ms saved)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
