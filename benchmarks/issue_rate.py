"""Cost of issuing a sheet with the database: compute, sign, record (issues per second).

Run: python benchmarks/issue_rate.py [--sheets N]
Measured twice: with a cheap scrypt (what the rest of issuing costs) and with the production
scrypt (n=2**17, r=8, p=1: the deliberate cost of checking the signer's password).
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from infusecalc.core.case import parse_case
from infusecalc.core.evaluate import evaluate
from infusecalc.records import passwords
from infusecalc.records.service import NurseEntry, issue_sheet, verify_sheet
from infusecalc.records.store import open_store
from infusecalc.records.users import Credentials, add_user, change_password

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "issue-example.json"


def run(sheets: int, params: passwords.KdfParams, label: str) -> None:
    passwords._params = params
    store = open_store(tempfile.mkdtemp(prefix="infusecalc-bench-"))
    add_user(store, "admin", "admin", "admin-pass-1")
    for uid, role, pw in (("wang", "pharmacist", "pharm-pass-1"), ("li", "nurse", "nurse-pass-1")):
        add_user(store, uid, role, "temporary-pass-" + uid, by=Credentials("admin", "admin-pass-1"))
        change_password(store, uid, "temporary-pass-" + uid, pw)
    # The example's level (Group B DL2) opens only by a recorded decision (the escalation ledger).
    from infusecalc.records.escalation import record_decision

    record_decision(store, "B", "DL2", True, "benchmark", Credentials("admin", "admin-pass-1"))
    case = parse_case(json.loads(EXAMPLE.read_text()))
    evaluate(case)  # warm the unit registry: its one-off ~0.5 s is not a per-sheet cost
    pharm, nurse = Credentials("wang", "pharm-pass-1"), Credentials("li", "nurse-pass-1")
    t0 = time.perf_counter()
    issued = [issue_sheet(store, case, pharm).sheet for _ in range(sheets)]
    t_issue = time.perf_counter() - t0
    entry = NurseEntry.from_case_data(json.loads(EXAMPLE.read_text()))
    t0 = time.perf_counter()
    for s in issued:
        assert verify_sheet(store, s, entry, nurse).verified
    t_verify = time.perf_counter() - t0
    events = store.head().seq
    print(f"{label}: issue {sheets / t_issue:,.1f} sheets/s ({1000 * t_issue / sheets:.1f} ms each); "
          f"verify {sheets / t_verify:,.1f} sheets/s ({1000 * t_verify / sheets:.1f} ms each); "
          f"{events} events, chain ok: {store.verify().ok}")
    store.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sheets", type=int, default=50)
    args = ap.parse_args()
    run(args.sheets, passwords.KdfParams(n=2**4, r=1, p=1), "without the scrypt cost")
    run(max(5, args.sheets // 5), passwords.PRODUCTION, "with production scrypt n=2**17")


if __name__ == "__main__":
    main()
