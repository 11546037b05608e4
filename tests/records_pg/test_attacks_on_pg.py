"""Issue 12's attacks on who may sign, on the site server as the program's own role."""

from __future__ import annotations

import pytest

from infusecalc.records.pg_url import open_records

from tests.records.attacks import ATTACKS

from .helpers import add_people


@pytest.mark.parametrize("attack", ATTACKS, ids=lambda a: a.__name__)
def test_an_edit_outside_the_signed_chain_changes_no_decision_and_is_reported(attack, store, pg_db):
    add_people(store)
    assert store.verify().ok
    attack(store, lambda: open_records(pg_db.url))
