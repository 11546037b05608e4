"""Issue 12's attacks on the bedside check, with the pharmacy's records on the site server."""

from __future__ import annotations

import pytest

from infusecalc.records.store import open_store

from tests.records.conftest import open_example_level
from tests.records.sheet_attacks import SHEET_ATTACKS

from .helpers import add_people


@pytest.mark.parametrize("attack", SHEET_ATTACKS, ids=lambda a: a.__name__)
def test_the_bedside_check_refuses(attack, store, tmp_path):
    add_people(store)
    open_example_level(store)
    attack(store, lambda: open_store(tmp_path / "ward"))
