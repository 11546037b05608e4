"""The records tests on PostgreSQL: a throw-away cluster for the session, a fresh database per test.

The cluster starts by itself when Debian's postgresql binaries are installed (.ci/extra installs
them in CI), so README's one test command runs these tests too. Without the binaries they are
skipped, except in CI (CI=true), where a missing server is a failure, not a silent skip.
Workstation connections use the program's role with its password in a PGPASSFILE, as on a site.
"""

from __future__ import annotations

import os
import uuid

import pytest

# The records fixtures and people, shared with tests/records (same users, same cheap KDF).
from tests.records.conftest import ADMIN, NURSE, PHARMACIST, cheap_kdf, people  # noqa: F401

from .cluster import APP, find_bindir, start_cluster


@pytest.fixture(scope="session")
def pg_cluster():
    bindir = find_bindir()
    if bindir is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL binaries are missing in CI (.ci/extra installs 'postgresql')")
        pytest.skip("PostgreSQL is not installed (apt-get install postgresql)")
    cluster = start_cluster(bindir)
    old = os.environ.get("PGPASSFILE")
    os.environ["PGPASSFILE"] = str(cluster.pgpass)
    try:
        import psycopg

        with psycopg.connect(_dsn(cluster, "postgres"), autocommit=True) as conn:
            # What site IT does once: give the program's role its password.
            conn.execute(f"CREATE ROLE {APP} LOGIN PASSWORD '{cluster.app_password}'")
        yield cluster
    finally:
        if old is None:
            os.environ.pop("PGPASSFILE", None)
        else:
            os.environ["PGPASSFILE"] = old
        cluster.destroy()


def _dsn(cluster, database: str) -> str:
    from .cluster import ADMIN as PG_ADMIN

    return f"host=127.0.0.1 port={cluster.port} user={PG_ADMIN} dbname={database}"


def admin_connect(cluster, database: str, autocommit: bool = True):
    """A superuser's connection (site IT, or an attacker with the server's keys)."""
    import psycopg

    return psycopg.connect(_dsn(cluster, database), autocommit=autocommit)


def app_connect(cluster, database: str):
    import psycopg

    return psycopg.connect(f"host=127.0.0.1 port={cluster.port} user={APP} dbname={database}")


class PgDatabase:
    def __init__(self, cluster, name: str) -> None:
        self.cluster, self.name = cluster, name

    @property
    def url(self) -> str:          # what a workstation uses
        return self.cluster.url(self.name)

    @property
    def admin_url(self) -> str:    # what site IT uses
        return self.cluster.admin_url(self.name)


def new_database(cluster, init: bool = True) -> PgDatabase:
    from infusecalc.records.pg_admin import init_site

    name = "t_" + uuid.uuid4().hex[:12]
    with admin_connect(cluster, "postgres") as conn:
        conn.execute(f"CREATE DATABASE {name}")
    db = PgDatabase(cluster, name)
    if init:
        init_site(db.admin_url)
    return db


def drop_database(cluster, db: PgDatabase) -> None:
    if not cluster.is_running():
        return
    with admin_connect(cluster, "postgres") as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {db.name} WITH (FORCE)")


@pytest.fixture
def pg_db(pg_cluster):
    db = new_database(pg_cluster)
    yield db
    drop_database(pg_cluster, db)


@pytest.fixture
def store(pg_db):
    """The same Store interface as tests/records' fixture, on PostgreSQL as the program's role."""
    from infusecalc.records.pg_url import open_records

    s = open_records(pg_db.url)
    yield s
    s.close()
