"""Cold start against a bare PySide6 window, in one run: first paint, the order form accepting
input with a computed dose on screen, the records database open, the longest GUI-thread stall,
and peak memory.

Run: python benchmarks/startup.py [--runs N] [--no-bytecode-cache]

Each run starts a fresh interpreter (offscreen) with the same harness around both programs:
the harness makes the QApplication, starts a 5 ms heartbeat QTimer (PreciseTimer) and an
application event filter that notes the first paint of the main window (and is removed right
after it: a Python filter that sees every event of every widget would load the program it
measures), then starts the program as ``infusecalc --data-dir DIR`` would (a records folder
that already has its first administrator, so no first-run dialog waits for a person).

- shown: first paint of the main window, ms from process start;
- dose: the window says it is ready (``is_ready()``: the core is loaded and the filled order
  form is on screen, taking input), a case (examples/issue-example.json) is put into the form
  as File > Open puts it, and the window has painted since its computed dose was there;
- records: the records database is open (or refused, with the reason on screen);
- stall: the largest gap between two heartbeats from the first paint until all of the above
  are done (5 ms is no stall; the goal is <= 50 ms): how long the window would not react.
  Also split: while loading (first paint to ready), putting the case in (to the dose on
  screen), and after (the records' welcome);
- rss: peak resident memory (VmHWM) of the process.
- floor: a third program, the bare window that then loads the core on its own thread in one go
  (pint, pydantic, the protocol and formulary checked at load) and evaluates the example case:
  no form, no worker, no records. No window of this program can show a computed dose sooner
  than this; it is printed as a ratio to the bare window beside the goal.

Bytecode: the runs read compiled bytecode from a cache in the temporary folder (filled by the
warm-up runs), as an installed program does; a PYTHONDONTWRITEBYTECODE environment would
otherwise compile every module of InfuseCalc from source in every run (hundreds of ms that no
installation pays). ``--no-bytecode-cache`` measures that condition instead.

The bare window quits after its first paint (its peak memory is read then). The two programs
alternate, so both see the same machine load; the load average is printed before and after.
Times are time.time_ns() in both processes.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

HARNESS = r"""
import os, sys, time, resource
mark = os.environ["BENCH_MARK"]
out = {}

def put(what, value=None):
    out[what] = time.time_ns() if value is None else value

from PySide6.QtCore import QEvent, QObject, QTimer, Qt
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

app = QApplication(sys.argv[:1])
state = {"window": None, "last": None, "gap": 0, "done_at": None, "case_put": False,
         "dose_computed": False, "phase": "load", "gap_phase": "load", "gaps": {"load": 0, "case": 0, "after": 0}}

class FirstPaint(QObject):
    # The first paint of the main window; later (put back once the dose is computed) the
    # first paint in that window after it: the dose on screen.
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            if "shown" not in out and isinstance(obj, QMainWindow):
                put("shown")
                state["window"] = obj
                state["last"] = time.perf_counter_ns()
                app.removeEventFilter(self)
            elif (state["dose_computed"] and "dose" not in out and hasattr(obj, "window")
                  and obj.window() is state["window"]):
                put("dose")
                state["phase"] = "after"
                app.removeEventFilter(self)
        return False

first_paint = FirstPaint()
app.installEventFilter(first_paint)

