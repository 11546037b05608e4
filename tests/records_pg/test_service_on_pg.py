"""tests/records/test_service.py, unchanged, on PostgreSQL; its SQLite-file tampering test has a
server twin here (a superuser edits the issue record behind the triggers)."""

from __future__ import annotations

import pytest

from infusecalc.records.service import Refused, find_sheet, issue_sheet
from infusecalc.records.users import Credentials
from tests.records.test_service import *  # noqa: F401,F403

from .conftest import PHARMACIST, admin_connect

del test_a_tampered_issue_record_is_not_used  # noqa: F821 - opens the SQLite file itself


def test_a_tampered_issue_record_on_the_server_is_not_used(pg_cluster, pg_db, people, case):
    sheet = issue_sheet(people, case, Credentials(*PHARMACIST)).sheet
    with admin_connect(pg_cluster, pg_db.name) as conn:
        conn.execute("ALTER TABLE infusecalc.events DISABLE TRIGGER USER")
        conn.execute("UPDATE infusecalc.events SET payload = payload || ' ' WHERE kind = 'sheet_issued'")
        conn.execute("ALTER TABLE infusecalc.events ENABLE TRIGGER USER")
    with pytest.raises(Refused, match="not in"):
        find_sheet(people, sheet.sheet_id)
    with pytest.raises(Refused, match="never issued here"):
        find_sheet(people, sheet.payload)
