"""Frozen cold start: process start to the main window shown, the InfuseCalc bundle against the
frozen bare PySide6 window, measured in the same run (runs interleaved, median of N).

Run: python benchmarks/frozen_startup.py [--out DIR] [--runs 9]
     (--out reuses the bundles benchmarks/bundle_size.py --out DIR left there; else builds them)
Target (issue 6): app / bare <= 1.3.

Both programs honour the app's start-up hook (infusecalc/gui/app.py): with
INFUSECALC_STARTUP_MARK=FILE they append "shown <time.time_ns()>" to FILE when the main window
first paints (the app adds "built <ns>" once its form is in place and "ready <ns>" once its core
is loaded in the background, then quits).
The child's stamp minus the parent's, taken just before spawning, is the start-up time, Python's
and the bundle's loading included.
"Cold" here means a new process each run; the OS file cache stays warm (dropping it needs
privileges a CI machine does not give), so a first run after boot is slower for both.
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

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bundle_size  # noqa: E402

MARK = "INFUSECALC_STARTUP_MARK"


def exe_of(folder: Path) -> Path:
    names = [folder.name + (".exe" if sys.platform == "win32" else "")]
    return next(folder / n for n in names if (folder / n).exists())


def start_once(exe: Path, env: dict[str, str], cwd: Path) -> dict[str, float]:
    """Seconds from spawn to each mark the program wrote ("shown", "ready"); {} if none."""
    mark = cwd / "startup-mark.txt"
    mark.unlink(missing_ok=True)
    t0 = time.time_ns()
    subprocess.run([str(exe)], env={**env, MARK: str(mark)}, cwd=cwd, capture_output=True, timeout=120)
    stamps: dict[str, float] = {}
    if mark.exists():
        for line in mark.read_text(encoding="utf-8").splitlines():
            what, ns = line.split()
            stamps.setdefault(what, (int(ns) - t0) / 1e9)
    return stamps


def bundles(out: Path) -> tuple[Path, Path]:
    app = out / "dist" / bundle_size.build.APP_NAME
    bare = out / "bare-dist" / bundle_size.BARE_SCRIPT.stem
    if not app.is_dir():
        bundle_size.build_app(out)
    if not bare.is_dir():
        bundle_size.build_bare(out)
    return app, bare


def measure(out: Path, runs: int) -> dict[str, object]:
    app, bare = bundles(out)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory(prefix="infusecalc-startup-") as tmp:
        cwd = Path(tmp)
        env["INFUSECALC_DATA_DIR"] = str(cwd / "data")   # a first-run database, like a new site
        start_once(exe_of(app), env, cwd)                 # warm the file cache for both, once
        start_once(exe_of(bare), env, cwd)
        app_runs, bare_runs = [], []
        for _ in range(runs):
            app_runs.append(start_once(exe_of(app), env, cwd))
            bare_runs.append(start_once(exe_of(bare), env, cwd))
    result: dict[str, object] = {"runs": runs, "platform": env["QT_QPA_PLATFORM"],
                                 "bare_ms": statistics.median(r["shown"] for r in bare_runs) * 1000}
    if not all("shown" in r for r in app_runs):
        result["app_ms"] = None   # this build has no window (or no start-up hook)
    else:
        result["app_ms"] = statistics.median(r["shown"] for r in app_runs) * 1000
        result["ratio"] = result["app_ms"] / result["bare_ms"]
        for what in ("built", "ready"):
            if all(what in r for r in app_runs):
                result[f"app_{what}_ms"] = statistics.median(r[what] for r in app_runs) * 1000
    return result


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", type=Path, help="folder holding (or to receive) both bundles")
    p.add_argument("--runs", type=int, default=9)
    args = p.parse_args()
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        r = measure(args.out.resolve(), args.runs)
    else:
        with tempfile.TemporaryDirectory(prefix="infusecalc-frozen-") as tmp:
            r = measure(Path(tmp), args.runs)
    print(f"frozen bare window  {r['bare_ms']:7.0f} ms to window shown (median of {r['runs']}, "
          f"QT_QPA_PLATFORM={r['platform']})")
    if r["app_ms"] is None:
        print("frozen InfuseCalc   no window shown: this build has no window or no start-up probe")
        return 1
    print(f"frozen InfuseCalc   {r['app_ms']:7.0f} ms to window shown")
    if "app_built_ms" in r:
        print(f"                    {r['app_built_ms']:7.0f} ms to order form and results built")
    if "app_ready_ms" in r:
        print(f"                    {r['app_ready_ms']:7.0f} ms to core loaded (in the background)")
    print(f"ratio (app / bare)  {r['ratio']:7.2f}  (target <= 1.3: {'met' if r['ratio'] <= 1.3 else 'NOT MET'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
