"""Issue 12's attacks on the bedside check on SQLite (tests/records_pg runs them on PostgreSQL)."""

from __future__ import annotations

import pytest

from infusecalc.records.store import open_store

from .conftest import open_example_level
from .sheet_attacks import SHEET_ATTACKS


@pytest.mark.parametrize("attack", SHEET_ATTACKS, ids=lambda a: a.__name__)
def test_the_bedside_check_refuses(attack, people, tmp_path):
    open_example_level(people)
    attack(people, lambda: open_store(tmp_path / "ward"))
