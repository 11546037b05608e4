"""Fixtures for the records tests: a fresh data folder, and a cheap KDF.

scrypt at the production cost (n=2**17) takes about half a second per password; tests that are
not about the KDF swap in cheap parameters through the module's internal hook. One test
(test_users.py) checks that the production parameters are the default.
"""

from __future__ import annotations

import pytest


@pytest.fixture
def data_dir(tmp_path):
    return tmp_path / "data"


@pytest.fixture
def store(data_dir):
    from infusecalc.records.store import open_store

    s = open_store(data_dir)
    yield s
    s.close()
