"""What the GUI thread was doing in each stall of benchmarks/startup.py's run (profiling aid).

Run: python benchmarks/startup_probe.py [--over MS] [--runs N]

Starts the InfuseCalc window in the same harness as benchmarks/startup.py (offscreen, 5 ms
heartbeat, the example case put into the form once the core is in) with a sampling thread
that notes the GUI thread's Python stack every millisecond. For every gap between heartbeats
longer than ``--over`` ms (from the first paint until the dose and the records are in), it
prints when it happened, its length, and the innermost InfuseCalc frames seen during it (a
stack that shows only the event loop means Qt's own work, or waiting for the interpreter's
lock held by a worker thread; the worker's frames are shown too). The sampler adds its own
load: use it to find stalls, use startup.py to time them.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import startup  # noqa: E402  (the same harness)

SAMPLER = r"""
import sys, threading, time, collections, atexit
_main = threading.main_thread().ident
_samples = []
_beats = []
def _frames(frame, limit=6):
    out = []
    while frame is not None and len(out) < limit:
        code = frame.f_code
        if "infusecalc" in code.co_filename or "site-packages" not in code.co_filename:
            out.append(f"{code.co_filename.split('/')[-1]}:{frame.f_lineno} {code.co_name}")
        frame = frame.f_back
    return tuple(out)
def _sample():
    while True:
        t = time.perf_counter_ns()
        frames = sys._current_frames()
        main = _frames(frames.get(_main))
        others = tuple(_frames(f, 3) for k, f in frames.items() if k != _main and k != threading.get_ident())
        _samples.append((t, main, others))
        time.sleep(0.001)
threading.Thread(target=_sample, daemon=True).start()
def _report():
    over = float(OVER) * 1e6
    shown = None
    lines = []
    for a, b in zip(_beats, _beats[1:]):
        if b - a > over:
            inside = [s for s in _samples if a <= s[0] <= b]
            mains = collections.Counter(s[1][:4] for s in inside)
            others = collections.Counter(o for s in inside for o in s[2] if o)
            lines.append(f"stall {(b - a) / 1e6:.0f} ms at +{(a - _beats[0]) / 1e6:.0f} ms after first beat")
            for st, n in mains.most_common(4):
                lines.append(f"   gui x{n}: " + "  <  ".join(st))
            for st, n in others.most_common(2):
                lines.append(f"   worker x{n}: " + "  <  ".join(st))
    with open(PROBE_OUT, "w") as fh:
        fh.write("\n".join(lines) + "\n")
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--over", type=float, default=30.0, help="report gaps longer than this (ms)")
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    harness = startup.HARNESS.replace(
        "def beat():\n    now = time.perf_counter_ns()\n",
        "def beat():\n    now = time.perf_counter_ns()\n"
        "    if state['last'] is not None and state['done_at'] is None: _beats.append(now)\n")
    harness = harness.replace("    os._exit(0)", "    _report()\n    os._exit(0)")
    assert "_beats.append" in harness and "_report()" in harness
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        data_dir = workdir / "records"
        startup.prepare_records(data_dir)
        for _ in range(args.runs):
            out = workdir / "probe.txt"
            code = (f"BARE = False\nDATA_DIR = {str(data_dir)!r}\nOVER = {args.over!r}\n"
                    f"PROBE_OUT = {str(out)!r}\n"
                    f"EXAMPLE = {str(startup.ROOT / 'examples' / 'issue-example.json')!r}\n"
                    + SAMPLER + harness)
            env = dict(startup.os.environ, QT_QPA_PLATFORM="offscreen", BENCH_MARK=str(workdir / "mark"),
                       HOME=str(workdir), XDG_CONFIG_HOME=str(workdir))
            # bytecode compiled once, then read, as startup.py does (the first run compiles)
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPYCACHEPREFIX"] = str(workdir / "bytecode")
            if not (workdir / "bytecode").exists():
                subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=120, cwd=workdir,
                               capture_output=True)
            subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=120, cwd=workdir)
            print((workdir / "mark").read_text())
            print(out.read_text())
    return 0


if __name__ == "__main__":
    sys.exit(main())
