"""tests/escalation/test_ledger.py, unchanged, on PostgreSQL: the ledger's events in the server's chain."""

from __future__ import annotations

from tests.escalation.test_ledger import *  # noqa: F401,F403
