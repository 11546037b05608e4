"""Issue 12's attacks on who may sign, on SQLite (tests/records_pg runs the same on PostgreSQL)."""

from __future__ import annotations

import pytest

from infusecalc.records.store import open_store

from .attacks import ATTACKS


@pytest.mark.parametrize("attack", ATTACKS, ids=lambda a: a.__name__)
def test_an_edit_outside_the_signed_chain_changes_no_decision_and_is_reported(attack, people, data_dir):
    assert people.verify().ok
    attack(people, lambda: open_store(data_dir))