def finish():
    out["rss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    try:   # the same peak, per address space (Linux keeps ru_maxrss across exec)
        with open("/proc/self/status") as fh:
            out["rss_kb"] = next(int(l.split()[1]) for l in fh if l.startswith("VmHWM:"))
    except (OSError, StopIteration):
        pass
    out["stall_ms"] = state["gap"] / 1e6
    for phase, gap in state["gaps"].items():
        out[f"stall_{phase}_ms"] = gap / 1e6
    with open(mark, "w") as fh:
        for k, v in out.items():
            fh.write(f"{k} {v}\n")
    os._exit(0)   # the same way out for both programs: no teardown is measured

def beat():
    now = time.perf_counter_ns()
    if state["last"] is not None and state["done_at"] is None:
        state["gap"] = max(state["gap"], now - state["last"])
        phase = state["gap_phase"]   # the phase the gap began in
        state["gaps"][phase] = max(state["gaps"][phase], now - state["last"])
    state["last"] = now
    state["gap_phase"] = state["phase"]
    w = state["window"]
    if w is None:
        return
    if BARE:
        if FLOOR and "dose" not in out:
            floor_dose()
        finish()
    if "dose" not in out and getattr(w, "form", None) is not None and w.is_ready():
        if not state["case_put"]:
            from infusecalc.core.case import parse_case
            import json
            put("ready")
            state["case_put"] = True
            state["phase"] = state["gap_phase"] = "case"   # the gap from this beat on is the case's
            w.load_case(parse_case(json.loads(open(EXAMPLE).read())))
        if (not state["dose_computed"] and w.evaluation() is not None
                and w.evaluation().dose is not None):
            state["dose_computed"] = True
            app.installEventFilter(first_paint)   # "dose" at the next paint in the window
            w.update()                            # (one is due anyway; this makes sure)
    records = w.records
    if "records" not in out and (getattr(records, "_store", None) is not None
                                 or getattr(records, "_store_error", None) is not None):
        put("records")
    if "dose" in out and "records" in out and state["done_at"] is None:
        state["done_at"] = now
        QTimer.singleShot(100, finish)

heartbeat = QTimer()
heartbeat.setTimerType(Qt.TimerType.PreciseTimer)
heartbeat.setInterval(5)
heartbeat.timeout.connect(beat)
heartbeat.start()
QTimer.singleShot(60000, finish)   # a hang is reported, not waited for

def floor_dose():
    # The least any window of this program can do before it shows a dose: the core's load
    # (pint, pydantic, the protocol checked at load) and one evaluation, on this thread, in
    # one go (no form, no worker: the fastest order).
    import json
    from infusecalc.gui.core_loader import load_sources
    from infusecalc.core.case import parse_case
    from infusecalc.core.evaluate import evaluate
    sources = load_sources(None, DATA_DIR, None)
    ev = evaluate(parse_case(json.loads(open(EXAMPLE).read())), sources.protocol, sources.formulary)
    assert ev.dose is not None
    put("dose")

if BARE:
    window = QMainWindow()
    window.setCentralWidget(QLabel("Hello"))
    window.resize(1366, 768)
    window.show()
    app.exec()
else:
    from infusecalc.cli.main import main
    main(["--data-dir", DATA_DIR])
"""


def run_once(bare: bool, workdir: Path, data_dir: Path, bytecode_cache: bool = True,
             floor: bool = False) -> dict[str, float]:
    mark = workdir / "mark.txt"
    mark.unlink(missing_ok=True)
    code = (f"BARE = {bare or floor!r}\nFLOOR = {floor!r}\nDATA_DIR = {str(data_dir)!r}\n"
            f"EXAMPLE = {str(ROOT / 'examples' / 'issue-example.json')!r}\n" + HARNESS)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", BENCH_MARK=str(mark),
               HOME=str(workdir), XDG_CONFIG_HOME=str(workdir))
    env.pop("INFUSECALC_STARTUP_MARK", None)
    if bytecode_cache:   # as installed: bytecode compiled once (by the warm-up runs), then read
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(workdir / "bytecode")
    start = time.time_ns()
    subprocess.run([sys.executable, "-c", code], env=env, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, timeout=120, cwd=workdir)
    out: dict[str, float] = {}
    for line in mark.read_text().splitlines():
        what, value = line.split()
        if what == "rss_kb" or what.startswith("stall"):
            out[what] = float(value)
        else:
            out[what] = (int(value) - start) / 1e6
    return out


PREPARE = r"""
import sys
from infusecalc.records.store import open_store
from infusecalc.records.users import add_user

with open_store(sys.argv[1]) as store:
    if not store.users():
        add_user(store, "admin", "admin", "bench-admin-pass-1", full_name="Bench Admin")
"""


def prepare_records(data_dir: Path) -> None:
    """A records folder with its first administrator (no first-run dialog in the runs). In a
    child process: this one stays small, since a child's peak memory starts from its parent's."""
    subprocess.run([sys.executable, "-c", PREPARE, str(data_dir)], check=True, cwd=ROOT)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--json", metavar="FILE", help="also write the medians as JSON")
    parser.add_argument("--no-bytecode-cache", dest="bytecode_cache", action="store_false",
                        help="run with the environment's bytecode setting (with PYTHONDONTWRITEBYTECODE "
                             "set, every module is compiled from source in every run)")
    args = parser.parse_args()
    app_keys = ("shown", "ready", "dose", "records", "stall_ms", "stall_load_ms", "stall_case_ms",
                "stall_after_ms", "rss_kb")
    results: dict[str, list[float]] = {k: [] for k in ("bare_shown", "bare_rss_kb", "floor_dose",
                                                        "floor_rss_kb", *app_keys)}
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        data_dir = workdir / "records"
        prepare_records(data_dir)
        # warm the OS file cache (and the bytecode cache) for both
        run_once(True, workdir, data_dir, args.bytecode_cache)
        run_once(False, workdir, data_dir, args.bytecode_cache)
        for _ in range(args.runs):
            b = run_once(True, workdir, data_dir, args.bytecode_cache)
            results["bare_shown"].append(b["shown"])
            results["bare_rss_kb"].append(b["rss_kb"])
            f = run_once(False, workdir, data_dir, args.bytecode_cache, floor=True)
            results["floor_dose"].append(f["dose"])
            results["floor_rss_kb"].append(f["rss_kb"])
            r = run_once(False, workdir, data_dir, args.bytecode_cache)
            for k in app_keys:
                results[k].append(r.get(k, float("nan")))
    load_after = os.getloadavg()
    med = {k: statistics.median(v) for k, v in results.items()}
    b = med["bare_shown"]

    def row(name: str, key: str) -> str:
        v = results[key]
        return f"{name:34s} {med[key]:8.0f}  ({min(v):.0f}-{max(v):.0f})"

    print(f"runs: {args.runs} each, offscreen, median (min-max); bytecode "
          f"{'cached' if args.bytecode_cache else 'as the environment says'}; load average "
          f"{load_before[0]:.2f} before, {load_after[0]:.2f} after ({os.cpu_count()} CPUs)")
    print("ms from process start:")
    print(row("bare PySide6 window shown", "bare_shown"))
    print(row("floor: bare window + core + 1 dose", "floor_dose"))
    print(row("InfuseCalc window shown", "shown"))
    print(row("InfuseCalc form ready for input", "ready"))
    print(row("InfuseCalc form with computed dose", "dose"))
    print(row("InfuseCalc records open", "records"))
    print(row("longest GUI-thread stall (ms)", "stall_ms"))
    print(row("  while loading (to ready)", "stall_load_ms"))
    print(row("  putting the case in (to dose)", "stall_case_ms"))
    print(row("  after (records welcome)", "stall_after_ms"))
    print(f"peak memory: bare {med['bare_rss_kb'] / 1024:.0f} MB, InfuseCalc "
          f"{med['rss_kb'] / 1024:.0f} MB ({med['rss_kb'] / med['bare_rss_kb']:.2f}x); floor "
          f"{med['floor_rss_kb'] / 1024:.0f} MB ({med['floor_rss_kb'] / med['bare_rss_kb']:.2f}x)")
    print(f"ratios to the bare window: shown {med['shown'] / b:.2f}x (goal <= 1.2x), dose "
          f"{med['dose'] / b:.2f}x (goal <= 2x; the floor is {med['floor_dose'] / b:.2f}x), records {med['records'] / b:.2f}x; "
          f"stall {med['stall_ms']:.0f} ms (goal <= 50 ms)")
    if args.json:
        Path(args.json).write_text(json.dumps(med, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
