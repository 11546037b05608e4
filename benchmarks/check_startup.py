"""`infusecalc check` start-up with the protocol in force read from the records (issue 17 item 6).

Run: python benchmarks/check_startup.py [--before REV] [--runs N]

Whole-process wall time of ``infusecalc check examples/issue-example.json --json``, in fresh
interpreters, alternating so every variant sees the same machine load:

- ``before``: the tree at REV (default: main), which always used the shipped protocol;
- ``no records``: this checkout, with a data folder that holds no database (the shipped file);
- ``records``: this checkout, with a records database holding users and one adopted amendment
  (read read-only with the standard library's sqlite3, signatures checked).

Prints the median and the spread of each, and the difference to ``before``.
"""

from __future__ import annotations

import argparse
import io
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
AMENDMENT = ROOT / "tests" / "fixtures" / "ct1190b-amendment-1.toml"


def _tree(rev: str, into: Path) -> Path:
    data = subprocess.run(["git", "-C", str(ROOT), "archive", rev], check=True, capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(into, filter="data")
    return into


def _records(folder: Path) -> None:
    """A database with an admin and one adopted amendment (cheap KDF: a benchmark, not a site)."""
    code = (
        "import sys\n"
        "from infusecalc.records import passwords\n"
        "passwords._params = passwords.KdfParams(n=2**4, r=1, p=1)\n"
        "from infusecalc.records.store import open_store\n"
        "from infusecalc.records.users import Credentials, add_user\n"
        "from infusecalc.records.adoption_store import adopt\n"
        "s = open_store(sys.argv[1])\n"
        "add_user(s, 'admin', 'admin', 'admin-pass-bench-1')\n"
        "adopt(s, open(sys.argv[2], 'rb').read(), sys.argv[2], Credentials('admin', 'admin-pass-bench-1'))\n"
        "s.close()\n")
    subprocess.run([sys.executable, "-c", code, str(folder), str(AMENDMENT)], check=True, cwd=ROOT)


def _once(pythonpath: Path, data_dir: Path) -> float:
    env = {**os.environ, "PYTHONPATH": str(pythonpath), "INFUSECALC_DATA_DIR": str(data_dir),
           "INFUSECALC_LANG": "en"}
    env.pop("INFUSECALC_DATABASE_URL", None)
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "infusecalc", "check", str(CASE), "--json"], env=env,
                   check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=pythonpath)
    return time.perf_counter() - t


IN_PROCESS = (
    "import sys, time, argparse\n"
    "from infusecalc.core.protocol import default_protocol\n"
    "from infusecalc.cli.check import protocol_in_force\n"
    "default_protocol()\n"
    "t = time.perf_counter()\n"
    "lp = protocol_in_force(argparse.Namespace(database=None, data_dir=sys.argv[1]))\n"
    "print((time.perf_counter() - t) * 1000, lp.protocol.version)\n")


def _in_process(data_dir: Path) -> float:
    out = subprocess.run([sys.executable, "-c", IN_PROCESS, str(data_dir)], check=True, cwd=ROOT,
                         capture_output=True, text=True).stdout
    return float(out.split()[0])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--before", default="main")
    ap.add_argument("--runs", type=int, default=15)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="infusecalc-check-bench-"))
    try:
        old = _tree(args.before, tmp / "before")
        empty = tmp / "empty-data"
        full = tmp / "records-data"
        _records(full)
        variants = {"before": (old, empty), "no records": (ROOT, empty), "records": (ROOT, full)}
        times: dict[str, list[float]] = {k: [] for k in variants}
        for tree, data in variants.values():   # warm the file cache once each
            _once(tree, data)
        for _ in range(args.runs):
            for name, (tree, data) in variants.items():
                times[name].append(_once(tree, data))
        base = statistics.median(times["before"])
        print(f"infusecalc check, whole process, {args.runs} runs each (median, min-max):")
        for name, ts in times.items():
            med = statistics.median(ts)
            print(f"  {name:<11} {med * 1000:7.1f} ms  ({min(ts) * 1000:.1f}-{max(ts) * 1000:.1f})"
                  f"  {'' if name == 'before' else f'{(med - base) * 1000:+.1f} ms vs before'}")
        print("reading the protocol in force, in process, after the shipped protocol is loaded "
              "(median of the runs):")
        for name, data in (("no records", empty), ("records", full)):
            ms = statistics.median(_in_process(data) for _ in range(args.runs))
            print(f"  {name:<11} {ms:7.1f} ms")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
