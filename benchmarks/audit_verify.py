"""How fast `infusecalc audit verify` walks the chain (default: 100,000 signed events).

Run: python benchmarks/audit_verify.py [--events N] [--keep DIR]
Builds a fresh SQLite database of N events, each signed with a pharmacist's Ed25519 key (one
transaction per 1,000 appends), then times the chain walk the CLI runs (hashes and every
signature), the CLI itself in a fresh process, and one Ed25519 signature and verification alone.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from infusecalc.records import keys, passwords
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
    print(f"Ed25519 (cryptography): sign {sign * 1e6:.0f} us, verify {verify * 1e6:.0f} us")


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
    done = store.head().seq if store.head() else 0
    while done < args.events:
        with store.write() as w:
            for _ in range(min(1000, args.events - done)):
                w.append_signed(Kind.ORDER_SAVED, {**payload, "i": done}, signer,
                                protocol_sha256="b" * 64)
                done += 1
    build = time.perf_counter() - t0
    print(f"built {done} events in {build:.1f} s ({done / build:,.0f} appends/s, batched)")

    t0 = time.perf_counter()
    report = store.verify()
    walk = time.perf_counter() - t0
    assert report.ok and report.checked == store.head().seq, report
    print(f"audit verify (in process): {done} events in {walk:.2f} s = {done / walk:,.0f} events/s")

    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "infusecalc", "--data-dir", str(folder), "audit", "verify"],
                         capture_output=True, text=True)
    cli = time.perf_counter() - t0
    print(f"infusecalc audit verify (fresh process, exit {out.returncode}): {cli:.2f} s -> {out.stdout.strip()}")

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
