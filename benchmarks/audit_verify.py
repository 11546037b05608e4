"""How fast `infusecalc audit verify` walks the chain (default: 100,000 signed events).

Run: python benchmarks/audit_verify.py [--events N] [--keep DIR]
Builds a fresh SQLite database of N events (or reuses --keep DIR), each signed with a
pharmacist's Ed25519 key (one transaction per 1,000 appends), then times:
- one Ed25519 signature and verification alone (cryptography; PyNaCl too when it is installed,
  for comparison only: it is not a dependency);
- reading the events, and the walk without the Ed25519 checks (hashes, links, who signs with
  which key), to show where the time goes;
- the whole check in process, inline (1 worker) and on every core (what the CLI does);
- `infusecalc audit verify` in a fresh process.
Wall time depends on what else the machine runs: the load average is printed beside it, and CPU
time of this process beside wall time.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from infusecalc.records import keys, passwords, sigbatch
from infusecalc.records.chain import Kind
from infusecalc.records.store import open_store
from infusecalc.records.users import Credentials, add_user, authenticate


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


def timed(label: str, run, events: int):
    load = os.getloadavg()[0]
    t0, c0 = time.perf_counter(), time.process_time()
    out = run()
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(f"{label}: {wall:.2f} s wall, {cpu:.2f} s CPU of this process "
          f"({events / wall:,.0f} events/s; load average {load:.1f})")
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--keep", metavar="DIR", help="build the database here and keep it")
    args = ap.parse_args()
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="infusecalc-bench-"))
    crypto_cost()
    passwords._params = passwords.KdfParams(n=2**4, r=1, p=1)  # the KDF is not what is timed here
    store = open_store(folder)
    if store.user_state("wang") is None:
        add_user(store, "wang", "pharmacist", "bench-pass-wang")
    signer = authenticate(store, Credentials("wang", "bench-pass-wang"), "issued", ("pharmacist",))
    payload = {"subject_id": "0101-007", "sheet_id": "IC-7K3M-9QX2", "case_sha256": "a" * 64,
               "values": {"dose_cells": 252000000, "volume_ml": "19.3", "bag_ids": ["B-01", "B-02"]}}
    t0 = time.perf_counter()
    done = start = store.head().seq if store.head() else 0
    while done < args.events:
        with store.write() as w:
            for _ in range(min(1000, args.events - done)):
                w.append_signed(Kind.ORDER_SAVED, {**payload, "i": done}, signer,
                                protocol_sha256="b" * 64)
                done += 1
    build = time.perf_counter() - t0
    if done > start:
        print(f"built {done - start} events in {build:.1f} s ({(done - start) / build:,.0f} "
              f"appends/s, batched)")

    total = store.head().seq
    timed("read every event", lambda: sum(1 for _ in store.iter_events()), total)
    check = keys.first_unverified
    keys.first_unverified = lambda items: -1       # the walk alone: no Ed25519 check
    try:
        timed("walk without the Ed25519 checks", store.verify, total)
    finally:
        keys.first_unverified = check
    report = timed("audit verify in process, 1 worker", lambda: store.verify(workers=1), total)
    assert report.ok and report.checked == total, report
    cores = min(os.cpu_count() or 1, 4)
    if sigbatch.can_fork() and cores > 1:
        report = timed(f"audit verify in process, {cores} workers",
                       lambda: store.verify(workers=cores), total)
        assert report.ok and report.checked == total, report

    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "infusecalc", "--data-dir", str(folder), "audit", "verify"],
                         capture_output=True, text=True)
    cli = time.perf_counter() - t0
    print(f"infusecalc audit verify (fresh process, exit {out.returncode}): {cli:.2f} s wall "
          f"(load average {os.getloadavg()[0]:.1f}) -> {out.stdout.strip()}")

    t0 = time.perf_counter()
    n = 0
    for _ in range(200):
        with store.write() as w:
            w.append_signed(Kind.ORDER_SAVED, payload, signer)
        n += 1
    one = time.perf_counter() - t0
    print(f"single appends, one transaction each (synchronous=FULL): {n / one:,.0f} events/s")
    store.close()


if __name__ == "__main__":
    main()
