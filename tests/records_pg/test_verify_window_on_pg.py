"""The blind verification window on a site server: tests/records' window tests unchanged on
PostgreSQL, and the server's state in the status bar (unreachable said at once, then back)."""

from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

from tests.records.test_verify_window import *  # noqa: E402,F401,F403
from tests.records.test_verify_window import _scan  # noqa: E402

from .cluster import wait_until_up  # noqa: E402

pytestmark = pytest.mark.gui

del test_sign_dialog_collects_both_components  # noqa: F821 - no database in it: run once


def test_status_bar_says_at_once_when_the_server_is_away_then_back(qtbot, pg_cluster, window,
                                                                    issued):
    from PySide6.QtCore import QThreadPool

    status = window.database_status
    qtbot.waitUntil(lambda: status.reachable is True, timeout=10_000)
    assert "connected" in window.statusBar().currentMessage()
    pg_cluster.stop("fast")
    try:
        status.check()
        qtbot.waitUntil(lambda: status.reachable is False, timeout=15_000)
        assert "UNREACHABLE" in window.statusBar().currentMessage()
        assert "cannot reach the records server" in status.detail
        _scan(qtbot, window, issued.sheet_id)  # and the window refuses to open the sheet
        assert "cannot reach the records server" in window.message.text()
        assert not window.entry_box.isEnabled()
    finally:
        pg_cluster.start()
        wait_until_up(pg_cluster)
    status.check()
    qtbot.waitUntil(lambda: status.reachable is True, timeout=15_000)
    _scan(qtbot, window, issued.sheet_id)  # reconnected by itself
    assert window.entry_box.isEnabled()
    QThreadPool.globalInstance().waitForDone(10_000)
