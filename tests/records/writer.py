"""A tiny event writer for the kill and concurrency tests, run as its own process.

It imports only the store (no pydantic, no pint, no Qt) so that each spawn is quick. It prints
"ready" once the database is open (then, given "wait", waits for a line on stdin), then "SEQ HASH" after each append has committed: a line
on stdout is a promise that the event is saved.
"""

import sys
import time

from infusecalc.records.store import open_store


def main() -> None:
    data_dir, writer, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    store = open_store(data_dir)
    print("ready", flush=True)
    pause = float(sys.argv[5]) if len(sys.argv) > 5 else 0.0
    if len(sys.argv) > 4 and sys.argv[4] == "wait":
        sys.stdin.readline()  # start together with the other writers
    i = 0
    while count == 0 or i < count:
        ev = store.append("order_saved", {"writer": writer, "i": i}, user_id=writer)
        print(f"{ev.seq} {ev.hash}", flush=True)
        i += 1
        if pause:
            time.sleep(pause)  # human-paced, so that SQLite's busy handler lets the other in


if __name__ == "__main__":
    main()
