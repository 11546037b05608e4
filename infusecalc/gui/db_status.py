"""The records server's state in a window's status bar: unreachable is said at once.

A workstation on a site server checks it every few seconds in the background (a dead server
can take the connect timeout to answer, and the window must not freeze). While it is away the
status bar says so in red; issuing and verifying are refused by the records code itself (they
raise ``DatabaseUnavailable``, never fall back to a local file). The store's connection pool
reconnects by itself, and the status bar says so when the server is back.
An embedded SQLite database needs no watching: the status bar just names the file.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QMainWindow

CHECK_EVERY_MS = 5000


class DatabaseStatus(QObject):
    changed = Signal(bool, str)  # reachable, message for the user

    def __init__(self, window: QMainWindow, store, interval_ms: int = CHECK_EVERY_MS) -> None:
        super().__init__(window)
        self.store = store
        self.reachable: bool | None = None
        self.detail = ""
        # The status bar's own message line, not a QLabel: the blind verification window keeps
        # every label free of numbers until the nurse's entry is complete.
        self.bar = window.statusBar()
        self._busy = threading.Lock()
        self.changed.connect(self._show)
        if store.backend.name == "sqlite":
            self.bar.showMessage(self.tr("Records: %1").replace("%1", store.describe()))
            return
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.check)
        self.timer.start(interval_ms)
        self.check()

    def check(self) -> None:
        """Probe the server as a quiet background operation on the records lane (one records
        call at a time); a probe still waiting or running is not doubled."""
        if self._busy.acquire(blocking=False):
            from .background import RECORDS, Operation

            Operation(self.parent(), self._probe, what=self.tr("Checking the records server"),
                      success=self._probed, failure=self._probe_failed, lane=RECORDS,
                      quiet=True).run()

    def _probe(self) -> None:
        from sqlalchemy import text

        with self.store.read() as conn:
            conn.execute(text("SELECT 1"))

    def _probed(self, _result: object) -> None:
        self._busy.release()
        self.changed.emit(True, "")

    def _probe_failed(self, exc: BaseException) -> None:
        # Any failure means: not usable now (the message says which, in the tooltip).
        from ..records.users import RecordsError

        self._busy.release()
        self.changed.emit(False, str(exc) if isinstance(exc, RecordsError)
                          else f"{type(exc).__name__}: {exc}")

    def _show(self, reachable: bool, message: str) -> None:
        self.reachable = reachable
        self.detail = message
        if reachable:
            self.bar.setStyleSheet("")
            self.bar.setToolTip("")
            self.bar.showMessage(self.tr("Records server connected: %1").replace("%1", self.store.describe()))
        else:
            self.bar.setStyleSheet("color: #b71c1c; font-weight: bold;")
            self.bar.setToolTip(message)
            self.bar.showMessage(self.tr("RECORDS SERVER UNREACHABLE: issuing and verifying are "
                                         "refused until it is back"))


def attach_database_status(window: QMainWindow, store, interval_ms: int = CHECK_EVERY_MS) -> DatabaseStatus:
    return DatabaseStatus(window, store, interval_ms)
