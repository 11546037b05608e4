"""Signed audit checkpoints on the site server: the cases of tests/records/checkpoint_cases.py,
with the server's superuser rewriting events (the program's own role cannot)."""

from __future__ import annotations

import pytest

from tests.records.checkpoint_cases import CASES

from .conftest import admin_connect
from .helpers import add_people

_COLUMNS = ("kind", "utc", "local_time", "user_id", "program_version", "protocol_sha256",
            "payload", "prev_hash", "hash", "signature")


@pytest.fixture
def rewrite(pg_cluster, pg_db):
    def run(store, changed):
        with admin_connect(pg_cluster, pg_db.name) as conn:
            conn.execute("ALTER TABLE infusecalc.events DISABLE TRIGGER USER")
            for ev in changed:
                conn.execute(f"UPDATE infusecalc.events SET {', '.join(f'{c}=%s' for c in _COLUMNS)} "
                             f"WHERE seq=%s", [getattr(ev, c) for c in _COLUMNS] + [ev.seq])
            conn.execute("ALTER TABLE infusecalc.events ENABLE TRIGGER USER")
    return run


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.__name__)
def test_checkpoint_on_the_server(case, store, rewrite):
    add_people(store)
    case(store, rewrite)
