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


@pytest.fixture(autouse=True)
def cheap_kdf(monkeypatch):
    """Cheap scrypt for speed; the stored parameters still travel with each hash."""
    from infusecalc.records import passwords

    monkeypatch.setattr(passwords, "_params", passwords.KdfParams(n=2**4, r=1, p=1))


PHARMACIST = ("wang.pharm", "pharm-pass-1")
NURSE = ("li.nurse", "nurse-pass-1")
ADMIN = ("admin", "admin-pass-1")


def open_example_level(store) -> None:
    """The joint decision that opens the example case's level (Group B DL2).

    Dose levels open only by a recorded decision (issue 13; Group A DL1 alone is open at the
    start), so a test that issues examples/issue-example.json records it first, as a site would.
    """
    from infusecalc.records.escalation import record_decision
    from infusecalc.records.users import Credentials

    record_decision(store, "B", "DL2", True, "test site: SRC minutes opening Group B DL2",
                    Credentials(*ADMIN))


def add_ready_user(store, user_id, role, password, full_name, by):
    """Add a user as an admin does (with a temporary password), then let the user choose their
    own, as they must before signing anything."""
    from infusecalc.records.users import add_user, change_password

    temporary = f"temporary-{user_id}-set-by-admin"
    add_user(store, user_id, role, temporary, full_name=full_name, by=by)
    change_password(store, user_id, temporary, password)


def add_people(store):
    from infusecalc.records.users import Credentials, add_user

    add_user(store, ADMIN[0], "admin", ADMIN[1], full_name="Site Admin")
    by = Credentials(*ADMIN)
    add_ready_user(store, PHARMACIST[0], "pharmacist", PHARMACIST[1], "Wang Fang", by)
    add_ready_user(store, NURSE[0], "nurse", NURSE[1], "Li Na", by)


@pytest.fixture
def people(store):
    """An admin (first user), a pharmacist and a nurse, each with a password of their own."""
    add_people(store)
    return store
