"""Does a refused signature tell whether a user ID exists? Both refusals timed at the real KDF.

Run: python benchmarks/signature_refusal.py [--rounds N]
At a signature, an unknown user ID and a known one with a wrong password get the same message
(users.REJECTED) and should take about the same time: for an unknown ID the program runs a dummy
KDF (keys.dummy_unseal) where a known one runs scrypt to open the sealed key. This builds a
database with the production KDF parameters, then alternates the two refusals N times each and
prints their median, fastest and slowest times, and the difference of the medians. Accounts are
spread so that none locks (MAX_FAILURES) during the run: a lock changes nothing in the path
timed, but would add an event to write.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time

from infusecalc.records import passwords
from infusecalc.records.store import open_store
from infusecalc.records.users import (MAX_FAILURES, Credentials, SignatureError, add_user,
                                      authenticate)

ADMIN = Credentials("bench.admin", "bench-admin-password-1")


def refusal(store, creds: Credentials) -> tuple[float, str, str]:
    t0 = time.perf_counter()
    try:
        authenticate(store, creds, "issued", ("pharmacist",))
    except SignatureError as exc:
        return time.perf_counter() - t0, exc.reason, str(exc)
    raise AssertionError(f"{creds.user_id} was accepted")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=10)
    args = ap.parse_args()
    k = passwords.current_params()
    print(f"KDF: scrypt n={k.n}, r={k.r}, p={k.p} (production: {k == passwords.PRODUCTION}); "
          f"load average {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory(prefix="infusecalc-refusal-") as folder:
        store = open_store(folder)
        add_user(store, ADMIN.user_id, "admin", ADMIN.password, full_name="Bench Admin")
        per_account = MAX_FAILURES - 1
        accounts = [f"pharm.{i:02d}" for i in range(-(-args.rounds // per_account))]
        for uid in accounts:
            add_user(store, uid, "pharmacist", f"{uid}-temporary-password", by=ADMIN)
        unknown, wrong, messages = [], [], set()
        for i in range(args.rounds):
            t, reason, text = refusal(store, Credentials(f"nobody.{i:02d}", "some-password-typed"))
            assert reason == "unknown_user", reason
            unknown.append(t)
            messages.add(text)
            t, reason, text = refusal(store, Credentials(accounts[i // per_account],
                                                         "not-the-password-1"))
            assert reason == "wrong_password", reason
            wrong.append(t)
            messages.add(text)
        store.close()
    for name, times in (("unknown user ID", unknown), ("wrong password", wrong)):
        print(f"{name:16}: median {statistics.median(times):.3f} s, fastest {min(times):.3f} s, "
              f"slowest {max(times):.3f} s ({len(times)} refusals)")
    diff = statistics.median(wrong) - statistics.median(unknown)
    print(f"difference of medians (wrong - unknown): {diff * 1000:+.0f} ms "
          f"({diff / statistics.median(wrong) * 100:+.1f} % of a wrong-password refusal)")
    print(f"messages: {'the same' if len(messages) == 1 else 'DIFFERENT'}: {sorted(messages)}")


if __name__ == "__main__":
    main()
