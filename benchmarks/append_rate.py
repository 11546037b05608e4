"""Events per second appended by 1, 2 and 4 concurrent writers, and ``audit verify`` over 100,000
events, on SQLite and on PostgreSQL.

    .venv/bin/python benchmarks/append_rate.py [--seconds 5] [--verify-events 100000]
                                               [--engines sqlite,postgresql]

PostgreSQL: a throw-away cluster is started like the tests do (Debian's postgresql package), or
give --pg-admin-url postgresql://ADMIN@HOST/DB (password in ~/.pgpass; the database is set up
with 'db init' and its events are appended to, so use a scratch database).
Each writer is its own process with its own connection, as a workstation is; every append is
one committed transaction (SQLite: synchronous=FULL; the test cluster runs with fsync=off, so
PostgreSQL figures are an upper bound for a server with a real disk).
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _writer(url: str, name: str, start, seconds: float, out) -> None:
    from infusecalc.records.pg_url import open_records

    with open_records(url) as store:
        store.head()
        start.wait()
        end = time.monotonic() + seconds
        n = 0
        while time.monotonic() < end:
            store.append("order_saved", {"writer": name, "i": n}, user_id=name)
            n += 1
    out.put(n)


def append_rate(url: str, writers: int, seconds: float) -> float:
    ctx = mp.get_context("spawn")
    start, out = ctx.Event(), ctx.Queue()
    procs = [ctx.Process(target=_writer, args=(url, f"w{k}", start, seconds, out))
             for k in range(writers)]
    for p in procs:
        p.start()
    time.sleep(2.0)  # let every writer import and connect
    start.set()
    total = sum(out.get(timeout=seconds + 120) for _ in procs)
    for p in procs:
        p.join()
    return total / seconds


def fill(url: str, count: int) -> None:
    """Append count well-formed events in large transactions (setting up, not measured)."""
    import datetime as dt

    from sqlalchemy import insert

    from infusecalc import __version__
    from infusecalc.records.canonical import canonical_json
    from infusecalc.records.chain import event_hash
    from infusecalc.records.pg_url import open_records
    from infusecalc.records.schema import events
    from infusecalc.records.store import local_text, utc_text

    now = dt.datetime.now(dt.timezone.utc)
    with open_records(url) as store, store.write() as w:
        seq, prev = w.head()
        batch = []
        for i in range(count):
            seq += 1
            fields = dict(seq=seq, kind="order_saved", utc=utc_text(now), local_time=local_text(now),
                          user_id="bench", program_version=__version__, protocol_sha256="a" * 64,
                          payload=canonical_json({"i": i, "subject_id": "0101-007",
                                                  "note": "benchmark event"}), prev_hash=prev)
            prev = event_hash(**fields)
            batch.append({**fields, "hash": prev})
            if len(batch) == 5000:
                w.conn.execute(insert(events), batch)
                batch = []
        if batch:
            w.conn.execute(insert(events), batch)


def verify_time(url: str) -> tuple[float, int]:
    from infusecalc.records.pg_url import open_records

    with open_records(url) as store:
        t = time.perf_counter()
        report = store.verify()
        elapsed = time.perf_counter() - t
    assert report.ok, report.problem
    return elapsed, report.checked


def fresh_pg(admin_url_of, app_url_of):
    import uuid

    import psycopg

    from infusecalc.records.pg_admin import init_site

    name = "bench_" + uuid.uuid4().hex[:8]
    with psycopg.connect(admin_url_of("postgres"), autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    init_site(admin_url_of(name))
    return app_url_of(name)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=float, default=5.0)
    ap.add_argument("--verify-events", type=int, default=100_000)
    ap.add_argument("--engines", default="sqlite,postgresql")
    ap.add_argument("--pg-admin-url", help="use this server instead of a throw-away cluster")
    args = ap.parse_args()
    engines = args.engines.split(",")
    cluster = None
    tmp = Path(tempfile.mkdtemp(prefix="infusecalc-bench-"))
    urls = {}
    try:
        if "sqlite" in engines:
            counter = iter(range(100))
            urls["sqlite"] = lambda: f"sqlite:///{tmp / f'bench{next(counter)}.sqlite3'}"
        if "postgresql" in engines:
            from sqlalchemy.engine import make_url

            if args.pg_admin_url:
                base = make_url(args.pg_admin_url)
                admin_of = lambda db: base.set(database=db).render_as_string()  # noqa: E731
                app_of = lambda db: base.set(username="infusecalc_app", database=db).render_as_string()  # noqa: E731
            else:
                from tests.records_pg.cluster import APP, find_bindir, start_cluster

                cluster = start_cluster(find_bindir())
                os.environ["PGPASSFILE"] = str(cluster.pgpass)
                import psycopg

                with psycopg.connect(cluster.admin_url("postgres"), autocommit=True) as conn:
                    conn.execute(f"CREATE ROLE {APP} LOGIN PASSWORD '{cluster.app_password}'")
                admin_of, app_of = cluster.admin_url, cluster.url
            urls["postgresql"] = lambda: fresh_pg(admin_of, app_of)

        print(f"cores: {os.cpu_count()}; {args.seconds:g} s per run; one transaction per event")
        for engine, new_url in urls.items():
            for writers in (1, 2, 4):
                url = new_url()
                rate = append_rate(url, writers, args.seconds)
                _, checked = verify_time(url)
                print(f"{engine:10s} {writers} writer(s): {rate:8.0f} events/s "
                      f"({checked} events, chain verified)", flush=True)
            url = new_url()
            t = time.perf_counter()
            fill(url, args.verify_events)
            filled = time.perf_counter() - t
            elapsed, checked = verify_time(url)
            print(f"{engine:10s} audit verify: {checked} events in {elapsed:.2f} s "
                  f"({checked / elapsed:,.0f} events/s; filling took {filled:.1f} s)", flush=True)
    finally:
        if cluster is not None:
            cluster.destroy()
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
