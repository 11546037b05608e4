"""How fast `infusecalc audit verify` checks the chain (default: 100,000 signed events).

Run: python benchmarks/audit_verify.py [--events N] [--after M] [--keep DIR] [--no-full]
Builds a fresh SQLite database (or reuses --keep DIR): an admin and a pharmacist, then N events
signed with the pharmacist's Ed25519 key (one transaction per 1,000 appends) of which the last M
(default 1,000) come after a signed checkpoint made by the admin (`audit checkpoint --by`, i.e.
a full check first). Then times:
- one Ed25519 signature and verification alone (cryptography; PyNaCl too when it is installed,
  for comparison only: it is not a dependency);
- reading the events, and the walk without the Ed25519 checks (hashes, links, who signs with
  which key), to show where the time goes;
- the checked walk in process: from the checkpoint (the default of `audit verify`) and, unless
  --no-full, every signature inline and on every core (`audit verify --full`);
- `infusecalc audit verify` (and --full) in a fresh process, as a user runs it.
Wall time depends on what else the machine runs: each line gives the CPU time beside the wall
time, and the 1-minute load average before and after the run.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from infusecalc.records import keys, passwords, sigbatch
from infusecalc.records.audit import make_checkpoint
from infusecalc.records.chain import Kind
from infusecalc.records.store import open_store
from infusecalc.records.users import Credentials, add_user, authenticate, change_password

ADMIN = ("boss", "bench-pass-boss")
PHARMACIST = ("wang", "bench-pass-wang")


def crypto_cost(n: int = 2000) -> None:
    key = keys.new_private_key()
    public, message = keys.public_text(key), b"infusecalc-event-v1|" + b"a" * 64
    t0 = time.perf_counter()
    sigs = [keys.sign(key, message) for _ in range(n)]
    sign = (time.perf_counter() - t0) / n
    t0 = time.perf_counter()
    assert all(keys.verify(public, s, message) for s in sigs)
    verify = (time.perf_counter() - t0) / n
    print(f"Ed25519 (cryptography): sign {sign * 1e6:.0f} us, verify {verify * 1e6:.0f} us per event")
    try:
        import nacl.bindings
        import nacl.signing
    except ImportError:
        print("Ed25519 (PyNaCl): not installed (pip install pynacl to compare)")
        return
    nkey = nacl.signing.SigningKey.generate()
    t0 = time.perf_counter()
    signed = [nkey.sign(message) for _ in range(n)]
    sign = (time.perf_counter() - t0) / n
    raw = bytes(nkey.verify_key)
    t0 = time.perf_counter()
    for sm in signed:
        nacl.bindings.crypto_sign_open(bytes(sm), raw)
    verify = (time.perf_counter() - t0) / n
    print(f"Ed25519 (PyNaCl/libsodium): sign {sign * 1e6:.0f} us, verify {verify * 1e6:.0f} us per event")


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load {one:.2f} (5-min {five:.2f})"


def timed(label: str, run, events: int):
    before = load()
    t0, c0 = time.perf_counter(), time.process_time()
    out = run()
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(f"{label}: {wall:.2f} s wall, {cpu:.2f} s CPU of this process "
          f"({events / wall:,.0f} events/s; {before} before, {load()} after)")
    return out


def cli(folder: Path, *extra: str) -> tuple[float, float, str, int]:
    """(wall, CPU of the child, its output, exit code) of a fresh `infusecalc audit verify`."""
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "infusecalc", "--data-dir", str(folder), "audit",
                          "verify", *extra], capture_output=True, text=True)
    wall = time.perf_counter() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    return wall, cpu, (out.stdout + out.stderr).strip(), out.returncode


def build(folder: Path, events: int, after: int, workers: int) -> None:
    store = open_store(folder)
    if store.head() is not None:
        store.close()
        return
    add_user(store, ADMIN[0], "admin", ADMIN[1])
    add_user(store, PHARMACIST[0], "pharmacist", "temporary-pass-wang", by=Credentials(*ADMIN))
    change_password(store, PHARMACIST[0], "temporary-pass-wang", PHARMACIST[1])
    signer = authenticate(store, Credentials(*PHARMACIST), "issued", ("pharmacist",))
    payload = {"subject_id": "0101-007", "sheet_id": "IC-7K3M-9QX2", "case_sha256": "a" * 64,
               "values": {"dose_cells": 252000000, "volume_ml": "19.3", "bag_ids": ["B-01", "B-02"]}}

    def append(n: int) -> None:
        done = 0
        while done < n:
            with store.write() as w:
                for _ in range(min(1000, n - done)):
                    w.append_signed(Kind.ORDER_SAVED, {**payload, "i": done}, signer,
                                    protocol_sha256="b" * 64)
                    done += 1

    t0 = time.perf_counter()
    append(events - after - store.head().seq - 1)
    print(f"built {store.head().seq:,} events in {time.perf_counter() - t0:.1f} s")
    made = timed(f"audit checkpoint --by (full check, {workers} workers, then the signed event)",
                 lambda: make_checkpoint(store, Credentials(*ADMIN), workers=workers),
                 store.head().seq)
    assert made.event is not None, made.report
    append(after)
    print(f"then {after:,} events after checkpoint event {made.event.seq:,}: "
          f"{store.head().seq:,} in all")
    store.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--after", type=int, default=1000, help="events after the checkpoint")
    ap.add_argument("--keep", metavar="DIR", help="build the database here and keep it")
    ap.add_argument("--no-full", action="store_true",
                    help="skip the checks of every signature (about 20 s CPU each)")
    args = ap.parse_args()
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="infusecalc-bench-"))
    cores = min(os.cpu_count() or 1, 4) if sigbatch.can_fork() else 1
    print(f"{os.cpu_count()} cores; {load()} at the start")
    crypto_cost()
    passwords._params = passwords.KdfParams(n=2**4, r=1, p=1)  # the KDF is not what is timed here
    build(folder, args.events, args.after, cores)

    store = open_store(folder)
    total = store.head().seq
    timed("read every event", lambda: sum(1 for _ in store.iter_rows()), total)
    check = keys.first_unverified
    keys.first_unverified = lambda items: -1       # the walk alone: no Ed25519 check in bulk
    try:
        timed("walk without the Ed25519 checks", store.verify, total)
    finally:
        keys.first_unverified = check
    report = timed("audit verify in process, from the checkpoint",
                   lambda: store.verify(workers=cores, full=False), total)
    assert report.ok and report.checked == total and report.checkpoint is not None, report
    print(f"  {report.signatures_checked:,} signatures checked, "
          f"{report.checkpoint.signatures_trusted:,} covered by checkpoint {report.checkpoint.seq:,}")
    if not args.no_full:
        report = timed("audit verify --full in process, 1 worker", lambda: store.verify(workers=1),
                       total)
        assert report.ok and report.checked == total, report
        if cores > 1:
            report = timed(f"audit verify --full in process, {cores} workers",
                           lambda: store.verify(workers=cores), total)
            assert report.ok and report.checked == total, report
    store.close()

    goal = None
    for extra in [[]] + ([] if args.no_full else [["--full"]]):
        before = load()
        wall, cpu, text, code = cli(folder, *extra)
        print(f"{' '.join(['infusecalc audit verify', *extra])} (fresh process, exit {code}): "
              f"{wall:.2f} s wall, {cpu:.2f} s CPU ({before} before, {load()} after)")
        print("  " + text.replace("\n", "\n  "))
        if not extra:
            goal = (wall, cpu, before)
    if goal is not None:
        wall, cpu, before = goal
        print(f"goal (issue 12): audit verify from a checkpoint <= 2 s wall: "
              f"{'met' if wall <= 2 else 'NOT met'} ({wall:.2f} s wall, {cpu:.2f} s CPU; {before})")

    # The append rate, on a database of its own (the benchmark's chain stays as built).
    store = open_store(Path(tempfile.mkdtemp(prefix="infusecalc-bench-appends-")))
    add_user(store, PHARMACIST[0], "pharmacist", PHARMACIST[1])
    signer = authenticate(store, Credentials(*PHARMACIST), "issued", ("pharmacist",))
    t0 = time.perf_counter()
    for _ in range(200):
        with store.write() as w:
            w.append_signed(Kind.ORDER_SAVED, {"i": "single"}, signer)
    one = time.perf_counter() - t0
    print(f"single appends, one transaction each (synchronous=FULL): {200 / one:,.0f} events/s")
    store.close()


if __name__ == "__main__":
    main()
