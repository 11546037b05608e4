"""Signed audit checkpoints on SQLite (the same cases run on PostgreSQL in tests/records_pg)."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from infusecalc.records.schema import events

from .checkpoint_cases import CASES


@pytest.fixture
def rewrite():
    """Write events over the stored ones, as someone with the file can (the guard dropped, then
    put back so that reopening records nothing)."""
    def run(store, changed):
        with store.engine.begin() as conn:
            conn.exec_driver_sql("DROP TRIGGER IF EXISTS events_refuse_update")
            for ev in changed:
                conn.execute(update(events).where(events.c.seq == ev.seq).values(**ev.as_dict()))
            store.backend.install_guards(conn)
    return run


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.__name__)
def test_checkpoint(case, people, rewrite):
    case(people, rewrite)
