"""A ledger event altered in the database file makes the ledger unreadable, never miscounted."""

from __future__ import annotations


import pytest

from infusecalc.records.escalation import ledger, record_outcome
from infusecalc.records.users import Credentials, RecordsError

from ..records.attacks import edit_sqlite_file
from .conftest import PHARMACIST
from .helpers import adult, issue_and_verify


def test_an_outcome_edited_in_the_file_is_refused(people):
    sheet = issue_and_verify(people, adult("0101-900"))
    record_outcome(people, sheet, True, Credentials(*PHARMACIST))
    assert ledger(people).level("A", "DL1").y == 1
    edit_sqlite_file(people.backend.path, """UPDATE events SET payload = replace(payload, '"dlt":true', '"dlt":false')
                                           WHERE kind = 'dlt_outcome'""")
    with pytest.raises(RecordsError, match="altered"):
        ledger(people)
